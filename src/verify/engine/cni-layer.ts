import { ClusterInfo, Finding, FlowProtocol, LayerDecision, PodInfo } from '../cluster';
import { Identity } from '../identity';
import { BulkDecider, LayerFlow, Payload, PolicyLayer } from '../layer';
import { VerifyOptions } from '../options';
import { Bitset } from './bitset';
import { combineDirections, decideDirection, DirectionResult } from './direction';
import { ClusterView, Endpoint, endpointText, PodEndpoint } from './endpoint';
import {
  clauseMatches,
  CompiledRule,
  Direction,
  matchingClauses,
  matchRules,
  PortClause,
  portText,
  RuleMatch,
} from './rule';

/** The rules of one enforcement point that apply to one pod in one direction. */
export interface SubjectRules {
  /** Objects that isolate the pod for this direction (default deny), sorted. */
  readonly isolatedBy: readonly string[];
  readonly allow: readonly CompiledRule[];
  readonly deny: readonly CompiledRule[];
  /** Facts to report whenever these rules are used (e.g. a selecting policy that is invalid). */
  readonly notes: readonly Finding[];
}

/** What a cluster-wide tier decided for one direction of a flow. */
export interface TierVerdict {
  /** `allow` and `deny` are final; `pass` hands the flow to the next tier. */
  readonly action: 'allow' | 'deny' | 'pass';
  /** The deciding rule, and any diagnostic. */
  readonly findings: readonly Finding[];
}

/** A cluster-wide tier: `admin` before the layer's own rules, `baseline` after them. */
export type ClusterTier = 'admin' | 'baseline';

/**
 * Cluster-wide policy tiers around a CNI's own rules (AdminNetworkPolicy and its kin): the admin
 * tier decides first; the layer's rules decide next for a pod they isolate; the baseline tier
 * decides for a pod they do not; then the default (allow).
 */
export interface ClusterTiers {
  /** The first matching rule of the tier for the subject and direction, or undefined. */
  decide(
    tier: ClusterTier,
    subject: PodEndpoint,
    direction: Direction,
    peer: Endpoint,
    port: number,
    protocol: FlowProtocol,
    dest: PodInfo | undefined,
  ): TierVerdict | undefined;
  /** The action `decide` would return, without building its explanation (for the bulk path). */
  action(
    tier: ClusterTier,
    subject: PodEndpoint,
    direction: Direction,
    peer: Endpoint,
    port: number,
    protocol: FlowProtocol,
    dest: PodInfo | undefined,
  ): TierVerdict['action'] | undefined;
  /** Whether a valid policy of the tier has rules for the subject in the direction. */
  applies(subject: PodEndpoint, tier: ClusterTier, direction: Direction): boolean;
  /** Facts to report whenever the subject's flows are decided (invalid or partly evaluated policies). */
  notes(subject: PodEndpoint): readonly Finding[];
}

/** The policy model of a CNI: which rules apply to a pod, plus its data-plane special cases. */
export interface CniModel {
  /** Rules for a pod and direction (implementations cache by pod identity). */
  rules(subject: PodEndpoint, direction: Direction): SubjectRules;
  /** Removes allow matches the data plane cannot honour, explaining why (e.g. toFQDNs without DNS proxy). */
  screen?(
    subject: PodEndpoint,
    direction: Direction,
    peer: Endpoint,
    allows: readonly RuleMatch[],
  ): { allows: readonly RuleMatch[]; notes: readonly Finding[] };
  /** A reason the data plane admits a flow before any policy (node traffic), or undefined. */
  bypass?(source: Endpoint, destination: PodEndpoint): string | undefined;
  /** Cluster-wide tiers the CNI enforces around its rules; undefined when it enforces none. */
  readonly tiers?: ClusterTiers;
}

/**
 * A CNI enforcement point: a connection needs the source pod's egress and the destination pod's
 * ingress to allow it (ends that are not pods have no policy of their own). Subclasses supply the
 * policy model; matching, explanation and the bulk matrix are shared.
 */
