import { PolicyRule } from './authorization-policy';

/**
 * What an enforcement point can see of the traffic:
 * - `http`: an Envoy (sidecar or waypoint) parsing an HTTP request: every attribute;
 * - `tcp`: an Envoy on a TCP (non-HTTP) port: no request attributes (`methods`, `paths`,
 *   `hosts`, `requestPrincipals`, `request.*` conditions);
 * - `ztunnel`: the ambient node proxy, L4 only: additionally no `remoteIpBlocks` and only the
 *   conditions `source.ip`, `source.namespace`, `source.principal`, `destination.ip`,
 *   `destination.port`.
 *
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export type Visibility = 'http' | 'tcp' | 'ztunnel';

const REQUEST_SOURCE_FIELDS = ['requestPrincipals', 'notRequestPrincipals'] as const;
const ZTUNNEL_ONLY_HIDDEN_SOURCE_FIELDS = ['remoteIpBlocks', 'notRemoteIpBlocks'] as const;
const REQUEST_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'] as const;
const ZTUNNEL_CONDITION_KEYS: ReadonlySet<string> = new Set([
  'source.ip',
  'source.namespace',
  'source.principal',
  'destination.ip',
  'destination.port',
]);

/** Whether a source field is invisible at this enforcement point. */
export function isHiddenSourceField(field: string, visibility: Visibility): boolean {
  if (visibility === 'http') return false;
  return (
    (REQUEST_SOURCE_FIELDS as readonly string[]).includes(field) ||
    (visibility === 'ztunnel' && (ZTUNNEL_ONLY_HIDDEN_SOURCE_FIELDS as readonly string[]).includes(field))
  );
}

/** Whether an operation field is invisible at this enforcement point. */
export function isHiddenOperationField(field: string, visibility: Visibility): boolean {
  return visibility !== 'http' && (REQUEST_OPERATION_FIELDS as readonly string[]).includes(field);
}

/** Whether a `when` condition key is invisible at this enforcement point. */
export function isHiddenConditionKey(key: string, visibility: Visibility): boolean {
  if (visibility === 'http') return false;
  if (visibility === 'ztunnel') return !ZTUNNEL_CONDITION_KEYS.has(key);
  return key.startsWith('request.');
}

/** The attributes of a rule this enforcement point cannot see, as sorted, de-duplicated names. */
export function hiddenAttributes(rule: PolicyRule, visibility: Visibility): readonly string[] {
  const hidden = new Set<string>();
  for (const source of rule.from ?? []) {
    for (const field of Object.keys(source)) if (isHiddenSourceField(field, visibility)) hidden.add(field);
  }
  for (const operation of rule.to ?? []) {
    for (const field of Object.keys(operation)) if (isHiddenOperationField(field, visibility)) hidden.add(field);
  }
  for (const condition of rule.when ?? []) {
    if (isHiddenConditionKey(condition.key, visibility)) hidden.add(`when ${condition.key}`);
  }
  return [...hidden].sort();
}
