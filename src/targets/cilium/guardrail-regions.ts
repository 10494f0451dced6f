import { IrGuardrail, IrGuardrailPeer, IrGuardrailSelector, IrProtocol } from '../../ir/types';
import { cidrContains, parseCidr } from '../../validation/ip';

/**
 * Set algebra on the traffic a guardrail matches, for a CNI without priorities: a region is a
 * product subject × peer × ports, and `subtract` returns a union of regions covering exactly the
 * difference (A \ B = (S_A ∧ ¬S_B) × P_A × T_A ∪ S_A × (P_A ∧ ¬P_B) × T_A ∪ S_A × P_A × (T_A \ T_B)).
 * A selector is a conjunction of label requirements, closed under negation (`In` ↔ `NotIn`,
 * `Exists` ↔ `DoesNotExist`; `NotIn` also matches pods without the key, as in Kubernetes).
 */

/** Whose labels a requirement reads: the pod's or its namespace's. */
export type LabelScope = 'pod' | 'ns';

/** One label requirement. */
export interface Requirement {
  readonly scope: LabelScope;
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A conjunction of requirements, normalized (one or two per key, sorted); `[]` selects everything. */
export type Selector = readonly Requirement[];

/** An inclusive port range of one protocol. */
export interface PortRange {
  readonly protocol: IrProtocol;
  readonly lo: number;
  readonly hi: number;
}

/** Ports: `all` (every port and protocol, ICMP included) or a union of ranges. */
export type Ports = 'all' | readonly PortRange[];

/** A peer region: pods by selector, or a CIDR minus exceptions (CIDRs never match pods in Cilium). */
export type PeerRegion =
  | { readonly kind: 'pods'; readonly selector: Selector }
  | { readonly kind: 'cidr'; readonly cidr: string; readonly except: readonly string[] };

/** subject × peer × ports. */
export interface Region {
  readonly subject: Selector;
  readonly peer: PeerRegion;
  readonly ports: Ports;
}

const PROTOCOLS: readonly IrProtocol[] = ['TCP', 'UDP', 'SCTP'];

/** The regions of a guardrail: one per peer. */
export function regionsOf(g: IrGuardrail): Region[] {
  const subject = selectorOf(g.subject);
  const ports: Ports =
    g.ports.length === 0
      ? 'all'
      : g.ports.map((p) => ({ protocol: p.protocol, lo: p.port!, hi: p.endPort ?? p.port! }));
  return g.peers.map((p) => ({ subject, peer: peerRegion(p), ports }));
}

function peerRegion(p: IrGuardrailPeer): PeerRegion {
  if (p.kind === 'cidr') return { kind: 'cidr', cidr: p.cidr, except: [] };
  if (p.kind === 'pods') return { kind: 'pods', selector: selectorOf(p) };
  // Refused by checkGuardrails (ZT308, ZT309) before anything is rendered.
  throw new Error(`internal: a ${p.kind} guardrail peer reached the Cilium rendering`);
}

/** The selector of namespace labels and (optional) pod labels. */
export function selectorOf(s: IrGuardrailSelector): Selector {
  const reqs: Requirement[] = [];
  for (const [key, v] of Object.entries(s.namespaceLabels))
    reqs.push({ scope: 'ns', key, operator: 'In', values: [v] });
  for (const [key, v] of Object.entries(s.podLabels ?? {}))
    reqs.push({ scope: 'pod', key, operator: 'In', values: [v] });
  return normalize(reqs)!;
}

function negate(r: Requirement): Requirement {
  const operator = ({ In: 'NotIn', NotIn: 'In', Exists: 'DoesNotExist', DoesNotExist: 'Exists' } as const)[r.operator];
  return { ...r, operator };
}

/** The conjunction, normalized; undefined when it selects nothing. */
export function normalize(reqs: readonly Requirement[]): Selector | undefined {
  const byKey = new Map<string, Requirement[]>();
  for (const r of reqs) {
    const k = `${r.scope}\u0000${r.key}`;
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const out: Requirement[] = [];
  for (const k of [...byKey.keys()].sort()) {
    const rs = byKey.get(k)!;
    const { scope, key } = rs[0];
    let absentOk = true;
    let presentOk = true;
    let inSet: Set<string> | undefined;
    const notIn = new Set<string>();
    for (const r of rs) {
      if (r.operator === 'In') {
        absentOk = false;
        inSet = new Set(r.values.filter((v) => inSet === undefined || inSet.has(v)));
      } else if (r.operator === 'NotIn') {
        r.values.forEach((v) => notIn.add(v));
      } else if (r.operator === 'Exists') {
        absentOk = false;
      } else {
        presentOk = false;
      }
    }
    const values = inSet ? [...inSet].filter((v) => !notIn.has(v)).sort() : undefined;
    const presentPossible = presentOk && (values === undefined || values.length > 0);
    if (!absentOk && !presentPossible) return undefined;
    if (!presentPossible) out.push({ scope, key, operator: 'DoesNotExist', values: [] });
    else if (values) out.push({ scope, key, operator: 'In', values });
    else {
      if (!absentOk) out.push({ scope, key, operator: 'Exists', values: [] });
      if (notIn.size > 0) out.push({ scope, key, operator: 'NotIn', values: [...notIn].sort() });
    }
  }
  return out;
}

/** A ∧ ¬B as a union of selectors (one per requirement of B); `[]` when B selects everything. */
function selectorMinus(a: Selector, b: Selector): Selector[] {
  return b.map((r) => normalize([...a, negate(r)])).filter((s): s is Selector => s !== undefined);
}

function expand(p: Ports): readonly PortRange[] {
  return p === 'all' ? PROTOCOLS.map((protocol) => ({ protocol, lo: 1, hi: 65535 })) : p;
}

function portsMinus(a: Ports, b: Ports): PortRange[] {
  if (b === 'all') return [];
  let out = [...expand(a)];
  for (const r of b) {
    out = out.flatMap((x) => {
      if (x.protocol !== r.protocol || r.hi < x.lo || r.lo > x.hi) return [x];
      const rest: PortRange[] = [];
      if (x.lo < r.lo) rest.push({ protocol: x.protocol, lo: x.lo, hi: r.lo - 1 });
      if (r.hi < x.hi) rest.push({ protocol: x.protocol, lo: r.hi + 1, hi: x.hi });
      return rest;
    });
  }
  return out;
}

function portsOverlap(a: Ports, b: Ports): boolean {
  if (a === 'all' || b === 'all') return true;
  return a.some((x) => b.some((y) => x.protocol === y.protocol && x.lo <= y.hi && y.lo <= x.hi));
}

function cidrsOverlap(a: string, b: string): boolean {
  const [x, y] = [parseCidr(a)!, parseCidr(b)!];
  return cidrContains(x, y) || cidrContains(y, x);
}

/** Peers that can share a member. */
function peersOverlap(a: PeerRegion, b: PeerRegion): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'pods') return normalize([...a.selector, ...(b as { selector: Selector }).selector]) !== undefined;
  const bc = (b as { cidr: string }).cidr;
  return cidrsOverlap(a.cidr, bc) && !a.except.some((e) => cidrContains(parseCidr(e)!, parseCidr(bc)!));
}

