import { IConstruct } from 'constructs';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { describeValue } from '../validation/input';
import { findEnclosing, TOPOLOGY_BRAND, ZONE_BRAND } from './markers';
import { Waypoint } from './waypoint';

/**
 * Checks a binding at once: a Waypoint of this library, in a zone of the same namespace and
 * topology as the binding scope.
 */
export function checkWaypointBinding(scope: IConstruct, namespace: string, waypoint: unknown, verb: string): void {
  if (!(waypoint instanceof Waypoint)) {
    throw new ZeroTrustError(
      ErrorCode.WAYPOINT_PLACEMENT,
      `${scope.node.path}: ${verb} takes a Waypoint, not ${describeValue(waypoint)}. Create one with new Waypoint(zone, 'name')`,
    );
  }
  const zone = findEnclosing(waypoint, ZONE_BRAND) as (IConstruct & { namespace: string }) | undefined;
  if (!zone) {
    throw new ZeroTrustError(
      ErrorCode.WAYPOINT_PLACEMENT,
      `${scope.node.path}: Waypoint '${waypoint.node.path}' is not inside a Zone. Create it with the zone whose namespace it serves as its scope`,
    );
  }
  if (findEnclosing(waypoint, TOPOLOGY_BRAND) !== findEnclosing(scope, TOPOLOGY_BRAND)) {
    throw new ZeroTrustError(
      ErrorCode.WAYPOINT_PLACEMENT,
      `${scope.node.path}: Waypoint '${waypoint.node.path}' belongs to another topology. Use a waypoint of the same topology`,
    );
  }
  if (zone.namespace !== namespace) {
    throw new ZeroTrustError(
      ErrorCode.WAYPOINT_PLACEMENT,
      `${scope.node.path}: Waypoint '${waypoint.node.path}' runs in namespace '${zone.namespace}', not '${namespace}'. Create a waypoint in a zone of namespace '${namespace}'`,
    );
  }
}