export abstract class CniLayer implements PolicyLayer {
  public readonly enforcementPoint = 'cni' as const;
  private readonly models = new WeakMap<ClusterView, CniModel>();
  private readonly peerSets = new WeakMap<readonly Identity[], Map<CompiledRule, Bitset>>();
  private readonly namespaceIndex = new WeakMap<readonly Identity[], ReadonlyMap<string, readonly number[]>>();

  protected constructor(
    public readonly name: string,
    public readonly l7: boolean,
    protected readonly options: VerifyOptions,
  ) {}

  /** Decides a flow: egress of the source pod AND ingress of the destination pod. */
  public decide(flow: LayerFlow, cluster: ClusterInfo): LayerDecision {
    const view = ClusterView.of(cluster, this.options);
    const model = this.modelOf(view);
    const sources = view.classify(flow.source);
    const destinations = view.classify(flow.destination);
    const prefix = flow.hop ? `${flow.hop}: ` : '';
    if (sources.length === 0 || destinations.length === 0) {
      return {
        layer: this.name,
        allowed: false,
        findings: [{ layer: this.name, message: `${prefix}the DNS name resolves to no address` }],
      };
    }
    let allowed = true;
    const findings: Finding[] = [];
    for (const s of sources) {
      for (const d of destinations) {
        const r = this.decidePair(model, s, d, flow);
        allowed = allowed && r.allowed;
        findings.push(...r.findings.map((f) => ({ ...f, message: prefix + f.message })));
      }
    }
    return { layer: this.name, allowed, findings };
  }

  /** Bulk decider over identities at one port (see `PolicyLayer.bulk`). */
  public bulk(
    identities: readonly Identity[],
    cluster: ClusterInfo,
    port: number,
    protocol: FlowProtocol,
  ): BulkDecider {
    const view = ClusterView.of(cluster, this.options);
    const model = this.modelOf(view);
    const eps = identities.map((i) => view.podEndpoint(i.representative));
    const egress = this.directionSets(model, identities, eps, 'egress', port, protocol);
    const ingress = this.directionSets(model, identities, eps, 'ingress', port, protocol);
    return {
      allows: (src: number, dst: number, payload: Payload): boolean => {
        if (src === dst && isLoopback(eps[src], eps[dst])) return true;
        const e = payload === 'mtls' ? egress.plain : egress.reach;
        const i = payload === 'mtls' ? ingress.plain : ingress.reach;
        return e[src].has(dst) && i[dst].has(src);
      },
      // The destinations src's egress admits, kept when their ingress admits src: one pass over a row.
      destinations: (src: number, payload: Payload): Bitset => {
        const e = (payload === 'mtls' ? egress.plain : egress.reach)[src].words;
        const i = payload === 'mtls' ? ingress.plain : ingress.reach;
        const out = new Bitset(eps.length);
        for (let w = 0; w < e.length; w++) {
          for (let bits = e[w]; bits !== 0; bits &= bits - 1) {
            const dst = (w << 5) | (31 - Math.clz32(bits & -bits));
            if (i[dst].has(src)) out.add(dst);
          }
        }
        if (isLoopback(eps[src], eps[src])) out.add(src);
        return out;
      },
    };
  }

  /** Builds the policy model for a cluster view. */
  protected abstract createModel(view: ClusterView): CniModel;

  private modelOf(view: ClusterView): CniModel {
    let m = this.models.get(view);
    if (!m) {
      m = this.createModel(view);
      this.models.set(view, m);
    }
    return m;
  }

  private decidePair(model: CniModel, s: Endpoint, d: Endpoint, flow: LayerFlow): DirectionResult {
    if (s.kind === 'pod' && d.kind === 'pod' && isLoopback(s, d)) {
      return {
        allowed: true,
        findings: [{ layer: this.name, message: `${endpointText(s)} to itself is loopback: never isolated` }],
      };
    }
    if (d.kind === 'pod' && model.bypass) {
      const why = model.bypass(s, d);
      if (why !== undefined) return { allowed: true, findings: [{ layer: this.name, message: why }] };
    }
    const results: DirectionResult[] = [];
    if (s.kind === 'pod')
      results.push(this.direction(model, s, 'egress', d, d.kind === 'pod' ? d.pod : undefined, flow));
    if (d.kind === 'pod') results.push(this.direction(model, d, 'ingress', s, d.pod, flow));
    return combineDirections(this.name, s, d, results);
  }

