import { IrIndex } from '../../ir/query';
import { IrTopology } from '../../ir/types';
import { CiliumNetworkPolicyManifest } from './cnp';
import { Manifest } from '../target';
import { workloadClusterwidePolicies, workloadPolicies } from './workload-policy';
import { zonePolicy } from './zone-policy';

/**
 * Every CiliumNetworkPolicy of a topology: zones' default denies first, then each workload's
 * ingress and egress allows, in IR order (the IR is sorted, so the output is deterministic), then
 * the CiliumClusterwideNetworkPolicy of allows whose peer selects namespaces by label.
 */
export function renderCiliumPolicies(ir: IrTopology): readonly (CiliumNetworkPolicyManifest | Manifest)[] {
  const index = new IrIndex(ir);
  const labels = ir.settings.commonLabels;
  return [
    ...ir.zones.flatMap((z) => zonePolicy(z, labels) ?? []),
    ...ir.workloads.flatMap((w) => workloadPolicies(w, index, labels)),
    ...ir.workloads.flatMap((w) => workloadClusterwidePolicies(w, index, labels)),
  ];
}
