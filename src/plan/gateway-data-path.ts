import { sortedLabels } from '../validation/sorted-keys';
import { normalizeRules, peerKey, portKey, RawRule } from '../ir/normalize-rules';
import { gatewayPeer } from '../ir/routes';
import { IrPeer, IrPort, IrTopology } from '../ir/types';

/**
 * Derives the data path of ingress routes: the gateway's pods may reach exactly the routed
 * backends on their pod (target) ports. A gateway whose namespace is a zone becomes a system
 * workload of that zone (its own ingress from any client on the listener ports, its egress to
 * the backends); otherwise it is a peer selected by namespace and pod labels.
 */
export function addGatewayDataPath(ir: IrTopology): IrTopology {
  if (ir.routes.length === 0 && ir.gateways.length === 0) return ir;
  const workloads = [...ir.workloads];
  const replace = new Map<string, IrPeer>();
  const gatewayPeers = new Map<string, IrPeer>();
  const extra: RawRule[] = [];
  for (const g of ir.gateways) {
    const asPods = peerKey(gatewayPeer(g));
    const zone = ir.zones.find(
      (z) => z.namespace === g.namespace && Object.entries(z.podSelector).every(([k, v]) => g.podSelector[k] === v),
    );
    let peer: IrPeer;
    if (g.ingressEntity) {
      peer = { kind: 'entity', entity: 'ingress' };
    } else if (zone) {
      const id = `${g.id}#gateway`;
      workloads.push({
        id,
        path: g.path,
        name: `${g.name}-gateway`,
        zone: zone.id,
        namespace: g.namespace,
        selector: sortedLabels({ ...g.podSelector, ...zone.podSelector }),
        serviceAccount: g.serviceAccount,
        ports: [...new Set(g.listeners.map((l) => l.port))]
          .sort((a, b) => a - b)
          .map((port) => ({ port, protocol: 'TCP' as const })),
        appProtocol: 'http',
        meshed: zone.meshed,
        system: 'gateway',
      });
      peer = { kind: 'workload', workload: id };
      const ports = [...new Set(g.listeners.map((l) => l.port))]
        .sort((a, b) => a - b)
        .map((p): IrPort => ({ protocol: 'TCP', port: p }));
      extra.push({ path: g.path, from: { kind: 'any' }, to: peer, ports });
    } else {
      peer = gatewayPeer(g);
    }
    replace.set(asPods, peer);
    gatewayPeers.set(g.id, peer);
  }
  const swap = (p: IrPeer) => replace.get(peerKey(p)) ?? p;
  const rules = ir.rules.map((r) => ({ ...r, from: swap(r.from), to: swap(r.to) }));
  // Ports an explicit edge already states (perhaps with L7) are not widened by the derived data path.
  const stated = new Set(rules.flatMap((r) => r.ports.map((p) => `${peerKey(r.from)}>${peerKey(r.to)}#${portKey(p)}`)));
  const statedAll = new Set(
    rules.filter((r) => r.ports.length === 0).map((r) => `${peerKey(r.from)}>${peerKey(r.to)}`),
  );
  for (const r of ir.routes) {
    if (r.parent.kind !== 'Gateway') continue; // mesh (GAMMA) routes re-route between tiers that already have edges
    const from = gatewayPeers.get(r.parent.gateway)!;
    for (const rule of r.rules) {
      for (const b of rule.backends) {
        if (b.weight === 0) continue;
        const to: IrPeer = { kind: 'workload', workload: b.workload };
        const port: IrPort = { protocol: 'TCP', port: b.targetPort };
        const pair = `${peerKey(from)}>${peerKey(to)}`;
        if (statedAll.has(pair) || stated.has(`${pair}#${portKey(port)}`)) continue;
        extra.push({ path: r.path, from, to, ports: [port] });
      }
    }
  }
  const raw: RawRule[] = [
    ...rules.flatMap((r) =>
      r.paths.map((path) => ({ path, from: r.from, to: r.to, ports: r.ports, ...(r.l7 ? { l7: r.l7 } : {}) })),
    ),
    ...extra,
  ];
  return {
    ...ir,
    workloads: workloads.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    rules: normalizeRules(raw),
  };
}
