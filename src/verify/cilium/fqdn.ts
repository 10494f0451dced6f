/**
 * Cilium DNS name selectors (`toFQDNs`, `rules.dns`): `matchName` is an exact name; in
 * `matchPattern`, `*` matches zero or more DNS characters within one label, a lone `*` matches
 * every name, and a leading `**.` matches one or more labels (SEMANTICS B2.2; layer3.rst "DNS
 * based"). Names compare case-insensitively, without the trailing dot.
 */
export interface DnsNameMatcher {
  /** `matchName: api.example.com` or `matchPattern: *.example.com`. */
  readonly text: string;
  matches(name: string): boolean;
}

/** Compiles a `{matchName}` / `{matchPattern}` entry; undefined when it has neither. */
export function compileDnsSelector(raw: { matchName?: unknown; matchPattern?: unknown }): DnsNameMatcher | undefined {
  if (typeof raw.matchName === 'string') {
    const want = normalizeName(raw.matchName);
    return { text: `matchName: ${raw.matchName}`, matches: (name) => normalizeName(name) === want };
  }
  if (typeof raw.matchPattern === 'string') {
    const re = patternRegex(raw.matchPattern);
    return { text: `matchPattern: ${raw.matchPattern}`, matches: (name) => re.test(normalizeName(name)) };
  }
  return undefined;
}

/** Lower case, without a trailing dot. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function patternRegex(pattern: string): RegExp {
  const p = normalizeName(pattern.trim());
  if (p === '*') return /^.*$/;
  const label = '[-a-z0-9_]';
  let prefix = '';
  let rest = p;
  if (rest.startsWith('**.')) {
    prefix = `(?:${label}+\\.)+`;
    rest = rest.slice(3);
  }
  const body = rest
    .split('')
    .map((c) => (c === '*' ? `${label}*` : c.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${prefix}${body}$`);
}
