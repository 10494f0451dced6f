import { Capability, TargetDescriptor } from '../../plan/target-descriptor';

/** The Kubernetes NetworkPolicy target's descriptor: a CNI enforcement point with L3/L4 rules. */
export const kubernetesDescriptor: TargetDescriptor = {
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
};