  /**
   * One direction: the admin tier (a final allow or deny ends it, pass goes on), then the
   * layer's rules when they isolate the subject, else the baseline tier, else allow.
   */
  private direction(
    model: CniModel,
    subject: PodEndpoint,
    direction: Direction,
    peer: Endpoint,
    dest: PodInfo | undefined,
    flow: LayerFlow,
  ): DirectionResult {
    const tiers = model.tiers;
    const tierNotes = tiers ? tiers.notes(subject) : [];
    const passed: Finding[] = [];
    // Notes come first: explanations read the last finding naming an object as the deciding one.
    const final = (v: TierVerdict): DirectionResult => ({
      allowed: v.action === 'allow',
      findings: [...tierNotes, ...passed, ...v.findings],
    });
    const admin = tiers?.decide('admin', subject, direction, peer, flow.port, flow.protocol, dest);
    if (admin && admin.action !== 'pass') return final(admin);
    if (admin) passed.push(...admin.findings);
    const rules = model.rules(subject, direction);
    const denies = matchRules(rules.deny, peer, flow.port, flow.protocol, dest);
    if (tiers && rules.isolatedBy.length === 0 && denies.length === 0) {
      const baseline = tiers.decide('baseline', subject, direction, peer, flow.port, flow.protocol, dest);
      if (baseline && baseline.action !== 'pass') return final(baseline);
      if (baseline) passed.push(...baseline.findings);
    }
    const matched = matchRules(rules.allow, peer, flow.port, flow.protocol, dest);
    const screened = model.screen ? model.screen(subject, direction, peer, matched) : { allows: matched, notes: [] };
    const r = decideDirection({
      layer: this.name,
      direction,
      subject: endpointText(subject),
      peer: endpointText(peer),
      port: portText(flow.port, flow.protocol),
      isolatedBy: rules.isolatedBy,
      allows: screened.allows,
      denies,
      notes: screened.notes,
      request: this.l7 ? flow.request : undefined,
      payload: flow.payload ?? 'plain',
    });
    if (passed.length === 0 && tierNotes.length === 0 && rules.notes.length === 0) return r;
    return { allowed: r.allowed, findings: [...tierNotes, ...passed, ...r.findings, ...rules.notes] };
  }

  /**
   * For each subject identity, the peer identities its rules admit on the port: `reach` (any
   * allow) and `plain` (an allow without L7 rules, the only kind an encrypted payload passes).
   */
  private directionSets(
    model: CniModel,
    identities: readonly Identity[],
    eps: readonly PodEndpoint[],
    direction: Direction,
    port: number,
    protocol: FlowProtocol,
  ): { reach: Bitset[]; plain: Bitset[] } {
    const n = identities.length;
    const reach: Bitset[] = [];
    const plain: Bitset[] = [];
    for (let s = 0; s < n; s++) {
      const rules = model.rules(eps[s], direction);
      const r = rules.isolatedBy.length === 0 ? Bitset.full(n) : new Bitset(n);
      const p = rules.isolatedBy.length === 0 ? Bitset.full(n) : new Bitset(n);
      if (rules.isolatedBy.length > 0) {
        for (const rule of rules.allow) {
          for (const c of this.clausesAt(rule, direction, eps, s, port, protocol, identities)) {
            r.or(c.peers);
            if (c.clause.l7 === undefined) p.or(c.peers);
          }
        }
      }
      const denied = new Bitset(n);
      for (const rule of rules.deny) {
        for (const c of this.clausesAt(rule, direction, eps, s, port, protocol, identities)) denied.or(c.peers);
      }
      r.andNot(denied);
      p.andNot(denied);
      if (model.tiers)
        this.applyTiers(model.tiers, eps, s, direction, port, protocol, rules.isolatedBy.length > 0, denied, r, p);
      reach.push(r);
      plain.push(p);
    }
    return { reach, plain };
  }

