import { IrHttpRule } from '../../ir/types';
import { HeaderMatch, PortRuleHttp } from './cnp';
import { escapeRegex, httpPathRegex } from './http-path';

/**
 * One IR HTTP rule as a Cilium `rules.http` entry. `method` becomes a regex matching exactly that
 * method, `path` the whole-path regex of {@link httpPathRegex}; a header with a value becomes a
 * `headerMatches` entry (exact value), a header without one a `headers` entry (presence only).
 * gRPC rules arrive as `POST` on `/pkg.Service/Method` (exact) or `/pkg.Service/` (prefix).
 */
export function httpRule(rule: IrHttpRule): PortRuleHttp {
  const problems = ciliumHttpProblems(rule);
  if (problems.length > 0) throw new Error(`Cilium cannot express the HTTP rule: it ${problems.join('; ')}`);
  const present: string[] = [];
  const exact: HeaderMatch[] = [];
  for (const header of rule.headers) {
    if (header.value === undefined) {
      present.push(header.name);
    } else if (header.value === '') {
      // Cilium reads an empty headerMatches value as "presence only", which would widen the rule.
      throw new Error(
        `Cilium cannot require header '${header.name}' to be empty: an empty value only requires presence`,
      );
    } else {
      exact.push({ name: header.name, value: header.value });
    }
  }
  return {
    ...(rule.method === undefined ? {} : { method: escapeRegex(rule.method) }),
    ...(rule.path === undefined ? {} : { path: httpPathRegex(rule.path) }),
    ...(present.length === 0 ? {} : { headers: present }),
    ...(exact.length === 0 ? {} : { headerMatches: exact }),
    ...(rule.hosts === undefined || rule.hosts.length === 0 ? {} : { host: hostRegex(rule.hosts) }),
  };
}

/**
 * Hosts as one Cilium `host` regex: RE2, matched against the whole Host header (like `path`,
 * SEMANTICS B2.9), case-insensitive (`(?i)`) as host names are; several hosts as alternatives.
 */
export function hostRegex(hosts: readonly string[]): string {
  const alternatives = hosts.map(escapeRegex);
  return `(?i)${alternatives.length === 1 ? alternatives[0] : `(?:${alternatives.join('|')})`}`;
}

/**
 * Why Cilium cannot express an HTTP rule exactly (none when it can), each as `<what>, and <why>`.
 * `headerMatches` compares values exactly and `headers` requires presence or an exact value
 * (pkg/policy/api/http.go `PortRuleHTTP`): no prefix, no regex. A rule has no negation either:
 * `method` and `path` are RE2 expressions, and RE2 has no look-ahead to exclude a path.
 */
export function ciliumHttpProblems(rule: IrHttpRule): string[] {
  const out: string[] = [];
  for (const h of rule.headers) {
    if (h.kind !== undefined) {
      out.push(
        `matches header '${h.name}' by ${h.kind === 'prefix' ? 'prefix' : 'regular expression'} '${h.value}', and Cilium compares header values exactly`,
      );
    }
  }
  if (rule.notPaths !== undefined && rule.notPaths.length > 0) {
    out.push('excludes paths (notPaths), and a Cilium HTTP rule has no negation');
  }
  if (rule.notMethods !== undefined && rule.notMethods.length > 0) {
    out.push('excludes methods (notMethods), and a Cilium HTTP rule has no negation');
  }
  return out;
}
