import { ClusterInfo, FlowAddressing, FlowProtocol, LabelMap, PodInfo, ServiceInfo } from './cluster';
import { serviceForPodPort } from './istio/destination-port';
import { GATEWAY_NAME_LABEL, GatewayView, readGateways, WAYPOINT_CLASS } from './istio/gateway';
import { effectiveNamespaceLabels, readNamespaceLabels } from './istio/namespace-labels';
import { classifySource } from './istio/peer-identity';
import { resolveWaypoint, USE_WAYPOINT_LABEL, USE_WAYPOINT_NAMESPACE_LABEL } from './istio/waypoint';
import { LayerFlow } from './layer';
import { linkerdMeshed } from './linkerd/injection';
import { selectorOf, selectorMatches } from './match/label-selector';

/**
 * Istio's HBONE tunnel port: ambient traffic between meshed pods reaches them on it.
 * @see https://istio.io/latest/docs/ambient/usage/networkpolicy/
 */
export const HBONE_PORT = 15008;

/**
 * Source address of kubelet health probes to ambient pods: istio-cni rewrites them to this
 * link-local address (SEMANTICS B3.8; the istio.io page calls it unverified).
 * @see https://istio.io/latest/docs/ambient/usage/networkpolicy/
 */
export const AMBIENT_HEALTH_PROBE_SOURCE = '169.254.7.127';

/**
 * What the CNI sees of a flow under Istio, as one or more hops that must each pass the CNI
 * (DESIGN §3; istio.io/latest/docs/ambient/usage/networkpolicy):
 * - between two meshed pods when either is ambient (ambient↔ambient, ambient→sidecar,
 *   sidecar→ambient): HBONE, i.e. source → destination on TCP 15008 with an mTLS payload. The
 *   original port is never seen by the CNI, so CNI rules (and CNI L7 rules) on it do not apply,
 *   and L7 is invisible to the CNI. "Sidecar workloads receiving traffic will also need to allow
 *   inbound traffic on port 15008 to allow ambient workloads to communicate with them."
 * - from an ambient pod to an ambient pod that uses a waypoint for this traffic (see
 *   `waypointOf`: `istio.io/use-waypoint` on the addressed Service or pod, else on the namespace;
 *   the waypoint's `istio.io/waypoint-for` must name the traffic type), and from an Istio ingress
 *   gateway when the Service or namespace carries `istio.io/ingress-use-waypoint: "true"`:
 *   source → waypoint pod (labelled `gateway.networking.k8s.io/gateway-name: <gw>`) on 15008,
 *   then waypoint → destination on 15008; both hops must pass. When the waypoint has no pod,
 *   traffic goes directly (and the waypoint's L7 policy is not applied; SEMANTICS B3.7). Traffic
 *   a waypoint does not handle (pod-addressed traffic to a `service` waypoint) goes source →
 *   destination on 15008: "the CNI must allow the destination pod's 15008 for direct traffic".
 * - between two sidecar pods, or two pods Linkerd injects (`linkerd.io/inject`; Linkerd's proxies
 *   connect to the original address and port with mutual TLS): the original port, but the payload
 *   is mTLS: an HTTP parser on the CNI (a Cilium L7 rule) fails, so only an L4 allow admits it.
 * - otherwise (either end outside the mesh, not a pod, or a UDP / SCTP flow, which the mesh does
 *   not capture): the flow as it is, in plaintext.
 * Kubelet health probes to ambient pods arrive from `AMBIENT_HEALTH_PROBE_SOURCE` on the
 * original port (see `healthProbeFlow`).
 */
export function cniHops(
  flow: LayerFlow,
  cluster: ClusterInfo,
  mesh: MeshObjects = NO_MESH_OBJECTS,
): readonly LayerFlow[] {
  if (flow.source.kind !== 'pod' || flow.destination.kind !== 'pod') return [flow];
  const src = flow.source.pod;
  const dst = flow.destination.pod;
  const route = meshRoute(
    src,
    dst,
    flow.protocol,
    (s, d) =>
      waypointOf(d, cluster, {
        source: s,
        port: flow.port,
        protocol: flow.protocol,
        ...(flow.addressing ? { addressing: flow.addressing } : {}),
        mesh,
      }),
    (p) => linkerdMeshed(p, cluster),
  );
  switch (route.kind) {
    case 'direct':
      return [flow];
    case 'sidecar-mtls':
      return [
        {
          ...flow,
          payload: 'mtls',
          hop: `${text(src)} → ${text(dst)} (sidecar mTLS on ${flow.port}/${flow.protocol})`,
        },
      ];
    case 'hbone':
      return [hbone(src, dst, `${text(src)} → ${text(dst)} (HBONE${route.note ? `; ${route.note}` : ''})`)];
    case 'waypoint':
      return [
        hbone(src, route.waypoint, `${text(src)} → waypoint ${text(route.waypoint)} (HBONE)`),
        hbone(route.waypoint, dst, `waypoint ${text(route.waypoint)} → ${text(dst)} (HBONE)`),
      ];
  }
}

