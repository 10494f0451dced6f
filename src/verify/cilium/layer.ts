import { ClusterInfo, Finding, LayerDecision, PodInfo } from '../cluster';
import { AddressBlockMode } from '../engine/address-block';
import { CniLayer, CniModel, SubjectRules } from '../engine/cni-layer';
import { ClusterView, Endpoint, endpointText, isNode, PodEndpoint } from '../engine/endpoint';
import { clauseMatches, Direction, RuleMatch } from '../engine/rule';
import { arrayOf, isRecord, recordOf } from '../json';
import { adminPolicyObjects } from '../kubernetes/admin-policy';
import { AdminTierIndex } from '../kubernetes/admin-tier';
import { NetworkPolicyIndex } from '../kubernetes/policy-index';
import { LayerFlow } from '../layer';
import { DEFAULT_DNS_SERVER_LABELS, VerifyOptions } from '../options';
import { objectRef, PolicySet } from '../policy-set';
import { ciliumSelectorMatches, identityLabels } from './labels';
import { CompiledCiliumRule, compileCiliumPolicy } from './rule';

const LAYER = 'cilium';

/**
 * Cilium as one enforcement point (profile `cilium`): NetworkPolicy, CiliumNetworkPolicy and
 * CiliumClusterwideNetworkPolicy are enforced together as a union (DESIGN §3):
 * - a pod is isolated for a direction when any NetworkPolicy (by its policyTypes) or Cilium rule
 *   (by a non-empty section, unless `enableDefaultDeny` opts out) selecting it says so;
 * - deny rules (`ingressDeny` / `egressDeny`) win over every allow, NetworkPolicy included;
 * - an L4-only allow for a peer and port (from any of the three kinds) lifts the L7 rules of the
 *   others; otherwise a request must match one HTTP rule of the matching rules;
 * - CIDR rules and NetworkPolicy ipBlocks never match pod IPs (cilium/cilium #9209; layer3.rst:
 *   "CIDR rules do not apply to traffic where both sides … are managed by Cilium") and match node
 *   addresses only with `ciliumCidrMatchesNodes`;
 * - `toFQDNs` matches a DNS name only when a Cilium rule selecting the source has an egress
 *   `rules.dns` rule toward the DNS server that allows looking the name up (the DNS proxy learns
 *   the name's IPs; SEMANTICS B2.1, cilium/cilium #11767);
 * - traffic from the pod's own node (`hostIps`) is always allowed in (`allow-localhost`);
 * - Cilium does not implement the network-policy-api (AdminNetworkPolicy,
 *   BaselineAdminNetworkPolicy, ClusterNetworkPolicy; tracking issue cilium/cilium #23380, and
 *   the upstream implementations list names Cilium only by that issue): such objects are not
 *   enforced, and every verdict of a pod they select says so;
 * - host policies (a CiliumClusterwideNetworkPolicy with `nodeSelector`) select no pod and are
 *   not evaluated: a verdict on a flow to or from a node address says so.
 * @see https://docs.cilium.io/en/stable/security/policy/
 */
export class CiliumLayer extends CniLayer {
  /** Builds the layer from the NetworkPolicies and Cilium policies of a policy set. */
  public static create(policies: PolicySet, options: VerifyOptions): CiliumLayer {
    return new CiliumLayer(policies, options);
  }

  private readonly networkPolicies: NetworkPolicyIndex;
  private readonly cidrMode: AddressBlockMode;
  private readonly unenforced: AdminTierIndex;
  private readonly hostPolicies: readonly string[];

  private constructor(
    private readonly policies: PolicySet,
    options: VerifyOptions,
  ) {
    super(LAYER, true, options);
    this.cidrMode = { matchesPods: false, matchesNodes: options.ciliumCidrMatchesNodes ?? false };
    this.networkPolicies = new NetworkPolicyIndex(policies.ofKind('NetworkPolicy'), this.cidrMode, LAYER);
    this.unenforced = new AdminTierIndex(adminPolicyObjects(policies), LAYER);
    this.hostPolicies = policies
      .ofKind('CiliumClusterwideNetworkPolicy')
      .filter((o) => [o.spec, ...arrayOf(o.specs)].some((spec) => isRecord(recordOf(spec).nodeSelector)))
      .map(objectRef);
  }

