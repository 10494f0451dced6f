import { HttpRequest } from '../../verify/cluster';
import { IrHttpRule, IrL7 } from '../../ir/types';

/**
 * True when an HTTP request matches one IR HTTP rule: every field the rule sets must match (AND);
 * a field it leaves out matches anything.
 * - method: the same upper-case method;
 * - path: `exact` the same path, `prefix` a plain string prefix (`/api` also matches `/apix`),
 *   `regex` an RE2 expression matched against the **whole** path (anchored at both ends);
 * - headers: each named header is present (names case-insensitive) and, when the rule gives a
 *   value, has exactly that value.
 */
export function httpRuleMatches(rule: IrHttpRule, request: HttpRequest): boolean {
  if (rule.method !== undefined && rule.method !== request.method.toUpperCase()) return false;
  if (rule.path !== undefined) {
    const p = rule.path;
    const ok =
      p.kind === 'exact'
        ? request.path === p.value
        : p.kind === 'prefix'
          ? request.path.startsWith(p.value)
          : new RegExp(`^(?:${p.value})$`).test(request.path);
    if (!ok) return false;
  }
  const headers = new Map(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return rule.headers.every((h) => headers.has(h.name) && (h.value === undefined || headers.get(h.name) === h.value));
}

/**
 * True when an edge's L7 restriction admits a request: no restriction, no request (the
 * connection itself is allowed at L4; requests are filtered once made), or an HTTP restriction
 * with one matching rule. A Kafka restriction never admits an HTTP request.
 */
export function l7Admits(l7: IrL7 | undefined, request: HttpRequest | undefined): boolean {
  if (l7 === undefined || request === undefined) return true;
  if (l7.kind !== 'http') return false;
  return l7.rules.some((r) => httpRuleMatches(r, request));
}
