/**
 * The intermediate representation (IR): one plain, serializable, deterministic description of a
 * topology's intent. Every target reads only this; nothing here knows about YAML.
 *
 * Invariants established by the build (src/ir/build.ts) and relied upon by every target:
 * - every list is sorted (by `id` where there is one) and deduplicated;
 * - every name is DNS-1123 valid and unique within its namespace (`IrWorkload.name`, `IrZone.name`);
 * - every workload reference (`IrPeer` of kind `workload`, route backends) resolves to an `IrWorkload.id`;
 * - CIDR strings are canonical (`10.0.0.0/8`), `except` entries lie strictly inside their cidr;
 * - label maps are plain objects with keys in sorted order.
 *
 * This module is internal: it is not part of the jsii public API.
 */

/** A transport protocol, as Kubernetes spells it. */
export type IrProtocol = 'TCP' | 'UDP' | 'SCTP';

/** Labels (a matchLabels map). Keys sorted. */
export type IrLabels = { readonly [key: string]: string };

/**
 * A destination port. Exactly one of: a number (`port`), a range (`port` + `endPort`), a name
 * (`name`, resolved against the destination pod's containerPort names), or neither (every port
 * of the protocol).
 */
export interface IrPort {
  readonly protocol: IrProtocol;
  readonly port?: number;
  readonly endPort?: number;
  readonly name?: string;
}

/** Application protocol spoken by a workload on its ports. */
export type IrAppProtocol = 'tcp' | 'http' | 'grpc' | 'kafka';

/** A group of pods the topology manages: a `Tier`. */
export interface IrWorkload {
  /** Stable id: the construct path relative to the topology, e.g. `production/backend-api`. */
  readonly id: string;
  /** Full construct path, for messages. */
  readonly path: string;
  /** Object base name: DNS-1123 label, unique within `namespace`. */
  readonly name: string;
  /** Id of the owning zone. */
  readonly zone: string;
  readonly namespace: string;
  /** Pod labels that select exactly this tier (zone pod labels merged in). Never empty. */
  readonly selector: IrLabels;
  /**
   * Label values the tier's pods must not carry, by key (sorted): the pods of narrower tiers that
   * opted into overlapping this one (`allowOverlapWith`). Rendered as `NotIn` requirements.
   */
  readonly excluded?: { readonly [key: string]: readonly string[] };
  /** Service account (mesh identity). */
  readonly serviceAccount?: string;
  /** The Kubernetes Service in front of the tier, if any. */
  readonly service?: IrService;
  /** Container ports the tier serves (numeric, possibly named). */
  readonly ports: readonly IrNamedPort[];
  readonly appProtocol: IrAppProtocol;
  /** True when the pods carry a mesh data plane (sidecar or ambient) in a mesh-enabled topology. */
  readonly meshed: boolean;
  /**
   * Set for workloads the topology derives rather than the user declares: the data plane of an
   * ingress gateway or of an ambient waypoint that lives in a zone. CNI targets render their
   * rules like any workload's; the mesh target writes no authorization for them.
   */
  readonly system?: 'gateway' | 'waypoint';
  /** Annotations the tier's pods must carry for the mesh (a default policy of their own); reported, never emitted. */
  readonly podAnnotations?: IrLabels;
  /** Name of the waypoint the tier is bound to (`tier.useWaypoint`), in its namespace. */
  readonly waypoint?: string;
  /**
   * Labels the tier's Service and pods must carry for the mesh (a waypoint binding); reported,
   * never emitted (the library emits no Services or pods).
   */
  readonly meshLabels?: { readonly service?: IrLabels; readonly pods?: IrLabels };
}

/** A container port: number, protocol, optional name. */
export interface IrNamedPort {
  readonly port: number;
  readonly protocol: IrProtocol;
  readonly name?: string;
}

/** A Service: its name and the mapping from service ports to pod (target) ports. */
export interface IrService {
  readonly name: string;
  readonly ports: readonly IrServicePort[];
}

/** One port of a Service. `targetPort` is the pod port the traffic really reaches. */
export interface IrServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: IrProtocol;
}

