import { Capability, Target } from '../target';
import { renderNetworkPolicies } from './render';

/**
 * The Kubernetes NetworkPolicy target: renders zones' default denies and workloads' L3/L4 allows
 * as `networking.k8s.io/v1` NetworkPolicy, enforced by the CNI.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export const kubernetesTarget: Target = {
  name: 'kubernetes',
  title: 'Kubernetes NetworkPolicy',
  enforcementPoint: 'cni',
  capabilities: new Set<Capability>([
    Capability.L3_PODS,
    Capability.NAMESPACE_LABELS,
    Capability.CIDR,
    Capability.L4_PORTS,
    Capability.PORT_RANGES,
    Capability.NAMED_PORTS,
    Capability.SCTP,
    Capability.DEFAULT_DENY,
    Capability.ANY_PEER,
  ]),
  render: (ir) => renderNetworkPolicies(ir),
};
