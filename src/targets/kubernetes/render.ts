import { IrIndex } from '../../ir/query';
import { IrTopology } from '../../ir/types';
import { NetworkPolicyManifest } from './network-policy';
import { workloadPolicies } from './workload-policy';
import { zoneDefaultDeny } from './zone-policy';

/**
 * Renders a planned topology as NetworkPolicy manifests: every zone's default deny (IR order),
 * then each workload's ingress and egress allows (IR order). Pure and deterministic.
 */
export function renderNetworkPolicies(ir: IrTopology): NetworkPolicyManifest[] {
  const index = new IrIndex(ir);
  const labels = ir.settings.commonLabels;
  const out: NetworkPolicyManifest[] = [];
  for (const zone of ir.zones) {
    const deny = zoneDefaultDeny(zone, labels);
    if (deny !== undefined) out.push(deny);
  }
  for (const w of ir.workloads) out.push(...workloadPolicies(w, index, labels));
  return out;
}
