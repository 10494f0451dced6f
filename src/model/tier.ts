import { Construct } from 'constructs';
import { Protocol } from '../values/protocol';
import { IPeer, PeerReference } from '../values/peer';
import { Port } from '../values/port';
import { AllowFrom, AllowOptions } from './allow-from';
import { _checkPeer as checkPeer } from '../values/peer';
import { checkOptionalObject } from '../validation/input';
import { ErrorCode, Problem, ZeroTrustError } from '../validation/codes';
import { brand, findEnclosing, TIER_BRAND, freeId, registerMember, ZONE_BRAND } from './markers';
import { Waypoint } from './waypoint';
import { checkWaypointBinding } from './waypoint-binding';

/** The application protocol a tier speaks on its ports. */
export enum AppProtocol {
  /** Opaque TCP. */
  TCP = 'tcp',
  /** HTTP/1.1 or HTTP/2. */
  HTTP = 'http',
  /** gRPC (HTTP/2). */
  GRPC = 'grpc',
  /** Kafka. */
  KAFKA = 'kafka',
}

/** One port of a tier's Service. */
export interface ServicePortMapping {
  /** Service port. */
  readonly port: number;
  /**
   * Pod (target) port.
   * @default - same as `port`
   */
  readonly targetPort?: number;
  /**
   * Port name.
   * @default - none
   */
  readonly name?: string;
  /**
   * Protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/** The Service in front of a tier. */
export interface TierService {
  /** Service name. */
  readonly name: string;
  /**
   * Port mapping.
   * @default - one service port per tier port, same number
   */
  readonly ports?: ServicePortMapping[];
}

/** Props of a Tier. */
export interface TierProps {
  /**
   * Pod labels selecting the tier (the zone's pod selector is added). Required unless the tier is
   * made with `Tier.fromWorkload`.
   * @default - none
   */
  readonly selector?: { [key: string]: string };
  /**
   * Service account: the tier's mesh identity.
   * @default - none (mesh targets cannot name the tier as a source)
   */
  readonly serviceAccount?: string;
  /**
   * Container ports the tier serves; the default ports of edges into it.
   * @default []
   */
  readonly ports?: Port[];
  /**
   * Application protocol.
   * @default AppProtocol.TCP
   */
  readonly protocol?: AppProtocol;
  /**
   * The Service in front of the tier (routes and waypoints attach to it).
   * @default - none
   */
  readonly service?: TierService;
  /**
   * Whether the tier's pods are in the mesh.
   * @default - the zone's setting
   */
  readonly mesh?: boolean;
  /**
   * Tiers whose selectors also match this tier's pods, on purpose (e.g. `{ app: 'a' }` and this
   * tier's `{ app: 'a', role: 'admin' }`). Without it such an overlap fails synth (ZT127), since
   * every edge of the wider tier would silently reach this tier too. With it, the pods both select
   * belong to this tier only: the wider tier's policies and peers exclude them (a `NotIn`
   * requirement on the one label that tells them apart). Targets that cannot exclude pods from a
   * selector (Istio) refuse it (ZT134).
   * @default - no overlap allowed
   */
  readonly allowOverlapWith?: Tier[];
}

/** Options of `Tier.fromWorkload`. */
export interface TierFromWorkloadOptions {
  /**
   * The workload's Service (a cdk8s-plus `Service` or any construct whose ApiObject is a v1 Service).
   * @default - none
   */
  readonly service?: Construct;
  /**
   * Application protocol.
   * @default AppProtocol.TCP
   */
  readonly protocol?: AppProtocol;
  /**
   * Whether the tier's pods are in the mesh.
   * @default - the zone's setting
   */
  readonly mesh?: boolean;
}

/**
 * A group of pods in a zone: a label selector, a service account (mesh identity), ports and an
 * application protocol. Edges are stated with symmetric verbs on the tier.
 *
 * @example
 * const api = new Tier(prod, 'backend-api', { selector: { app: 'backend-api' }, serviceAccount: 'backend-api', ports: [Port.tcp(8080)] });
 * api.allowFrom(frontend, { ports: [Port.tcp(8080)] });
 */
export class Tier extends Construct implements IPeer {
  /**
   * A tier whose selector, service account and container ports come from a workload: a
   * cdk8s-plus `Deployment`, `StatefulSet` or `DaemonSet` (or any construct whose ApiObject is one).
   * They are read when the topology compiles (at synth, or at the first `chartFor` / `objectsOf` /
   * `findObject`), so changes to the workload made before then are seen.
   */
  public static fromWorkload(
    scope: Construct,
    id: string,
    workload: Construct,
    options: TierFromWorkloadOptions = {},
  ): Tier {
    const tier = new Tier(scope, id, { protocol: options.protocol, mesh: options.mesh });
    tier.workloadSource = workload;
    tier.serviceSource = options.service;
    return tier;
  }

  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: TierProps;
  private workloadSource?: Construct;
  private serviceSource?: Construct;
  private readonly edgeIds = new Map<string, number>();

