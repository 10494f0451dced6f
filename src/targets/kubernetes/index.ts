import { Target } from '../target';
import { kubernetesDescriptor } from './descriptor';
import { renderNetworkPolicies } from './render';

/**
 * The Kubernetes NetworkPolicy target: renders zones' default denies and workloads' L3/L4 allows
 * as `networking.k8s.io/v1` NetworkPolicy, enforced by the CNI.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export const kubernetesTarget: Target = {
  ...kubernetesDescriptor,
  render: (ir) => renderNetworkPolicies(ir),
};

export { kubernetesDescriptor } from './descriptor';
