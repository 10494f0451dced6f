import { HttpRequest } from '../../verify/cluster';
import { IrHttpRule, IrL7, IrPathMatch } from '../../ir/types';

/**
 * True when an HTTP request matches one IR HTTP rule: every field the rule sets must match (AND);
 * a field it leaves out matches anything.
 * - method: the same upper-case method; `notMethods`: none of these;
 * - path: `exact` the same path, `prefix` a plain string prefix (`/api` also matches `/apix`),
 *   `regex` an RE2 expression matched against the **whole** path (anchored at both ends);
 *   `notPaths`: none of these;
 * - hosts: the request's host (as sent, port included) is one of them, case-insensitively; a
 *   request without a host matches none;
 * - headers: each named header is present (names case-insensitive) and, when the rule gives a
 *   value, has exactly that value, starts with it (`prefix`), or matches it whole (`regex`).
 */
export function httpRuleMatches(rule: IrHttpRule, request: HttpRequest): boolean {
  const method = request.method.toUpperCase();
  if (rule.method !== undefined && rule.method !== method) return false;
  if (rule.notMethods !== undefined && rule.notMethods.includes(method)) return false;
  if (rule.path !== undefined && !pathMatches(rule.path, request.path)) return false;
  if (rule.notPaths !== undefined && rule.notPaths.some((p) => pathMatches(p, request.path))) return false;
  if (rule.hosts !== undefined && !rule.hosts.includes((request.host ?? '').toLowerCase())) return false;
  const headers = new Map(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return rule.headers.every((h) => {
    const got = headers.get(h.name);
    if (got === undefined) return false;
    if (h.value === undefined) return true;
    if (h.kind === 'prefix') return got.startsWith(h.value);
    if (h.kind === 'regex') return new RegExp(`^(?:${h.value})$`).test(got);
    return got === h.value;
  });
}

function pathMatches(p: IrPathMatch, path: string): boolean {
  return p.kind === 'exact'
    ? path === p.value
    : p.kind === 'prefix'
      ? path.startsWith(p.value)
      : new RegExp(`^(?:${p.value})$`).test(path);
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
