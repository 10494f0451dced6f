import { IrIndex } from '../../ir/query';
import { IrLabels, IrWorkload } from '../../ir/types';
import { CiliumNetworkPolicyManifest, ciliumNetworkPolicy } from './cnp';
import { subjectSelector } from './endpoints';
import { egressRule, ingressRule } from './rules';

/**
 * The allows of one workload: `<workload>-ingress` with one ingress rule per inbound IR rule and
 * `<workload>-egress` with one egress rule per outbound IR rule, each only when it has rules (and
 * so only in directions the workload's zone denies).
 */
export function workloadPolicies(
  workload: IrWorkload,
  index: IrIndex,
  labels: IrLabels,
): readonly CiliumNetworkPolicyManifest[] {
  const endpointSelector = subjectSelector(workload.selector, workload.excluded);
  const inbound = index.ingressRules(workload);
  const outbound = index.egressRules(workload);
  const out: CiliumNetworkPolicyManifest[] = [];
  if (inbound.length > 0) {
    out.push(ciliumNetworkPolicy(`${workload.name}-ingress`, workload.namespace, labels, {
      endpointSelector,
      ingress: inbound.map((r) => ingressRule(r, index)),
    }));
  }
  if (outbound.length > 0) {
    out.push(ciliumNetworkPolicy(`${workload.name}-egress`, workload.namespace, labels, {
      endpointSelector,
      egress: outbound.map((r) => egressRule(r, index)),
    }));
  }
  return out;
}
