import { ClusterInfo, Finding, LabelMap, LayerDecision } from '../cluster';
import { ClusterView, Endpoint, endpointText, PodEndpoint } from '../engine/endpoint';
import { combineDirections, DirectionResult } from '../engine/direction';
import { Direction, matchingClauses, portText } from '../engine/rule';
import { recordOf, stringMapOf, stringOf } from '../json';
import { compileNetworkPolicy } from '../kubernetes/network-policy';
import { LayerFlow, PolicyLayer } from '../layer';
import { selectorMatches } from '../match/label-selector';
import { VerifyOptions } from '../options';
import { KubeObject, namespaceOf, PolicySet } from '../policy-set';
import { CalicoFlow, CalicoPolicy, CalicoRule, compileCalicoPolicy } from './policy';

/** The API group of Calico's policy kinds. */
const CALICO_API = 'projectcalico.org/';

/**
 * Order of Kubernetes NetworkPolicies once Calico converts them (`knp.default.<name>`, default
 * tier): libcalico-go's `K8sNetworkPolicyToCalico` sets `order := float64(1000.0)`.
 */
export const KUBERNETES_POLICY_ORDER = 1000;

/** A tier: its order (lower first; undefined = last) and what happens when no policy of it decides. */
export interface CalicoTier {
  readonly name: string;
  readonly order?: number;
  readonly defaultAction: 'Deny' | 'Pass';
}

/**
 * Tiers that exist without a Tier object: `default` (order 1,000,000) and `kube-admin` (order
 * 1,000, default action Pass).
 * @see https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy
 */
export const BUILTIN_TIERS: readonly CalicoTier[] = [
  { name: 'default', order: 1_000_000, defaultAction: 'Deny' },
  { name: 'kube-admin', order: 1000, defaultAction: 'Pass' },
];

/**
 * Calico as the CNI (profile layer `calico`): enforces `projectcalico.org/v3` NetworkPolicy and
 * GlobalNetworkPolicy, and the Kubernetes NetworkPolicies (converted into the `default` tier at
 * order 1000), at L3/L4. A connection needs the source pod's egress and the destination pod's
 * ingress to allow it. For one endpoint and direction:
 * 1. the tiers that hold at least one policy applying to the endpoint are taken in tier order
 *    (lower first, no order last, then by name);
 * 2. within a tier, policies in `order` (lower first, no order last, then by name), rules in
 *    turn: the first matching rule with `Allow` or `Deny` decides; `Pass` skips to the next tier;
 *    `Log` does not decide;
 * 3. a tier whose policies all leave the packet undecided drops it ("end of tier drop"), unless
 *    the Tier's `defaultAction` is `Pass`;
 * 4. an endpoint no policy applies to, or whose last tier passed, is allowed (the Kubernetes
 *    namespace profiles allow everything).
 * A policy the API server would reject (bad selector, bad action, unknown tier) enforces nothing
 * and is reported; a rule with criteria this engine does not model (`http`, `services`) never
 * matches, and is reported. No bulk path: `allPairs` asks `decide` pair by pair.
 * @see https://docs.tigera.io/calico/latest/reference/resources/tier
 * @see https://docs.tigera.io/calico/latest/reference/resources/networkpolicy
 */
export class CalicoLayer implements PolicyLayer {
  /** Builds the layer from the Calico policies, Kubernetes NetworkPolicies, Tiers and ServiceAccounts of a policy set. */
  public static create(policies: PolicySet, options: VerifyOptions): CalicoLayer {
    return new CalicoLayer(policies, options);
  }

  public readonly name = 'calico';
  public readonly enforcementPoint = 'cni' as const;
  public readonly l7 = false;
  private readonly policies: readonly CalicoPolicy[];
  private readonly tiers = new Map<string, CalicoTier>();
  private readonly serviceAccounts = new Map<string, LabelMap>();

