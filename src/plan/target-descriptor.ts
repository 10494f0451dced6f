import { Diagnostic } from '../validation/codes';
import { GatewayClassFacts } from '../ir/input';
import { IrTopology, IrZone } from '../ir/types';

export { GatewayClassFacts } from '../ir/input';

/**
 * What an intent needs from a target. Each target declares the set it can express; the profile
 * planner (src/plan) refuses, or with an explicit opt-in widens, whatever no target of a
 * profile can enforce.
 */
export enum Capability {
  /** Pod-to-pod rules by labels, in the same or another namespace. */
  L3_PODS = 'l3-pods',
  /** Peers that select namespaces by label (not by name). */
  NAMESPACE_LABELS = 'namespace-labels',
  /** A peer that is "any source" (the layer relies on another enforcement point for the peer). */
  ANY_PEER = 'any-peer',
  /** CIDR peers, with `except`. */
  CIDR = 'cidr',
  /** Cilium entities (world, cluster, host, kube-apiserver, ingress ...). */
  ENTITIES = 'entities',
  /** Egress by DNS name or pattern. */
  FQDN = 'fqdn',
  /** Egress by `**.` multi-label DNS pattern. */
  FQDN_SUBDOMAINS = 'fqdn-subdomains',
  /** TCP/UDP ports. */
  L4_PORTS = 'l4-ports',
  /** Port ranges (`endPort`). */
  PORT_RANGES = 'port-ranges',
  /** Named ports. */
  NAMED_PORTS = 'named-ports',
  /** SCTP. */
  SCTP = 'sctp',
  /** HTTP method / path / header rules (and gRPC as HTTP/2). */
  L7_HTTP = 'l7-http',
  /** Regular-expression paths in HTTP rules. */
  L7_HTTP_REGEX = 'l7-http-regex',
  /** Kafka topic / role rules. */
  L7_KAFKA = 'l7-kafka',
  /** Mutual TLS modes (PeerAuthentication). */
  MTLS = 'mtls',
  /** Authorization by workload identity (service-account principals). */
  IDENTITY = 'identity',
  /** Default deny per zone and direction. */
  DEFAULT_DENY = 'default-deny',
  /** Ingress gateways and routes. */
  ROUTES = 'routes',
  /** Cluster-wide guardrails (deny / allow / pass with priorities, above and below the app policies). */
  GUARDRAILS = 'guardrails',
}

/** Where a target's objects are enforced. Layers of one point are a union; across points, an intersection. */
export type EnforcementPoint = 'cni' | 'mesh' | 'ingress';

/** Pod or namespace labels. */
export type Labels = { readonly [key: string]: string };

/** What a target is told beside the IR. */
export interface RenderContext {
  /** Profile name, e.g. `cilium-istio`. */
  readonly profile: string;
  /** Names of every target of the profile, sorted. */
  readonly profileTargets: readonly string[];
}

/** The waypoint proxy a mesh deploys for one namespace. */
export interface WaypointFacts {
  /** Name of the waypoint (its Gateway and Deployment). */
  readonly name: string;
  /** Service account of its pods. */
  readonly serviceAccount: string;
  /** Labels of its pods, as the mesh deploys them. */
  readonly podSelector: Labels;
}

/**
 * Data-plane facts of a mesh target: the traffic of the mesh itself, which the CNI of a profile
 * must admit, and how zones are enrolled.
 */