/** Where DNS is served; the allowance every default-deny-egress zone keeps. */
export interface IrDns {
  readonly namespace: string;
  readonly podSelector: IrLabels;
  /** Ports on the DNS pods (backend ports, not Service ports). Usually UDP+TCP 53. */
  readonly ports: readonly IrPort[];
  /** Optional node-local cache addresses (hostNetwork, so matched by ipBlock /32). */
  readonly nodeLocalAddresses: readonly string[];
}

/** PeerAuthentication mode. */
export type IrMtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

/** A security zone: by default a namespace, optionally narrowed by pod labels. */
export interface IrZone {
  readonly id: string;
  readonly path: string;
  /** Object base name, DNS-1123, unique within the namespace. */
  readonly name: string;
  readonly namespace: string;
  /** Extra pod labels narrowing the zone inside its namespace; empty = the whole namespace. */
  readonly podSelector: IrLabels;
  readonly denyIngress: boolean;
  readonly denyEgress: boolean;
  /** DNS allowance when `denyEgress`; undefined = explicitly turned off. */
  readonly dns?: IrDns;
  /** When true the topology emits the Namespace object (with mesh labels). */
  readonly manageNamespace: boolean;
  /** Labels the namespace must carry (ambient enrolment, waypoint); emitted or reported. */
  readonly namespaceLabels: IrLabels;
  /** Annotations the namespace must carry (Linkerd injection, default inbound policy); emitted or reported. */
  readonly namespaceAnnotations?: IrLabels;
  /** Annotations the zone's pods must carry where the namespace cannot (reported, never emitted). */
  readonly podAnnotations?: IrLabels;
  /** Pod Security admission labels the namespace must carry (no connectivity effect); emitted or reported. */
  readonly podSecurityLabels?: IrLabels;
  /** Whether pods of this zone are in the mesh. */
  readonly meshed: boolean;
  /** Name of the waypoint the zone's namespace is bound to (`zone.useWaypoint`). */
  readonly waypoint?: string;
}

/** A DNS name or pattern, backend-independent. */
export interface IrFqdn {
  /**
   * - `exact`: `api.stripe.com`
   * - `wildcard`: `*` stands for zero or more DNS characters inside one label (`*.googleapis.com`, `api-*.example.com`)
   * - `subdomains`: every name strictly below `value` at any depth (`**.example.com`)
   */
  readonly kind: 'exact' | 'wildcard' | 'subdomains';
  /** Lower-case, no trailing dot. For `subdomains`, the parent domain without `**.`. For `wildcard`, the pattern. */
  readonly value: string;
}

/** Cilium-style entity names. */
export type IrEntity = 'world' | 'cluster' | 'host' | 'remote-node' | 'kube-apiserver' | 'ingress' | 'health' | 'all';

/** A CIDR peer: the form every CNI target renders, and the only form of a stated fallback. */
export interface IrCidrPeer {
  readonly kind: 'cidr';
  readonly cidr: string;
  readonly except: readonly string[];
}

/** A peer of an edge. */
export type IrPeer =
  | { readonly kind: 'workload'; readonly workload: string }
  | {
      readonly kind: 'pods';
      /** Namespace by name. Exactly one of `namespace` / `namespaceLabels` is set. */
      readonly namespace?: string;
      /** Namespaces by label (empty object = every namespace). */
      readonly namespaceLabels?: IrLabels;
      /** Pod labels; empty object = every pod of those namespaces. */
      readonly podLabels: IrLabels;
      /** Mesh identity of those pods, if known. */
      readonly serviceAccount?: string;
    }
  | IrCidrPeer
  | {
      readonly kind: 'entity';
      readonly entity: IrEntity;
      /** What a layer that cannot name entities renders instead (the user's stated choice); reported when used. */
      readonly fallback?: IrCidrPeer;
    }
  | {
      readonly kind: 'fqdn';
      readonly names: readonly IrFqdn[];
      /** What a layer that cannot match these names renders instead (the user's stated choice); reported when used. */
      readonly fallback?: IrCidrPeer;
    }
  /**
   * Any peer. Never written by users: the profile planner relaxes a peer to `any` for a layer
   * that cannot express it when another enforcement point of the profile enforces it exactly.
   */
  | { readonly kind: 'any' };

/** How a path is matched. `prefix` is a plain string prefix (`/api/` matches `/api/x`). */
export interface IrPathMatch {
  readonly kind: 'exact' | 'prefix' | 'regex';
  readonly value: string;
}

