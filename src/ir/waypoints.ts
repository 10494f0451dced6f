import { IrTopology, IrWaypoint, IrWorkload } from './types';

/** The waypoint a namespace's label names: the one its zones are bound to, else its automatic one. */
export function namespaceWaypoint(ir: IrTopology, namespace: string): IrWaypoint | undefined {
  const bound = ir.zones.find((z) => z.namespace === namespace && z.waypoint !== undefined)?.waypoint;
  return ir.mesh.waypoints.find(
    (wp) => wp.namespace === namespace && (bound === undefined ? wp.path === undefined : wp.name === bound),
  );
}

/**
 * The waypoint in front of a workload in ambient mode, as planned (`ir.mesh.waypoints`): the one
 * the tier is bound to (`tier.useWaypoint`), else its namespace's (`zone.useWaypoint`, or the
 * automatic `<namespace>-waypoint` of a namespace without named waypoints). Which traffic passes
 * it is the waypoint's `for`: Service-addressed traffic (`service`, `all`), pod-addressed traffic
 * (`workload`, `all`).
 */
export function waypointOfWorkload(ir: IrTopology, w: IrWorkload): IrWaypoint | undefined {
  if (ir.mesh.mode !== 'ambient') return undefined;
  if (w.waypoint !== undefined)
    return ir.mesh.waypoints.find((wp) => wp.namespace === w.namespace && wp.name === w.waypoint);
  return namespaceWaypoint(ir, w.namespace);
}
