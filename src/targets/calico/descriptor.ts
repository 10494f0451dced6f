import { Capability, TargetDescriptor } from '../../plan/target-descriptor';

/**
 * The Calico target's descriptor: a CNI enforcement point (open-source Calico, `projectcalico.org/v3`).
 *
 * Not among its capabilities:
 * - L7: open-source Calico enforces HTTP rules only through application layer policy, which needs
 *   Istio sidecars and the Dikastes authorization service; a profile with Istio hands L7 to Istio
 *   itself, and a profile without it refuses L7 (or widens it with `Widening.L7_TO_L4`);
 * - DNS names: the `domains` field of entity rules is a Calico Enterprise feature;
 * - entities (world, host, kube-apiserver ...): Calico has no such names.
 *
 * Guardrails are GlobalNetworkPolicies in Calico Tiers ordered before (admin) and after (baseline)
 * the default tier, with `Deny`, `Allow` and `Pass` rules.
 *
 * Service accounts are matched at L3 (`serviceAccounts`): Calico resolves them to the pods' IPs.
 */
export const calicoDescriptor: TargetDescriptor = {
  name: 'calico',
  title: 'Calico NetworkPolicy',
  enforcementPoint: 'cni',
  capabilities: new Set<Capability>([
    Capability.L3_PODS,
    Capability.NAMESPACE_LABELS,
    Capability.CIDR,
    Capability.L4_PORTS,
    Capability.PORT_RANGES,
    Capability.NAMED_PORTS,
    Capability.SCTP,
    Capability.IDENTITY,
    Capability.DEFAULT_DENY,
    Capability.ANY_PEER,
    Capability.GUARDRAILS,
  ]),
};