  /** Decides a flow (see `CniLayer.decide`), noting host policies when an end is a node. */
  public decide(flow: LayerFlow, cluster: ClusterInfo): LayerDecision {
    const decision = super.decide(flow, cluster);
    if (this.hostPolicies.length === 0) return decision;
    const view = ClusterView.of(cluster, this.options);
    const node = [...view.classify(flow.source), ...view.classify(flow.destination)].some(
      (e) => e.kind === 'ip' && isNode(e),
    );
    if (!node) return decision;
    return {
      ...decision,
      // No `object`: a host policy decides nothing in this verdict.
      findings: [
        ...decision.findings,
        ...this.hostPolicies.map((object) => ({
          layer: LAYER,
          message: `${object} is a host policy (nodeSelector): it applies to the nodes' own traffic and is not evaluated here, so it may still drop this flow`,
        })),
      ],
    };
  }

  protected createModel(view: ClusterView): CniModel {
    const rules = [
      ...this.policies.ofKind('CiliumNetworkPolicy'),
      ...this.policies.ofKind('CiliumClusterwideNetworkPolicy'),
    ].flatMap((o) => compileCiliumPolicy(o, view, this.cidrMode));
    return new CiliumModel(view, rules, this.networkPolicies, this.unenforced, this.options);
  }
}

class CiliumModel implements CniModel {
  private readonly cache = new Map<string, SubjectRules>();
  private readonly dnsCache = new Map<string, string | undefined>();
  private readonly dnsServers: readonly PodInfo[];
  private readonly clusterwide: readonly CompiledCiliumRule[];
  private readonly byNamespace = new Map<string, CompiledCiliumRule[]>();

  public constructor(
    private readonly view: ClusterView,
    ciliumRules: readonly CompiledCiliumRule[],
    private readonly networkPolicies: NetworkPolicyIndex,
    private readonly unenforced: AdminTierIndex,
    options: VerifyOptions,
  ) {
    this.clusterwide = ciliumRules.filter((c) => c.namespace === undefined);
    for (const c of ciliumRules) {
      if (c.namespace === undefined) continue;
      const list = this.byNamespace.get(c.namespace) ?? [];
      list.push(c);
      this.byNamespace.set(c.namespace, list);
    }
    const labels = options.dnsServerLabels ?? DEFAULT_DNS_SERVER_LABELS;
    this.dnsServers = view.cluster.pods.filter((p) => Object.entries(labels).every(([k, v]) => p.labels[k] === v));
  }

  public rules(subject: PodEndpoint, direction: Direction): SubjectRules {
    const key = `${direction}\u0000${subjectKey(subject)}`;
    let r = this.cache.get(key);
    if (!r) {
      const np = this.networkPolicies.rules(subject, direction);
      const selecting = this.selecting(subject);
      const valid = selecting.filter((c) => c.problems.length === 0);
      const isolating = valid.filter((c) => c.isolates.has(direction));
      const notes: Finding[] = [
        ...np.notes,
        ...selecting
          .filter((c) => c.problems.length > 0)
          .map((c) => ({
            layer: LAYER,
            object: c.object,
            message: `is rejected by Cilium and enforces nothing: ${c.problems.join('; ')}`,
          })),
        ...valid
          .filter((c) => c.unsupported.length > 0)
          .map((c) => ({ layer: LAYER, object: c.object, message: `not evaluated: ${c.unsupported.join('; ')}` })),
        // No `object`: these objects decide nothing here.
        ...[...this.unenforced.selecting(subject, 'admin'), ...this.unenforced.selecting(subject, 'baseline')].map(
          (p) => ({
            layer: LAYER,
            message: `${p.object} selects ${endpointText(subject)} but is not enforced: Cilium does not implement the network-policy-api (cilium/cilium #23380)`,
          }),
        ),
      ];
      r = {
        isolatedBy: [...new Set([...np.isolatedBy, ...isolating.map((c) => c.object)])].sort(),
        allow: [...np.allow, ...valid.flatMap((c) => c.allow[direction])],
        deny: valid.flatMap((c) => c.deny[direction]),
        notes,
      };
      this.cache.set(key, r);
    }
    return r;
  }