/** How traffic between two pods travels under the mesh (see `cniHops`). */
export type MeshRoute =
  | { readonly kind: 'direct' }
  | { readonly kind: 'sidecar-mtls' }
  | { readonly kind: 'hbone'; readonly note?: string }
  | { readonly kind: 'waypoint'; readonly waypoint: PodInfo };

/** A waypoint by name, with its pod when the cluster has one. */
export interface Waypoint {
  readonly name: string;
  readonly namespace: string;
  readonly pod?: PodInfo;
}

/**
 * The route between two pods, from their data planes and the destination's waypoint for traffic
 * from that source (`findWaypoint` is `waypointOf` over the cluster, or a cached form of it), and
 * whether Linkerd meshes them (`linkerd`: `linkerdMeshed` over the cluster; two Linkerd pods talk
 * mTLS on the original port). The mesh captures TCP only: UDP and SCTP always go direct. An
 * ingress gateway outside the ambient mesh reaches an ambient pod through its waypoint only when
 * `findWaypoint` says so (`istio.io/ingress-use-waypoint`); otherwise as plain traffic.
 */
export function meshRoute(
  src: PodInfo,
  dst: PodInfo,
  protocol: FlowProtocol,
  findWaypoint: (src: PodInfo, dst: PodInfo) => Waypoint | undefined,
  linkerd?: (pod: PodInfo) => boolean,
): MeshRoute {
  if (protocol === 'TCP' && linkerd && linkerd(src) && linkerd(dst)) return { kind: 'sidecar-mtls' };
  if (protocol !== 'TCP') return { kind: 'direct' };
  if (dst.dataplane === 'ambient' && src.dataplane !== 'sidecar') {
    const wp = findWaypoint(src, dst);
    if (wp?.pod) return { kind: 'waypoint', waypoint: wp.pod };
    if (wp && src.dataplane === 'ambient')
      return { kind: 'hbone', note: `waypoint ${wp.namespace}/${wp.name} has no pod: traffic goes direct` };
  }
  if (src.dataplane === 'none' || dst.dataplane === 'none') return { kind: 'direct' };
  if (src.dataplane === 'sidecar' && dst.dataplane === 'sidecar') return { kind: 'sidecar-mtls' };
  return { kind: 'hbone' };
}

/**
 * The mesh objects among the manifests the CNI path reads: Gateways (waypoints with their
 * `istio.io/waypoint-for` and `allowedRoutes`, ingress gateways) and Namespace labels.
 */
export interface MeshObjects {
  readonly gateways: readonly GatewayView[];
  readonly namespaceLabels: ReadonlyMap<string, LabelMap>;
}

/** No mesh objects: waypoints are known by their pods only. */
export const NO_MESH_OBJECTS: MeshObjects = Object.freeze({ gateways: [], namespaceLabels: new Map() });

/** Reads the mesh objects the CNI path needs from manifests (other objects are skipped). */
export function meshObjectsOf(objects: readonly unknown[]): MeshObjects {
  return { gateways: readGateways(objects), namespaceLabels: readNamespaceLabels(objects) };
}

/** What `waypointOf` needs to know of the traffic besides its destination. */
export interface WaypointQuery {
  /** The source pod: waypoints never chain, and an ingress gateway uses one only on request. */
  readonly source?: PodInfo;
  /** The destination pod port: the Service exposing it is the addressed one. */
  readonly port?: number;
  /** @default 'TCP' */
  readonly protocol?: FlowProtocol;
  /** @default - `service` when a Service selecting the pod exposes the port, else `pod` */
  readonly addressing?: FlowAddressing;
  /** @default - none: waypoints are known by their pods, handle `service` traffic and accept every namespace */
  readonly mesh?: MeshObjects;
}

/**
 * The waypoint that traffic to an ambient destination passes, and its pod when the cluster has
 * one, resolved as the Istio layer resolves it (`resolveWaypoint`, istio.io "Configure waypoint
 * proxies"): the `istio.io/use-waypoint` label of the addressed object (the Service for
 * service-addressed traffic, the pod otherwise) wins over the namespace's, `none` opts out, and
 * the waypoint's `istio.io/waypoint-for` (`service` by default, `workload`, `all`) must name the
 * traffic type, so pod-addressed traffic skips a `service` waypoint. A waypoint source skips it
 * (waypoints do not chain); an Istio ingress gateway uses it only when the Service or namespace
 * carries `istio.io/ingress-use-waypoint: "true"`; another source without a proxy never does.
 * Without the waypoint's Gateway among `mesh.gateways` (a CNI-only profile), a waypoint is known
 * by its pods and handles `service` traffic from every namespace.
 *
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 * @see https://istio.io/latest/docs/ambient/usage/networkpolicy/
 */