/**
 * A header condition: exact value, or presence when `value` is undefined; with `kind`, a value
 * prefix (`prefix`, non-empty) or an RE2 regular expression matched against the whole value (`regex`).
 */
export interface IrHeaderMatch {
  /** Header name, lower-case. */
  readonly name: string;
  readonly value?: string;
  /** How `value` is matched when it is not compared exactly; absent = exact (or presence without a value). */
  readonly kind?: 'prefix' | 'regex';
}

/** One allowed HTTP request shape. All set fields must match (AND); absent fields match anything. */
export interface IrHttpRule {
  /** Upper-case method, or undefined for any method. */
  readonly method?: string;
  readonly path?: IrPathMatch;
  readonly headers: readonly IrHeaderMatch[];
  /** Paths the request must not match (any one excludes it); absent = none excluded. */
  readonly notPaths?: readonly IrPathMatch[];
  /** Upper-case methods the request must not use; absent = none excluded. */
  readonly notMethods?: readonly string[];
  /**
   * Lower-case names (`host` or `host:port`) one of which the request's Host / `:authority` must
   * equal, case-insensitively; absent = any host.
   */
  readonly hosts?: readonly string[];
  /** When the rule came from a gRPC method (`/pkg.Service/Method`), its service and method. */
  readonly grpc?: { readonly service: string; readonly method?: string };
}

/** One Kafka ACL: a role on a topic. */
export interface IrKafkaRule {
  readonly role: 'produce' | 'consume';
  readonly topic: string;
  readonly clientId?: string;
  /**
   * Set when the edge stated that, where no layer of a profile sees Kafka, its port is opened at
   * L4 instead (`KafkaFallback.L4`). A Kafka restriction falls back only when every rule of it says so.
   */
  readonly l4Fallback?: true;
}

/** L7 restriction of an edge. A request is allowed when any one rule matches. */
export type IrL7 =
  | { readonly kind: 'http'; readonly rules: readonly IrHttpRule[] }
  | { readonly kind: 'kafka'; readonly rules: readonly IrKafkaRule[] };

/**
 * One allowed flow. At least one end is a workload. When `from` is a workload, the source's
 * egress allows it; when `to` is a workload, the destination's ingress allows it.
 */
export interface IrRule {
  /** Stable id, unique, used for sorting and as a naming hint. */
  readonly id: string;
  /** Construct path(s) that declared it (several when deduplicated), sorted. */
  readonly paths: readonly string[];
  readonly from: IrPeer;
  readonly to: IrPeer;
  /** Destination (pod) ports; empty = every port and protocol. */
  readonly ports: readonly IrPort[];
  readonly l7?: IrL7;
}

/** PeerAuthentication intent for a zone (namespace-wide) or a workload. */
export interface IrMtls {
  readonly id: string;
  readonly path: string;
  /** Object base name, DNS-1123. */
  readonly name: string;
  readonly namespace: string;
  /** Zone id, or workload id when `workload` is set. */
  readonly zone: string;
  /** Workload id for a workload-level policy; undefined = the whole zone. */
  readonly workload?: string;
  readonly mode: IrMtlsMode;
  /** Port-level overrides keyed by workload (container) port; only with `workload`. */
  readonly portModes: readonly { readonly port: number; readonly mode: IrMtlsMode }[];
}

/** Mesh settings of the topology. */
export interface IrMesh {
  readonly mode: 'none' | 'sidecar' | 'ambient';
  /** Trust domain of mesh identities, default `cluster.local`. */
  readonly trustDomain: string;
  /** Root namespace of the mesh (its control plane), default `istio-system`. */
  readonly rootNamespace: string;
  /**
   * Waypoints (ambient), as planned: the named ones, plus an automatic one per namespace without
   * named waypoints whose meshed workloads receive L7 rules (zones sharing a namespace share it).
   */
  readonly waypoints: readonly IrWaypoint[];
  /** The waypoints the user named (`Waypoint`), sorted by path. @default [] */
  readonly declaredWaypoints?: readonly IrDeclaredWaypoint[];
}

/** A waypoint the user named (`Waypoint`): what the model says, before the mesh target names its pods. */
export interface IrDeclaredWaypoint {
  readonly path: string;
  readonly name: string;
  readonly namespace: string;
  /** Zone id it was created in. */
  readonly zone: string;
  readonly for: 'service' | 'workload' | 'all';
}

