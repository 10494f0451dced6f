import { IrRule } from '../../ir/types';
import { AuthorizationRule, AuthorizationSource } from './manifests';
import { headerConditions, httpOperation, isEmptyOperation, portOperation } from './operations';

/** How to name a rule in messages. */
export function ruleWhere(rule: IrRule): string {
  return `rule '${rule.id}' (${rule.paths.join(', ')})`;
}

/**
 * The L4 rule allowing a source (any source when `undefined`) on some ports (every port when
 * `undefined`); none for `[]`.
 */
export function l4Rules(
  source: AuthorizationSource | undefined,
  ports: readonly string[] | undefined,
): AuthorizationRule[] {
  if (ports !== undefined && ports.length === 0) return [];
  const from = source === undefined ? {} : { from: [{ source }] };
  const operation = portOperation(ports);
  return [operation === undefined ? { ...from } : { ...from, to: [{ operation }] }];
}

/**
 * The Istio rules that allow exactly one IR rule, in IR order, all with the same `from`
 * (none for the `any` peer):
 * - no L7: one rule on the ports;
 * - HTTP: one rule whose `to` lists one operation (ports + method + path) per HTTP rule without
 *   headers, plus one rule per HTTP rule with headers (`when` belongs to a whole Istio rule, so
 *   header conditions cannot share it with other operations);
 * - `ports: []` (no TCP port) or an HTTP restriction with no rule: nothing.
 * An operation that matches everything drops `to` (never an empty `operation`). Throws on Kafka.
 */
export function authorizationRules(
  rule: IrRule,
  source: AuthorizationSource | undefined,
  ports: readonly string[] | undefined,
): AuthorizationRule[] {
  const where = ruleWhere(rule);
  if (ports !== undefined && ports.length === 0) return [];
  if (rule.l7 === undefined) return l4Rules(source, ports);
  const from = source === undefined ? {} : { from: [{ source }] };
  if (rule.l7.kind === 'kafka') {
    throw new Error(`${where}: Istio has no Kafka authorization`);
  }
  const out: AuthorizationRule[] = [];
  const plain = rule.l7.rules.filter((h) => h.headers.length === 0);
  if (plain.length > 0) {
    const operations = plain.map((h) => httpOperation(h, ports, where));
    out.push(
      operations.some(isEmptyOperation) ? { ...from } : { ...from, to: operations.map((operation) => ({ operation })) },
    );
  }
  for (const h of rule.l7.rules.filter((r) => r.headers.length > 0)) {
    const operation = httpOperation(h, ports, where);
    const to = isEmptyOperation(operation) ? {} : { to: [{ operation }] };
    out.push({ ...from, ...to, when: headerConditions(h.headers, where) });
  }
  return out;
}