  private constructor(
    set: PolicySet,
    private readonly options: VerifyOptions,
  ) {
    for (const t of BUILTIN_TIERS) this.tiers.set(t.name, t);
    for (const o of set.ofKind('Tier').filter(isCalico)) {
      const spec = recordOf(o.spec);
      const order = spec.order === undefined ? undefined : Number(spec.order);
      this.tiers.set(o.metadata.name, {
        name: o.metadata.name,
        ...(order !== undefined && Number.isFinite(order) ? { order } : {}),
        defaultAction: spec.defaultAction === 'Pass' ? 'Pass' : 'Deny',
      });
    }
    for (const o of set.ofKind('ServiceAccount')) {
      this.serviceAccounts.set(`${namespaceOf(o)}/${o.metadata.name}`, stringMapOf(o.metadata.labels));
    }
    const calico = [...set.ofKind('NetworkPolicy'), ...set.ofKind('GlobalNetworkPolicy')]
      .filter(isCalico)
      .map(compileCalicoPolicy)
      .map((p) =>
        this.tiers.has(p.tier)
          ? p
          : { ...p, problems: [...p.problems, `tier '${p.tier}' does not exist (create a Tier object first)`] },
      );
    const kubernetes = set
      .ofKind('NetworkPolicy')
      .filter((o) => !isCalico(o))
      .map(fromKubernetes);
    this.policies = [...calico, ...kubernetes];
  }

  /** Decides a flow: egress of the source pod AND ingress of the destination pod. */
  public decide(flow: LayerFlow, cluster: ClusterInfo): LayerDecision {
    const view = ClusterView.of(cluster, this.options);
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
        const r = this.decidePair(s, d, flow);
        allowed = allowed && r.allowed;
        findings.push(...r.findings.map((f) => ({ ...f, message: prefix + f.message })));
      }
    }
    return { layer: this.name, allowed, findings };
  }

  private decidePair(s: Endpoint, d: Endpoint, flow: LayerFlow): DirectionResult {
    if (s.kind === 'pod' && d.kind === 'pod' && s.pod.ip !== undefined && s.pod === d.pod) {
      return {
        allowed: true,
        findings: [{ layer: this.name, message: `${endpointText(s)} to itself is loopback: never isolated` }],
      };
    }
    const results: DirectionResult[] = [];
    if (s.kind === 'pod') results.push(this.direction(s, 'egress', d, flow));
    if (d.kind === 'pod') results.push(this.direction(d, 'ingress', s, flow));
    return combineDirections(this.name, s, d, results);
  }

  /** The tiered evaluation of one direction of one endpoint (see the class comment). */
  private direction(
    subject: PodEndpoint,
    direction: Direction,
    peer: Endpoint,
    flow: LayerFlow,
  ): { allowed: boolean; findings: Finding[] } {
    const where = `${direction} of ${endpointText(subject)}`;
    const port = portText(flow.port, flow.protocol);
    const saLabels = this.serviceAccountLabels(subject.pod.namespace, subject.pod.serviceAccount);
    const selecting = this.policies.filter((p) => p.types.has(direction) && p.appliesTo(subject, saLabels));
    const notes: Finding[] = [
      ...selecting
        .filter((p) => p.problems.length > 0)
        .map((p) => ({
          layer: this.name,
          object: p.object,
          message: `is invalid and enforces nothing (the API server rejects it): ${p.problems.join('; ')}`,
        })),
      ...selecting
        .filter((p) => p.problems.length === 0 && p.unmodelled.length > 0)
        .map((p) => ({
          layer: this.name,
          object: p.object,
          message: `has match criteria this engine does not model, so those rules never match here: ${p.unmodelled.join(', ')}`,
        })),
    ];
    const applying = selecting.filter((p) => p.problems.length === 0);
    if (applying.length === 0) {
      return {
        allowed: true,
        findings: [
          {
            layer: this.name,
            message: `no Calico or Kubernetes policy applies to the ${where}: allowed (the namespace profile allows everything)`,
          },
          ...notes,
        ],
      };
    }
    const f: CalicoFlow = {
      direction,
      subject,
      peer,
      port: flow.port,
      protocol: flow.protocol,
      serviceAccountLabels: (ns, name) => this.serviceAccountLabels(ns, name),
    };
    const logs: Finding[] = [];
    const tierNames = [...new Set(applying.map((p) => p.tier))]
      .map((n) => this.tiers.get(n) as CalicoTier)
      .sort(compareTiers);
    for (const tier of tierNames) {
      const inTier = applying.filter((p) => p.tier === tier.name).sort(comparePolicies);
      let passed: Finding | undefined;
      for (const p of inTier) {
        for (const rule of direction === 'ingress' ? p.ingress : p.egress) {
          if (!rule.matches(f)) continue;
          const found = (message: string): Finding => ({
            layer: this.name,
            object: p.object,
            rule: rule.rule,
            message,
          });
          if (rule.action === 'Log') {
            logs.push(found(`logs ${endpointText(peer)} on ${port} and goes on (${where}, tier ${tier.name})`));
            continue;
          }
          if (rule.action === 'Pass') {
            passed = found(`passes ${endpointText(peer)} on ${port} to the next tier (${where}, tier ${tier.name})`);
            break;
          }
          const verb = rule.action === 'Allow' ? 'allows' : 'denies';
          return {
            allowed: rule.action === 'Allow',
            findings: [
              ...logs,
              found(
                `${verb} ${endpointText(peer)} on ${port} (${where}, tier ${tier.name}, order ${p.order ?? 'none'})`,
              ),
              ...notes,
            ],
          };
        }
        if (passed) break;
      }
      if (passed) {
        logs.push(passed);
        continue;
      }
      const objects = inTier.map((p) => p.object).join(', ');
      if (tier.defaultAction === 'Pass') {
        logs.push({
          layer: this.name,
          message: `no rule of tier ${tier.name} (${objects}) matched ${endpointText(peer)} on ${port}; the tier's defaultAction Pass goes on to the next tier (${where})`,
        });
        continue;
      }
      return {
        allowed: false,
        findings: [
          ...logs,
          {
            layer: this.name,
            message: `no rule of tier ${tier.name} (${objects}) matched ${endpointText(peer)} on ${port}: end of tier drop (${where})`,
          },
          ...notes,
        ],
      };
    }
    return {
      allowed: true,
      findings: [
        ...logs,
        {
          layer: this.name,
          message: `every tier passed ${endpointText(peer)} on ${port}: the namespace profile allows it (${where})`,
        },
        ...notes,
      ],
    };
  }

  private serviceAccountLabels(namespace: string, name: string): LabelMap {
    return { ...(this.serviceAccounts.get(`${namespace}/${name}`) ?? {}), 'projectcalico.org/name': name };
  }
}