/** A waypoint proxy of an ambient mesh: the L7 enforcement point of a namespace. */
export interface IrWaypoint {
  readonly name: string;
  readonly namespace: string;
  /** Zone id it serves. */
  readonly zone: string;
  /** Service account of the waypoint pods (as the mesh target's descriptor names it). */
  readonly serviceAccount: string;
  /** Label selecting the waypoint pods. */
  readonly podSelector: IrLabels;
  readonly for: 'service' | 'workload' | 'all';
  /** Construct path of the `Waypoint`, when the user named it; absent for an automatic waypoint. */
  readonly path?: string;
}

/** A Gateway API listener. */
export interface IrListener {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly hostname?: string;
  /** TLS certificate Secret names (HTTPS, terminate). */
  readonly certificateSecrets: readonly string[];
}

/** An ingress gateway (Gateway API `Gateway`). */
export interface IrGateway {
  readonly id: string;
  readonly path: string;
  readonly name: string;
  readonly namespace: string;
  readonly className: string;
  readonly listeners: readonly IrListener[];
  /** Which namespaces may attach routes: `Same` or `All`. */
  readonly allowedRoutes: 'Same' | 'All';
  /** Pod labels of the gateway's data plane (for CNI rules). */
  readonly podSelector: IrLabels;
  /** Service account of the gateway's data plane (for mesh identity). */
  readonly serviceAccount: string;
  /** When the class is implemented by a proxy embedded in the CNI: the CNI peer is the `ingress` entity. */
  readonly ingressEntity: boolean;
  /** Set for an ingress controller, whose routes are `networking.k8s.io/v1` Ingress objects (no Gateway object). */
  readonly ingressController?: boolean;
  /** The GatewayClass to emit for the gateway's class; absent when the cluster provides it. */
  readonly gatewayClass?: IrGatewayClass;
}

/** A GatewayClass to emit (cluster-scoped, named after the class). */
export interface IrGatewayClass {
  readonly controllerName: string;
  readonly description?: string;
}

/** A TLS entry of an Ingress: the Secret (in the Ingress's namespace) and the hosts it serves. */
export interface IrIngressTls {
  readonly secretName: string;
  readonly hosts: readonly string[];
}

/** A match of a route rule. */
export interface IrRouteMatch {
  /** Gateway API path match: Exact or PathPrefix (element-wise). */
  readonly path?: { readonly kind: 'Exact' | 'PathPrefix'; readonly value: string };
  readonly headers: readonly IrHeaderMatch[];
  readonly method?: string;
  /** GRPCRoute matches. */
  readonly grpc?: { readonly service: string; readonly method?: string };
}

/** A weighted backend of a route rule: a workload's Service port. */
export interface IrBackend {
  readonly workload: string;
  /** Service name and Service port. */
  readonly service: string;
  readonly port: number;
  /** Pod (target) port the traffic lands on. */
  readonly targetPort: number;
  readonly weight: number;
}

/** A route rule. */
export interface IrRouteRule {
  readonly matches: readonly IrRouteMatch[];
  readonly backends: readonly IrBackend[];
}

/**
 * An HTTPRoute or GRPCRoute, attached to a gateway (north-south) or a Service (GAMMA, east-west),
 * or an Ingress, attached to an ingress controller.
 */
export interface IrRoute {
  readonly id: string;
  readonly path: string;
  readonly kind: 'HTTPRoute' | 'GRPCRoute' | 'Ingress';
  readonly name: string;
  readonly namespace: string;
  readonly parent:
    | { readonly kind: 'Gateway'; readonly gateway: string; readonly sectionName?: string }
    | { readonly kind: 'Service'; readonly workload: string; readonly service: string; readonly port: number };
  readonly hostnames: readonly string[];
  readonly rules: readonly IrRouteRule[];
  /**
   * A mesh route scoped to the calls of one zone (`MeshRoute` `fromZone`): the zone's id. The route then
   * lives in that zone's namespace (a GAMMA consumer route), which the mesh applies to that
   * namespace's clients only.
   */
  readonly consumer?: string;
  /** TLS of an Ingress (kind `Ingress` only). */
  readonly tls?: readonly IrIngressTls[];
}

