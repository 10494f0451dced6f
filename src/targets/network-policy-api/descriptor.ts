import { Capability, TargetDescriptor } from '../../plan/target-descriptor';

/**
 * The network-policy-api target's descriptor: cluster-wide guardrails (ClusterNetworkPolicy, or
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy) that the CNI evaluates around the
 * NetworkPolicies of a profile. A cluster tier, not a union with NetworkPolicy: it joins the
 * `kubernetes` target instead of counting as a second CNI target.
 */
export const networkPolicyApiDescriptor: TargetDescriptor = {
  name: 'network-policy-api',
  title: 'ClusterNetworkPolicy / AdminNetworkPolicy',
  enforcementPoint: 'cni',
  clusterTier: true,
  // Guardrails only: the app's rules are the CNI target's (NetworkPolicy).
  capabilities: new Set<Capability>([Capability.GUARDRAILS]),
};