/**
 * A \ B as a union of regions. B's CIDR has no exceptions (guardrail networks have none); two
 * CIDRs are nested or disjoint, so a network inside A becomes one more exception of A.
 */
export function subtract(a: Region, b: Region): Region[] {
  if (
    normalize([...a.subject, ...b.subject]) === undefined ||
    !peersOverlap(a.peer, b.peer) ||
    !portsOverlap(a.ports, b.ports)
  )
    return [a];
  const out: Region[] = selectorMinus(a.subject, b.subject).map((subject) => ({ ...a, subject }));
  if (a.peer.kind === 'pods') {
    const bs = (b.peer as { selector: Selector }).selector;
    out.push(
      ...selectorMinus(a.peer.selector, bs).map((selector) => ({ ...a, peer: { kind: 'pods' as const, selector } })),
    );
  } else {
    const bc = (b.peer as { cidr: string }).cidr;
    const [outer, inner] = [parseCidr(a.peer.cidr)!, parseCidr(bc)!];
    if (!cidrContains(inner, outer)) {
      // B lies strictly inside A: A minus B is A with B as one more exception (exceptions inside B fold into it).
      const except = [...a.peer.except.filter((e) => !cidrContains(parseCidr(bc)!, parseCidr(e)!)), bc].sort();
      out.push({ ...a, peer: { kind: 'cidr', cidr: a.peer.cidr, except } });
    }
  }
  const ports = portsMinus(a.ports, b.ports);
  if (ports.length > 0) out.push({ ...a, ports });
  return out;
}

/** A minus every region of `bs`, in turn. */
export function subtractAll(a: readonly Region[], bs: readonly Region[]): Region[] {
  let pieces: Region[] = [...a];
  for (const b of bs) pieces = pieces.flatMap((p) => subtract(p, b));
  return pieces;
}
