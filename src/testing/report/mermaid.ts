import { IrPeer, IrTopology } from '../../ir/types';
import { describeEdge, describePeer, describePort, describePorts, gatewayOf } from './describe';

/**
 * A Mermaid `flowchart LR` of a topology's intent: one subgraph per zone holding its tiers,
 * ingress gateways, the peers that are not tiers (pods elsewhere, CIDRs, DNS names, entities),
 * one arrow per edge labelled with its ports and L7 conditions, and one dotted arrow per route
 * and backend. Node ids are built from `[A-Za-z0-9_]` only; the output is deterministic.
 */
export function renderMermaid(ir: IrTopology): string {
  const ids = new NodeIds();
  const lines = ['flowchart LR'];
  const tiers = ir.workloads.filter((w) => !w.system);
  for (const z of ir.zones) {
    const selector = Object.keys(z.podSelector).length > 0 ? ` ${Object.entries(z.podSelector).map(([k, v]) => `${k}=${v}`).join(',')}` : '';
    lines.push(`  subgraph ${ids.of(`zone:${z.id}`, `zone_${z.id}`)}["zone ${label(z.id)} · namespace ${label(z.namespace)}${label(selector)}"]`);
    for (const w of tiers.filter((t) => t.zone === z.id)) {
      const ports = w.ports.map((p) => describePort({ protocol: p.protocol, port: p.port })).join(', ');
      lines.push(`    ${ids.of(`workload:${w.id}`, `tier_${w.id}`)}["${label(w.name)}${ports ? ` · ${label(ports)}` : ''}"]`);
    }
    lines.push('  end');
  }
  for (const g of ir.gateways) {
    const ports = g.listeners.map((l) => `${l.port}`).join(', ');
    lines.push(`  ${ids.of(`gateway:${g.id}`, `gateway_${g.id}`)}{{"gateway ${label(`${g.namespace}/${g.name}`)} · ${label(ports)}"}}`);
  }
  const peers = new Map<string, IrPeer>();
  for (const r of ir.rules) for (const p of [r.from, r.to]) if (p.kind !== 'workload' && !gatewayOf(ir, p)) peers.set(describePeer(p), p);
  [...peers.keys()].sort().forEach((text, i) => {
    const shape = peers.get(text)?.kind === 'pods' ? ['["', '"]'] : ['(["', '"])'];
    lines.push(`  ${ids.of(`peer:${text}`, `peer_${i + 1}`)}${shape[0]}${label(text)}${shape[1]}`);
  });
  const node = (p: IrPeer): string => {
    if (p.kind === 'workload') return ids.get(`workload:${p.workload}`);
    const gateway = gatewayOf(ir, p);
    return ids.get(gateway ? `gateway:${gateway.id}` : `peer:${describePeer(p)}`);
  };
  for (const r of ir.rules) lines.push(`  ${node(r.from)} -->|"${label(describeEdge(r))}"| ${node(r.to)}`);
  const routeEdges = new Set<string>();
  for (const route of ir.routes) {
    if (route.parent.kind !== 'Gateway') continue;
    const from = ids.get(`gateway:${route.parent.gateway}`);
    const hosts = route.hostnames.length > 0 ? ` ${route.hostnames.join(', ')}` : '';
    for (const backend of route.rules.flatMap((rule) => rule.backends)) {
      const weight = backend.weight !== 1 ? ` weight ${backend.weight}` : '';
      const text = `${route.kind} ${route.name}${hosts} → ${describePorts([{ protocol: 'TCP', port: backend.targetPort }])}${weight}`;
      routeEdges.add(`  ${from} -.->|"${label(text)}"| ${ids.get(`workload:${backend.workload}`)}`);
    }
  }
  return [...lines, ...routeEdges].join('\n');
}

/** Text safe inside a quoted Mermaid label: quotes, pipes and angle brackets as entity codes. */
function label(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/\|/g, '#124;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** Mermaid node ids: `[A-Za-z0-9_]` only, unique, assigned in call order (deterministic). */
class NodeIds {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  /** The id of `key`, made from `hint` on first use. */
  public of(key: string, hint: string): string {
    const known = this.byKey.get(key);
    if (known) return known;
    const base = hint.replace(/[^A-Za-z0-9_]/g, '_');
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    this.byKey.set(key, id);
    return id;
  }

  /** The id already given to `key`; throws when none was. */
  public get(key: string): string {
    const id = this.byKey.get(key);
    if (!id) throw new Error(`diagram: no node for ${key}`);
    return id;
  }
}
