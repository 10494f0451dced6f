import { Finding, FlowProtocol, PodInfo } from '../cluster';
import { ClusterTiers, TierVerdict } from '../engine/cni-layer';
import { Endpoint, endpointText, PodEndpoint } from '../engine/endpoint';
import { Direction, matchRules, portText } from '../engine/rule';
import { KubeObject } from '../policy-set';
import { AdminAction, AdminRule, AdminTier, CompiledAdminPolicy, compileAdminPolicy } from './admin-policy';

/**
 * The cluster-wide tiers of the network-policy-api, compiled once: the admin tier
 * (AdminNetworkPolicy, ClusterNetworkPolicy `tier: Admin`), evaluated before a pod's
 * NetworkPolicies, and the baseline tier (BaselineAdminNetworkPolicy `default`,
 * ClusterNetworkPolicy `tier: Baseline`), evaluated only for pods no NetworkPolicy isolates in
 * that direction. Within a tier, policies are taken by priority (lower first) and, within a
 * policy, rules in order: the first matching rule decides (`allow` / `deny`) or `pass`es to
 * the next tier. Policies of equal priority that both match a flow are undefined upstream;
 * the verdict follows the one whose name sorts first and says so in a finding.
 * @see https://network-policy-api.sigs.k8s.io/api-overview/
 */
export class AdminTierIndex implements ClusterTiers {
  private readonly tiers: { readonly [t in AdminTier]: readonly CompiledAdminPolicy[] };
  private readonly cache = new Map<string, readonly CompiledAdminPolicy[]>();
  private readonly validCache = new WeakMap<readonly CompiledAdminPolicy[], readonly CompiledAdminPolicy[]>();

