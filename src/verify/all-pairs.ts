import { ClusterInfo, FlowProtocol, PodInfo } from './cluster';
import { Bitset } from './engine/bitset';
import { Verifier } from './evaluate';
import { groupIdentities, Identity, identityKey } from './identity';
import { BulkDecider, PolicyLayer } from './layer';
import { HBONE_PORT, meshRoute, Waypoint, waypointOf } from './mesh-path';
import { VerifyOptions } from './options';
import { PolicySet } from './policy-set';
import { Profile } from './profile';

/** A port probed by `allPairs`. */
export interface PortProbe {
  readonly port: number;
  readonly protocol: FlowProtocol;
}

/**
 * Which identities may reach which, per probed port: for each port and each source identity, the
 * set of destination identities allowed (L4 flows, no request).
 */
export class ReachabilityMatrix {
  /** @internal */
  public constructor(
    public readonly identities: readonly Identity[],
    public readonly ports: readonly PortProbe[],
    /** `rows[portIndex][src]`: allowed destination identities. */
    private readonly rows: readonly (readonly Bitset[])[],
  ) {}

  /** Whether identity `src` may reach identity `dst` on the port at `portIndex`. */
  public allowed(src: number, dst: number, portIndex: number): boolean {
    return this.rows[portIndex][src].has(dst);
  }

  /** Destination identities `src` may reach on the port at `portIndex`, in increasing order. */
  public destinations(src: number, portIndex: number): number[] {
    return this.rows[portIndex][src].members();
  }

  /** How many (source, destination) identity pairs are allowed on the port at `portIndex`. */
  public allowedCount(portIndex: number): number {
    return this.rows[portIndex].reduce((sum, row) => sum + row.members().length, 0);
  }

  /** The identity of a pod (by namespace and name), or undefined. */
  public identityOf(namespace: string, name: string): Identity | undefined {
    return this.identities.find((i) => i.pods.some((p) => p.namespace === namespace && p.name === name));
  }
}

/**
 * Evaluates every pair of pod identities on each port, for a profile: the answer `evaluate` gives
 * for every pod pair, computed in bulk. Pods are grouped into identities (`groupIdentities`);
 * each layer's rules are matched once per (rule, identity) into bitsets, so 2,000 workloads (4
 * million pairs) take seconds. The mesh path is honoured as in `evaluate` (HBONE on 15008,
 * waypoint hops, sidecar mTLS). A layer without a bulk form is asked pair by pair.
 */
export function allPairs(
  cluster: ClusterInfo, policies: PolicySet, profile: string | readonly string[] | Profile, ports: readonly PortProbe[], options?: VerifyOptions,
): ReachabilityMatrix {
  const verifier = new Verifier(policies, cluster, profile, options);
  const identities = groupIdentities(cluster.pods);
  const n = identities.length;
  const indexByKey = new Map(identities.map((i) => [i.key, i.index]));
  const waypoints = new Map<PodInfo, Waypoint | undefined>();
  const findWaypoint = (dst: PodInfo): Waypoint | undefined => {
    if (!waypoints.has(dst)) waypoints.set(dst, waypointOf(dst, cluster));
    return waypoints.get(dst);
  };
  const rows = ports.map(({ port, protocol }) => {
    const deciders = verifier.layers.map((layer) => pairDecider(verifier, layer, identities, cluster, port, protocol, findWaypoint, indexByKey));
    const row: Bitset[] = [];
    for (let s = 0; s < n; s++) {
      const set = new Bitset(n);
      for (let d = 0; d < n; d++) if (deciders.every((allows) => allows(s, d))) set.add(d);
      row.push(set);
    }
    return row;
  });
  return new ReachabilityMatrix(identities, ports, rows);
}

type PairDecider = (src: number, dst: number) => boolean;

function pairDecider(
  verifier: Verifier, layer: PolicyLayer, identities: readonly Identity[], cluster: ClusterInfo, port: number, protocol: FlowProtocol,
  findWaypoint: (dst: PodInfo) => Waypoint | undefined, indexByKey: ReadonlyMap<string, number>,
): PairDecider {
  const pod = (i: number): PodInfo => identities[i].representative;
  const bySingleFlow: PairDecider = (s, d) => verifier.layerDecision(layer, {
    source: { kind: 'pod', pod: pod(s) }, destination: { kind: 'pod', pod: pod(d) }, port, protocol,
  }).allowed;
  if (!layer.bulk) return bySingleFlow;
  const atPort = layer.bulk(identities, cluster, port, protocol);
  if (layer.enforcementPoint !== 'cni') return (s, d) => atPort.allows(s, d, 'plain');
  let hbone: BulkDecider | undefined;
  const atHbone = (): BulkDecider => (hbone ??= layer.bulk?.(identities, cluster, HBONE_PORT, 'TCP') as BulkDecider);
  return (s, d) => {
    const route = meshRoute(pod(s), pod(d), protocol, findWaypoint);
    switch (route.kind) {
      case 'direct': return atPort.allows(s, d, 'plain');
      case 'sidecar-mtls': return atPort.allows(s, d, 'mtls');
      case 'hbone': return atHbone().allows(s, d, 'mtls');
      case 'waypoint': {
        const w = indexByKey.get(identityKey(route.waypoint));
        return w === undefined ? bySingleFlow(s, d) : atHbone().allows(s, w, 'mtls') && atHbone().allows(w, d, 'mtls');
      }
    }
  };
}
