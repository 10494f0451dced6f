/**
 * The error catalog: every problem the library reports has a stable code, listed here once.
 * Tests assert on codes; messages may improve over time. `ZT1xx` are model and profile errors,
 * `ZT3xx` the checks of one target (Cilium ZT301-ZT310, Istio ZT311-ZT330, Gateway API
 * ZT331-ZT350).
 */
export enum ErrorCode {
  /** A label key or value is not valid Kubernetes syntax. */
  INVALID_LABEL = 'ZT101',
  /** A namespace, service account or object name is not a valid DNS-1123 name. */
  INVALID_NAME = 'ZT102',
  /** A CIDR is malformed or has host bits set. */
  INVALID_CIDR = 'ZT103',
  /** An `except` entry does not lie strictly inside its CIDR. */
  EXCEPT_OUTSIDE_CIDR = 'ZT104',
  /** A port number is outside 1-65535. */
  INVALID_PORT = 'ZT105',
  /** A port range is reversed or empty. */
  INVALID_PORT_RANGE = 'ZT106',
  /** A named port is not a valid IANA service name. */
  INVALID_PORT_NAME = 'ZT107',
  /** An FQDN is empty or not a valid DNS name. */
  INVALID_FQDN = 'ZT108',
  /** An FQDN pattern uses wildcards in a way no target supports. */
  INVALID_FQDN_PATTERN = 'ZT109',
  /** A regular expression does not compile or uses features RE2 lacks. */
  INVALID_REGEX = 'ZT110',
  /** An HTTP path, method or header is malformed. */
  INVALID_HTTP_MATCH = 'ZT111',
  /** L7 rules on a port that is not TCP. */
  L7_ON_NON_TCP = 'ZT112',
  /** An edge names a tier that is not part of this topology. */
  UNKNOWN_TIER = 'ZT113',
  /** Two constructs claim the same id or name. */
  DUPLICATE_ID = 'ZT114',
  /** Two tiers of one zone select the same pods. */
  DUPLICATE_SELECTOR = 'ZT115',
  /** Two tiers share one mesh identity (namespace + service account). */
  DUPLICATE_IDENTITY = 'ZT116',
  /** An edge has no workload end, or connects a peer kind to a direction it cannot take. */
  INVALID_EDGE = 'ZT117',
  /** No target of a profile can enforce an intent. */
  UNENFORCEABLE = 'ZT118',
  /** A profile combines targets that widen each other. */
  CONFLICTING_TARGETS = 'ZT119',
  /** A construct is used outside a Topology, or a tier outside a Zone. */
  MISPLACED_CONSTRUCT = 'ZT120',
  /** Overlapping zones (same namespace, no distinguishing pod labels). */
  OVERLAPPING_ZONES = 'ZT121',
  /** A tier's selector is empty. */
  EMPTY_SELECTOR = 'ZT122',
  /** A workload given to `Tier.fromWorkload` cannot be read. */
  INVALID_WORKLOAD = 'ZT123',
  /** A mTLS setting cannot be expressed (port modes without a selector, ...). */
  INVALID_MTLS = 'ZT124',
  /** An ingress gateway or route is invalid. */
  INVALID_ROUTE = 'ZT125',
  /** A profile is malformed (no targets, duplicate name, unknown widening). */
  INVALID_PROFILE = 'ZT126',
  /** One tier's selector can match another tier's pods (the selectors overlap) and no opt-in says so. */
  OVERLAPPING_TIERS = 'ZT127',
  /** HTTP rules on an edge into a tier declared with a protocol that is not HTTP (e.g. `AppProtocol.TCP`). */
  L7_PROTOCOL_MISMATCH = 'ZT128',
  /** HTTP rules on an egress port that carries TLS (443): the proxy would parse TLS as HTTP. */
  HTTP_OVER_TLS = 'ZT129',
  /** A MeshMtls lists one port twice in `portModes`. */
  DUPLICATE_PORT_MODE = 'ZT130',
  /** Two tiers of one namespace claim the same Service. */
  SHARED_SERVICE = 'ZT131',
  /** A topology with `profiles: []`: nothing would be emitted. */
  NO_PROFILES = 'ZT132',
  /** A construct was added to a topology after its output was materialized (`chartFor`, `objectsOf`). */
  TOPOLOGY_SEALED = 'ZT133',
  /** An overlap opted into with `overlapsWith` that the compiler cannot carve out exactly. */
  OVERLAP_NOT_EXPRESSIBLE = 'ZT134',
  /** An emitted document fails its schema (an internal error, or a patch or object added to a chart): nothing is written. */
  INVALID_OUTPUT = 'ZT160',
  // Target checks (ZT3xx): Cilium ZT301-ZT310, Istio ZT311-ZT330, Gateway API ZT331-ZT350.
  /** The Cilium version (Topology `ciliumVersion`) is not `major.minor`. */
  CILIUM_INVALID_VERSION = 'ZT301',
  /** Kafka L7 rules for a Cilium release whose CRD no longer has them. */
  CILIUM_KAFKA_REMOVED = 'ZT302',
  /** A `**.` DNS pattern for a Cilium release that reads `**` as `*`. */
  CILIUM_FQDN_SUBDOMAINS_UNSUPPORTED = 'ZT303',
  /** `toFQDNs` on a workload whose zone keeps no DNS allowance, so no DNS-proxy rule selects it. */
  CILIUM_FQDN_WITHOUT_DNS_PROXY = 'ZT304',
  /** L7 rules on every port, which the agent rejects. */
  CILIUM_L7_NEEDS_PORT = 'ZT305',
  /** DNS ports the DNS proxy rule cannot take (none, a range, every port). */
  CILIUM_DNS_PORT_UNSUPPORTED = 'ZT306',
  /** A source Istio cannot identify: a tier without service account, or pods by label only. */
  ISTIO_NO_IDENTITY = 'ZT311',
  /** A regular-expression path: Istio matches paths by exact value or `*` glob only. */
  ISTIO_REGEX_PATH = 'ZT312',
  /** A path or header value containing `*`, which Istio would read as a glob. */
  ISTIO_WILDCARD = 'ZT313',
  /** A port range or a named port: AuthorizationPolicy ports are single numbers. */
  ISTIO_PORT_FORM = 'ZT314',
  /** Kafka topic/role rules: Istio has no Kafka authorization. */
  ISTIO_KAFKA = 'ZT315',
  /** Ambient L7 rules into a workload without a Service, the only thing a waypoint policy attaches to. */
  ISTIO_WAYPOINT_NEEDS_SERVICE = 'ZT316',
  /** Ambient L7 rules for a source outside the mesh: plaintext never reaches a waypoint. */
  ISTIO_WAYPOINT_PLAINTEXT = 'ZT317',
  /** A waypoint-routed rule on a pod port no Service port targets. */
  ISTIO_WAYPOINT_PORT = 'ZT318',
  /** A waypoint that also carries workload-addressed traffic, which Service-attached policies do not see. */
  ISTIO_WAYPOINT_FOR = 'ZT319',
  /** A PeerAuthentication with a selector in the mesh root namespace, which Istio ignores. */
  ISTIO_ROOT_NAMESPACE_SELECTOR = 'ZT320',
  /** A DISABLE mTLS mode in ambient mode, which ztunnel ignores. */
  ISTIO_AMBIENT_DISABLE = 'ZT321',
  /** A gateway with no listeners, too many, or listeners that clash or are malformed. */
  GATEWAY_LISTENERS = 'ZT331',
  /** An HTTPS listener without certificates, or an HTTP listener with some. */
  GATEWAY_TLS = 'ZT332',
  /** A route attached to a gateway the topology does not define. */
  ROUTE_PARENT = 'ZT333',
  /** A route attached to a gateway listener or Service port that does not exist. */
  ROUTE_SECTION = 'ZT334',
  /** A route in another namespace than a gateway that admits only its own namespace's routes. */
  ROUTE_NAMESPACE = 'ZT335',
  /** A malformed route hostname, or hostnames no listener of the parent accepts. */
  ROUTE_HOSTNAME = 'ZT336',
  /** A negative, fractional or too large weight, or a rule that sends no traffic. */
  ROUTE_WEIGHTS = 'ZT337',
  /** A path value the Gateway API rejects. */
  ROUTE_PATH = 'ZT338',
  /** A pseudo-header, malformed, duplicated or value-less header match. */
  ROUTE_HEADER = 'ZT339',
  /** A method or gRPC service the route kind cannot match. */
  ROUTE_MATCH = 'ZT340',
  /** More hostnames, rules, matches, backends or headers than the CRDs allow, or no rule at all. */
  ROUTE_LIMITS = 'ZT341',
  // Linkerd target checks: ZT371-ZT390.
  /** A mesh mode the profile's mesh target does not run (Linkerd runs sidecar proxies only, no ambient mode). */
  MESH_MODE_UNSUPPORTED = 'ZT371',
  /** A source Linkerd cannot authenticate: a tier without service account, pods by label, namespaces by label, an entity. */
  LINKERD_NO_IDENTITY = 'ZT372',
  /** A port range, a named port or an every-port rule into a tier Linkerd authorizes: a Server selects one numeric port. */
  LINKERD_PORT_FORM = 'ZT373',
  /** Kafka topic/role rules: Linkerd has no Kafka authorization. */
  LINKERD_KAFKA = 'ZT374',
  /** HTTP rules on a Kafka tier, which the Linkerd proxy treats as opaque: HTTPRoutes need an HTTP Server. */
  LINKERD_L7_OPAQUE = 'ZT375',
  /** A DISABLE mTLS mode: Linkerd always uses mTLS between meshed pods. */
  LINKERD_MTLS_DISABLE = 'ZT376',
  /** A path longer than an HTTPRoute match holds, or a header name it does not admit. */
  LINKERD_MATCH = 'ZT377',
}

