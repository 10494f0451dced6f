import { Target } from '../target';
import { calicoDescriptor } from './descriptor';
import { checkCalicoGuardrails, renderCalicoGuardrails } from './guardrails';
import { renderCalicoPolicies } from './render';

/**
 * The Calico target: renders zones' default denies (with DNS) and workloads' L3/L4 allows as
 * namespaced `projectcalico.org/v3` NetworkPolicies of the `default` tier, enforced by the CNI,
 * with Calico selector expressions, `serviceAccounts` for peers the model names by identity,
 * `nets` / `notNets` for CIDRs, and port ranges and named ports. Every policy has
 * `order: 1000`, the order Calico gives the Kubernetes NetworkPolicies it converts. Guardrails are
 * rendered as GlobalNetworkPolicies in ordered Tiers around the default tier (see `./guardrails`).
 *
 * @see https://docs.tigera.io/calico/latest/reference/resources/networkpolicy
 */
export const calicoTarget: Target = {
  ...calicoDescriptor,
  check: (ir) => checkCalicoGuardrails(ir),
  render: (ir) => [...renderCalicoPolicies(ir), ...renderCalicoGuardrails(ir)],
};

export { calicoDescriptor } from './descriptor';
