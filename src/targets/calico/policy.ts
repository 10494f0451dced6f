import { IrLabels } from '../../ir/types';
import { sortedLabels } from '../../validation/sorted-keys';
import { Manifest } from '../target';

/**
 * The `order` of every policy this target writes: the order Calico gives the Kubernetes
 * NetworkPolicies it converts into its `default` tier. The policies behave as the NetworkPolicies
 * they stand for: a policy of the default tier with a lower order (a platform team's `Deny`
 * guardrail) is evaluated first and decides, and policies without an order come after. Every rule
 * written here is an `Allow`, and the default deny is the tier's end-of-tier drop, so the order
 * among these policies never changes a verdict.
 * @see https://docs.tigera.io/calico/latest/reference/resources/networkpolicy
 */
export const CALICO_POLICY_ORDER = 1000;

/** A direction a Calico policy applies to. */
export type CalicoPolicyType = 'Ingress' | 'Egress';

/** What a rule's `source` or `destination` matches; every field present must match (AND). */
export interface CalicoEntityRule {
  /** Endpoints by labels (a Calico selector expression). */
  readonly selector?: string;
  /** Namespaces of those endpoints, by labels; absent = the policy's own namespace. */
  readonly namespaceSelector?: string;
  /** Endpoints running as one of these service accounts (resolved to their pods' IPs). */
  readonly serviceAccounts?: { readonly names: readonly string[] };
  /** Addresses inside one of these CIDRs. */
  readonly nets?: readonly string[];
  /** Addresses outside every one of these CIDRs. */
  readonly notNets?: readonly string[];
  /** Destination ports: numbers, ranges `"7000:7010"`, named ports (only with `protocol`). */
  readonly ports?: readonly (number | string)[];
}

/**
 * One rule: traffic matching `protocol`, `source` and `destination` is allowed (`Allow`), dropped
 * (`Deny`, guardrails only) or handed to the next tier (`Pass`, guardrails only).
 */
export interface CalicoRule {
  readonly action: 'Allow' | 'Deny' | 'Pass';
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  readonly source?: CalicoEntityRule;
  readonly destination?: CalicoEntityRule;
}

/** The spec of a `projectcalico.org/v3` NetworkPolicy. `types` is always explicit. */
export interface CalicoPolicySpec {
  readonly order: number;
  readonly selector: string;
  readonly types: readonly CalicoPolicyType[];
  readonly ingress?: readonly CalicoRule[];
  readonly egress?: readonly CalicoRule[];
}

/** A `projectcalico.org/v3` NetworkPolicy manifest (default tier). */
export interface CalicoNetworkPolicyManifest extends Manifest {
  readonly apiVersion: 'projectcalico.org/v3';
  readonly kind: 'NetworkPolicy';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: IrLabels;
  };
  readonly spec: CalicoPolicySpec;
}

/** Builds a Calico NetworkPolicy manifest. */
export function calicoPolicy(
  name: string,
  namespace: string,
  labels: IrLabels,
  spec: CalicoPolicySpec,
): CalicoNetworkPolicyManifest {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: sortedLabels(labels) },
    spec,
  };
}
