import { ClusterInfo, Finding, LabelMap, PodInfo, ServiceInfo } from '../cluster';
import { GATEWAY_NAME_LABEL, GatewayView, WAYPOINT_CLASS } from './gateway';
import { selectorMatches } from '../match/label-selector';

/** Label enrolling a namespace, Service or pod in a waypoint. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
/** Label naming the namespace of the waypoint of {@link USE_WAYPOINT_LABEL}. */
export const USE_WAYPOINT_NAMESPACE_LABEL = 'istio.io/use-waypoint-namespace';
/** Label on a Gateway choosing which traffic it handles: `service` (default), `workload`, `all`, `none`. */
export const WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';

/** A waypoint in the path of a flow. */
export interface Waypoint {
  readonly gateway: GatewayView;
  /** Service account of the waypoint pods: the identity the destination's ztunnel sees. */
  readonly serviceAccount: string;
  readonly ip?: string;
}

/** Which waypoint, if any, handles traffic to a destination, and why. */
export interface WaypointResolution {
  readonly waypoint?: Waypoint;
  /** The `namespace/name` a label asked for, even when it could not be used. */
  readonly requested?: string;
  readonly findings: readonly Finding[];
}

/** The destination of the traffic: a Service (service-addressed) or the pod itself (workload-addressed). */
export interface WaypointTarget {
  readonly pod: PodInfo;
  readonly service?: ServiceInfo;
  readonly namespaceLabels: LabelMap;
}

/**
 * Resolves the waypoint of an ambient destination as istiod does. The `istio.io/use-waypoint`
 * label of the addressed object (the Service for service-addressed traffic, the pod otherwise)
 * wins over the namespace's; `none` opts out; `istio.io/use-waypoint-namespace` names another
 * namespace. The waypoint is a Gateway of class `istio-waypoint`; it must exist (else traffic
 * bypasses it and its L7 policies), accept the object's namespace on its HBONE listener
 * (`allowedRoutes`, default `Same`), and handle the traffic type (`istio.io/waypoint-for`:
 * `service` by default, `workload`, `all`). Its identity is the service account of its pods
 * (labelled `gateway.networking.k8s.io/gateway-name`), or the Gateway's name when no pod is known.
 *
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 */
export function resolveWaypoint(
  target: WaypointTarget,
  gateways: readonly GatewayView[],
  cluster: ClusterInfo,
): WaypointResolution {
  const { pod, service } = target;
  const ownerKind = service ? `Service ${service.namespace}/${service.name}` : `pod ${pod.namespace}/${pod.name}`;
  const ownerObject = service ? `Service ${service.namespace}/${service.name}` : `Pod ${pod.namespace}/${pod.name}`;
  const namespaceObject = `Namespace ${pod.namespace}`;
  const ownerLabels = service ? service.labels : pod.labels;
  const own = useWaypoint(ownerLabels, pod.namespace);
  if (own === 'none')
    return { findings: [info(`${ownerKind} opts out of waypoints (${USE_WAYPOINT_LABEL}: none)`, ownerObject)] };
  const fromNamespace = own ? undefined : useWaypoint(target.namespaceLabels, pod.namespace);
  if (fromNamespace === 'none')
    return {
      findings: [
        info(`namespace ${pod.namespace} opts out of waypoints (${USE_WAYPOINT_LABEL}: none)`, namespaceObject),
      ],
    };
  const ref = own ?? fromNamespace;
  if (!ref)
    return {
      findings: [info(`no ${USE_WAYPOINT_LABEL} label on ${ownerKind} or namespace ${pod.namespace}: no waypoint`)],
    };
  const requested = `${ref.namespace}/${ref.name}`;
  const labelledBy = own ? ownerKind : `namespace ${pod.namespace}`;
  const labelledObject = own ? ownerObject : namespaceObject;
  const gatewayObject = `Gateway ${requested}`;
  const gateway = gateways.find(
    (gw) => gw.namespace === ref.namespace && gw.name === ref.name && gw.className === WAYPOINT_CLASS,
  );
  if (!gateway) {
    return {
      requested,
      findings: [
        info(
          `${labelledBy} uses waypoint ${requested}, which does not exist (no Gateway of class ${WAYPOINT_CLASS}): ` +
            'traffic goes straight to the destination and the L7 policies of the waypoint are not applied',
          labelledObject,
        ),
      ],
    };
  }
  if (!acceptsNamespace(gateway, pod.namespace, target.namespaceLabels)) {
    return {
      requested,
      findings: [
        info(
          `waypoint ${requested} does not accept namespace ${pod.namespace} (allowedRoutes of its HBONE listener): ` +
            'it is not attached, traffic goes straight to the destination and its L7 policies are not applied',
          gatewayObject,
        ),
      ],
    };
  }
  const trafficType = gateway.labels[WAYPOINT_FOR_LABEL] ?? 'service';
  const wanted = service ? 'service' : 'workload';
  if (trafficType !== wanted && trafficType !== 'all') {
    return {
      requested,
      findings: [
        info(
          `waypoint ${requested} handles ${trafficType} traffic (${WAYPOINT_FOR_LABEL}), not ${wanted} traffic ` +
            `to ${ownerKind}: it is not in the path`,
          gatewayObject,
        ),
      ],
    };
  }
  const pods = cluster.pods
    .filter(
      (candidate) => candidate.namespace === gateway.namespace && candidate.labels[GATEWAY_NAME_LABEL] === gateway.name,
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const instance = pods[0];
  const findings = [info(`${labelledBy} uses waypoint ${requested} for ${wanted} traffic`, labelledObject)];
  if (!instance)
    findings.push(
      info(
        `no pod of waypoint ${requested} is known: its service account is taken to be ${gateway.name}`,
        gatewayObject,
      ),
    );
  return {
    requested,
    waypoint: {
      gateway,
      serviceAccount: instance?.serviceAccount ?? gateway.name,
      ...(instance?.ip !== undefined ? { ip: instance.ip } : {}),
    },
    findings,
  };
}

function useWaypoint(
  labels: LabelMap,
  defaultNamespace: string,
): { readonly name: string; readonly namespace: string } | 'none' | undefined {
  const name = labels[USE_WAYPOINT_LABEL];
  if (name === undefined) return undefined;
  if (name === 'none') return 'none';
  return { name, namespace: labels[USE_WAYPOINT_NAMESPACE_LABEL] ?? defaultNamespace };
}

function acceptsNamespace(gateway: GatewayView, namespace: string, namespaceLabels: LabelMap): boolean {
  const listener = gateway.listeners.find((l) => l.protocol === 'HBONE' && l.port === 15008);
  const from = listener?.allowedFrom ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Selector')
    return listener?.allowedSelector !== undefined && selectorMatches(listener.allowedSelector, namespaceLabels);
  return gateway.namespace === namespace;
}

function info(message: string, object?: string): Finding {
  return { layer: 'istio', ...(object !== undefined ? { object } : {}), message };
}
