import { IrIndex } from '../../ir/query';
import { IrLabels, IrWorkload } from '../../ir/types';
import { sortedLabels } from '../../validation/sorted-keys';
import { Manifest } from '../target';
import { CiliumNetworkPolicyManifest, ciliumNetworkPolicy, EndpointSelector } from './cnp';
import { NAMESPACE_LABEL, subjectSelector } from './endpoints';
import { egressRule, ingressRule, needsClusterwide } from './rules';

/**
 * The allows of one workload: `<workload>-ingress` with one ingress rule per inbound IR rule and
 * `<workload>-egress` with one egress rule per outbound IR rule, each only when it has rules (and
 * so only in directions the workload's zone denies).
 */
export function workloadPolicies(
  workload: IrWorkload,
  index: IrIndex,
  labels: IrLabels,
): readonly CiliumNetworkPolicyManifest[] {
  const endpointSelector = subjectSelector(workload.selector, workload.excluded);
  const inbound = index.ingressRules(workload).filter((r) => !needsClusterwide(r.from));
  const outbound = index.egressRules(workload).filter((r) => !needsClusterwide(r.to));
  const out: CiliumNetworkPolicyManifest[] = [];
  if (inbound.length > 0) {
    out.push(
      ciliumNetworkPolicy(`${workload.name}-ingress`, workload.namespace, labels, {
        endpointSelector,
        ingress: inbound.map((r) => ingressRule(r, index)),
      }),
    );
  }
  if (outbound.length > 0) {
    out.push(
      ciliumNetworkPolicy(`${workload.name}-egress`, workload.namespace, labels, {
        endpointSelector,
        egress: outbound.map((r) => egressRule(r, index)),
      }),
    );
  }
  return out;
}

/**
 * The allows of one workload whose peer selects namespaces by label, which a namespaced policy
 * cannot express (it reads no namespace labels): `<namespace>-<workload>-ingress` /
 * `-egress` CiliumClusterwideNetworkPolicy selecting the workload's pods in its namespace. They
 * only add allows: `enableDefaultDeny` is off, the zone's own policy isolates the pods.
 */
export function workloadClusterwidePolicies(
  workload: IrWorkload,
  index: IrIndex,
  labels: IrLabels,
): readonly Manifest[] {
  const base = subjectSelector(workload.selector, workload.excluded);
  const endpointSelector: EndpointSelector = {
    ...base,
    matchLabels: sortedLabels({ ...(base.matchLabels ?? {}), [NAMESPACE_LABEL]: workload.namespace }),
  };
  const inbound = index.ingressRules(workload).filter((r) => needsClusterwide(r.from));
  const outbound = index.egressRules(workload).filter((r) => needsClusterwide(r.to));
  const policy = (direction: 'ingress' | 'egress', rules: readonly unknown[]): Manifest => ({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumClusterwideNetworkPolicy',
    metadata: { name: `${workload.namespace}-${workload.name}-${direction}`, labels: sortedLabels(labels) },
    spec: { endpointSelector, [direction]: rules, enableDefaultDeny: { ingress: false, egress: false } },
  });
  return [
    ...(inbound.length > 0
      ? [
          policy(
            'ingress',
            inbound.map((r) => ingressRule(r, index, true)),
          ),
        ]
      : []),
    ...(outbound.length > 0
      ? [
          policy(
            'egress',
            outbound.map((r) => egressRule(r, index, true)),
          ),
        ]
      : []),
  ];
}
