import { Target } from '../target';
import { checkCilium } from './check';
import { ciliumDescriptor } from './descriptor';
import { checkGuardrails, renderGuardrails } from './guardrails';
import { renderCiliumPolicies } from './render';

/**
 * The CiliumNetworkPolicy target: renders zones' default denies (with the DNS-proxy rule that
 * `toFQDNs` needs) and workloads' L3/L4/L7 allows as namespaced `cilium.io/v2`
 * CiliumNetworkPolicy, enforced by the CNI. Renders for `settings.targetVersions.cilium` (default 1.19);
 * `check` reports what that release would reject.
 *
 * Cilium ignores namespace labels in a namespaced policy: allows whose peer selects namespaces by
 * label are rendered as CiliumClusterwideNetworkPolicy selecting the workload (SEMANTICS §7).
 * Guardrails are rendered as CiliumClusterwideNetworkPolicy too (see `./guardrails`).
 *
 * @see https://docs.cilium.io/en/stable/security/policy/
 */
export const ciliumTarget: Target = {
  ...ciliumDescriptor,
  check: (ir) => [...checkCilium(ir), ...checkGuardrails(ir)],
  render: (ir) => [...renderCiliumPolicies(ir), ...renderGuardrails(ir)],
};

export { ciliumDescriptor } from './descriptor';
