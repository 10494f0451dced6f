import { Construct } from 'constructs';
import { ErrorCode, Problem, ZeroTrustError } from '../validation/codes';
import { checkEnum, checkOptionalObject, checkOptionalString } from '../validation/input';
import { checkDnsLabel } from '../validation/names';
import { freeId, registerMember } from './markers';

/**
 * Which traffic a waypoint handles (Istio's `istio.io/waypoint-for` label).
 *
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/#waypoint-traffic-types
 */
export enum WaypointTraffic {
  /** Traffic addressed to a Service (its name or ClusterIP): Istio's default. */
  SERVICE = 'service',
  /** Traffic addressed to a pod's own IP (headless Services, pod IPs). */
  WORKLOAD = 'workload',
  /** Both Service- and pod-addressed traffic. */
  ALL = 'all',
}

/** Props of a Waypoint. */
export interface WaypointProps {
  /**
   * The waypoint's name: its Gateway, Deployment and service account (its mesh identity), and the
   * value of the `istio.io/use-waypoint` labels that bind to it. A DNS-1123 label of at most 63
   * characters.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Which traffic the waypoint handles.
   * @default WaypointTraffic.SERVICE
   */
  readonly traffic?: WaypointTraffic;
}

/**
 * A named ambient waypoint proxy in a zone's namespace (Istio: a Gateway of class
 * `istio-waypoint`, as `istioctl waypoint apply --name <name>` creates). Bind the whole namespace
 * with `zone.useWaypoint(waypoint)` (a Namespace label) or single tiers with
 * `tier.useWaypoint(waypoint)` (a label on the tier's Service, or pods for workload traffic).
 * L7 rules into a bound tier are enforced by its waypoint. Without any `Waypoint` in a namespace,
 * the namespace of tiers with L7 rules gets an automatic `<namespace>-waypoint`.
 *
 * @example
 * const wp = new Waypoint(prod, 'backend-waypoint');
 * api.useWaypoint(wp);
 */
export class Waypoint extends Construct {
  /** The waypoint's name (its Gateway and service account). */
  public readonly name: string;
  /** Which traffic it handles. */
  public readonly traffic: WaypointTraffic;
  /**
   * The props as given.
   * @internal
   */
  public readonly _props: WaypointProps;

  public constructor(scope: Construct, id: string, props: WaypointProps = {}) {
    // Checked before the construct joins the tree: a refused waypoint leaves nothing behind.
    super(scope, checkWaypoint(freeId(scope, id, 'Waypoint'), props));
    const name = props.name ?? id;
    this._props = props;
    this.name = name;
    this.traffic = props.traffic ?? WaypointTraffic.SERVICE;
    registerMember(this, 'Waypoint');
  }
}

/** The id, once the props are a valid waypoint's; throws ZT180 otherwise. */
function checkWaypoint(id: string, props: WaypointProps): string {
  const shape = [
    checkOptionalObject('Waypoint props', props),
    ...(props !== null && typeof props === 'object'
      ? [
          checkOptionalString('Waypoint name', props.name, "'backend-waypoint'"),
          checkEnum(
            'Waypoint traffic',
            props.traffic,
            WaypointTraffic as unknown as { [k: string]: string },
            'WaypointTraffic',
            true,
          ),
        ]
      : []),
  ].filter((p): p is Problem => p !== undefined);
  if (shape.length > 0) throw new ZeroTrustError(ErrorCode.INVALID_WAYPOINT, shape.map((p) => p.message).join('; '));
  const bad = checkDnsLabel('Waypoint name', props.name ?? id);
  if (bad) throw new ZeroTrustError(ErrorCode.INVALID_WAYPOINT, bad.message);
  return id;
}