  public screen(
    subject: PodEndpoint,
    direction: Direction,
    peer: Endpoint,
    allows: readonly RuleMatch[],
  ): { allows: readonly RuleMatch[]; notes: readonly Finding[] } {
    if (direction !== 'egress' || peer.kind !== 'fqdn' || !allows.some((m) => m.rule.byDnsName))
      return { allows, notes: [] };
    const blocked = this.dnsBlocker(subject, peer.name);
    if (blocked === undefined) return { allows, notes: [] };
    const dropped = allows.filter((m) => m.rule.byDnsName);
    return {
      allows: allows.filter((m) => !m.rule.byDnsName),
      notes: dropped.map((m) => ({
        layer: LAYER,
        object: m.rule.object,
        rule: m.rule.rule,
        message: `${m.peer} would match ${peer.name}, but toFQDNs matches nothing here: ${blocked}`,
      })),
    };
  }

  public bypass(source: Endpoint, destination: PodEndpoint): string | undefined {
    return source.kind === 'ip' && source.host
      ? `${endpointText(source)} is the node of ${endpointText(destination)}: Cilium always allows the local host in (allow-localhost)`
      : undefined;
  }

  private selecting(subject: PodEndpoint): CompiledCiliumRule[] {
    const labels = identityLabels(subject);
    const candidates = [...this.clusterwide, ...(this.byNamespace.get(subject.pod.namespace) ?? [])];
    return candidates.filter((c) => c.subject !== undefined && ciliumSelectorMatches(c.subject, labels));
  }

  /**
   * Why toFQDNs cannot work for the source and name, or undefined when it can: the source needs a
   * Cilium egress rule with `rules.dns` whose peer and port reach a DNS server pod (any peer when
   * the cluster lists no DNS server) and whose DNS patterns allow the name.
   */
  private dnsBlocker(subject: PodEndpoint, name: string): string | undefined {
    const key = `${subjectKey(subject)}\u0000${name}`;
    if (this.dnsCache.has(key)) return this.dnsCache.get(key);
    const dnsRules = this.selecting(subject)
      .filter((c) => c.problems.length === 0)
      .flatMap((c) => c.allow.egress)
      .flatMap((rule) => rule.clauses.filter((cl) => cl.l7?.kind === 'dns').map((clause) => ({ rule, clause })));
    let why: string | undefined;
    const toward = dnsRules.filter(
      ({ rule, clause }) =>
        this.dnsServers.length === 0 ||
        this.dnsServers.some((pod) => {
          const ports = pod.containerPorts.filter((p) => p.protocol === 'UDP').map((p) => p.containerPort);
          return (
            rule.peer(this.view.podEndpoint(pod)) !== undefined &&
            (ports.length > 0 ? ports : [53]).some((port) => clauseMatches(clause, port, 'UDP', pod))
          );
        }),
    );
    if (dnsRules.length === 0) {
      why = `no Cilium policy selecting ${endpointText(subject)} has an egress DNS rule (toPorts.rules.dns), so Cilium's DNS proxy never learns the addresses of ${name} (cilium/cilium #11767)`;
    } else if (toward.length === 0) {
      why = `the DNS rules of ${[...new Set(dnsRules.map((d) => `${d.rule.object} ${d.rule.rule}`))].join(', ')} do not reach the DNS server, so Cilium's DNS proxy never sees the lookup of ${name}`;
    } else if (!toward.some(({ clause }) => clause.l7?.kind === 'dns' && clause.l7.allowsName(name))) {
      why = `the DNS rules of ${[...new Set(toward.map((d) => `${d.rule.object} ${d.rule.rule}`))].join(', ')} do not allow looking up ${name}, so the DNS proxy refuses it`;
    }
    this.dnsCache.set(key, why);
    return why;
  }
}

function subjectKey(s: PodEndpoint): string {
  const labels = Object.keys(s.pod.labels)
    .sort()
    .map((k) => `${k}=${s.pod.labels[k]}`)
    .join(',');
  return `${s.pod.namespace}\u0000${labels}\u0000${s.pod.serviceAccount}`;
}
