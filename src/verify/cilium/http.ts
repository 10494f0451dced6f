import { HttpRequest } from '../cluster';
import { HttpRuleMatcher } from '../engine/rule';
import { arrayOf, recordOf, stringOf } from '../json';
import { compileAnchoredRegex } from './regex';

/**
 * Compiles one Cilium `rules.http[]` entry (pkg/policy/api/http.go; SEMANTICS B2.9). Every
 * field that is set must match:
 * - `method`, `path`, `host`: RE2 regular expressions matched against the whole value;
 * - `headers`: strings `Name value` / `Name: value` (the name ends at the first space, a trailing
 *   `:` is dropped) requiring that exact value, or `Name` requiring presence;
 * - `headerMatches`: `{name, value}` requires the value (presence when neither value nor secret
 *   is set); an entry with `mismatch` (LOG, ADD, DELETE, REPLACE) never denies; an entry whose
 *   value lives only in a `secret` cannot be checked here, so it never matches.
 * Header names compare case-insensitively. Throws on an invalid regular expression.
 */
export function compileHttpRule(raw: unknown, label: string): HttpRuleMatcher {
  const r = recordOf(raw);
  const checks: Array<(req: HttpRequest) => string | undefined> = [];
  const parts: string[] = [];
  const regexField = (field: 'method' | 'path' | 'host'): void => {
    const text = stringOf(r[field]);
    if (text === undefined || text === '') return;
    const re = compileAnchoredRegex(text);
    parts.push(field === 'method' ? text : field === 'path' ? text : `host=${text}`);
    checks.push((req) => {
      const value = field === 'host' ? req.host : req[field];
      return value !== undefined && re.test(value)
        ? undefined
        : `${field} '${value ?? ''}' does not match ${re.source}`;
    });
  };
  regexField('method');
  regexField('path');
  regexField('host');
  for (const h of arrayOf(r.headers)) {
    const text = String(h);
    const space = text.indexOf(' ');
    const name = (space < 0 ? text : text.slice(0, space)).replace(/:$/, '');
    const value = space < 0 ? undefined : text.slice(space + 1).trim();
    parts.push(value === undefined ? `header ${name}` : `header ${name}: ${value}`);
    checks.push((req) => headerCheck(req, name, value));
  }
  for (const hm of arrayOf(r.headerMatches)) {
    const m = recordOf(hm);
    const name = stringOf(m.name) ?? '';
    if (stringOf(m.mismatch)) {
      parts.push(`headerMatch ${name} (mismatch ${String(m.mismatch)}: never denies)`);
      continue;
    }
    const value = stringOf(m.value);
    if (value === undefined && m.secret !== undefined) {
      parts.push(`headerMatch ${name} = <secret>`);
      checks.push(() => `header ${name} must equal a Secret's value, which cannot be checked here`);
      continue;
    }
    parts.push(value === undefined ? `headerMatch ${name}` : `headerMatch ${name}: ${value}`);
    checks.push((req) => headerCheck(req, name, value));
  }
  return {
    label,
    text: parts.length === 0 ? 'any request' : parts.join(' '),
    mismatch: (req) => {
      for (const c of checks) {
        const why = c(req);
        if (why !== undefined) return why;
      }
      return undefined;
    },
  };
}

function headerCheck(req: HttpRequest, name: string, value: string | undefined): string | undefined {
  const lower = name.toLowerCase();
  const entry = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === lower);
  if (!entry) return `header ${name} is missing`;
  if (value !== undefined && entry[1] !== value) return `header ${name} is '${entry[1]}', not '${value}'`;
  return undefined;
}
