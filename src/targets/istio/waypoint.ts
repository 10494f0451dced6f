import { IrLabels, IrTopology, IrWaypoint, IrWorkload } from '../../ir/types';
import { waypointOfWorkload } from '../../ir/waypoints';
import { HBONE_PORT } from './descriptor';
import { GATEWAY_API_VERSION, objectMeta, WaypointGatewayManifest } from './manifests';

/** The GatewayClass Istio implements waypoints with. */
export const WAYPOINT_CLASS = 'istio-waypoint';

/** The label that says which traffic a waypoint handles (`service`, `workload`, `all`). */
export const WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';

/**
 * The waypoint Gateway: class `istio-waypoint`, one listener `{name: mesh, port: 15008, protocol:
 * HBONE}`, labelled with the traffic it handles (B3.8).
 *
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 */
export function waypointGateway(waypoint: IrWaypoint, labels: IrLabels): WaypointGatewayManifest {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata: objectMeta(waypoint.name, waypoint.namespace, labels, { [WAYPOINT_FOR_LABEL]: waypoint.for }),
    spec: {
      gatewayClassName: WAYPOINT_CLASS,
      listeners: [{ name: 'mesh', port: HBONE_PORT, protocol: 'HBONE' }],
    },
  };
}

/**
 * The waypoint a workload's inbound Service traffic passes in ambient mode: the one it is bound
 * to, else its namespace's (`waypointOfWorkload`), when the workload has a Service
 * (service-addressed traffic is what a waypoint receives by default, and a waypoint policy
 * attaches to a Service).
 */
export function waypointFor(ir: IrTopology, w: IrWorkload): IrWaypoint | undefined {
  if (ir.mesh.mode !== 'ambient' || w.service === undefined) return undefined;
  return waypointOfWorkload(ir, w);
}

/**
 * The Service ports in front of the given pod (target) ports, as Istio port strings, sorted
 * numerically and without duplicates; `undefined` (every port) stays `undefined`. Returns the
 * target ports no TCP Service port reaches in `unreached`.
 *
 * A waypoint policy matches the port of the connection the waypoint receives, which is the
 * Service port: istiod builds the waypoint's inbound filter chains per Service port, keyed by the
 * destination port `port.Port` with `TargetPort: port.Port` (istio/istio,
 * pilot/pkg/networking/core/listener_waypoint.go, `buildWaypointInternal`), and a waypoint access
 * log shows `inbound-vip|8000|http|httpbin...` with the Service VIP and port 8000 as local address
 * while the upstream pod listens on 80 (istio/istio#43476). The destination ztunnel, behind the
 * waypoint, sees the pod port.
 */
export function servicePortsFor(
  w: IrWorkload,
  targetPorts: readonly string[] | undefined,
): { readonly ports: readonly string[] | undefined; readonly unreached: readonly string[] } {
  if (targetPorts === undefined) return { ports: undefined, unreached: [] };
  const found = new Set<number>();
  const unreached: string[] = [];
  for (const target of targetPorts) {
    const matching = (w.service?.ports ?? []).filter((sp) => sp.protocol === 'TCP' && String(sp.targetPort) === target);
    if (matching.length === 0) unreached.push(target);
    for (const sp of matching) found.add(sp.port);
  }
  return { ports: [...found].sort((a, b) => a - b).map(String), unreached };
}
