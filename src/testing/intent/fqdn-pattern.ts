import { IrFqdn } from '../../ir/types';

const DNS_CHARACTER = '[-a-z0-9_]';

/**
 * True when a DNS name matches an IR name or pattern (compared lower-case, without the trailing
 * dot), with the IR's own semantics (`IrFqdn`):
 * - `exact`: the same name;
 * - `wildcard`: each `*` stands for zero or more DNS characters inside one label, so
 *   `*.example.com` matches `a.example.com` but neither `example.com` nor `a.b.example.com`;
 * - `subdomains`: every name strictly below the domain, at any depth (`a.example.com`,
 *   `a.b.example.com`), never the domain itself.
 */
export function fqdnMatches(pattern: IrFqdn, name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  switch (pattern.kind) {
    case 'exact':
      return n === pattern.value;
    case 'subdomains':
      return n.endsWith(`.${pattern.value}`) && n.length > pattern.value.length + 1;
    case 'wildcard': {
      const body = pattern.value
        .split('')
        .map((c) => (c === '*' ? `${DNS_CHARACTER}*` : c.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      return new RegExp(`^${body}$`).test(n);
    }
  }
}
