import { Target } from '../target';
import { checkGuardrails } from './check';
import { networkPolicyApiDescriptor } from './descriptor';
import { renderGuardrails } from './render';

/**
 * The network-policy-api target: renders a topology's guardrails as `policy.networking.k8s.io`
 * ClusterNetworkPolicy (v1alpha2, the default) or AdminNetworkPolicy / BaselineAdminNetworkPolicy
 * (v1alpha1, `ProfileOptions.networkPolicyApi`), evaluated by the CNI before (admin tier) and
 * after (baseline tier) the NetworkPolicies of the `kubernetes` target.
 *
 * @see https://network-policy-api.sigs.k8s.io/reference/spec/
 */
export const networkPolicyApiTarget: Target = {
  ...networkPolicyApiDescriptor,
  check: (ir, ctx) => checkGuardrails(ir, ctx),
  render: (ir) => renderGuardrails(ir),
};

export { networkPolicyApiDescriptor } from './descriptor';
