import { IrHeaderMatch, IrHttpRule, IrPathMatch, IrPort } from '../../ir/types';
import { AuthorizationCondition, AuthorizationOperation } from './manifests';

/**
 * The pod ports of a rule as Istio port strings, in IR order without duplicates:
 * - `undefined` when the rule allows every TCP port (no `ports` field);
 * - `[]` when the rule names no TCP port at all (nothing for Istio to allow).
 *
 * Istio authorizes TCP only and its ports carry no protocol, so a UDP or SCTP port is skipped:
 * writing its number would open the same number on TCP. Throws on a range or a named port
 * (reported by check).
 */
export function istioPorts(ports: readonly IrPort[], where: string): readonly string[] | undefined {
  if (ports.length === 0) return undefined;
  const out: string[] = [];
  for (const p of ports) {
    if (p.endPort !== undefined || p.name !== undefined) {
      throw new Error(`${where}: Istio ports are single numbers; cannot express ${JSON.stringify(p)}`);
    }
    if (p.protocol !== 'TCP') continue;
    if (p.port === undefined) return undefined;
    const port = String(p.port);
    if (!out.includes(port)) out.push(port);
  }
  return out;
}

/**
 * An IR path match as an Istio path string: exact as is, prefix as `value*`. Istio matches
 * strings by exact value or a leading/trailing `*` glob, never by regex; a value that already
 * contains `*` would be read as a glob. Both are reported by check and throw here.
 */
export function istioPath(path: IrPathMatch, where: string): string {
  if (path.kind === 'regex') {
    throw new Error(`${where}: Istio cannot match the regular-expression path '${path.value}'`);
  }
  if (path.value.includes('*')) {
    throw new Error(`${where}: Istio would read '*' in the path '${path.value}' as a glob`);
  }
  return path.kind === 'prefix' ? `${path.value}*` : path.value;
}

/**
 * The path and method a rule really matches. A gRPC rule is HTTP/2 `POST` on
 * `/package.Service/Method` (or every method of the service, `/package.Service/` prefix); its
 * explicit path and method, when the IR carries them, win.
 */
export function effectiveRequest(rule: IrHttpRule): { readonly method?: string; readonly path?: IrPathMatch } {
  if (rule.grpc === undefined) return { method: rule.method, path: rule.path };
  const derived: IrPathMatch =
    rule.grpc.method === undefined
      ? { kind: 'prefix', value: `/${rule.grpc.service}/` }
      : { kind: 'exact', value: `/${rule.grpc.service}/${rule.grpc.method}` };
  return { method: rule.method ?? 'POST', path: rule.path ?? derived };
}

/**
 * The operation of one HTTP rule on the given ports; an empty object when it matches everything.
 * Excluded paths and methods become `notPaths` / `notMethods`, ANDed with the other fields of the
 * operation (istio.io reference, AuthorizationPolicy `Operation`); hosts become `hosts`, compared
 * case-insensitively with the whole Host header, port included (istio/istio #44080).
 */
export function httpOperation(
  rule: IrHttpRule,
  ports: readonly string[] | undefined,
  where: string,
): AuthorizationOperation {
  const { method, path } = effectiveRequest(rule);
  const notPaths = rule.notPaths ?? [];
  const notMethods = rule.notMethods ?? [];
  return {
    ...(ports === undefined ? {} : { ports: [...ports] }),
    ...(method === undefined ? {} : { methods: [method] }),
    ...(path === undefined ? {} : { paths: [istioPath(path, where)] }),
    ...(notMethods.length === 0 ? {} : { notMethods: [...notMethods] }),
    ...(notPaths.length === 0 ? {} : { notPaths: notPaths.map((p) => istioPath(p, where)) }),
    ...(rule.hosts === undefined || rule.hosts.length === 0 ? {} : { hosts: [...rule.hosts] }),
  };
}

/** The operation that only restricts ports, or `undefined` for every port. */
export function portOperation(ports: readonly string[] | undefined): AuthorizationOperation | undefined {
  return ports === undefined ? undefined : { ports: [...ports] };
}

/** True when an operation has no field, i.e. matches every request. */
export function isEmptyOperation(operation: AuthorizationOperation): boolean {
  return Object.keys(operation).length === 0;
}

/**
 * Header matches as `when` conditions on `request.headers[<name>]` (ANDed): an exact value, a
 * prefix as `value*`, or presence (`*`, a non-empty value) when the IR gives none. Condition
 * values match exactly or by a leading / trailing `*`, never by regex (istio.io reference,
 * AuthorizationPolicy `Condition`), so a regex header throws (reported by check, ZT328).
 */
export function headerConditions(headers: readonly IrHeaderMatch[], where: string): AuthorizationCondition[] {
  return headers.map((h) => {
    if (h.kind === 'regex') {
      throw new Error(`${where}: Istio cannot match header '${h.name}' by the regular expression '${h.value}'`);
    }
    if (h.value !== undefined && h.value.includes('*')) {
      throw new Error(`${where}: Istio would read '*' in the value of header '${h.name}' as a glob`);
    }
    const value = h.value === undefined ? '*' : h.kind === 'prefix' ? `${h.value}*` : h.value;
    return { key: `request.headers[${h.name}]`, values: [value] };
  });
}
