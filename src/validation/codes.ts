/**
 * The error catalog: every problem the library reports has a stable code, listed here once.
 * Tests assert on codes; messages may improve over time. `ZT1xx` are model and profile errors,
 * `ZT3xx` the checks of one target (Cilium ZT301-ZT310, Istio ZT311-ZT330, Gateway API
 * ZT331-ZT341, Kubernetes Ingress ZT342-ZT349, network-policy-api ZT391-ZT399).
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
  /** A list is given empty where an empty list would mean "everything" (ports, http, names, rules ...). */
  EMPTY_LIST = 'ZT140',
  /** A value has the wrong type (a number for a Port, a string for a list, `null`): JavaScript callers skip the type checker. */
  WRONG_TYPE = 'ZT141',
  /** A value is not a member of its enum (`'strict'` for `MtlsMode.STRICT`). */
  INVALID_ENUM = 'ZT142',
  /** An edge end is not a Tier, a Peer or an IngressGateway of this library. */
  INVALID_PEER = 'ZT143',
  /** A name the library derives from user input (the ambient waypoint `<namespace>-waypoint`) is too long or invalid. */
  INVALID_DERIVED_NAME = 'ZT144',
  /** A topology setting (the mesh trust domain) is malformed. */
  INVALID_SETTING = 'ZT145',
  /** A peer fallback that is not a CIDR, or on a peer every target names (only entities and DNS names take one). */
  INVALID_FALLBACK = 'ZT146',
  /** `kafkaFallback` on an edge without Kafka rules: there is nothing to fall back from. */
  KAFKA_FALLBACK_WITHOUT_KAFKA = 'ZT147',
  /** A `MeshRoute` scoped to the calls of a zone (`fromZone`) whose namespace cannot carry the scope exactly. */
  INVALID_ROUTE_SCOPE = 'ZT148',
  /** A `MeshRoute` scoped to one zone in a profile whose mesh applies routes to every caller. */
  ROUTE_SCOPE_UNSUPPORTED = 'ZT149',
  /** A header match is malformed: an empty prefix, or one header named twice across `headers` and `headerMatches`. */
  INVALID_HEADER_MATCH = 'ZT150',
  /** An HTTP match whose exclusions (`notPaths`, `notMethods`) exclude every request it allows. */
  L7_MATCHES_NOTHING = 'ZT151',
  /** A method listed twice (in `HttpMatch.methods` or `notMethods`), or `notMethods` on a match of given methods. */
  INVALID_METHOD_LIST = 'ZT152',
  /** A host of an HTTP match is not a DNS name (optionally with `:port`), carries a wildcard, or is listed twice. */
  INVALID_HOST_MATCH = 'ZT153',
  /** An emitted document fails its schema (an internal error, or a patch or object added to a chart): nothing is written. */
  INVALID_OUTPUT = 'ZT160',
  /** A malformed guardrail: priority out of range, no peers, a named port, an action its tier cannot take. */
  INVALID_GUARDRAIL = 'ZT170',
  /** Two guardrails of one tier share a priority: their order would be undefined upstream. */
  GUARDRAIL_PRIORITY_CLASH = 'ZT171',
  /** Guardrails in a profile none of whose targets enforces them (plain NetworkPolicy has no deny and no priorities). */
  GUARDRAILS_UNENFORCED = 'ZT172',
  /** A malformed node or DNS-name guardrail peer, or one used as a source (they are destinations only). */
  INVALID_GUARDRAIL_PEER = 'ZT173',
  /** A malformed `Waypoint`: a name that is not a DNS-1123 label, an unknown traffic type. */
  INVALID_WAYPOINT = 'ZT180',
  /** A `Waypoint` outside a Zone, or bound (`useWaypoint`) by a zone or tier of another namespace or topology. */
  WAYPOINT_PLACEMENT = 'ZT181',
  /** Conflicting waypoint bindings: a zone or tier bound twice, zones of one namespace bound to different waypoints, two waypoints of one name. */
  WAYPOINT_BINDING_CONFLICT = 'ZT182',
  /** L7 rules into a tier of a namespace with named waypoints, while the tier is bound to none of them. */
  WAYPOINT_UNBOUND = 'ZT183',
  /** A `Waypoint` in a topology whose mesh is not ambient: only ambient mode has waypoints. */
  WAYPOINT_NEEDS_AMBIENT = 'ZT184',
  /** A `Waypoint` in a profile whose mesh target has no waypoints (Linkerd). */
  WAYPOINT_UNSUPPORTED = 'ZT185',
  /** A malformed ingress class, controller namespace or pods, Ingress TLS entry, or Ingress props. */
  INVALID_INGRESS = 'ZT186',
  /** A GatewayClass to emit whose controller is unknown (no target implements the class and none is named) or malformed. */
  GATEWAY_CLASS_CONTROLLER = 'ZT187',
  /** Gateways that emit one GatewayClass with different controllers or descriptions. */
  GATEWAY_CLASS_CONFLICT = 'ZT188',
  /** Two ingress controllers of one ingress class: the Ingress objects of the class would be served by either. */
  INGRESS_CLASS_CONFLICT = 'ZT189',
  /** A peer's service account that no layer of the profile checks: plain NetworkPolicy sees labels only, and no mesh layer guards the flow. */
  PEER_IDENTITY_UNENFORCED = 'ZT190',
  /** A source peer's pod labels that no layer checks: a mesh-only profile, or an ambient waypoint whose admission is shared with a wider source. */
  PEER_LABELS_UNENFORCED = 'ZT191',
  /** An invalid Pod Security admission setting of a zone: a version that is not `latest` or `v1.N`, a version without its level, no level. */
  INVALID_POD_SECURITY = 'ZT192',
  /** Zones of one namespace ask for different Pod Security admission labels: a namespace carries one set. */
  POD_SECURITY_CONFLICT = 'ZT193',
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
  /** A baseline deny guardrail: Cilium cannot apply a rule only to pods no other policy selects. */
  CILIUM_GUARDRAIL_BASELINE = 'ZT307',
  /** A guardrail with node peers: the Cilium rendering cannot order node selectors by priority. */
  CILIUM_GUARDRAIL_NODES = 'ZT308',
  /** A guardrail with DNS-name peers: Cilium has no `toFQDNs` in deny rules, nor a priority order for them. */
  CILIUM_GUARDRAIL_DOMAINS = 'ZT309',
  /** An HTTP match Cilium cannot express exactly: a header prefix or regex, `notPaths`, `notMethods`. */
  CILIUM_HTTP_MATCH = 'ZT310',
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
  /** An allow guardrail: an ALLOW in the mesh root namespace would put every workload into default deny. */
  ISTIO_GUARDRAIL_ALLOW = 'ZT322',
  /** A guardrail the mesh cannot express: egress, namespaces by label, a pass, a baseline. */
  ISTIO_GUARDRAIL_NOT_EXPRESSIBLE = 'ZT323',
  /** A tier bound to a waypoint for Service traffic without a Service: the binding label would have no object to go on. */
  ISTIO_WAYPOINT_BINDING_NO_SERVICE = 'ZT324',
  /** A header matched by a regular expression: Istio matches header values exactly or by `*` glob only. */
  ISTIO_HEADER_REGEX = 'ZT328',
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
  /** A header, method or gRPC match an Ingress object cannot express. */
  INGRESS_MATCH = 'ZT342',
  /** A rule with several (weighted) backends, or a weight of 0, which an Ingress path cannot express. */
  INGRESS_SPLIT = 'ZT343',
  /** An Ingress whose backend is in another namespace: Ingress backends are Services of its own namespace. */
  INGRESS_NAMESPACE = 'ZT344',
  /** An Ingress TLS entry for a host the Ingress does not route, or TLS on an Ingress without hosts. */
  INGRESS_TLS = 'ZT345',
  /** A path an Ingress rejects, or two rules of one Ingress on the same host, path and match type. */
  INGRESS_PATH = 'ZT346',
  /** A host an Ingress rejects (an IP address, a wildcard not in the first label). */
  INGRESS_HOSTNAME = 'ZT347',
  /** An Ingress without rules, or a rule without backend. */
  INGRESS_EMPTY = 'ZT348',
  /** `notPaths` / `notMethods` on an HTTP match: an HTTPRoute match has no negation. */
  LINKERD_NEGATED_MATCH = 'ZT350',
  /** Hosts on an HTTP match: a Linkerd HTTPRoute names hostnames per route, not per match. */
  LINKERD_HOST_MATCH = 'ZT351',
  /** A guardrail peer kind the Calico target does not render: refused rather than guessed. */
  CALICO_GUARDRAIL_PEER = 'ZT360',
  /** A guardrail named as the closing Pass policy of a Calico guardrail tier. */
  CALICO_GUARDRAIL_NAME = 'ZT361',
  // Linkerd target checks: ZT371-ZT390.
  /** A mesh mode the profile's mesh target does not run (Linkerd runs sidecar proxies only, no ambient mode). */
  MESH_MODE_UNSUPPORTED = 'ZT371',
  /** A source Linkerd cannot authenticate: a tier without service account, pods by label, namespaces by label, an entity. */
  LINKERD_NO_IDENTITY = 'ZT372',
  /** A port range, a named port or an every-port rule into a tier Linkerd authorizes: a Server selects one numeric port. */
  LINKERD_PORT_FORM = 'ZT373',
  /** Kafka topic/role rules: Linkerd has no Kafka authorization. */
  LINKERD_KAFKA = 'ZT374',
  /** A DISABLE mTLS mode: Linkerd always uses mTLS between meshed pods. */
  LINKERD_MTLS_DISABLE = 'ZT376',
  /** A path longer than an HTTPRoute match holds, or a header name it does not admit. */
  LINKERD_MATCH = 'ZT377',
  /** The network-policy-api target in a profile whose CNI does not implement it (Cilium), or without a CNI. */
  NETPOL_API_PROFILE = 'ZT391',
  /** A guardrail the chosen network-policy-api version cannot express (a baseline pass in v1alpha1). */
  NETPOL_API_NOT_EXPRESSIBLE = 'ZT392',
  /** A guardrail with node peers: the standard-channel CRDs have no `nodes` peer. */
  NETPOL_API_NODES = 'ZT393',
  /** A guardrail with DNS-name peers: the standard-channel CRDs have no `domainNames` peer. */
  NETPOL_API_DOMAINS = 'ZT394',
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
  /** A `MeshRoute` in a profile without a mesh target: no mesh reads it there, so it is not emitted. */
  MESH_ROUTE_NOT_EMITTED = 'ZT203',
  /** A tier bound to a waypoint: its Service or pods must carry `istio.io/use-waypoint`, which the library does not emit. */
  WAYPOINT_LABELS_NEEDED = 'ZT205',
  /** A GatewayClass emitted for a class its implementation usually installs itself (Istio, Cilium): the two would compete. */
  GATEWAY_CLASS_SHIPPED = 'ZT206',
  /** A namespace the topology does not manage needs the Pod Security admission labels its zone asks for. */
  POD_SECURITY_LABELS_NEEDED = 'ZT208',
  /** A namespace the topology does not manage needs annotations (Linkerd injection, default inbound policy). */
  NAMESPACE_ANNOTATIONS_NEEDED = 'ZT261',
  /** A zone narrowed by pod labels shares its namespace: its pods must carry the default-inbound-policy annotation themselves. */
  POD_ANNOTATIONS_NEEDED = 'ZT262',
}

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
  ZT101: {
    problem: 'invalid label key or value',
    fix: 'keys `[prefix/]name`, values at most 63 of `[A-Za-z0-9-_.]`, starting and ending alphanumeric',
  },
  ZT102: {
    problem: 'invalid namespace, service account, object or class name',
    fix: 'a lower-case DNS-1123 name such as `backend-api` (the message suggests one)',
  },
  ZT103: {
    problem: 'malformed CIDR or IP address, or host bits set',
    fix: 'write `a.b.c.d/n` or an IPv6 prefix with the host bits zero (the message suggests the network)',
  },
  ZT104: { problem: '`except` not strictly inside the CIDR', fix: 'remove the entry or widen the CIDR' },
  ZT105: { problem: 'port out of range', fix: 'an integer between 1 and 65535' },
  ZT106: { problem: 'reversed port range', fix: 'write the lower port first' },
  ZT107: {
    problem: 'invalid port name, or a named port toward a CIDR or DNS name',
    fix: 'an IANA service name (at most 15 lower-case letters, digits, single `-`), or the port number',
  },
  ZT108: { problem: 'invalid DNS name', fix: 'a host name such as `api.example.com`: no scheme, path or port' },
  ZT109: {
    problem: 'wildcard broader than one registrable domain',
    fix: 'keep the last two labels fixed (`*.example.com`, `**.example.com`)',
  },
  ZT110: {
    problem: 'regex that RE2 refuses',
    fix: "RE2 syntax: no look-around or back-references, repeat counts up to 1000 (RE2's message is shown)",
  },
  ZT111: {
    problem: 'malformed HTTP path, method, header or Kafka topic',
    fix: 'paths start with `/`, standard methods, token header names',
  },
  ZT112: {
    problem: 'L7 rules on a non-TCP port, or without ports',
    fix: 'put HTTP/Kafka rules on TCP ports and list them in `ports`',
  },
  ZT113: { problem: 'an edge names a tier outside this topology', fix: 'model the other side as `Peer.pods(...)`' },
  ZT114: {
    problem: 'duplicate id, name or setting (two constructs, charts or MeshMtls claim one name)',
    fix: 'give each construct, topology `name` and profile `name` its own value; keep one setting',
  },
  ZT115: { problem: 'two tiers select the same pods', fix: 'give each tier a distinguishing label' },
  ZT116: { problem: 'two tiers share a mesh identity', fix: 'give each tier its own service account' },
  ZT117: {
    problem: 'an edge without a tier end, or a DNS name as a source',
    fix: 'put a Tier on one end; use a CIDR for sources',
  },
  ZT118: {
    problem: 'no layer of a profile can enforce the intent',
    fix: 'follow the message: add a target that can, accept the listed `Widening`, or change the intent',
  },
  ZT119: {
    problem: 'a profile combines targets that widen each other',
    fix: 'use `Profile.cilium()` instead of NetworkPolicy plus Cilium',
  },
  ZT120: {
    problem: 'a construct outside a Topology, or a tier outside a Zone',
    fix: 'create zones in a Topology and tiers in a Zone',
  },
  ZT121: {
    problem: 'overlapping zones in one namespace',
    fix: 'give the zones pod selectors that differ in a label value, or use one zone',
  },
  ZT122: { problem: 'an empty selector (tier, DNS pods, gateway pods)', fix: "give pod labels, e.g. `{ app: 'api' }`" },
  ZT123: {
    problem: 'an unreadable workload in `Tier.fromWorkload`',
    fix: 'pass a cdk8s-plus Deployment, StatefulSet or DaemonSet with matchLabels',
  },
  ZT124: {
    problem: 'mTLS that cannot work',
    fix: 'set a `mesh`, attach port modes to a Tier, or add a PERMISSIVE port exception',
  },
  ZT125: {
    problem: 'invalid gateway or route',
    fix: 'give backends a Service and an existing port; paths start with `/`',
  },
  ZT126: {
    problem: 'invalid profile',
    fix: 'name known targets (`kubernetes`, `cilium`, `istio`, `gateway-api`) and distinct profile names',
  },
  ZT127: {
    problem: "one tier's selector can match another tier's pods",
    fix: 'give the tiers a label with distinct values, or opt in with `allowOverlapWith`',
  },
  ZT128: {
    problem: 'HTTP rules into a tier declared with a protocol that is not HTTP',
    fix: "declare the tier's protocol as HTTP, or drop the HTTP rules for that edge",
  },
  ZT129: {
    problem: 'HTTP rules on a TLS port (443) toward a name or address',
    fix: 'drop the HTTP rules, or allow the port without L7 rules',
  },
  ZT130: { problem: 'a port listed twice in `MeshMtls` `portModes`', fix: 'list each port once with one mode' },
  ZT131: { problem: 'two tiers of one namespace claim one Service', fix: 'give each tier its own Service name' },
  ZT132: {
    problem: 'a topology without profiles',
    fix: 'leave `profiles` out for the default, or list at least one profile',
  },
  ZT133: {
    problem: 'a construct added after `chartFor` / `objectsOf` / `findObject` (or synth) created the objects',
    fix: 'declare every construct before reading the output',
  },
  ZT134: {
    problem: 'an `allowOverlapWith` the compiler cannot carve out (more than one label, or an Istio profile)',
    fix: 'make the tiers differ in one label value, or separate their selectors',
  },
  ZT140: {
    problem: 'an empty list where empty would mean "everything"',
    fix: 'list at least one item, or leave the property out for its documented default',
  },
  ZT141: {
    problem: 'a value of the wrong type (JavaScript callers)',
    fix: "use the factories: `[Port.tcp(8080)]`, `[HttpMatch.get('/x')]`, `['api.example.com']`",
  },
  ZT142: {
    problem: 'a value that is not a member of its enum',
    fix: 'use the enum member the message names, e.g. `MtlsMode.STRICT`',
  },
  ZT143: {
    problem: 'an edge end that is not a Tier, Peer or IngressGateway',
    fix: 'pass a Tier, a `Peer.*()` value or an IngressGateway',
  },
  ZT144: {
    problem: 'a derived name (the ambient waypoint `<namespace>-waypoint`) too long',
    fix: 'shorten the namespace the message points at (at most 54 characters for a zone with L7 rules)',
  },
  ZT145: { problem: 'a malformed topology setting', fix: 'a trust domain such as `cluster.local`' },
  ZT146: {
    problem: 'a peer fallback that is not a CIDR, or a fallback on a peer that every target can name',
    fix: "give `Peer.cidr(...)` as the fallback, and only on an entity or a DNS-name peer (`Peer.kubeApiserver({ fallback: Peer.cidr('10.0.0.1/32') })`)",
  },
  ZT147: {
    problem: '`kafkaFallback` on an edge without Kafka rules',
    fix: 'add the Kafka rules (`kafka: [KafkaMatch.produce(...)]`) or remove `kafkaFallback`',
  },
  ZT148: {
    problem: "a `MeshRoute` whose `fromZone` is not a whole namespace of its own, or is the Service's namespace",
    fix: "use a zone that is a whole namespace other than the Service's, or leave `fromZone` out to split every caller",
  },
  ZT149: {
    problem: 'a `MeshRoute` with `fromZone` in a profile whose mesh does not apply consumer routes',
    fix: 'use a mesh target that applies consumer routes (Istio, Linkerd), or leave `fromZone` out',
  },
  ZT150: {
    problem: 'a malformed header match (an empty prefix, a header named twice across `headers` and `headerMatches`)',
    fix: 'a non-empty prefix (`HeaderMatch.present()` for presence); name each header once',
  },
  ZT151: {
    problem: 'an HTTP match whose `notPaths` / `notMethods` exclude every request it allows',
    fix: 'remove the exclusion that covers the whole match, or the match itself',
  },
  ZT152: {
    problem: 'a method listed twice, or `notMethods` on a match that already names its methods',
    fix: 'list each method once; use `notMethods` with `HttpMatch.anyMethod()` only',
  },
  ZT153: {
    problem:
      'a host of an HTTP match that is not a DNS name (with an optional `:port`), has a wildcard, or is listed twice',
    fix: 'exact names such as `api.example.com` or `api.example.com:8080`, each once',
  },
  ZT160: {
    problem:
      "an emitted document fails its schema (an internal error, or a patch or object added to a profile's chart); nothing is written",
    fix: 'correct the patch or the added object; report it if the library emitted it',
  },
  ZT170: {
    problem:
      'a malformed guardrail (priority outside 0-1000, no peers, a named port, a network as a source, a taken name)',
    fix: 'an integer priority, at least one peer, numbered ports; networks as egress peers only',
  },
  ZT171: {
    problem: 'two guardrails of one tier share a priority (their order is undefined upstream)',
    fix: 'give each guardrail of a tier its own priority',
  },
  ZT172: {
    problem:
      'guardrails in a profile no target of which enforces them (plain NetworkPolicy has no deny and no priorities)',
    fix: '`Profile.kubernetesGuardrails()` (NetworkPolicy plus the network-policy-api), `Profile.cilium()`, or a mesh profile for denies',
  },
  ZT173: {
    problem: 'a malformed node or DNS-name guardrail peer (no names, a bad name, a bad label), or one as a source',
    fix: 'valid labels and DNS names (`api.example.com`, `*.example.com`); node and DNS-name peers in EGRESS guardrails only',
  },
  ZT180: {
    problem:
      'a malformed `Waypoint` (a name that is not a DNS-1123 label of at most 63 characters, an unknown traffic type)',
    fix: "a lower-case name such as 'backend-waypoint' and a `WaypointTraffic` member",
  },
  ZT181: {
    problem: 'a `Waypoint` outside a Zone, or bound by a zone or tier of another namespace or topology',
    fix: 'create the waypoint in the zone whose namespace it serves, and bind zones and tiers of that namespace only',
  },
  ZT182: {
    problem:
      'conflicting waypoint bindings (a zone or tier bound twice, zones of one namespace bound to different waypoints, two waypoints of one name)',
    fix: 'one waypoint per zone or tier, one namespace-wide waypoint per namespace, one name per waypoint',
  },
  ZT183: {
    problem: 'L7 rules into a tier bound to no waypoint, in a namespace with named waypoints (no automatic one there)',
    fix: '`tier.useWaypoint(waypoint)` or `zone.useWaypoint(waypoint)`',
  },
  ZT184: {
    problem: 'a `Waypoint` in a topology whose mesh is not ambient',
    fix: 'set `mesh: MeshMode.AMBIENT` on the Topology, or remove the waypoint',
  },
  ZT185: {
    problem: 'a `Waypoint` in a profile whose mesh target has no waypoints (Linkerd runs sidecar proxies only)',
    fix: 'use an Istio profile for the ambient topology, or remove the waypoint',
  },
  ZT186: {
    problem: 'malformed ingress class, controller namespace or pods, Ingress TLS entry or Ingress props',
    fix: 'DNS-1123 names for the class, namespace and Secret, valid pod labels, host names such as `shop.example.com`',
  },
  ZT187: {
    problem: 'a GatewayClass to emit whose controller is unknown or malformed',
    fix: "name the controller (`gatewayClass: { controllerName: 'example.com/gateway-controller' }`), a domain-prefixed path",
  },
  ZT188: {
    problem: 'gateways that emit one GatewayClass with different controllers or descriptions',
    fix: 'give every gateway of the class the same `gatewayClass` options, or emit the class from one gateway only',
  },
  ZT189: {
    problem: 'two ingress controllers of one ingress class',
    fix: 'give each controller its own class name, or add every Ingress to one controller',
  },
  ZT190: {
    problem:
      'a `Peer.pods` service account no layer of the profile checks (plain NetworkPolicy matches labels only, and no mesh layer authorizes the flow)',
    fix: 'use a CNI that matches service accounts (`Profile.cilium()`, `Profile.calico()`), let a mesh authorize the destination (a meshed tier whose zone denies ingress), or accept `Widening.IDENTITY_TO_LABELS`',
  },
  ZT191: {
    problem:
      'a source `Peer.pods` named by labels and a service account where only its identity is checked: a mesh-only profile, or a tier behind an ambient waypoint whose CNI admission is shared with a wider source of that identity',
    fix: 'add a CNI target (`Profile.ciliumIstio()`), give the destination its own waypoint (`tier.useWaypoint`), name the source by its service account alone, or accept `Widening.LABELS_TO_IDENTITY`',
  },
  ZT192: {
    problem:
      'an invalid zone `podSecurity`: a version that is not `latest` or `v1.N`, a version without its level, or no level',
    fix: 'set at least one of `enforce`, `audit`, `warn` to a `PodSecurityLevel`, each version beside its level, as `latest` or `v1.31`',
  },
  ZT193: {
    problem: 'zones of one namespace ask for different Pod Security admission labels',
    fix: 'give the zones of a namespace the same `podSecurity`, or set it on one of them only',
  },
  ZT201: {
    problem: '(warning) a namespace the topology does not manage needs mesh labels',
    fix: 'label the namespace as the message says, set `manageNamespace`, or acknowledge the warning',
  },
  ZT202: {
    problem: '(warning) a `MeshMtls` that no profile emits (no mesh target)',
    fix: 'add a profile with a mesh target (Istio), remove the MeshMtls, or acknowledge the warning',
  },
  ZT203: {
    problem:
      '(warning) a `MeshRoute` in a profile without a mesh target: not emitted there, the Service balances over all its pods',
    fix: 'add a mesh target to the profile (e.g. `Profile.ciliumIstio()`), or acknowledge the warning',
  },
  ZT205: {
    problem:
      '(warning) a tier bound to a waypoint: its Service or pod template must carry `istio.io/use-waypoint` (the library emits no Services or pods)',
    fix: 'label the Service or pod template as the message says, bind the zone instead, or acknowledge the warning',
  },
  ZT206: {
    problem: '(warning) a GatewayClass emitted for a class its implementation installs itself (Istio, Cilium)',
    fix: 'emit it only where the cluster does not ship the class, or acknowledge the warning',
  },
  ZT208: {
    problem: "(warning) a zone's `podSecurity` labels belong on a namespace the topology does not manage",
    fix: 'label the namespace as the message says, set `manageNamespace: true` on the zone, or acknowledge the warning',
  },
  ZT261: {
    problem:
      '(warning) a namespace the topology does not manage needs Linkerd annotations (injection, default inbound policy)',
    fix: 'annotate the namespace, or set `manageNamespace: true` on the zone',
  },
  ZT262: {
    problem:
      '(warning) a zone shares its namespace with zones of another default policy, so its pods need the Linkerd annotation',
    fix: 'annotate the pod templates, or give the zone its own namespace',
  },
  ZT301: {
    problem: 'a Cilium version (`ciliumVersion`) that is not `major.minor`',
    fix: 'write the version as `major.minor`, e.g. `1.19`',
  },
  ZT302: {
    problem: 'Kafka L7 rules for a Cilium release whose CRD no longer has them',
    fix: 'drop the Kafka rules or target an older Cilium release',
  },
  ZT303: {
    problem: 'a `**.` DNS pattern for a Cilium release that reads `**` as `*`',
    fix: 'use `*.` patterns or target a Cilium release that supports `**.`',
  },
  ZT304: {
    problem: '`toFQDNs` on a workload whose zone keeps no DNS allowance',
    fix: "keep the zone's DNS allowance so the DNS proxy sees the lookups",
  },
  ZT305: {
    problem: 'L7 rules on every port, which the Cilium agent rejects',
    fix: 'list the ports the L7 rules apply to',
  },
  ZT306: {
    problem: 'DNS ports the DNS proxy rule cannot take (none, a range, every port)',
    fix: 'give the DNS allowance single port numbers, such as 53',
  },
  ZT307: {
    problem: 'a baseline deny guardrail on Cilium, which cannot apply a rule only to pods no other policy selects',
    fix: 'make it an admin-tier deny, or use `Profile.kubernetesGuardrails()`',
  },
  ZT308: {
    problem:
      'a node guardrail peer on Cilium: the priority order is compiled by set algebra on pod labels, ports and networks, which node selectors are not part of',
    fix: 'name the nodes by network (`GuardrailPeer.cidr()` of the node subnet)',
  },
  ZT309: {
    problem:
      'a DNS-name guardrail peer on Cilium: `toFQDNs` is not allowed in `egressDeny`, and allowed names cannot be ordered against networks by priority',
    fix: 'name the destination by network (`GuardrailPeer.cidr()`), or allow the names per app with `EgressFqdn`',
  },
  ZT310: {
    problem: 'an HTTP match Cilium cannot express exactly (a header prefix or regex, `notPaths`, `notMethods`)',
    fix: 'exact header values or presence, positive paths and methods; or a profile whose L7 layer is Istio',
  },
  ZT311: {
    problem: 'a source Istio cannot identify (no service account, or pods by label only)',
    fix: 'give the source tier a service account, or use a profile with a layer that matches labels',
  },
  ZT312: { problem: 'a regular-expression path for Istio', fix: 'use an exact path or a `*` prefix/suffix glob' },
  ZT313: {
    problem: 'a path or header value containing `*`, which Istio reads as a glob',
    fix: 'remove the `*` or use a prefix match',
  },
  ZT314: { problem: 'a port range or a named port for an AuthorizationPolicy', fix: 'list single port numbers' },
  ZT315: {
    problem: 'Kafka topic or role rules for Istio, which has no Kafka authorization',
    fix: 'use a Cilium profile for Kafka rules, or drop them',
  },
  ZT316: {
    problem: 'ambient L7 rules into a workload without a Service',
    fix: 'give the tier a Service, the only thing a waypoint policy attaches to',
  },
  ZT317: {
    problem: 'ambient L7 rules for a source outside the mesh',
    fix: 'enroll the source in the mesh, or drop the L7 rules',
  },
  ZT318: {
    problem: 'a waypoint-routed rule on a pod port no Service port targets',
    fix: 'add a Service port that targets the pod port',
  },
  ZT319: {
    problem: 'a waypoint that also carries workload-addressed traffic',
    fix: 'set the waypoint for Service traffic only',
  },
  ZT320: {
    problem: 'a PeerAuthentication with a selector in the mesh root namespace, which Istio ignores',
    fix: 'move the workload out of the root namespace, or set the mode for the whole namespace',
  },
  ZT321: {
    problem: 'a DISABLE mTLS mode in ambient mode, which ztunnel ignores',
    fix: 'use PERMISSIVE or STRICT, or a sidecar mesh',
  },
  ZT322: {
    problem:
      'an allow guardrail in a mesh profile (an ALLOW in the mesh root namespace puts every workload into default deny)',
    fix: 'leave allows to a CNI that enforces guardrails, or to the app policies',
  },
  ZT323: {
    problem: 'a guardrail the mesh cannot express (egress, namespaces by label, a pass, a baseline)',
    fix: 'add a CNI target that enforces guardrails to the profile, or name namespaces by `kubernetes.io/metadata.name`',
  },
  ZT324: {
    problem: 'a tier bound to a waypoint for Service traffic has no Service (the binding label has nothing to go on)',
    fix: 'give the tier a Service, or a waypoint for `WaypointTraffic.WORKLOAD` / `ALL`',
  },
  ZT328: {
    problem: 'a header matched by a regular expression for Istio',
    fix: 'an exact value, presence, or a prefix (`HeaderMatch.prefix()`)',
  },
  ZT331: {
    problem: 'a gateway with no listeners, too many, or listeners that clash or are malformed',
    fix: 'give the gateway 1 to 64 listeners with distinct names and port/hostname pairs',
  },
  ZT332: {
    problem: 'an HTTPS listener without certificates, or an HTTP listener with some',
    fix: 'give HTTPS listeners certificate refs and HTTP listeners none',
  },
  ZT333: {
    problem: 'a route attached to a gateway the topology does not define',
    fix: 'attach the route to an IngressGateway of this topology',
  },
  ZT334: {
    problem: 'a route attached to a listener or Service port that does not exist',
    fix: 'name an existing listener or Service port',
  },
  ZT335: {
    problem: 'a route in another namespace than a gateway that admits only its own',
    fix: "put the route in the gateway's namespace, or let the gateway admit other namespaces",
  },
  ZT336: {
    problem: 'a malformed route hostname, or hostnames no listener accepts',
    fix: 'use hostnames a listener of the parent gateway accepts',
  },
  ZT337: {
    problem: 'a negative, fractional or too large weight, or a rule that sends no traffic',
    fix: 'integer weights from 0 to 1000000, at least one above 0',
  },
  ZT338: {
    problem: 'a path value the Gateway API rejects',
    fix: 'an absolute path starting with `/`, without `//`, `/./` or `/../`',
  },
  ZT339: {
    problem: 'a pseudo-header, malformed, duplicated or value-less header match',
    fix: 'match each header once by a token name with a value',
  },
  ZT340: {
    problem: 'a method or gRPC service the route kind cannot match',
    fix: 'use a standard HTTP method, or a fully qualified gRPC service',
  },
  ZT341: {
    problem: 'more hostnames, rules, matches, backends or headers than the CRDs allow, or no rule',
    fix: 'split the route or trim the lists to the CRD limits',
  },
  ZT342: {
    problem: 'a header, method or gRPC match an Ingress object cannot express',
    fix: 'match by host and path only, or route through an IngressGateway (Gateway API)',
  },
  ZT343: {
    problem: 'a rule with several weighted backends, or weight 0, which an Ingress path cannot express',
    fix: 'one backend per rule; split traffic with an IngressGateway (Gateway API)',
  },
  ZT344: {
    problem: 'an Ingress backend in another namespace (Ingress backends are Services of its own namespace)',
    fix: 'one Ingress per backend namespace, or backends of one namespace',
  },
  ZT345: {
    problem: 'an Ingress TLS entry for a host the Ingress does not route, or TLS without hosts',
    fix: 'list the TLS hosts among the Ingress `hostnames`',
  },
  ZT346: {
    problem: 'a path an Ingress rejects, or two rules on the same host, path and match type',
    fix: 'an absolute path starting with `/`; each host, path and type once',
  },
  ZT347: {
    problem: 'a host an Ingress rejects (an IP address, a wildcard not in the first label)',
    fix: 'a DNS name such as `shop.example.com` or `*.example.com`',
  },
  ZT348: {
    problem: 'an Ingress without rules, or a rule without backend',
    fix: 'give the Ingress at least one rule with one backend',
  },
  ZT350: {
    problem: '`notPaths` / `notMethods` for Linkerd, whose HTTPRoute matches have no negation',
    fix: 'list the allowed paths and methods instead',
  },
  ZT351: {
    problem: 'hosts on an HTTP match for Linkerd, whose HTTPRoute names hostnames per route, not per match',
    fix: 'leave `hosts` out on edges into Linkerd tiers, or use a profile whose L7 layer is Cilium or Istio',
  },
  ZT360: {
    problem: 'a guardrail peer of a kind the Calico target does not render',
    fix: 'name the peer by pods (`GuardrailPeer.pods()`, `namespaces()`, `allNamespaces()`) or by network (`GuardrailPeer.cidr()`), or use a profile whose guardrail target renders that peer',
  },
  ZT361: {
    problem: "a guardrail named `pass-to-next-tier`, the name of a Calico guardrail tier's closing Pass policy",
    fix: 'give the guardrail another name',
  },
  ZT371: {
    problem: "a mesh mode the profile's mesh target does not run (Linkerd has sidecar proxies only, no ambient mode)",
    fix: '`mesh: MeshMode.SIDECAR`, or an Istio profile for ambient',
  },
  ZT372: {
    problem:
      'a source Linkerd cannot authenticate (a tier without service account, pods or namespaces by label, an entity)',
    fix: 'set `serviceAccount` on the tier or peer, or add a CNI target for sources without identity',
  },
  ZT373: {
    problem:
      'a port range, a named port or an every-port edge into a tier Linkerd authorizes (a Server selects one numeric port)',
    fix: 'list the numeric pod ports on the edge',
  },
  ZT374: {
    problem: 'Kafka topic/role rules toward Linkerd, which has no Kafka authorization',
    fix: 'enforce the ACLs in the broker and allow the port at L4, or use a profile with Cilium for Kafka',
  },
  ZT376: {
    problem: 'a DISABLE mTLS mode toward Linkerd, which always uses mTLS between meshed pods',
    fix: 'use STRICT or PERMISSIVE',
  },
  ZT377: {
    problem: 'a path longer than an HTTPRoute match holds, or a header name it does not admit',
    fix: 'shorten the path; use token characters in header names',
  },
  ZT391: {
    problem: 'the network-policy-api target beside a CNI that does not implement it (Cilium), or without a CNI',
    fix: 'pair it with `kubernetes` (`Profile.kubernetesGuardrails()`); on Cilium, guardrails render as cluster-wide policies without it',
  },
  ZT392: {
    problem: 'what `v1alpha1` cannot hold (a baseline pass, two baseline subjects)',
    fix: 'use `NetworkPolicyApiVersion.V1ALPHA2` (ClusterNetworkPolicy), or one baseline subject without pass',
  },
  ZT393: {
    problem:
      'a node peer: the standard-channel CRDs (AdminNetworkPolicy v0.1.8, ClusterNetworkPolicy v0.2.0) have no `nodes` peer',
    fix: 'name the nodes by network (`GuardrailPeer.cidr()` of the node subnet)',
  },
  ZT394: {
    problem:
      'a DNS-name peer: the standard-channel CRDs have no `domainNames` peer (AdminNetworkPolicy has none at all)',
    fix: 'name the destination by network (`GuardrailPeer.cidr()`), or allow the names per app with `EgressFqdn`',
  },
};

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
  public constructor(
    public readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'ZeroTrustError';
    this.detail = message;
  }
}
