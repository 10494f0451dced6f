import { Capability, Target } from '../target';
import { checkCilium } from './check';
import { renderCiliumPolicies } from './render';

/**
 * The CiliumNetworkPolicy target: renders zones' default denies (with the DNS-proxy rule that
 * `toFQDNs` needs) and workloads' L3/L4/L7 allows as namespaced `cilium.io/v2`
 * CiliumNetworkPolicy, enforced by the CNI. Renders for `settings.ciliumVersion` (default 1.19);
 * `check` reports what that release would reject.
 *
 * Cilium ignores namespace labels in a namespaced policy, so peers that select namespaces by
 * label are not among its capabilities (every namespace, `namespaceLabels: {}`, is).
 *
 * @see https://docs.cilium.io/en/stable/security/policy/
 */
export const ciliumTarget: Target = {
  name: 'cilium',
  title: 'CiliumNetworkPolicy',
  enforcementPoint: 'cni',
  capabilities: new Set<Capability>([
    Capability.L3_PODS,
    Capability.CIDR,
    Capability.ENTITIES,
    Capability.FQDN,
    Capability.FQDN_SUBDOMAINS,
    Capability.L4_PORTS,
    Capability.PORT_RANGES,
    Capability.NAMED_PORTS,
    Capability.SCTP,
    Capability.L7_HTTP,
    Capability.L7_HTTP_REGEX,
    Capability.L7_KAFKA,
    Capability.DEFAULT_DENY,
    Capability.ANY_PEER,
  ]),
  check: (ir) => checkCilium(ir),
  render: (ir) => renderCiliumPolicies(ir),
};
