import { Construct } from 'constructs';
import { Dns } from './dns';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { brand, ZONE_BRAND, freeId, registerMember } from './markers';
import { PodSecurityProps } from './pod-security';
import { Waypoint } from './waypoint';
import { checkWaypointBinding } from './waypoint-binding';

/** Which directions a zone denies by default. */
export enum DefaultDeny {
  /** Deny ingress and egress (DNS stays allowed unless `dns: Dns.none()`). */
  BOTH = 'BOTH',
  /** Deny ingress only; egress stays open. */
  INGRESS = 'INGRESS',
  /** Deny egress only; ingress stays open. */
  EGRESS = 'EGRESS',
  /** Deny nothing: edges in this zone add no restriction. */
  NONE = 'NONE',
}

/** Props of a Zone. */
export interface ZoneProps {
  /**
   * The namespace of the zone.
   * @default - the zone's construct id
   */
  readonly namespace?: string;
  /**
   * Pod labels narrowing the zone inside its namespace, for zones that share a namespace.
   * @default - every pod of the namespace
   */
  readonly podSelector?: { [key: string]: string };
  /**
   * Directions denied by default.
   * @default DefaultDeny.BOTH
   */
  readonly defaultDeny?: DefaultDeny;
  /**
   * The DNS allowance kept when egress is denied.
   * @default Dns.kubeDns()
   */
  readonly dns?: Dns;
  /**
   * Emit the Namespace object (with the mesh labels the zone needs).
   * @default false - the namespace is managed elsewhere; labels it needs are reported
   */
  readonly manageNamespace?: boolean;
  /**
   * Whether the zone's pods are in the mesh (when the topology has one).
   * @default true when the topology's mesh is not NONE
   */
  readonly mesh?: boolean;
  /**
   * Pod Security admission labels for the zone's namespace (`pod-security.kubernetes.io/enforce:
   * restricted` ...): emitted on the Namespace when the zone manages it, else reported (ZT208).
   * Zones sharing a namespace must agree on them.
   * @default - no Pod Security labels
   */
  readonly podSecurity?: PodSecurityProps;
}

/**
 * A security zone: by default one namespace. It denies ingress and egress by default, keeps DNS
 * working, and holds tiers.
 *
 * @example
 * const prod = new Zone(shop, 'production', { namespace: 'production' });
 */
export class Zone extends Construct {
  /** Namespace of the zone. */
  public readonly namespace: string;
  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: ZoneProps;

  public constructor(scope: Construct, id: string, props: ZoneProps = {}) {
    super(scope, freeId(scope, id, 'Zone'));
    brand(this, ZONE_BRAND);
    this._props = props;
    registerMember(this, 'Zone');
    this.namespace = props.namespace ?? id;
  }

  /**
   * Sends the traffic of the zone's whole namespace through a waypoint of that namespace (ambient
   * mode): the Namespace carries `istio.io/use-waypoint: <name>`, so every zone of the namespace
   * shares it. A tier's own `useWaypoint` wins over it.
   * @param waypoint a Waypoint created in a zone of the same namespace
   */
  public useWaypoint(waypoint: Waypoint): void {
    checkWaypointBinding(this, this.namespace, waypoint, 'useWaypoint');
    if (this.boundWaypoint !== undefined && this.boundWaypoint !== waypoint) {
      throw new ZeroTrustError(
        ErrorCode.WAYPOINT_BINDING_CONFLICT,
        `${this.node.path}: the zone already uses waypoint '${this.boundWaypoint.name}'. A namespace uses one waypoint. Use tier.useWaypoint for the tiers that need another`,
      );
    }
    this.boundWaypoint = waypoint;
  }

  /**
   * The waypoint the zone is bound to.
   * @internal
   */
  public get _waypoint(): Waypoint | undefined {
    return this.boundWaypoint;
  }

  private boundWaypoint?: Waypoint;
}