  /**
   * Overrides a subject's row with the cluster-wide tiers, peer by peer, as `direction` decides:
   * a final admin verdict, else (for a subject the layer does not isolate and no deny matched)
   * a final baseline verdict. Rows of subjects no tier policy selects are left as they are.
   */
  private applyTiers(
    tiers: ClusterTiers,
    eps: readonly PodEndpoint[],
    s: number,
    direction: Direction,
    port: number,
    protocol: FlowProtocol,
    isolated: boolean,
    denied: Bitset,
    reach: Bitset,
    plain: Bitset,
  ): void {
    const subject = eps[s];
    const admin = tiers.applies(subject, 'admin', direction);
    const baseline = !isolated && tiers.applies(subject, 'baseline', direction);
    if (!admin && !baseline) return;
    for (let q = 0; q < eps.length; q++) {
      const dest = direction === 'ingress' ? subject.pod : eps[q].pod;
      let v = admin ? tiers.action('admin', subject, direction, eps[q], port, protocol, dest) : undefined;
      if ((v === undefined || v === 'pass') && baseline && !denied.has(q)) {
        v = tiers.action('baseline', subject, direction, eps[q], port, protocol, dest);
      }
      if (v === 'allow') {
        reach.add(q);
        plain.add(q);
      } else if (v === 'deny') {
        reach.delete(q);
        plain.delete(q);
      }
    }
  }

  /** Clauses of a rule that match the port, each with the peer identities it admits. */
  private clausesAt(
    rule: CompiledRule,
    direction: Direction,
    eps: readonly PodEndpoint[],
    s: number,
    port: number,
    protocol: FlowProtocol,
    identities: readonly Identity[],
  ): Array<{ clause: PortClause; peers: Bitset }> {
    const all = this.peerSet(rule, eps, identities);
    if (direction === 'ingress') {
      return matchingClauses(rule, port, protocol, eps[s].pod).map((clause) => ({ clause, peers: all }));
    }
    const out: Array<{ clause: PortClause; peers: Bitset }> = [];
    for (const clause of rule.clauses) {
      const named = clause.ports.some((m) => m.name !== undefined);
      if (!named) {
        if (clauseMatches(clause, port, protocol, undefined)) out.push({ clause, peers: all });
        continue;
      }
      const peers = new Bitset(all.size);
      for (const d of all.members()) if (clauseMatches(clause, port, protocol, eps[d].pod)) peers.add(d);
      out.push({ clause, peers });
    }
    return out;
  }

  private identitiesByNamespace(identities: readonly Identity[]): ReadonlyMap<string, readonly number[]> {
    let index = this.namespaceIndex.get(identities);
    if (!index) {
      const built = new Map<string, number[]>();
      for (const i of identities) {
        const list = built.get(i.namespace) ?? [];
        list.push(i.index);
        built.set(i.namespace, list);
      }
      index = built;
      this.namespaceIndex.set(identities, index);
    }
    return index;
  }

  private peerSet(rule: CompiledRule, eps: readonly PodEndpoint[], identities: readonly Identity[]): Bitset {
    let cache = this.peerSets.get(identities);
    if (!cache) {
      cache = new Map();
      this.peerSets.set(identities, cache);
    }
    let set = cache.get(rule);
    if (!set) {
      set = new Bitset(eps.length);
      const scope = rule.peerNamespaces;
      if (scope === undefined) {
        for (let i = 0; i < eps.length; i++) if (rule.peer(eps[i]) !== undefined) set.add(i);
      } else {
        const byNamespace = this.identitiesByNamespace(identities);
        for (const ns of scope)
          for (const i of byNamespace.get(ns) ?? []) if (rule.peer(eps[i]) !== undefined) set.add(i);
      }
      cache.set(rule, set);
    }
    return set;
  }
}

/** A pod reaching itself through its own address: never isolated. Only for a single pod with a known IP. */
function isLoopback(a: PodEndpoint, b: PodEndpoint): boolean {
  return (
    a.pod.ip !== undefined && a.pod.namespace === b.pod.namespace && a.pod.name === b.pod.name && a.pod.ip === b.pod.ip
  );
}
