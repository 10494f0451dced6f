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

/** Keys of the peers seen so far (IR peers are immutable, and often shared by many rules). */
const peerKeys = new WeakMap<IrPeer, string>();

/** Canonical key of a peer (labels are already sorted, so JSON is stable). */
export function peerKey(p: IrPeer): string {
  let key = peerKeys.get(p);
  if (key === undefined) {
    key = p.kind === 'workload' ? `w:${p.workload}` : JSON.stringify(p);
    peerKeys.set(p, key);
  }
  return key;
}

/** Canonical key of a port. */
export function portKey(p: IrPort): string {
  return `${p.protocol}/${p.name ?? p.port ?? '*'}${p.endPort !== undefined ? `-${p.endPort}` : ''}`;
}

interface PortState {
  readonly key: string;
  readonly port: IrPort;
  l4: boolean;
  /** HTTP rules by canonical JSON (made on the first one). */
  http?: Map<string, IrHttpRule>;
  /** Kafka rules by canonical JSON (made on the first one). */
  kafka?: Map<string, IrKafkaRule>;
  /** Paths of the edges on this port, without duplicates. */
  readonly paths: string[];
}

interface Group {
  readonly key: string;
  readonly from: IrPeer;
  readonly to: IrPeer;
  /** Paths of the edges on every port, when there is one (without duplicates). */
  all?: string[];
  /** Per port, in first-seen order (usually one or two: a list beats a map). */
  readonly ports: PortState[];
}

/**
 * Normalizes rules to the union the user meant:
 * - edges with the same ends are merged per port; `a.allowTo(b)` and `b.allowFrom(a)` become one rule;
 * - on one port, an L4 allow makes L7 restrictions of the same ends meaningless (L4 allows every
 *   request), so they are dropped there rather than emitted as a shadowed L7 rule;
 * - L7 rules of several edges on one port are unioned (any one may match);
 * - an edge on every port (`ports: []`) absorbs the others;
 * - ports with identical L7 are grouped into one rule; everything is sorted.
 * One pass over the rules, then one over the groups: it runs for every profile of every synth.
 */
export function normalizeRules(raw: readonly RawRule[]): IrRule[] {
  const groups = new Map<string, Group>();
  for (const r of raw) {
    const gk = `${peerKey(r.from)}>${peerKey(r.to)}`;
    let g = groups.get(gk);
    if (!g) {
      g = { key: gk, from: r.from, to: r.to, ports: [] };
      groups.set(gk, g);
    }
    if (r.ports.length === 0) {
      addOnce((g.all ??= []), r.path);
      continue;
    }
    for (const p of r.ports) {
      const k = portKey(p);
      let s = portState(g, k);
      if (!s) {
        s = { key: k, port: p, l4: false, paths: [] };
        g.ports.push(s);
      }
      addOnce(s.paths, r.path);
      if (!r.l7) s.l4 = true;
      else if (r.l7.kind === 'http') addByJson((s.http ??= new Map()), r.l7.rules);
      else addByJson((s.kafka ??= new Map()), r.l7.rules);
    }
  }
  const out: IrRule[] = [];
  for (const g of groups.values()) {
    if (g.all) {
      const paths = [...g.all];
      for (const s of g.ports) for (const p of s.paths) addOnce(paths, p);
      out.push({ id: `${g.key}#*`, paths: paths.sort(), from: g.from, to: g.to, ports: [] });
    } else if (g.ports.length === 1) {
      // The common case: one port, one rule.
      const s = g.ports[0];
      const l7 = l7Of(s);
      const paths = s.paths.length === 1 ? s.paths : [...s.paths].sort();
      out.push(
        l7
          ? { id: `${g.key}#${s.key}+l7`, paths, from: g.from, to: g.to, ports: [s.port], l7 }
          : { id: `${g.key}#${s.key}`, paths, from: g.from, to: g.to, ports: [s.port] },
      );
    } else {
      out.push(...byL7(g));
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The rules of a group of several ports: ports with the same L7 restriction share a rule. */
function byL7(g: Group): IrRule[] {
  const groups = new Map<string, { ports: IrPort[]; paths: string[]; l7?: IrL7 }>();
  for (const s of [...g.ports].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const l7 = l7Of(s);
    const lk = l7 ? JSON.stringify(l7) : '';
    let b = groups.get(lk);
    if (!b) {
      b = { ports: [], paths: [], ...(l7 ? { l7 } : {}) };
      groups.set(lk, b);
    }
    b.ports.push(s.port);
    for (const p of s.paths) addOnce(b.paths, p);
  }
  return [...groups.values()].map((b) => {
    const ports = b.ports.sort(comparePorts);
    return {
      id: `${g.key}#${ports.map(portKey).join(',')}${b.l7 ? '+l7' : ''}`,
      paths: b.paths.sort(),
      from: g.from,
      to: g.to,
      ports,
      ...(b.l7 ? { l7: b.l7 } : {}),
    };
  });
}

function portState(g: Group, key: string): PortState | undefined {
  for (const s of g.ports) if (s.key === key) return s;
  return undefined;
}

function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** The L7 restriction left on a port: none when an L4 allow covers it. */
function l7Of(s: PortState): IrL7 | undefined {
  if (s.l4) return undefined;
  if (s.http && s.http.size > 0) return { kind: 'http', rules: sortedValues(s.http) };
  if (s.kafka && s.kafka.size > 0) return { kind: 'kafka', rules: sortedValues(s.kafka) };
  return undefined;
}

function addByJson<T>(into: Map<string, T>, rules: readonly T[]): void {
  for (const rule of rules) into.set(JSON.stringify(rule), rule);
}

function sortedValues<T>(m: Map<string, T>): T[] {
  return [...m.keys()].sort().map((k) => m.get(k)!);
}

/** Orders ports by protocol, then number (named ports last, by name). */
export function comparePorts(a: IrPort, b: IrPort): number {
  if (a.protocol !== b.protocol) return a.protocol < b.protocol ? -1 : 1;
  const an = a.port ?? Number.MAX_SAFE_INTEGER;
  const bn = b.port ?? Number.MAX_SAFE_INTEGER;
  if (an !== bn) return an - bn;
  const ae = a.endPort ?? 0;
  const be = b.endPort ?? 0;
  if (ae !== be) return ae - be;
  return (a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0;
}
