import { ClusterInfo, Flow, FlowProtocol, LayerDecision } from './cluster';
import { Bitset } from './engine/bitset';
import { Identity } from './identity';
import { VerifyOptions } from './options';
import { PolicySet } from './policy-set';

/**
 * What a data plane sees of a connection's bytes.
 * - `plain`: the application protocol itself (an HTTP proxy can parse it);
 * - `mtls`: mesh mutual TLS (sidecar to sidecar, or HBONE): an HTTP proxy on the path cannot
 *   parse it, so any L7 rule on that port denies the connection.
 */
export type Payload = 'plain' | 'mtls';

/** Where a layer enforces: layers of one point form a union, points an intersection. */
export type EnforcementPoint = 'cni' | 'mesh';

/**
 * A flow as one enforcement point sees it. The CNI may see a different port than the
 * application uses (ambient HBONE on 15008) and an encrypted payload; the mesh sees the
 * original flow.
 */
export interface LayerFlow extends Flow {
  /** @default 'plain' */
  readonly payload?: Payload;
  /** When the flow is one hop of a mesh path, which hop (`source → waypoint ns/name`). */
  readonly hop?: string;
}

/**
 * A decider for many identity pairs at one port, for `allPairs`. It must agree with
 * `PolicyLayer.decide` for every pair of pods of those identities.
 */
export interface BulkDecider {
  /** Whether the layer allows identity `src` → identity `dst` (indexes into the identity list). */
  allows(src: number, dst: number, payload: Payload): boolean;
  /**
   * Every destination identity `src` may reach, at once: the `dst` for which `allows` is true,
   * as a new set the caller owns. Optional: it lets `allPairs` work a row of bits at a time
   * instead of pair by pair.
   */
  destinations?(src: number, payload: Payload): Bitset;
}

/**
 * One policy layer: reads the objects of its kinds and decides flows. Built by a
 * `LayerFactory` from the policy set, once per evaluation context.
 */
export interface PolicyLayer {
  /** Layer name, as profiles spell it: `kubernetes`, `cilium`, `istio`. */
  readonly name: string;
  readonly enforcementPoint: EnforcementPoint;
  /** Whether the layer judges HTTP requests; a layer without L7 judges a request at L4. */
  readonly l7: boolean;
  /** Decides one flow. */
  decide(flow: LayerFlow, cluster: ClusterInfo): LayerDecision;
  /** Optional fast path for `allPairs`; without it, `decide` runs once per identity pair. */
  bulk?(identities: readonly Identity[], cluster: ClusterInfo, port: number, protocol: FlowProtocol): BulkDecider;
}

/** Builds a layer from the policies it enforces. */
export type LayerFactory = (policies: PolicySet, options: VerifyOptions) => PolicyLayer;
