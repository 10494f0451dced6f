import { IrGuardrail, IrTopology } from '../../ir/types';
import { Manifest } from '../target';
import { portsOf, protocolsOf } from './ports';
import { peerOf, subjectOf } from './selectors';

/** The API group and versions this target writes. */
const GROUP = 'policy.networking.k8s.io';

/** The version a topology's profile chose (`targetVersions['network-policy-api']`), `v1alpha2` by default. */
export function apiVersionOf(ir: IrTopology): 'v1alpha1' | 'v1alpha2' {
  return ir.settings.targetVersions['network-policy-api'] === 'v1alpha1' ? 'v1alpha1' : 'v1alpha2';
}

/**
 * Renders the guardrails, one rule each, sorted by tier then priority:
 * - `v1alpha2`: one ClusterNetworkPolicy per guardrail, `tier` Admin or Baseline, its priority,
 *   action Accept / Deny / Pass, `protocols`;
 * - `v1alpha1`: one AdminNetworkPolicy per admin guardrail (its priority; Allow / Deny / Pass,
 *   `ports`), and the baseline guardrails as the rules, in priority order, of the
 *   BaselineAdminNetworkPolicy singleton `default` (one per subject is not possible: the
 *   singleton's subject is shared, so baseline guardrails of different subjects are refused by
 *   the check).
 * @see https://network-policy-api.sigs.k8s.io/reference/spec/
 */
export function renderGuardrails(ir: IrTopology): Manifest[] {
  const guardrails = ir.guardrails ?? [];
  if (guardrails.length === 0) return [];
  const labels = { ...ir.settings.commonLabels };
  if (apiVersionOf(ir) === 'v1alpha2') {
    return guardrails.map((g) => ({
      apiVersion: `${GROUP}/v1alpha2`,
      kind: 'ClusterNetworkPolicy',
      metadata: { name: g.name, labels },
      spec: {
        tier: g.tier === 'admin' ? 'Admin' : 'Baseline',
        priority: g.priority,
        subject: subjectOf(g.subject),
        [g.direction]: [
          {
            name: g.name,
            action: { allow: 'Accept', deny: 'Deny', pass: 'Pass' }[g.action],
            ...peersAndPorts(g, true),
          },
        ],
      },
    }));
  }
  const out: Manifest[] = guardrails
    .filter((g) => g.tier === 'admin')
    .map((g) => ({
      apiVersion: `${GROUP}/v1alpha1`,
      kind: 'AdminNetworkPolicy',
      metadata: { name: g.name, labels },
      spec: { priority: g.priority, subject: subjectOf(g.subject), [g.direction]: [rule(g)] },
    }));
  const baseline = guardrails.filter((g) => g.tier === 'baseline');
  if (baseline.length > 0) {
    const spec: Record<string, unknown> = { subject: subjectOf(baseline[0].subject) };
    for (const d of ['ingress', 'egress'] as const) {
      const rules = baseline.filter((g) => g.direction === d).map(rule);
      if (rules.length > 0) spec[d] = rules;
    }
    out.push({
      apiVersion: `${GROUP}/v1alpha1`,
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default', labels },
      spec,
    });
  }
  return out;
}

function rule(g: IrGuardrail): Record<string, unknown> {
  return { name: g.name, action: { allow: 'Allow', deny: 'Deny', pass: 'Pass' }[g.action], ...peersAndPorts(g, false) };
}

function peersAndPorts(g: IrGuardrail, v2: boolean): Record<string, unknown> {
  // Networks of one guardrail share one peer; pods peers are one each.
  const cidrs = g.peers.filter((p) => p.kind === 'cidr').map((p) => (p as { cidr: string }).cidr);
  const peers = [
    ...g.peers.filter((p) => p.kind !== 'cidr').map(peerOf),
    ...(cidrs.length > 0 ? [{ networks: cidrs }] : []),
  ];
  const ports = g.ports.length === 0 ? {} : v2 ? { protocols: protocolsOf(g.ports) } : { ports: portsOf(g.ports) };
  return { [g.direction === 'ingress' ? 'from' : 'to']: peers, ...ports };
}
