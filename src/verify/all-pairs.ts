import { ClusterInfo, FlowProtocol, PodInfo } from './cluster';
import { Bitset } from './engine/bitset';
import { Verifier } from './evaluate';
import { groupIdentities, Identity, identityKey } from './identity';
import { BulkDecider, PolicyLayer } from './layer';
import { linkerdMeshed } from './linkerd/injection';
import { GATEWAY_NAME_LABEL } from './istio/gateway';
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
 * each layer's rules are matched once per (rule, identity) into bitsets, and a source outside
 * the mesh gets its whole row of destinations at once (a bitwise intersection over the layers), so
 * 2,000 workloads (4 million pairs) take well under a second. The mesh path is honoured as in `evaluate` (HBONE on 15008,
 * waypoint hops, sidecar mTLS). A layer without a bulk form is asked pair by pair.
 */
export function allPairs(
  cluster: ClusterInfo,
  policies: PolicySet,
  profile: string | readonly string[] | Profile,
  ports: readonly PortProbe[],
  options?: VerifyOptions,
): ReachabilityMatrix {
  const verifier = new Verifier(policies, cluster, profile, options);
  const identities = groupIdentities(cluster.pods);
  const n = identities.length;
  const indexByKey = new Map(identities.map((i) => [i.key, i.index]));
  // The waypoint depends on the destination, the port (the addressed Service) and, for sources
  // that are gateways or waypoints, the source: cached per destination and port for ambient sources.
  const mesh = verifier.meshObjects;
  const waypoints = new Map<PodInfo, Map<number, Waypoint | undefined>>();
  const findWaypointAt =
    (port: number, protocol: FlowProtocol) =>
    (src: PodInfo, dst: PodInfo): Waypoint | undefined => {
      if (src.dataplane !== 'ambient' || src.labels[GATEWAY_NAME_LABEL] !== undefined)
        return waypointOf(dst, cluster, { source: src, port, protocol, mesh });
      let byPort = waypoints.get(dst);
      if (!byPort) waypoints.set(dst, (byPort = new Map()));
      if (!byPort.has(port)) byPort.set(port, waypointOf(dst, cluster, { source: src, port, protocol, mesh }));
      return byPort.get(port);
    };
  const linkerd = identities.map((i) => linkerdMeshed(i.representative, cluster));
  const rows = ports.map(({ port, protocol }) => {
    const layers = verifier.layers.map((layer) =>
      layerAtPort(
        verifier,
        layer,
        identities,
        cluster,
        port,
        protocol,
        findWaypointAt(port, protocol),
        indexByKey,
        linkerd,
      ),
    );
    const row: Bitset[] = [];
    for (let s = 0; s < n; s++) row.push(sourceRow(layers, s, n));
    return row;
  });
  return new ReachabilityMatrix(identities, ports, rows);
}

type PairDecider = (src: number, dst: number) => boolean;

/** One layer at one port: pair by pair, and, for the sources it can, a whole row at once. */
interface LayerAtPort {
  readonly allows: PairDecider;
  /** The destinations of a source in one bitset, or undefined when it must be asked pair by pair. */
  readonly destinations: (src: number) => Bitset | undefined;
}

/**
 * The destinations a source may reach through every layer: the intersection of the rows the
 * layers give at once, then, only for what is left, the pairs the others decide one by one.
 */
function sourceRow(layers: readonly LayerAtPort[], s: number, n: number): Bitset {
  let rows: Bitset | undefined;
  const pairwise: PairDecider[] = [];
  for (const layer of layers) {
    const row = layer.destinations(s);
    if (!row) pairwise.push(layer.allows);
    else if (!rows) rows = row;
    else for (let w = 0; w < rows.words.length; w++) rows.words[w] &= row.words[w];
  }
  if (pairwise.length === 0) return rows ?? Bitset.full(n);
  const set = new Bitset(n);
  for (let d = 0; d < n; d++) {
    if ((!rows || rows.has(d)) && pairwise.every((allows) => allows(s, d))) set.add(d);
  }
  return set;
}

function layerAtPort(
  verifier: Verifier,
  layer: PolicyLayer,
  identities: readonly Identity[],
  cluster: ClusterInfo,
  port: number,
  protocol: FlowProtocol,
  findWaypoint: (src: PodInfo, dst: PodInfo) => Waypoint | undefined,
  indexByKey: ReadonlyMap<string, number>,
  linkerd: readonly boolean[],
): LayerAtPort {
  const pod = (i: number): PodInfo => identities[i].representative;
  const bySingleFlow: PairDecider = (s, d) =>
    verifier.layerDecision(layer, {
      source: { kind: 'pod', pod: pod(s) },
      destination: { kind: 'pod', pod: pod(d) },
      port,
      protocol,
    }).allowed;
  const pairwiseOnly = (allows: PairDecider): LayerAtPort => ({ allows, destinations: () => undefined });
  if (!layer.bulk) return pairwiseOnly(bySingleFlow);
  const atPort = layer.bulk(identities, cluster, port, protocol);
  const plainRow = (s: number): Bitset | undefined => atPort.destinations?.(s, 'plain');
  if (layer.enforcementPoint !== 'cni')
    return { allows: (s, d) => atPort.allows(s, d, 'plain'), destinations: plainRow };
  let hbone: BulkDecider | undefined;
  const atHbone = (): BulkDecider => (hbone ??= layer.bulk?.(identities, cluster, HBONE_PORT, 'TCP') as BulkDecider);
  return {
    allows: (s, d) => {
      const route = meshRoute(pod(s), pod(d), protocol, findWaypoint, (p) => linkerd[p === pod(s) ? s : d]);
      switch (route.kind) {
        case 'direct':
          return atPort.allows(s, d, 'plain');
        case 'sidecar-mtls':
          return atPort.allows(s, d, 'mtls');
        case 'hbone':
          return atHbone().allows(s, d, 'mtls');
        case 'waypoint': {
          const w = indexByKey.get(identityKey(route.waypoint));
          return w === undefined
            ? bySingleFlow(s, d)
            : atHbone().allows(s, w, 'mtls') && atHbone().allows(w, d, 'mtls');
        }
      }
    },
    // A source outside the mesh (or a protocol the mesh does not carry) goes direct to every destination.
    destinations: (s) => (protocol !== 'TCP' || (pod(s).dataplane === 'none' && !linkerd[s]) ? plainRow(s) : undefined),
  };
}
