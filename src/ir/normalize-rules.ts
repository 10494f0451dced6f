import { IrHttpRule, IrKafkaRule, IrL7, IrPeer, IrPort, IrRule } from './types';

/** A rule as one edge states it, before normalization. */
export interface RawRule {
  readonly path: string;
  readonly from: IrPeer;
  readonly to: IrPeer;
  /** Empty = every port. */
  readonly ports: readonly IrPort[];
  readonly l7?: IrL7;
}

/** Canonical key of a peer (labels are already sorted, so JSON is stable). */
export function peerKey(p: IrPeer): string {
  return p.kind === 'workload' ? `w:${p.workload}` : JSON.stringify(p);
}

/** Canonical key of a port. */
export function portKey(p: IrPort): string {
  return `${p.protocol}/${p.name ?? p.port ?? '*'}${p.endPort !== undefined ? `-${p.endPort}` : ''}`;
}

interface PortState {
  port: IrPort;
  l4: boolean;
  http: Map<string, IrHttpRule>;
  kafka: Map<string, IrKafkaRule>;
  paths: Set<string>;
}

/**
 * Normalizes rules to the union the user meant:
 * - edges with the same ends are merged per port; `a.allowTo(b)` and `b.allowFrom(a)` become one rule;
 * - on one port, an L4 allow makes L7 restrictions of the same ends meaningless (L4 allows every
 *   request), so they are dropped there rather than emitted as a shadowed L7 rule;
 * - L7 rules of several edges on one port are unioned (any one may match);
 * - an edge on every port (`ports: []`) absorbs the others;
 * - ports with identical L7 are grouped into one rule; everything is sorted.
 */
export function normalizeRules(raw: readonly RawRule[]): IrRule[] {
  const groups = new Map<string, { from: IrPeer; to: IrPeer; all?: Set<string>; ports: Map<string, PortState> }>();
  for (const r of raw) {
    const gk = `${peerKey(r.from)}>${peerKey(r.to)}`;
    let g = groups.get(gk);
    if (!g) { g = { from: r.from, to: r.to, ports: new Map() }; groups.set(gk, g); }
    if (r.ports.length === 0) {
      g.all = g.all ?? new Set();
      g.all.add(r.path);
      continue;
    }
    for (const p of r.ports) {
      const k = portKey(p);
      let s = g.ports.get(k);
      if (!s) { s = { port: p, l4: false, http: new Map(), kafka: new Map(), paths: new Set() }; g.ports.set(k, s); }
      s.paths.add(r.path);
      if (!r.l7) s.l4 = true;
      else if (r.l7.kind === 'http') for (const h of r.l7.rules) s.http.set(JSON.stringify(h), h);
      else for (const kr of r.l7.rules) s.kafka.set(JSON.stringify(kr), kr);
    }
  }
  const out: IrRule[] = [];
  for (const [gk, g] of groups) {
    if (g.all) {
      const paths = new Set(g.all);
      for (const s of g.ports.values()) s.paths.forEach((p) => paths.add(p));
      out.push({ id: `${gk}#*`, paths: [...paths].sort(), from: g.from, to: g.to, ports: [] });
      continue;
    }
    const byL7 = new Map<string, { ports: IrPort[]; paths: Set<string>; l7?: IrL7 }>();
    for (const k of [...g.ports.keys()].sort()) {
      const s = g.ports.get(k)!;
      let l7: IrL7 | undefined;
      if (!s.l4 && s.http.size > 0) l7 = { kind: 'http', rules: sortedValues(s.http) };
      else if (!s.l4 && s.kafka.size > 0) l7 = { kind: 'kafka', rules: sortedValues(s.kafka) };
      const lk = l7 ? JSON.stringify(l7) : '';
      let b = byL7.get(lk);
      if (!b) { b = { ports: [], paths: new Set(), ...(l7 ? { l7 } : {}) }; byL7.set(lk, b); }
      b.ports.push(s.port);
      s.paths.forEach((p) => b!.paths.add(p));
    }
    for (const b of byL7.values()) {
      const ports = b.ports.sort(comparePorts);
      out.push({
        id: `${gk}#${ports.map(portKey).join(',')}${b.l7 ? '+l7' : ''}`,
        paths: [...b.paths].sort(), from: g.from, to: g.to, ports, ...(b.l7 ? { l7: b.l7 } : {}),
      });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function sortedValues<T>(m: Map<string, T>): T[] {
  return [...m.keys()].sort().map((k) => m.get(k)!);
}

/** Orders ports by protocol, then number (named ports last, by name). */
export function comparePorts(a: IrPort, b: IrPort): number {
  if (a.protocol !== b.protocol) return a.protocol < b.protocol ? -1 : 1;
  const an = a.port ?? Number.MAX_SAFE_INTEGER; const bn = b.port ?? Number.MAX_SAFE_INTEGER;
  if (an !== bn) return an - bn;
  const ae = a.endPort ?? 0; const be = b.endPort ?? 0;
  if (ae !== be) return ae - be;
  return (a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0;
}