export function waypointOf(dst: PodInfo, cluster: ClusterInfo, query: WaypointQuery = {}): Waypoint | undefined {
  const mesh = query.mesh ?? NO_MESH_OBJECTS;
  const service = addressedService(dst, cluster, query);
  const namespaceLabels = effectiveNamespaceLabels(cluster, mesh.namespaceLabels, dst.namespace);
  const ref = requestedWaypoint(service?.labels ?? dst.labels, namespaceLabels, dst.namespace);
  if (ref === undefined) return undefined;
  const gateways = mesh.gateways.some((g) => g.namespace === ref.namespace && g.name === ref.name)
    ? mesh.gateways
    : [...mesh.gateways, podKnownWaypoint(ref)];
  const source = query.source;
  if (source !== undefined) {
    const proxy = classifySource({ kind: 'pod', pod: source }, gateways).proxy;
    if (proxy === 'waypoint') return undefined;
    if (proxy === 'ingress-gateway') {
      const asked = service?.labels[INGRESS_USE_WAYPOINT] ?? namespaceLabels[INGRESS_USE_WAYPOINT];
      if (asked !== 'true') return undefined;
    } else if (proxy === 'none') return undefined;
  }
  const resolution = resolveWaypoint({ pod: dst, ...(service ? { service } : {}), namespaceLabels }, gateways, cluster);
  if (resolution.waypoint === undefined) {
    // A label naming a waypoint that does not exist: traffic goes direct (kept as a note on the hop).
    const missing = !gateways.some(
      (g) => g.namespace === ref.namespace && g.name === ref.name && g.className === WAYPOINT_CLASS,
    );
    return missing ? ref : undefined;
  }
  const gw = resolution.waypoint.gateway;
  const pod = cluster.pods.find((p) => p.namespace === gw.namespace && p.labels[GATEWAY_NAME_LABEL] === gw.name);
  return pod ? { name: gw.name, namespace: gw.namespace, pod } : { name: gw.name, namespace: gw.namespace };
}

const INGRESS_USE_WAYPOINT = 'istio.io/ingress-use-waypoint';

/** The Service the traffic is addressed to, when it is service-addressed. */
function addressedService(dst: PodInfo, cluster: ClusterInfo, query: WaypointQuery): ServiceInfo | undefined {
  if (query.addressing === 'pod') return undefined;
  if (query.port !== undefined)
    return serviceForPodPort(dst, query.port, query.protocol ?? 'TCP', cluster.services)?.service;
  return cluster.services
    .filter((s) => s.namespace === dst.namespace && Object.keys(s.selector).length > 0)
    .find((s) =>
      selectorMatches(
        selectorOf(Object.entries(s.selector).map(([key, v]) => ({ key, operator: 'In' as const, values: [v] }))),
        dst.labels,
      ),
    );
}

/** The waypoint a label asks for: the addressed object's, else the namespace's; `none` opts out. */
function requestedWaypoint(
  own: LabelMap,
  namespaceLabels: LabelMap,
  namespace: string,
): { readonly name: string; readonly namespace: string } | undefined {
  const holder = own[USE_WAYPOINT_LABEL] !== undefined ? own : namespaceLabels;
  const name = holder[USE_WAYPOINT_LABEL];
  if (name === undefined || name === 'none') return undefined;
  return { name, namespace: holder[USE_WAYPOINT_NAMESPACE_LABEL] ?? namespace };
}

/** A waypoint known only by its pods: Istio's defaults (`service` traffic), open to every namespace. */
function podKnownWaypoint(ref: { readonly name: string; readonly namespace: string }): GatewayView {
  return {
    namespace: ref.namespace,
    name: ref.name,
    className: WAYPOINT_CLASS,
    labels: {},
    listeners: [{ name: 'mesh', port: HBONE_PORT, protocol: 'HBONE', allowedFrom: 'All' }],
  };
}

/**
 * A kubelet health probe to a pod: from `AMBIENT_HEALTH_PROBE_SOURCE` for an ambient pod
 * (istio-cni rewrites it), otherwise from the node's address `nodeIp` (list it in `hostIps`).
 */
export function healthProbeFlow(pod: PodInfo, port: number, nodeIp: string, protocol: FlowProtocol = 'TCP'): LayerFlow {
  const ip = pod.dataplane === 'ambient' ? AMBIENT_HEALTH_PROBE_SOURCE : nodeIp;
  return { source: { kind: 'ip', ip }, destination: { kind: 'pod', pod }, port, protocol };
}

function hbone(src: PodInfo, dst: PodInfo, hop: string): LayerFlow {
  return {
    source: { kind: 'pod', pod: src },
    destination: { kind: 'pod', pod: dst },
    port: HBONE_PORT,
    protocol: 'TCP',
    payload: 'mtls',
    hop,
  };
}

function text(p: PodInfo): string {
  return `${p.namespace}/${p.name}`;
}
