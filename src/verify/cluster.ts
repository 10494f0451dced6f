/**
 * The world the verify engine reasons about: namespaces, pods (grouped from workloads), services,
 * and flows between them. Built from manifests (workload objects) or from a scenario file; never
 * from the compiler's IR, so that verification stays independent of the compiler.
 */

/** Transport protocol. */
export type FlowProtocol = 'TCP' | 'UDP' | 'SCTP';

/** A label map. */
export interface LabelMap {
  readonly [key: string]: string;
}

/** A namespace and its labels (including `kubernetes.io/metadata.name`). */
export interface NamespaceInfo {
  readonly name: string;
  readonly labels: LabelMap;
  /** Annotations (Linkerd reads `linkerd.io/inject` and `config.linkerd.io/default-inbound-policy`). @default {} */
  readonly annotations?: LabelMap;
}

/** A container port of a pod. */
export interface ContainerPortInfo {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: FlowProtocol;
}

/** How a pod takes part in the mesh. */
export type Dataplane = 'none' | 'sidecar' | 'ambient';

/** One pod, or one group of identical pods (same labels, namespace and service account). */
export interface PodInfo {
  readonly namespace: string;
  /** Workload name (for messages and probes). */
  readonly name: string;
  readonly labels: LabelMap;
  readonly serviceAccount: string;
  /** A pod IP, when known (ipBlock rules on CNIs that match pod IPs). */
  readonly ip?: string;
  readonly containerPorts: readonly ContainerPortInfo[];
  /** Mesh data plane of the pod. */
  readonly dataplane: Dataplane;
  /** Pod template annotations (Linkerd reads `linkerd.io/inject` and `config.linkerd.io/default-inbound-policy`). @default {} */
  readonly annotations?: LabelMap;
}

/** A Service: selector and port mapping. */
export interface ServiceInfo {
  readonly namespace: string;
  readonly name: string;
  readonly selector: LabelMap;
  readonly labels: LabelMap;
  readonly ports: readonly {
    readonly name?: string;
    readonly port: number;
    readonly targetPort: number | string;
    readonly protocol: FlowProtocol;
  }[];
}

/** The cluster state a verdict is computed against. */
export interface ClusterInfo {
  readonly namespaces: readonly NamespaceInfo[];
  readonly pods: readonly PodInfo[];
  readonly services: readonly ServiceInfo[];
}

/** An HTTP request, for L7 checks. Header names are matched case-insensitively. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: { readonly [name: string]: string };
  /** `:authority` / Host, when relevant. */
  readonly host?: string;
}

/** One end of a flow. */
export type FlowEndpoint =
  | { readonly kind: 'pod'; readonly pod: PodInfo }
  /** Outside the cluster (or a node), by IP. */
  | { readonly kind: 'ip'; readonly ip: string }
  /** Outside the cluster, by DNS name (resolved through the cluster's DNS). */
  | { readonly kind: 'fqdn'; readonly name: string };

/** A question: may `source` reach `destination` on `port`/`protocol` (with `request`)? */
export interface Flow {
  readonly source: FlowEndpoint;
  readonly destination: FlowEndpoint;
  /** Destination pod (target) port. */
  readonly port: number;
  readonly protocol: FlowProtocol;
  readonly request?: HttpRequest;
  /**
   * How the client addressed the destination pod: `service` (a Service's name or ClusterIP, the
   * Service selecting the pod that exposes the port) or `pod` (the pod's own IP: headless
   * Services, StatefulSet pod names, pod IPs). An ambient waypoint sees only the traffic its
   * `istio.io/waypoint-for` names: `service` traffic by default, `workload` (pod-addressed) on request.
   * @default - `service` when a Service selecting the destination pod exposes the port, else `pod`
   */
  readonly addressing?: FlowAddressing;
}

/** How a flow addresses its destination pod: through a Service, or by the pod's own address. */
export type FlowAddressing = 'service' | 'pod';

/** One piece of an explanation: which object (and rule) allowed or denied. */
export interface Finding {
  /** Layer that produced it: `kubernetes`, `cilium`, `istio`, ... */
  readonly layer: string;
  /** `Kind namespace/name`, when an object decided. */
  readonly object?: string;
  /** Which rule inside the object, e.g. `ingress[2]`. */
  readonly rule?: string;
  readonly message: string;
}

/** What one layer (one enforcement point) decided. */
export interface LayerDecision {
  readonly layer: string;
  readonly allowed: boolean;
  readonly findings: readonly Finding[];
}

/** The final verdict: allowed only when every enforcement point allows. */
export interface Verdict {
  readonly allowed: boolean;
  readonly layers: readonly LayerDecision[];
}
