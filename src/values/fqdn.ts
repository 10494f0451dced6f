import { IrFqdn } from '../ir/types';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { checkString, throwProblems } from '../validation/input';

const LABEL = /^[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?$/;
const WILDCARD_LABEL = /^[-a-z0-9_*]+$/;

/**
 * A DNS name or pattern for egress, independent of any target's pattern dialect.
 *
 * - `Fqdn.exact('api.stripe.com')` — that name only.
 * - `Fqdn.pattern('*.googleapis.com')` — `*` stands for zero or more DNS characters inside
 *   **one** label: it matches `storage.googleapis.com`, not `googleapis.com` nor `a.b.googleapis.com`.
 * - `Fqdn.subdomainsOf('example.com')` — every name below `example.com` at any depth (Cilium `**.`).
 *
 * @see https://docs.cilium.io/en/stable/security/policy/language/#dns-based
 */
export class Fqdn {
  /** Parses the everyday spelling: `a.b`, `*.a.b` or `**.a.b`. */
  public static parse(text: string): Fqdn {
    const t = normalize(text);
    if (t.startsWith('**.')) return Fqdn.subdomainsOf(t.slice(3));
    return t.includes('*') ? Fqdn.pattern(t) : Fqdn.exact(t);
  }

  /** Exactly one DNS name. */
  public static exact(name: string): Fqdn {
    const n = normalize(name);
    checkName(name, n, false);
    return new Fqdn({ kind: 'exact', value: n });
  }

  /** A pattern where `*` matches zero or more DNS characters inside one label. */
  public static pattern(pattern: string): Fqdn {
    const n = normalize(pattern);
    if (n === '*') {
      throw new ZeroTrustError(
        ErrorCode.INVALID_FQDN_PATTERN,
        `FQDN pattern '*' matches every name. Use Peer.publicInternet() to allow all public destinations on purpose`,
      );
    }
    if (n.includes('**')) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_FQDN_PATTERN,
        `FQDN pattern '${pattern}': '**' is only allowed as a leading '**.' label. Use Fqdn.subdomainsOf('${n.replace(/^\*\*\.?/, '')}')`,
      );
    }
    checkName(pattern, n, true);
    if (!n.includes('*')) return new Fqdn({ kind: 'exact', value: n });
    const labels = n.split('.');
    const registrable = labels.slice(-2);
    if (labels.length < 3 || registrable.some((l) => l.includes('*'))) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_FQDN_PATTERN,
        `FQDN pattern '${pattern}' has a wildcard in its last two labels ('${registrable.join('.')}'), so it would match names of many registrable domains. Keep the registrable domain fixed and put '*' only left of it, e.g. '*.example.com'`,
      );
    }
    return new Fqdn({ kind: 'wildcard', value: n });
  }

  /** Every name strictly below `domain`, at any depth (not `domain` itself). */
  public static subdomainsOf(domain: string): Fqdn {
    const n = normalize(domain);
    if (n.includes('*')) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_FQDN_PATTERN,
        `'**.${n}': after a leading '**.' the domain must be fixed. Write '**.example.com', or a one-label pattern such as '*.example.com'`,
      );
    }
    checkName(domain, n, false);
    if (n.split('.').length < 2) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_FQDN_PATTERN,
        `subdomains of '${domain}' would cover a whole top-level domain. Name a registrable domain such as 'example.com'`,
      );
    }
    return new Fqdn({ kind: 'subdomains', value: n });
  }

  private constructor(/** @internal */ public readonly _ir: IrFqdn) {}

  /** Canonical text: `api.stripe.com`, `*.googleapis.com`, `**.example.com`. */
  public toString(): string {
    return this._ir.kind === 'subdomains' ? `**.${this._ir.value}` : this._ir.value;
  }
}

function normalize(text: string): string {
  if (typeof text !== 'string') throwProblems([checkString('FQDN', text, 'api.example.com')]);
  return text.trim().toLowerCase().replace(/\.$/, '');
}

function checkName(original: string, n: string, wildcards: boolean): void {
  if (n.length === 0) {
    throw new ZeroTrustError(ErrorCode.INVALID_FQDN, `FQDN is empty. Give a DNS name such as 'api.example.com'`);
  }
  if (n.length > 253) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_FQDN,
      `FQDN '${original}' is longer than 253 characters, which no DNS name can be. Give the host name only`,
    );
  }
  if (n.includes('://') || n.includes('/') || n.includes(':')) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_FQDN,
      `FQDN '${original}' looks like a URL. Give only the host name, e.g. '${n.replace(/^[a-z]+:\/\//, '').split(/[/:]/)[0]}'`,
    );
  }
  if (/^\d+(\.\d+){3}$/.test(n)) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_FQDN,
      `FQDN '${original}' is an IP address, not a DNS name. Use Peer.cidr('${n}/32')`,
    );
  }
  for (const label of n.split('.')) {
    const ok =
      label.length > 0 &&
      label.length <= 63 &&
      (LABEL.test(label) || (wildcards && label.includes('*') && WILDCARD_LABEL.test(label)));
    if (!ok) {
      const why = !wildcards && label.includes('*') ? ` ('*' is only allowed in Fqdn.pattern)` : '';
      throw new ZeroTrustError(
        ErrorCode.INVALID_FQDN,
        `FQDN '${original}' has an invalid label '${label}'${why}: labels are 1-63 letters, digits, '-' or '_'. Write a host name such as 'api.example.com'`,
      );
    }
  }
}