export interface MeshDataPlane {
  /** Port of the tunnel that carries TCP between meshed pods in ambient mode (Istio: HBONE 15008). */
  readonly tunnelPort: number;
  /** Name of that tunnel protocol in messages (Istio: `HBONE`). */
  readonly tunnelName: string;
  /** Port of the control plane that proxies dial (Istio: istiod xDS / CA 15012). */
  readonly controlPlanePort: number;
  /** Pod labels of the control plane, in the mesh root namespace. */
  readonly controlPlaneLabels: Labels;
  /** Source address of kubelet health probes on ambient pods (as the mesh's CNI plugin rewrites it). */
  readonly ambientProbeSource: string;
  /**
   * A waypoint (ambient mode): the automatic one of a namespace whose meshed workloads receive L7
   * rules, or one the user named.
   * @param namespace the namespace it runs in
   * @param name the name the user gave it @default - the mesh's own naming
   */
  waypoint(namespace: string, name?: string): WaypointFacts;
  /**
   * The labels a Service or pod carries to use a named waypoint (Istio: `istio.io/use-waypoint`),
   * and, when ingress gateway traffic to it must pass the waypoint too, the label asking for that.
   * Absent when the mesh has no waypoints: a `Waypoint` is then refused (ZT185).
   * @param waypoint the waypoint's name
   * @param ingressUsesWaypoint whether ingress gateway traffic must pass the waypoint
   */
  waypointBindingLabels?(waypoint: string, ingressUsesWaypoint: boolean): Labels;
  /**
   * Namespace labels that enrol a zone in the mesh.
   * @param mode the mesh mode of the topology
   * @param waypoint the waypoint of the namespace, if any
   * @param ingressUsesWaypoint whether ingress gateway traffic into the namespace must pass the waypoint
   */
  enrolmentLabels(mode: 'sidecar' | 'ambient', waypoint: string | undefined, ingressUsesWaypoint: boolean): Labels;
  /** The mesh modes the data plane runs; undefined = both. A topology in another mode is refused. */
  readonly modes?: readonly ('sidecar' | 'ambient')[];
  /**
   * Annotations a meshed zone needs (Linkerd: `linkerd.io/inject`, the default inbound policy):
   * on its namespace (emitted on managed namespaces, else reported, ZT261), and on its pods where
   * the namespace cannot carry them (reported, ZT262).
   * @param zone the meshed zone
   * @param ir the topology, for the zone's neighbours and mTLS settings
   */
  enrolmentAnnotations?(
    zone: IrZone,
    ir: IrTopology,
  ): { readonly namespace: Labels; readonly pods: Labels; readonly workloads?: { readonly [id: string]: Labels } };
  /**
   * The control-plane endpoints proxies dial, when there are several (Linkerd: identity,
   * destination, policy). When set, the CNI admits these instead of `controlPlanePort` /
   * `controlPlaneLabels`.
   */
  readonly controlPlaneEndpoints?: readonly ControlPlaneEndpoint[];
  /** Namespace of the control plane when the mesh fixes it (Linkerd: `linkerd`); else the topology's `meshRootNamespace`. */
  readonly controlPlaneNamespace?: string;
  /**
   * The destination proxy's inbound port, which meshed clients dial in sidecar mode besides the
   * original port (Linkerd: 4143). The CNI admits it on every edge between meshed pods.
   */
  readonly proxyInboundPort?: number;
  /**
   * Pod annotations that put a pod in the mesh, or keep it out, whatever its namespace says
   * (Linkerd: `linkerd.io/inject: enabled` / `disabled`). Tiers with `mesh: false` in an enrolled
   * namespace need the opt-out on their pods.
   */
  readonly podAnnotations?: { readonly meshed: Labels; readonly unmeshed: Labels };
  /** The proxy's admin port and the pods that scrape it (Linkerd: 4191, from linkerd-viz's Prometheus). */
  readonly proxyAdmin?: { readonly port: number; readonly namespace: string; readonly podLabels: Labels };
  /**
   * True when the mesh applies a Service-parented route that lives in another namespace than the
   * Service (a GAMMA consumer route) to the clients of the route's namespace only (Gateway API
   * feature `MeshConsumerRoute`). A `MeshRoute` scoped to one zone needs it.
   */
  readonly consumerRoutes?: boolean;
}

/** One control-plane service that proxies dial. */
export interface ControlPlaneEndpoint {
  /** Component name, for messages: `identity`. */
  readonly name: string;
  /** Pod labels of the component, in the control-plane namespace. */
  readonly labels: Labels;
  /** Its pod port. */
  readonly port: number;
}

/**
 * What the planner knows of a target: its name, its enforcement point, its capabilities and the
 * data-plane facts of the layer. Targets implement it (src/targets/<name>/index.ts); the planner
 * names no target, it reads only descriptors.
 */
export interface TargetDescriptor {
  /** Stable name, used in profile names and messages: `kubernetes`, `cilium`, `istio`, `gateway-api`. */
  readonly name: string;
  /** Human title for docs and messages: `Kubernetes NetworkPolicy`. */
  readonly title: string;
  /** Where the target's objects are enforced. */
  readonly enforcementPoint: EnforcementPoint;
  /** The IR features the target can express. */
  readonly capabilities: ReadonlySet<Capability>;
  /** A mesh target's data plane (mesh targets only). */
  readonly mesh?: MeshDataPlane;
  /** Gateway classes the layer implements, and how their data plane looks to the CNI. */
  readonly gatewayClasses?: readonly GatewayClassFacts[];
  /**
   * True when the target joins every profile of a topology that declares ingress gateways or
   * routes (unless the profile opts out).
   */
  readonly joinsProfilesWithRoutes?: boolean;
  /**
   * True for a target whose objects are a cluster-wide tier the CNI evaluates around its own
   * policies (before them, and a baseline after them), not a union with them: it joins a CNI
   * target instead of counting as one (the network-policy-api beside NetworkPolicy).
   */
  readonly clusterTier?: boolean;
  /**
   * Capabilities of `capabilities` the target lacks at the release line the topology renders for
   * (`settings.targetVersions`), e.g. Kafka rules on Cilium 1.20. The planner reads it only to use
   * a fallback the user stated; the target's own check refuses the rest.
   */
  unavailable?(ir: IrTopology): ReadonlySet<Capability>;
  /** Target-specific checks beyond capabilities (e.g. version gates). One diagnostic per problem. */
  check?(ir: IrTopology, ctx: RenderContext): readonly Diagnostic[];
}
