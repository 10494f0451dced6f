import { IrPeer, IrTopology, IrWorkload } from '../../ir/types';
import { HttpRequest } from '../../verify/cluster';
import { describePeer, describePort, gatewayOf } from './describe';
import { EmittedProfile } from './emitted-profile';

/**
 * A request no intent allows: when the engine admits a port at L4 but refuses this request, the
 * port is filtered at L7.
 */
const UNLISTED_REQUEST: HttpRequest = { method: 'PROBE', path: '/.well-known/zerotrust-unlisted-request' };

/** One source row of the matrix: a tier, an ingress gateway's pods, or pods the topology names as a peer. */
export interface MatrixRow {
  readonly label: string;
  readonly peer: IrPeer;
}

/** What the emitted manifests of a profile allow between the topology's tiers. */
export interface ConnectivityMatrix {
  readonly rows: readonly MatrixRow[];
  /** Destination tiers. */
  readonly columns: readonly IrWorkload[];
  /** `cells[row][column]`: the destination's declared ports the row may reach, e.g. `['8080 (L7)']`. */
  readonly cells: readonly (readonly (readonly string[])[])[];
}

/**
 * Evaluates, with the verify engine, every source (tiers, then ingress gateways, then the other
 * `Peer.pods` peers of the rules) against every declared port of every tier, for one profile's emitted manifests.
 * A port is listed when a connection is allowed; `(L7)` marks it when a request outside every
 * HTTP rule is then refused.
 */
export function connectivityMatrix(base: IrTopology, profile: EmittedProfile): ConnectivityMatrix {
  const columns = base.workloads.filter((w) => !w.system);
  const rows = sourceRows(base);
  const targets = columns.map((w) => profile.resolve({ kind: 'workload', workload: w.id }, 'destination'));
  const cells = rows.map((row) => {
    const source = profile.resolve(row.peer, 'source');
    return columns.map((w, i) =>
      w.ports.flatMap((p) => {
        if (!profile.evaluate(source, targets[i], p.port, p.protocol).allowed) return [];
        const filtered = !profile.evaluate(source, targets[i], p.port, p.protocol, UNLISTED_REQUEST).allowed;
        const port = describePort({ protocol: p.protocol, port: p.port });
        return [filtered ? `${port} (L7)` : port];
      }),
    );
  });
  return { rows, columns, cells };
}

function sourceRows(base: IrTopology): MatrixRow[] {
  const tiers = base.workloads
    .filter((w) => !w.system)
    .map((w) => ({ label: w.id, peer: { kind: 'workload', workload: w.id } as IrPeer }));
  const gateways = base.gateways.map((g): MatrixRow => ({
    label: `gateway ${g.namespace}/${g.name}`,
    peer: { kind: 'pods', namespace: g.namespace, podLabels: g.podSelector, serviceAccount: g.serviceAccount },
  }));
  const pods = new Map<string, MatrixRow>();
  for (const r of base.rules) {
    if (r.from.kind !== 'pods' || gatewayOf(base, r.from)) continue;
    const label = describePeer(r.from);
    if (!pods.has(label)) pods.set(label, { label, peer: r.from });
  }
  return [...tiers, ...gateways, ...[...pods.keys()].sort().map((k) => pods.get(k) as MatrixRow)];
}
