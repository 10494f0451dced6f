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
  };
}
