import { ClusterInfo, FlowProtocol, LabelMap, PodInfo } from './cluster';
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

const USE_WAYPOINT = 'istio.io/use-waypoint';
const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';

/**
 * What the CNI sees of a flow under Istio, as one or more hops that must each pass the CNI
 * (DESIGN §3; istio.io/latest/docs/ambient/usage/networkpolicy):
 * - between two meshed pods when either is ambient (ambient↔ambient, ambient→sidecar,
 *   sidecar→ambient): HBONE, i.e. source → destination on TCP 15008 with an mTLS payload. The
 *   original port is never seen by the CNI, so CNI rules (and CNI L7 rules) on it do not apply,
 *   and L7 is invisible to the CNI. "Sidecar workloads receiving traffic will also need to allow
 *   inbound traffic on port 15008 to allow ambient workloads to communicate with them."
 * - from an ambient pod to an ambient pod that uses a waypoint (`istio.io/use-waypoint: <gw>` on
 *   the destination pod, a Service selecting it, or its namespace, in that order; `none` opts
 *   out; `istio.io/use-waypoint-namespace` names another namespace): source → waypoint pod
 *   (labelled `gateway.networking.k8s.io/gateway-name: <gw>`) on 15008, then waypoint →
 *   destination on 15008; both hops must pass. When the waypoint has no pod, traffic goes
 *   directly (and the waypoint's L7 policy is not applied; SEMANTICS B3.7).
 * - between two sidecar pods, or two pods Linkerd injects (`linkerd.io/inject`; Linkerd's proxies
 *   connect to the original address and port with mutual TLS): the original port, but the payload
 *   is mTLS: an HTTP parser on the CNI (a Cilium L7 rule) fails, so only an L4 allow admits it.
 * - otherwise (either end outside the mesh, not a pod, or a UDP / SCTP flow, which the mesh does
 *   not capture): the flow as it is, in plaintext.
 * Kubelet health probes to ambient pods arrive from `AMBIENT_HEALTH_PROBE_SOURCE` on the
 * original port (see `healthProbeFlow`).
 */
export function cniHops(flow: LayerFlow, cluster: ClusterInfo): readonly LayerFlow[] {
  if (flow.source.kind !== 'pod' || flow.destination.kind !== 'pod') return [flow];
  const src = flow.source.pod;
  const dst = flow.destination.pod;
  const route = meshRoute(
    src,
    dst,
    flow.protocol,
    (d) => waypointOf(d, cluster),
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
 * The route between two pods, from their data planes and the destination's waypoint
 * (`findWaypoint` is `waypointOf` over the cluster, or a cached form of it), and whether Linkerd
 * meshes them (`linkerd`: `linkerdMeshed` over the cluster; two Linkerd pods talk mTLS on the
 * original port). The mesh captures TCP only: UDP and SCTP always go direct.
 */
export function meshRoute(
  src: PodInfo,
  dst: PodInfo,
  protocol: FlowProtocol,
  findWaypoint: (dst: PodInfo) => Waypoint | undefined,
  linkerd?: (pod: PodInfo) => boolean,
): MeshRoute {
  if (protocol === 'TCP' && linkerd && linkerd(src) && linkerd(dst)) return { kind: 'sidecar-mtls' };
  if (protocol !== 'TCP' || src.dataplane === 'none' || dst.dataplane === 'none') return { kind: 'direct' };
  if (src.dataplane === 'sidecar' && dst.dataplane === 'sidecar') return { kind: 'sidecar-mtls' };
  if (src.dataplane === 'ambient' && dst.dataplane === 'ambient') {
    const wp = findWaypoint(dst);
    if (wp?.pod) return { kind: 'waypoint', waypoint: wp.pod };
    if (wp) return { kind: 'hbone', note: `waypoint ${wp.namespace}/${wp.name} has no pod: traffic goes direct` };
  }
  return { kind: 'hbone' };
}

/** The waypoint an ambient destination uses, and its pod when the cluster has one. */
export function waypointOf(dst: PodInfo, cluster: ClusterInfo): Waypoint | undefined {
  const ns = cluster.namespaces.find((n) => n.name === dst.namespace);
  const services = cluster.services.filter(
    (s) =>
      s.namespace === dst.namespace &&
      Object.keys(s.selector).length > 0 &&
      selectorMatches(
        selectorOf(Object.entries(s.selector).map(([key, v]) => ({ key, operator: 'In' as const, values: [v] }))),
        dst.labels,
      ),
  );
  const holders: LabelMap[] = [dst.labels, ...services.map((s) => s.labels), ns?.labels ?? {}];
  const holder = holders.find((l) => l[USE_WAYPOINT] !== undefined);
  if (!holder || holder[USE_WAYPOINT] === 'none') return undefined;
  // A Service or namespace enrolment takes service-addressed traffic to the waypoint; a pod no
  // Service selects is reached by its own address, which such a waypoint does not handle.
  if (holder !== dst.labels && services.length === 0) return undefined;
  const name = holder[USE_WAYPOINT];
  const namespace = holder[USE_WAYPOINT_NAMESPACE] ?? dst.namespace;
  const pod = cluster.pods.find((p) => p.namespace === namespace && p.labels[GATEWAY_NAME] === name);
  return pod ? { name, namespace, pod } : { name, namespace };
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