/**
 * The widenings a profile may accept: the one list (the public `Widening` enum spells the same
 * names, and a test keeps the two equal).
 */
export const WIDENING_KINDS = [
  'L7_TO_L4',
  'FQDN_TO_PUBLIC_CIDR',
  'EGRESS_UNENFORCED',
  'NON_TCP_UNENFORCED',
  'IDENTITY_TO_LABELS',
  'LABELS_TO_IDENTITY',
] as const;

/** One of `WIDENING_KINDS`. */
export type IrWideningKind = (typeof WIDENING_KINDS)[number];

/** The widening of this name, or undefined when it is none. */
export function wideningKind(name: string): IrWideningKind | undefined {
  return WIDENING_KINDS.find((k) => k === name);
}

/**
 * The kind of a reported change of form: an accepted widening, or `FALLBACK`, the form the user
 * stated on a peer or an edge for layers that cannot render the primary one (no profile accepts it:
 * it is the user's own choice, reported like a widening).
 */
export type IrReportedKind = IrWideningKind | 'FALLBACK';

/** A widening the user accepted for a profile, or a stated fallback, and where it was applied (for the report). */
export interface IrWidening {
  readonly kind: IrReportedKind;
  readonly target: string;
  readonly rule: string;
  readonly path: string;
  readonly detail: string;
}

/** Settings a target may need. */
export interface IrSettings {
  /** Release line each target renders for, by target name, as `major.minor` (e.g. `{ cilium: '1.19' }`). */
  readonly targetVersions: { readonly [target: string]: string };
  /** Labels every emitted object carries. */
  readonly commonLabels: IrLabels;
}

/**
 * Who a guardrail applies to, or which pods it names as a peer: pods whose namespace carries
 * `namespaceLabels` (empty = every namespace) and, when `podLabels` is set, whose own labels match.
 */
export interface IrGuardrailSelector {
  readonly namespaceLabels: IrLabels;
  /** Undefined = every pod of those namespaces. */
  readonly podLabels?: IrLabels;
}

/** A peer of a guardrail: pods (by namespace and pod labels), or a CIDR network. */
export type IrGuardrailPeer =
  | ({ readonly kind: 'pods' } & IrGuardrailSelector)
  | { readonly kind: 'cidr'; readonly cidr: string }
  /** Nodes by their labels (`{}`: every node), as destinations. */
  | { readonly kind: 'nodes'; readonly nodeLabels: IrLabels }
  /** DNS names, as destinations. */
  | { readonly kind: 'domains'; readonly names: readonly IrFqdn[] };

/**
 * A cluster-wide guardrail: one rule of the platform, evaluated before (`admin`) or after
 * (`baseline`) the app policies of the pods it selects. Within a tier, lower `priority` first;
 * the first guardrail that matches a flow decides (`allow`, `deny`), or hands it on (`pass`: the
 * rest of the tier is skipped).
 */
export interface IrGuardrail {
  readonly id: string;
  readonly path: string;
  /** Object base name: DNS-1123 label, unique across the topology's guardrails. */
  readonly name: string;
  readonly tier: 'admin' | 'baseline';
  readonly priority: number;
  readonly action: 'allow' | 'deny' | 'pass';
  /** Which traffic of the subject: what it receives (`ingress`) or sends (`egress`). */
  readonly direction: 'ingress' | 'egress';
  readonly subject: IrGuardrailSelector;
  /** The peers (a union), at least one. */
  readonly peers: readonly IrGuardrailPeer[];
  /** Destination ports (numbers or ranges); empty = every port and protocol. */
  readonly ports: readonly IrPort[];
}

/** The whole topology, compiled once. */
export interface IrTopology {
  readonly name: string;
  readonly path: string;
  readonly zones: readonly IrZone[];
  readonly workloads: readonly IrWorkload[];
  readonly rules: readonly IrRule[];
  readonly mtls: readonly IrMtls[];
  readonly mesh: IrMesh;
  readonly gateways: readonly IrGateway[];
  readonly routes: readonly IrRoute[];
  readonly settings: IrSettings;
  /** Cluster-wide guardrails, sorted by tier then priority; absent = none. */
  readonly guardrails?: readonly IrGuardrail[];
}