  public constructor(scope: Construct, id: string, props: TierProps = {}) {
    super(scope, freeId(scope, id, 'Tier'));
    brand(this, TIER_BRAND);
    this._props = props;
    registerMember(this, 'Tier');
  }

  /**
   * The workload the tier reads its selector, service account and ports from (`fromWorkload`).
   * @internal
   */
  public get _workload(): Construct | undefined {
    return this.workloadSource;
  }

  /**
   * The Service the tier reads its service name and ports from (`fromWorkload`).
   * @internal
   */
  public get _serviceConstruct(): Construct | undefined {
    return this.serviceSource;
  }

  /** `tier <path>`. */
  public get peerDescription(): string {
    return `tier ${this.node.path}`;
  }

  /** What an edge to this tier names. */
  public get peerReference(): PeerReference {
    return PeerReference._of(this);
  }

  /**
   * Sends the traffic into this tier through a waypoint of its namespace (ambient mode), whatever
   * its zone uses: Service traffic when the waypoint handles it (the tier's Service carries
   * `istio.io/use-waypoint: <name>`), pod-addressed traffic when it handles workload traffic (the
   * pods carry it). The library emits neither, so synth reports the labels to apply (ZT205).
   * @param waypoint a Waypoint created in a zone of the tier's namespace
   */
  public useWaypoint(waypoint: Waypoint): void {
    const zone = findEnclosing(this, ZONE_BRAND) as (Construct & { namespace: string }) | undefined;
    checkWaypointBinding(this, zone?.namespace ?? '', waypoint, 'useWaypoint');
    if (this.boundWaypoint !== undefined && this.boundWaypoint !== waypoint) {
      throw new ZeroTrustError(
        ErrorCode.WAYPOINT_BINDING_CONFLICT,
        `${this.node.path}: the tier already uses waypoint '${this.boundWaypoint.name}'. Give each tier one waypoint`,
      );
    }
    this.boundWaypoint = waypoint;
  }

  /**
   * The waypoint the tier is bound to.
   * @internal
   */
  public get _waypoint(): Waypoint | undefined {
    return this.boundWaypoint;
  }

  private boundWaypoint?: Waypoint;

  /** Allows `peer` to open connections to this tier. */
  public allowFrom(peer: IPeer, options: AllowOptions = {}): AllowFrom {
    return this.edge('allowFrom', peer, options, (p) => ({ from: p, to: this }));
  }

  /** Allows this tier to open connections to `peer`. */
  public allowTo(peer: IPeer, options: AllowOptions = {}): AllowFrom {
    return this.edge('allowTo', peer, options, (p) => ({ from: this, to: p }));
  }

  /**
   * States an edge. A peer or options of the wrong kind (JavaScript callers) still make an
   * AllowFrom, which carries the problem to synth under its own path.
   */
  private edge(
    verb: string,
    peer: IPeer,
    options: AllowOptions,
    ends: (p: IPeer) => { from: IPeer; to: IPeer },
  ): AllowFrom {
    const problems = [
      checkPeer(`the peer of ${verb}`, peer),
      checkOptionalObject(`the options of ${verb}`, options),
    ].filter((x): x is Problem => x !== undefined);
    const opts = problems.length === 0 ? options : {};
    const edge = new AllowFrom(
      this,
      this.edgeId(verb === 'allowFrom' ? 'from' : 'to', problems.length === 0 ? peer : undefined),
      { ...opts, ...ends(peer) },
    );
    edge._problems.push(...problems);
    return edge;
  }

  private edgeId(dir: string, peer: IPeer | undefined): string {
    const end = peer?.peerReference._end;
    const other =
      peer === undefined
        ? 'invalid-peer'
        : end instanceof Tier
          ? end.node.id
          : peer.peerDescription.replace(/[^A-Za-z0-9.=,*-]+/g, '-');
    const base = `${dir}-${other}`.replace(/\//g, '-');
    const n = (this.edgeIds.get(base) ?? 0) + 1;
    this.edgeIds.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  }
}
