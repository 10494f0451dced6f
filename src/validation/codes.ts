/**
 * The error catalog: every problem the library reports has a stable code, listed here once.
 * Tests assert on codes; messages may improve over time.
 */
export const ErrorCode = {
  /** A label key or value is not valid Kubernetes syntax. */
  INVALID_LABEL: 'ZT101',
  /** A namespace, service account or object name is not a valid DNS-1123 name. */
  INVALID_NAME: 'ZT102',
  /** A CIDR is malformed or has host bits set. */
  INVALID_CIDR: 'ZT103',
  /** An `except` entry does not lie strictly inside its CIDR. */
  EXCEPT_OUTSIDE_CIDR: 'ZT104',
  /** A port number is outside 1-65535. */
  INVALID_PORT: 'ZT105',
  /** A port range is reversed or empty. */
  INVALID_PORT_RANGE: 'ZT106',
  /** A named port is not a valid IANA service name. */
  INVALID_PORT_NAME: 'ZT107',
  /** An FQDN is empty or not a valid DNS name. */
  INVALID_FQDN: 'ZT108',
  /** An FQDN pattern uses wildcards in a way no target supports. */
  INVALID_FQDN_PATTERN: 'ZT109',
  /** A regular expression does not compile or uses features RE2 lacks. */
  INVALID_REGEX: 'ZT110',
  /** An HTTP path, method or header is malformed. */
  INVALID_HTTP_MATCH: 'ZT111',
  /** L7 rules on a port that is not TCP. */
  L7_ON_NON_TCP: 'ZT112',
  /** An edge names a tier that is not part of this topology. */
  UNKNOWN_TIER: 'ZT113',
  /** Two constructs claim the same id or name. */
  DUPLICATE_ID: 'ZT114',
  /** Two tiers of one zone select the same pods. */
  DUPLICATE_SELECTOR: 'ZT115',
  /** Two tiers share one mesh identity (namespace + service account). */
  DUPLICATE_IDENTITY: 'ZT116',
  /** An edge has no workload end, or connects a peer kind to a direction it cannot take. */
  INVALID_EDGE: 'ZT117',
  /** No target of a profile can enforce an intent. */
  UNENFORCEABLE: 'ZT118',
  /** A profile combines targets that widen each other. */
  CONFLICTING_TARGETS: 'ZT119',
  /** A construct is used outside a Topology, or a tier outside a Zone. */
  MISPLACED_CONSTRUCT: 'ZT120',
  /** Overlapping zones (same namespace, no distinguishing pod labels). */
  OVERLAPPING_ZONES: 'ZT121',
  /** A tier's selector is empty. */
  EMPTY_SELECTOR: 'ZT122',
  /** A workload given to `Tier.fromWorkload` cannot be read. */
  INVALID_WORKLOAD: 'ZT123',
  /** A mTLS setting cannot be expressed (port modes without a selector, ...). */
  INVALID_MTLS: 'ZT124',
  /** An ingress gateway or route is invalid. */
  INVALID_ROUTE: 'ZT125',
  /** A profile is malformed (no targets, duplicate name, unknown widening). */
  INVALID_PROFILE: 'ZT126',
  /** An emitted document fails its schema (an internal error, or a patch or object added to a chart): nothing is written. */
  INVALID_OUTPUT: 'ZT160',
} as const;

/** The warning catalog: problems that do not stop synth unless strict mode is on. */
export const WarningCode = {
  /** A namespace the topology does not manage needs labels (mesh enrolment, waypoint). */
  NAMESPACE_LABELS_NEEDED: 'ZT201',
} as const;

/** One problem found at synth, attributed to a construct path. */
export interface Diagnostic {
  /** Stable code from the catalog (`ZT1xx` errors, `ZT2xx` warnings, `ZT_<TARGET>_*` target checks). */
  readonly code: string;
  /** Construct path of the construct at fault. */
  readonly path: string;
  /** `what is wrong. how to fix` */
  readonly message: string;
}

/** The error thrown by value factories for bad literal input. */
export class ZeroTrustError extends Error {
  /**
   * @param code stable code from the catalog
   * @param message what is wrong, and how to fix it
   */
  public constructor(public readonly code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'ZeroTrustError';
  }
}

/** Splits a `CODE: message` text, as the validation helpers return it, into code and message. */
export function splitCoded(text: string): { code: string; message: string } {
  const i = text.indexOf(': ');
  return { code: text.slice(0, i), message: text.slice(i + 2) };
}

/** One error for several `CODE: message` problems: the first problem's code, every message. */
export function combinedError(problems: readonly string[]): ZeroTrustError {
  const parts = problems.map(splitCoded);
  return new ZeroTrustError(parts[0].code, parts.map((p) => p.message).join('; '));
}