  /** Compiles the AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy objects. */
  public constructor(
    objects: readonly KubeObject[],
    private readonly layer: string,
  ) {
    const compiled = objects
      .map(compileAdminPolicy)
      .sort((a, b) => a.priority - b.priority || (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
    this.tiers = {
      admin: compiled.filter((p) => p.tier === 'admin'),
      baseline: compiled.filter((p) => p.tier === 'baseline'),
    };
  }

  /** True when no cluster-wide policy exists. */
  public get empty(): boolean {
    return this.tiers.admin.length === 0 && this.tiers.baseline.length === 0;
  }

  /** The policies (valid or not) of a tier whose subject selects the pod, in evaluation order. */
  public selecting(subject: PodEndpoint, tier: AdminTier): readonly CompiledAdminPolicy[] {
    const labels = Object.keys(subject.pod.labels)
      .sort()
      .map((k) => `${k}=${subject.pod.labels[k]}`)
      .join(',');
    const key = `${tier}\u0000${subject.pod.namespace}\u0000${labels}`;
    let r = this.cache.get(key);
    if (!r) {
      r = this.tiers[tier].filter((p) => p.selects(subject));
      this.cache.set(key, r);
    }
    return r;
  }

  /** Whether a valid policy of the tier has rules for the pod in the direction. */
  public applies(subject: PodEndpoint, tier: AdminTier, direction: Direction): boolean {
    return this.valid(subject, tier).some((p) => p[direction].length > 0);
  }

  /** Facts to report about the policies selecting a pod: invalid ones, unevaluated parts. */
  public notes(subject: PodEndpoint): Finding[] {
    const all = [...this.selecting(subject, 'admin'), ...this.selecting(subject, 'baseline')];
    return [
      ...all
        .filter((p) => p.problems.length > 0)
        .map((p) => ({
          layer: this.layer,
          object: p.object,
          message: `is invalid and enforces nothing (the API server rejects it): ${p.problems.join('; ')}`,
        })),
      ...all
        .filter((p) => p.problems.length === 0 && p.unsupported.length > 0)
        .map((p) => ({
          layer: this.layer,
          object: p.object,
          message: `not evaluated: ${p.unsupported.join('; ')}`,
        })),
    ];
  }

  /**
   * The first matching rule of the tier for one direction, or undefined when none matches.
   * `dest` is the destination pod (for named ports).
   */
  public decide(
    tier: AdminTier,
    subject: PodEndpoint,
    direction: Direction,
    peer: Endpoint,
    port: number,
    protocol: FlowProtocol,
    dest: PodInfo | undefined,
  ): TierVerdict | undefined {
    const hits = this.match(tier, subject, direction, peer, port, protocol, dest);
    if (hits.length === 0) return undefined;
    const { rule, peer: via } = hits[0];
    const where = `${direction} of ${endpointText(subject)}`;
    const effect =
      rule.action === 'pass'
        ? tier === 'admin'
          ? 'passes it to the NetworkPolicies of the pod'
          : 'passes it on: no baseline rule applies, so the default (allow) holds'
        : rule.action === 'allow'
          ? 'allows it'
          : 'denies it';
    const findings: Finding[] = [
      {
        layer: this.layer,
        object: rule.object,
        rule: rule.rule,
        message: `${rule.actionText} (${tier} tier, priority ${hits[0].policy.priority}): matches ${endpointText(peer)} on ${portText(port, protocol)} and ${effect} (${where}) [${via}]`,
      },
    ];
    if (hits.length > 1) {
      findings.push({
        layer: this.layer,
        message:
          `undefined order: ${hits.map((h) => `${h.policy.object} (${h.rule.actionText})`).join(' and ')} have the same priority ` +
          `${hits[0].policy.priority} and all match ${endpointText(peer)} on ${portText(port, protocol)} (${where}); upstream lets an ` +
          `implementation apply any of them, this verdict follows ${hits[0].policy.object}. Give them distinct priorities`,
      });
    }
    return { action: rule.action, findings };
  }

  /** What `decide` would do, without its explanation (the bulk path). */
  public action(
    tier: AdminTier,
    subject: PodEndpoint,
    direction: Direction,
    peer: Endpoint,
    port: number,
    protocol: FlowProtocol,
    dest: PodInfo | undefined,
  ): AdminAction | undefined {
    return this.match(tier, subject, direction, peer, port, protocol, dest)[0]?.rule.action;
  }

  /** The valid policies of a tier selecting the pod, in evaluation order (cached like `selecting`). */
  private valid(subject: PodEndpoint, tier: AdminTier): readonly CompiledAdminPolicy[] {
    const all = this.selecting(subject, tier);
    let r = this.validCache.get(all);
    if (!r) {
      r = all.filter((p) => p.problems.length === 0);
      this.validCache.set(all, r);
    }
    return r;
  }

  /**
   * The first matching rule of each policy in the first priority group (of valid policies
   * selecting the subject) where any rule matches; empty when none does.
   */
  private match(
    tier: AdminTier,
    subject: PodEndpoint,
    direction: Direction,
    peer: Endpoint,
    port: number,
    protocol: FlowProtocol,
    dest: PodInfo | undefined,
  ): Array<{ policy: CompiledAdminPolicy; rule: AdminRule; peer: string }> {
    const policies = this.valid(subject, tier);
    for (let i = 0; i < policies.length;) {
      let j = i;
      while (j < policies.length && policies[j].priority === policies[i].priority) j++;
      const hits: Array<{ policy: CompiledAdminPolicy; rule: AdminRule; peer: string }> = [];
      for (const policy of policies.slice(i, j)) {
        const m = firstMatch(policy[direction], peer, port, protocol, dest);
        if (m) hits.push({ policy, ...m });
      }
      if (hits.length > 0) return hits;
      i = j;
    }
    return [];
  }
}

function firstMatch(
  rules: readonly AdminRule[],
  peer: Endpoint,
  port: number,
  protocol: FlowProtocol,
  dest: PodInfo | undefined,
): { rule: AdminRule; peer: string } | undefined {
  for (const rule of rules) {
    const m = matchRules([rule], peer, port, protocol, dest)[0];
    if (m) return { rule, peer: m.peer };
  }
  return undefined;
}
