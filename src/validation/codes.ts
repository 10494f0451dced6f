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
  /** A list is given empty where an empty list would mean "everything" (ports, http, names, rules ...). */
  EMPTY_LIST: 'ZT140',
  /** A value has the wrong type (a number for a Port, a string for a list, `null`): JavaScript callers skip the type checker. */
  WRONG_TYPE: 'ZT141',
  /** A value is not a member of its enum (`'strict'` for `MtlsMode.STRICT`). */
  INVALID_ENUM: 'ZT142',
  /** An edge end is not a Tier, a Peer or an IngressGateway of this library. */
  INVALID_PEER: 'ZT143',
  /** A name the library derives from user input (the ambient waypoint `<namespace>-waypoint`) is too long or invalid. */
  INVALID_DERIVED_NAME: 'ZT144',
  /** A topology setting (the mesh trust domain) is malformed. */
  INVALID_SETTING: 'ZT145',
} as const;

/** What one error code means and how to fix it (the README's error table is generated from this). */
export interface ErrorDoc {
  /** The problem, in a few words. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * The problem and the fix of every code of `ErrorCode` and `WarningCode`. A code without an
 * entry fails the docs test; `npm run docs:errors` regenerates the README table.
 */
export const ERROR_DOCS: { readonly [code: string]: ErrorDoc } = {
  ZT101: { problem: 'invalid label key or value', fix: 'keys `[prefix/]name`, values at most 63 of `[A-Za-z0-9-_.]`, starting and ending alphanumeric' },
  ZT102: { problem: 'invalid namespace, service account, object or class name', fix: 'a lower-case DNS-1123 name such as `backend-api` (the message suggests one)' },
  ZT103: { problem: 'malformed CIDR or IP address, or host bits set', fix: 'write `a.b.c.d/n` or an IPv6 prefix with the host bits zero (the message suggests the network)' },
  ZT104: { problem: '`except` not strictly inside the CIDR', fix: 'remove the entry or widen the CIDR' },
  ZT105: { problem: 'port out of range', fix: 'an integer between 1 and 65535' },
  ZT106: { problem: 'reversed port range', fix: 'write the lower port first' },
  ZT107: { problem: 'invalid port name, or a named port toward a CIDR or DNS name', fix: 'an IANA service name (at most 15 lower-case letters, digits, single `-`), or the port number' },
  ZT108: { problem: 'invalid DNS name', fix: 'a host name such as `api.example.com`: no scheme, path or port' },
  ZT109: { problem: 'wildcard broader than one registrable domain', fix: 'keep the last two labels fixed (`*.example.com`, `**.example.com`)' },
  ZT110: { problem: 'regex that RE2 refuses', fix: 'RE2 syntax: no look-around or back-references, repeat counts up to 1000 (RE2\'s message is shown)' },
  ZT111: { problem: 'malformed HTTP path, method, header or Kafka topic', fix: 'paths start with `/`, standard methods, token header names' },
  ZT112: { problem: 'L7 rules on a non-TCP port, or without ports', fix: 'put HTTP/Kafka rules on TCP ports and list them in `ports`' },
  ZT113: { problem: 'an edge names a tier outside this topology', fix: 'model the other side as `Peer.pods(...)`' },
  ZT114: { problem: 'duplicate id, name or setting (two constructs, charts or MeshMtls claim one name)', fix: 'give each construct, topology `name` and profile `name` its own value; keep one setting' },
  ZT115: { problem: 'two tiers select the same pods', fix: 'give each tier a distinguishing label' },
  ZT116: { problem: 'two tiers share a mesh identity', fix: 'give each tier its own service account' },
  ZT117: { problem: 'an edge without a tier end, or a DNS name as a source', fix: 'put a Tier on one end; use a CIDR for sources' },
  ZT118: { problem: 'no layer of a profile can enforce the intent', fix: 'follow the message: add a target that can, accept the listed `Widening`, or change the intent' },
  ZT119: { problem: 'a profile combines targets that widen each other', fix: 'use `Profile.cilium()` instead of NetworkPolicy plus Cilium' },
  ZT120: { problem: 'a construct outside a Topology, or a tier outside a Zone', fix: 'create zones in a Topology and tiers in a Zone' },
  ZT121: { problem: 'overlapping zones in one namespace', fix: 'give the zones pod selectors that differ in a label value, or use one zone' },
  ZT122: { problem: 'an empty selector (tier, DNS pods, gateway pods)', fix: 'give pod labels, e.g. `{ app: \'api\' }`' },
  ZT123: { problem: 'an unreadable workload in `Tier.fromWorkload`', fix: 'pass a cdk8s-plus Deployment, StatefulSet or DaemonSet with matchLabels' },
  ZT124: { problem: 'mTLS that cannot work', fix: 'set a `mesh`, attach port modes to a Tier, or add a PERMISSIVE port exception' },
  ZT125: { problem: 'invalid gateway or route', fix: 'give backends a Service and an existing port; paths start with `/`' },
  ZT126: { problem: 'invalid profile', fix: 'name known targets (`kubernetes`, `cilium`, `istio`, `gateway-api`) and distinct profile names' },
  ZT140: { problem: 'an empty list where empty would mean "everything"', fix: 'list at least one item, or leave the property out for its documented default' },
  ZT141: { problem: 'a value of the wrong type (JavaScript callers)', fix: 'use the factories: `[Port.tcp(8080)]`, `[HttpMatch.get(\'/x\')]`, `[\'api.example.com\']`' },
  ZT142: { problem: 'a value that is not a member of its enum', fix: 'use the enum member the message names, e.g. `MtlsMode.STRICT`' },
  ZT143: { problem: 'an edge end that is not a Tier, Peer or IngressGateway', fix: 'pass a Tier, a `Peer.*()` value or an IngressGateway' },
  ZT144: { problem: 'a derived name (the ambient waypoint `<namespace>-waypoint`) too long', fix: 'shorten the namespace the message points at (at most 54 characters for a zone with L7 rules)' },
  ZT145: { problem: 'a malformed topology setting', fix: 'a trust domain such as `cluster.local`' },
  ZT201: { problem: '(warning) a namespace the topology does not manage needs mesh labels', fix: 'label the namespace as the message says, set `manageNamespace`, or acknowledge the warning' },
};

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

/**
 * Splits a `CODE: message` text, as the validation helpers return it, into code and message. A
 * text without a leading code (an unexpected error) keeps its whole message under ZT141.
 */
export function splitCoded(text: string): { code: string; message: string } {
  const m = /^(ZT\d{3}|ZT_[A-Z0-9_]+): /.exec(text);
  if (!m) return { code: ErrorCode.WRONG_TYPE, message: `${text}. Check the values against the documented types` };
  return { code: m[1], message: text.slice(m[0].length) };
}

/** One error for several `CODE: message` problems: the first problem's code, every message. */
export function combinedError(problems: readonly string[]): ZeroTrustError {
  const parts = problems.map(splitCoded);
  return new ZeroTrustError(parts[0].code, parts.map((p) => p.message).join('; '));
}
