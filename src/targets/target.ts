import { IrTopology } from '../ir/types';

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
}

/** Where a target's objects are enforced. Layers of one point are a union; across points, an intersection. */
export type EnforcementPoint = 'cni' | 'mesh' | 'ingress';

/** A Kubernetes manifest as plain JSON. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: { readonly [key: string]: string };
    readonly annotations?: { readonly [key: string]: string };
  };
  readonly [key: string]: unknown;
}

/** What a target is told beside the IR. */
export interface RenderContext {
  /** Profile name, e.g. `cilium-istio`. */
  readonly profile: string;
  /** Names of every target of the profile, sorted. */
  readonly profileTargets: readonly string[];
}

/**
 * One enforcement layer. Render is a pure function of the IR: same IR, byte-identical output.
 * The IR a target receives has already been planned for its profile (src/plan): rules it
 * cannot express were refused or, with an explicit opt-in, widened; L7 that another layer of the
 * profile enforces has been removed. A target therefore renders exactly what it is given.
 */
export interface Target {
  /** Stable name, used in profile names and messages: `kubernetes`, `cilium`, `istio`, `gateway-api`. */
  readonly name: string;
  /** Human title for docs: `Kubernetes NetworkPolicy`. */
  readonly title: string;
  readonly enforcementPoint: EnforcementPoint;
  readonly capabilities: ReadonlySet<Capability>;
  /** Target-specific checks beyond capabilities (e.g. version gates). One message per problem. */
  check?(ir: IrTopology, ctx: RenderContext): readonly TargetDiagnostic[];
  /** Renders the IR to manifests, in a deterministic order. */
  render(ir: IrTopology, ctx: RenderContext): readonly Manifest[];
}

/** A problem a target found, attributed to a construct path. */
export interface TargetDiagnostic {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}