function isCalico(o: KubeObject): boolean {
  return o.apiVersion.startsWith(CALICO_API);
}

function compareTiers(a: CalicoTier, b: CalicoTier): number {
  const oa = a.order ?? Infinity;
  const ob = b.order ?? Infinity;
  return oa !== ob ? oa - ob : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function comparePolicies(a: CalicoPolicy, b: CalicoPolicy): number {
  const oa = a.order ?? Infinity;
  const ob = b.order ?? Infinity;
  return oa !== ob ? oa - ob : a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0;
}

/**
 * A Kubernetes NetworkPolicy as Calico enforces it: in the `default` tier at order 1000, its
 * rules as `Allow` rules; selecting a pod for a direction it isolates puts the pod under the
 * tier's end-of-tier drop.
 */
function fromKubernetes(o: KubeObject): CalicoPolicy {
  const np = compileNetworkPolicy(o, { matchesPods: true, matchesNodes: true });
  const rules = (direction: Direction): CalicoRule[] =>
    (direction === 'ingress' ? np.ingress : np.egress).map((r) => ({
      rule: r.rule,
      action: 'Allow' as const,
      matches: (f: CalicoFlow) => {
        const dest = direction === 'ingress' ? f.subject : f.peer;
        return (
          matchingClauses(r, f.port, f.protocol, dest.kind === 'pod' ? dest.pod : undefined).length > 0 &&
          r.peer(f.peer) !== undefined
        );
      },
    }));
  const selector = np.podSelector;
  return {
    object: np.object,
    tier: 'default',
    order: KUBERNETES_POLICY_ORDER,
    sortName: `${np.namespace}/knp.default.${stringOf(o.metadata.name) ?? ''}`,
    types: np.isolates,
    appliesTo: (subject) => subject.pod.namespace === np.namespace && selectorMatches(selector, subject.pod.labels),
    ingress: rules('ingress'),
    egress: rules('egress'),
    problems: np.problems,
    unmodelled: [],
  };
}
