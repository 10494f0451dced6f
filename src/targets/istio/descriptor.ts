import { GATEWAY_NAME_LABEL } from '../../ir/routes';
import { Capability, MeshDataPlane, TargetDescriptor } from '../../plan/target-descriptor';

/** The HBONE port: ztunnel and waypoints tunnel TCP between ambient pods on it. */
export const HBONE_PORT = 15008;

/**
 * Istio's data plane as the planner sees it: HBONE between ambient pods, istiod on 15012, kubelet
 * probes from the istio-cni link-local address, waypoints named `<namespace>-waypoint` and
 * enrolment by namespace labels.
 *
 * @see https://istio.io/latest/docs/ambient/architecture/hbone/
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 */
export const ISTIO_DATA_PLANE: MeshDataPlane = {
  tunnelPort: HBONE_PORT,
  tunnelName: 'HBONE',
  controlPlanePort: 15012,
  controlPlaneLabels: { app: 'istiod' },
  ambientProbeSource: '169.254.7.127/32',
  waypoint: (namespace, named) => {
    const name = named ?? `${namespace}-waypoint`;
    // Istio deploys waypoint pods with the Gateway API gateway-name label only.
    return { name, serviceAccount: name, podSelector: { [GATEWAY_NAME_LABEL]: name } };
  },
  // A Service or pod joins a waypoint with the label the namespace carries for the whole namespace.
  waypointBindingLabels: (waypoint, ingressUsesWaypoint): { [key: string]: string } => ({
    'istio.io/use-waypoint': waypoint,
    ...(ingressUsesWaypoint ? { 'istio.io/ingress-use-waypoint': 'true' } : {}),
  }),
  enrolmentLabels: (mode, waypoint, ingressUsesWaypoint): { [key: string]: string } =>
    mode === 'ambient'
      ? {
          'istio.io/dataplane-mode': 'ambient',
          ...(waypoint ? { 'istio.io/use-waypoint': waypoint } : {}),
          // Ingress gateway traffic skips the waypoint unless asked to use it (Istio 1.23+).
          ...(waypoint && ingressUsesWaypoint ? { 'istio.io/ingress-use-waypoint': 'true' } : {}),
        }
      : { 'istio-injection': 'enabled' },
  // Consumer routes: Istio passes the Gateway API MeshConsumerRoute conformance test (kubernetes-sigs/gateway-api#2029).
  consumerRoutes: true,
};

/**
 * The Istio target's descriptor: a mesh enforcement point. Not expressible, hence not declared:
 * namespaces by label, regex paths, port ranges, named ports, DNS names, entities, SCTP, Kafka.
 * Istio's gateway class `istio` deploys gateway pods under the service account `<gateway>-istio`.
 */
export const istioDescriptor: TargetDescriptor = {
  name: 'istio',
  title: 'Istio',
  enforcementPoint: 'mesh',
  capabilities: new Set<Capability>([
    Capability.L3_PODS,
    Capability.ANY_PEER,
    Capability.CIDR,
    Capability.L4_PORTS,
    Capability.L7_HTTP,
    Capability.MTLS,
    Capability.IDENTITY,
    Capability.DEFAULT_DENY,
    Capability.GUARDRAILS,
  ]),
  mesh: ISTIO_DATA_PLANE,
  // istiod serves and installs GatewayClass 'istio' with this controller (Istio docs, Gateway API task).
  gatewayClasses: [
    {
      className: 'istio',
      serviceAccount: (gateway) => `${gateway}-istio`,
      ingressEntity: false,
      controllerName: 'istio.io/gateway-controller',
    },
  ],
};
