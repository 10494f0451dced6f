import { IrTopology, IrWorkload, IrZone } from '../../ir/types';
import { Capability, MeshDataPlane, TargetDescriptor } from '../../plan/target-descriptor';

/** Annotation that has Linkerd inject its proxy into a namespace's pods. */
export const INJECT_ANNOTATION = 'linkerd.io/inject';
/** Annotation that sets the default inbound policy of a namespace's (or a pod's) proxies. */
export const DEFAULT_POLICY_ANNOTATION = 'config.linkerd.io/default-inbound-policy';

/**
 * The default inbound policy a meshed zone needs: `deny` when it denies ingress,
 * `all-authenticated` when its namespace-wide mTLS mode is STRICT (only meshed clients), else
 * none (the cluster default applies).
 */
export function zoneDefaultPolicy(zone: IrZone, ir: IrTopology): string | undefined {
  if (zone.denyIngress) return 'deny';
  const mtls = ir.mtls.find((m) => m.workload === undefined && m.zone === zone.id);
  return mtls?.mode === 'STRICT' ? 'all-authenticated' : undefined;
}

/**
 * The annotations of a meshed zone: injection on its namespace, and the default inbound policy on
 * the namespace when every meshed zone of that namespace needs the same one, else on the zone's
 * pods (reported: the topology does not write pods).
 */
function enrolmentAnnotations(
  zone: IrZone,
  ir: IrTopology,
): {
  namespace: { [key: string]: string };
  pods: { [key: string]: string };
  workloads: { [id: string]: { [key: string]: string } };
} {
  const policy = zoneDefaultPolicy(zone, ir);
  const neighbours = ir.zones.filter((z) => z.namespace === zone.namespace && z.meshed);
  const shared = neighbours.every((z) => zoneDefaultPolicy(z, ir) === policy);
  const namespace: { [key: string]: string } = { [INJECT_ANNOTATION]: 'enabled' };
  if (policy !== undefined && shared) namespace[DEFAULT_POLICY_ANNOTATION] = policy;
  const workloads: { [id: string]: { [key: string]: string } } = {};
  for (const w of ir.workloads) {
    if (w.zone !== zone.id || !w.meshed || w.system !== undefined || zone.denyIngress) continue;
    const own = workloadDefaultPolicy(w, ir);
    if (own !== undefined && own !== (policy ?? 'all-unauthenticated'))
      workloads[w.id] = { [DEFAULT_POLICY_ANNOTATION]: own };
  }
  return { namespace, pods: policy !== undefined && !shared ? { [DEFAULT_POLICY_ANNOTATION]: policy } : {}, workloads };
}

/**
 * The default inbound policy a tier's own mTLS mode asks for in a zone that keeps ingress open:
 * `all-authenticated` when STRICT, `all-unauthenticated` when PERMISSIVE; undefined when the tier
 * sets no mode.
 */
export function workloadDefaultPolicy(w: IrWorkload, ir: IrTopology): string | undefined {
  const mode = ir.mtls.find((m) => m.workload === w.id)?.mode;
  return mode === 'STRICT' ? 'all-authenticated' : mode === 'PERMISSIVE' ? 'all-unauthenticated' : undefined;
}

/**
 * Linkerd's data plane as the planner sees it: a proxy in every meshed pod (no ambient mode),
 * enrolled by the `linkerd.io/inject` namespace annotation. Between meshed pods the client's proxy
 * dials the destination proxy's inbound port 4143 ("any NetworkPolicy which blocks the Linkerd
 * inbound port (4143) will block all meshed traffic"); the proxy's admin server listens on 4191
 * (metrics, scraped by linkerd-viz's Prometheus). Proxies dial the control plane in the `linkerd`
 * namespace: identity on 8080, destination on 8086 and the policy controller (a container of the
 * destination pod) on 8090.
 *
 * @see https://linkerd.io/2/common-errors/network-policy/
 * @see https://linkerd.io/2/reference/proxy-configuration/
 * @see https://linkerd.io/2/reference/controlplane-port-names/
 * @see https://linkerd.io/2/reference/architecture/
 */
export const LINKERD_DATA_PLANE: MeshDataPlane = {
  // The ambient-only facts (tunnel, probe source, waypoints) are never read: `modes` refuses ambient.
  tunnelPort: 4143,
  tunnelName: 'Linkerd proxy inbound',
  controlPlanePort: 8086,
  controlPlaneLabels: { 'linkerd.io/control-plane-component': 'destination' },
  ambientProbeSource: '0.0.0.0/32',
  waypoint: (namespace) => {
    throw new Error(`Linkerd has no waypoints (namespace ${namespace}): it runs sidecar proxies only`);
  },
  enrolmentLabels: () => ({}),
  modes: ['sidecar'],
  enrolmentAnnotations,
  controlPlaneNamespace: 'linkerd',
  controlPlaneEndpoints: [
    { name: 'identity', labels: { 'linkerd.io/control-plane-component': 'identity' }, port: 8080 },
    { name: 'destination', labels: { 'linkerd.io/control-plane-component': 'destination' }, port: 8086 },
    { name: 'policy', labels: { 'linkerd.io/control-plane-component': 'destination' }, port: 8090 },
  ],
  podAnnotations: { meshed: { [INJECT_ANNOTATION]: 'enabled' }, unmeshed: { [INJECT_ANNOTATION]: 'disabled' } },
  proxyInboundPort: 4143,
  proxyAdmin: { port: 4191, namespace: 'linkerd-viz', podLabels: { component: 'prometheus' } },
  // Consumer routes: indexed per client namespace since linkerd/linkerd2#11118 ("Add support for consumer routes").
  consumerRoutes: true,
};

/**
 * The Linkerd target's descriptor: a mesh enforcement point. Not expressible, hence not declared:
 * namespaces by label, port ranges, named ports, DNS names, entities, SCTP, Kafka.
 */
export const linkerdDescriptor: TargetDescriptor = {
  name: 'linkerd',
  title: 'Linkerd',
  enforcementPoint: 'mesh',
  capabilities: new Set<Capability>([
    Capability.L3_PODS,
    Capability.ANY_PEER,
    Capability.CIDR,
    Capability.L4_PORTS,
    Capability.L7_HTTP,
    Capability.L7_HTTP_REGEX,
    Capability.MTLS,
    Capability.IDENTITY,
    Capability.DEFAULT_DENY,
  ]),
  mesh: LINKERD_DATA_PLANE,
};
