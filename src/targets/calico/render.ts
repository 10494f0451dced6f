import { IrIndex } from '../../ir/query';
import { IrLabels, IrTopology, IrWorkload, IrZone } from '../../ir/types';
import { dnsEgressRules } from './dns';
import { CALICO_POLICY_ORDER, calicoPolicy, CalicoNetworkPolicyManifest, CalicoPolicyType } from './policy';
import { allowRules, entityOf, ruleWhere } from './rules';
import { ALL, labelsExpression, workloadExpression } from './selectors';

/**
 * Renders a planned topology as `projectcalico.org/v3` NetworkPolicies of the default tier: every
 * zone's default deny (IR order), then each workload's ingress and egress allows (IR order).
 * Pure and deterministic.
 */
export function renderCalicoPolicies(ir: IrTopology): CalicoNetworkPolicyManifest[] {
  const index = new IrIndex(ir);
  const labels = ir.settings.commonLabels;
  const out: CalicoNetworkPolicyManifest[] = [];
  for (const zone of ir.zones) {
    const deny = zoneDefaultDeny(zone, labels);
    if (deny) out.push(deny);
  }
  for (const w of ir.workloads) out.push(...workloadPolicies(w, index, labels));
  return out;
}

/**
 * `<zone>-default-deny`: selects the zone's pods for the denied directions (`types`) with no rule
 * but the DNS allowance, so that whatever no Allow of the tier matches meets Calico's end-of-tier
 * drop. No explicit `Deny` rule: it would also drop what other policies of the tier allow after
 * it in order, whereas the drop comes only after every policy of the tier.
 */
function zoneDefaultDeny(zone: IrZone, labels: IrLabels): CalicoNetworkPolicyManifest | undefined {
  const types: CalicoPolicyType[] = [];
  if (zone.denyIngress) types.push('Ingress');
  if (zone.denyEgress) types.push('Egress');
  if (types.length === 0) return undefined;
  const where = `zone '${zone.id}'`;
  const selector = Object.keys(zone.podSelector).length === 0 ? ALL : labelsExpression(zone.podSelector, where);
  const egress = zone.denyEgress && zone.dns !== undefined ? dnsEgressRules(zone.dns, where) : [];
  return calicoPolicy(`${zone.name}-default-deny`, zone.namespace, labels, {
    order: CALICO_POLICY_ORDER,
    selector,
    types,
    ...(egress.length > 0 ? { egress } : {}),
  });
}

/**
 * `<workload>-ingress` and `<workload>-egress`: the workload's allows, one or more Calico rules
 * per IR rule (one per protocol). A direction its zone leaves open produces no object.
 *
 * The policies select the tier's pods by labels only, never with `serviceAccountSelector`: a pod
 * with the tier's labels and another service account would then escape the tier's policies, and
 * only the zone's default deny would hold it.
 */
function workloadPolicies(w: IrWorkload, index: IrIndex, labels: IrLabels): CalicoNetworkPolicyManifest[] {
  const inbound = index.ingressRules(w);
  const outbound = index.egressRules(w);
  if (inbound.length === 0 && outbound.length === 0) return [];
  if (Object.keys(w.selector).length === 0)
    throw new Error(`IR invariant broken: workload '${w.id}' has an empty selector`);
  const selector = workloadExpression(w);
  const out: CalicoNetworkPolicyManifest[] = [];
  if (inbound.length > 0) {
    const ingress = inbound.flatMap((r) => {
      const where = ruleWhere(r);
      return allowRules(entityOf(r.from, w.namespace, index, where), r.ports, 'source', where);
    });
    out.push(
      calicoPolicy(`${w.name}-ingress`, w.namespace, labels, {
        order: CALICO_POLICY_ORDER,
        selector,
        types: ['Ingress'],
        ingress,
      }),
    );
  }
  if (outbound.length > 0) {
    const egress = outbound.flatMap((r) => {
      const where = ruleWhere(r);
      return allowRules(entityOf(r.to, w.namespace, index, where), r.ports, 'destination', where);
    });
    out.push(
      calicoPolicy(`${w.name}-egress`, w.namespace, labels, {
        order: CALICO_POLICY_ORDER,
        selector,
        types: ['Egress'],
        egress,
      }),
    );
  }
  return out;
}
