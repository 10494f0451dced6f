import { IrFqdn } from '../../ir/types';
import { FqdnSelector } from './cnp';

/**
 * One IR DNS name as a `toFQDNs` selector: an exact name → `matchName`; a wildcard (`*` inside one
 * label) → `matchPattern` as is; every name strictly below a domain → `matchPattern: "**.<domain>"`
 * (multi-level prefix, Cilium 1.19 and later).
 */
export function fqdnSelector(fqdn: IrFqdn): FqdnSelector {
  switch (fqdn.kind) {
    case 'exact':
      return { matchName: fqdn.value };
    case 'wildcard':
      return { matchPattern: fqdn.value };
    case 'subdomains':
      return { matchPattern: `**.${fqdn.value}` };
  }
}
