import { IrLabels, IrProtocol } from '../../ir/types';
import { sortedKeys } from '../../validation/sorted-keys';
import { Manifest } from '../target';

/** A label selector with `matchLabels` only; `{}` selects everything in its scope. */
export interface LabelSelector {
  readonly matchLabels?: IrLabels;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'NotIn';
    readonly values: readonly string[];
  }[];
}

/** An `ipBlock` peer: a CIDR, minus the `except` ranges inside it. */
export interface IpBlock {
  readonly cidr: string;
  readonly except?: readonly string[];
}

/**
 * One element of a rule's `from` / `to` list. Selectors inside one element are ANDed; separate
 * elements are ORed.
 */
export interface NetworkPolicyPeer {
  readonly namespaceSelector?: LabelSelector;
  readonly podSelector?: LabelSelector;
  readonly ipBlock?: IpBlock;
}

/** A destination (pod) port: a number, a range (`port` + `endPort`), a name, or every port of a protocol. */
export interface NetworkPolicyPort {
  readonly protocol: IrProtocol;
  readonly port?: number | string;
  readonly endPort?: number;
}

/** An ingress rule: traffic from any of `from` on any of `ports` (every port when omitted). */
export interface NetworkPolicyIngressRule {
  /** Absent: every source. */
  readonly from?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

/** An egress rule: traffic to any of `to` on any of `ports` (every port when omitted). */
export interface NetworkPolicyEgressRule {
  /** Absent: every destination. */
  readonly to?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

/** A direction a NetworkPolicy isolates. */
export type PolicyType = 'Ingress' | 'Egress';

/**
 * The spec of a NetworkPolicy. `policyTypes` is always explicit: when omitted, Kubernetes
 * infers `Egress` only from the presence of egress rules, so an egress default deny would be lost.
 */
export interface NetworkPolicySpec {
  readonly podSelector: LabelSelector;
  readonly policyTypes: readonly PolicyType[];
  readonly ingress?: readonly NetworkPolicyIngressRule[];
  readonly egress?: readonly NetworkPolicyEgressRule[];
}

/** A `networking.k8s.io/v1` NetworkPolicy manifest. */
export interface NetworkPolicyManifest extends Manifest {
  readonly apiVersion: 'networking.k8s.io/v1';
  readonly kind: 'NetworkPolicy';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: IrLabels;
  };
  readonly spec: NetworkPolicySpec;
}

/** Builds a NetworkPolicy manifest with the given name, namespace, labels and spec. */
export function networkPolicy(
  name: string,
  namespace: string,
  labels: IrLabels,
  spec: NetworkPolicySpec,
): NetworkPolicyManifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: copyLabels(labels) },
    spec,
  };
}

/** A fresh copy of a label map with keys in sorted order (never shared between documents). */
export function copyLabels(labels: IrLabels): IrLabels {
  const out: { [key: string]: string } = {};
  for (const key of sortedKeys(labels)) out[key] = labels[key];
  return out;
}
