import { Target } from '../target';
import { calicoDescriptor } from './descriptor';
import { renderCalicoPolicies } from './render';

/**
 * The Calico target: renders zones' default denies (with DNS) and workloads' L3/L4 allows as
 * namespaced `projectcalico.org/v3` NetworkPolicies of the `default` tier, enforced by the CNI,
 * with Calico selector expressions, `serviceAccounts` for peers the model names by identity,
 * `nets` / `notNets` for CIDRs, and port ranges and named ports. Every policy has
 * `order: 1000`, the order Calico gives the Kubernetes NetworkPolicies it converts.
 *
 * @see https://docs.tigera.io/calico/latest/reference/resources/networkpolicy
 */
export const calicoTarget: Target = {
  ...calicoDescriptor,
  render: (ir) => renderCalicoPolicies(ir),
};

export { calicoDescriptor } from './descriptor';