/**
 * The warning catalog: problems that do not stop synth unless strict mode is on. Acknowledge one
 * by its code: `topology.acknowledgeWarning(WarningCode.NAMESPACE_LABELS_NEEDED, scope, reason)`.
 */
export enum WarningCode {
  /** A namespace the topology does not manage needs labels (mesh enrolment, waypoint). */
  NAMESPACE_LABELS_NEEDED = 'ZT201',
  /** A MeshMtls in a topology none of whose profiles has a mesh target: nothing is emitted for it. */
  MTLS_NOT_EMITTED = 'ZT202',
  /** A namespace the topology does not manage needs annotations (Linkerd injection, default inbound policy). */
  NAMESPACE_ANNOTATIONS_NEEDED = 'ZT261',
  /** A zone narrowed by pod labels shares its namespace: its pods must carry the default-inbound-policy annotation themselves. */
  POD_ANNOTATIONS_NEEDED = 'ZT262',
}

/** One problem with a value: a stable code and `what is wrong. how to fix`. */
export interface Problem {
  /** Stable code from the catalog (`ZT1xx` errors, `ZT2xx` warnings, `ZT3xx` target checks). */
  readonly code: string;
  /** `what is wrong. how to fix` */
  readonly message: string;
}

/** One problem found at synth, attributed to a construct path. */
export interface Diagnostic extends Problem {
  /** Construct path of the construct at fault. */
  readonly path: string;
}

/** The error thrown by value factories for bad literal input. */
export class ZeroTrustError extends Error {
  /**
   * One error for several problems of one value: the first problem's code, every message.
   * @param problems at least one problem
   */
  public static of(problems: readonly Problem[]): ZeroTrustError {
    return new ZeroTrustError(problems[0].code, problems.map((p) => p.message).join('; '));
  }

  /** What is wrong and how to fix it, without the code (the message is `CODE: detail`). */
  public readonly detail: string;

  /**
   * @param code stable code from the catalog
   * @param message what is wrong, and how to fix it
   */
  public constructor(public readonly code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'ZeroTrustError';
    this.detail = message;
  }
}
