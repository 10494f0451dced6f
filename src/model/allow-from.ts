import { Construct } from 'constructs';
import { freeId, registerMember } from './markers';
import { HttpMatch } from '../values/http-match';
import { KafkaFallback, KafkaMatch } from '../values/kafka-match';
import { Problem } from '../validation/codes';
import { IPeer } from '../values/peer';
import { Port } from '../values/port';

/** What an edge allows beyond its two ends. */
export interface AllowOptions {
  /**
   * Destination (pod) ports.
   * @default - the destination tier's declared ports; HTTPS (443/TCP) for DNS names, as
   * `EgressFqdn`; every port when the destination is another peer or a tier that declares none
   */
  readonly ports?: Port[];
  /**
   * HTTP (and gRPC, see `HttpMatch.grpc`) requests allowed; any one must match. Enforced by the
   * profile's L7 layer (Cilium, or Istio when the destination is meshed).
   * @default - every request (L4 only)
   */
  readonly http?: HttpMatch[];
  /**
   * Kafka ACLs allowed (Cilium before 1.20 only).
   * @default - every Kafka request (L4 only)
   */
  readonly kafka?: KafkaMatch[];
  /**
   * What the Kafka rules become in a profile where no layer sees Kafka (plain NetworkPolicy,
   * Calico, Istio, Linkerd, Cilium 1.20 and later): `KafkaFallback.L4` opens the edge's ports at
   * L4 there and reports it (kind `FALLBACK`), so one program serves every cluster. Needs `kafka`
   * (ZT147).
   * @default KafkaFallback.NONE
   */
  readonly kafkaFallback?: KafkaFallback;
}

/** Props of an AllowFrom edge. */
export interface AllowFromProps extends AllowOptions {
  /** The source: a Tier, or a Peer. */
  readonly from: IPeer;
  /** The destination: a Tier, or a Peer. */
  readonly to: IPeer;
}

/**
 * An edge of the topology: `from` may open connections to `to`. It renders on both ends: egress
 * on the source tier, ingress on the destination tier. Usually created with `tier.allowFrom()` /
 * `tier.allowTo()`; `a.allowTo(b)` and `b.allowFrom(a)` state the same edge and produce one rule.
 *
 * @example
 * api.allowFrom(frontend, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/api/v1/products')] });
 */
export class AllowFrom extends Construct {
  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: AllowFromProps;
  /** Problems found where the edge was stated (a verb given a bad peer or options). @internal */
  public readonly _problems: Problem[] = [];

  public constructor(scope: Construct, id: string, props: AllowFromProps) {
    super(scope, freeId(scope, id, 'AllowFrom'));
    this._props = props;
    registerMember(this, 'AllowFrom');
  }
}
