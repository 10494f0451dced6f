import { IrLabels } from '../../ir/types';
import { sortedLabels } from '../../validation/sorted-keys';
import { EndpointSelector } from './cnp';

/**
 * The Cilium label carrying a pod's namespace. In `fromEndpoints` / `toEndpoints` of a namespaced
 * policy, a selector without it is confined to the policy's own namespace.
 */
export const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';

/**
 * The Cilium label carrying a pod's service account (from `spec.serviceAccountName`), part of
 * every pod's security identity: selecting it matches pods by service account, together with
 * their labels (https://docs.cilium.io/en/stable/security/policy/kubernetes/#serviceaccounts).
 */
export const SERVICE_ACCOUNT_LABEL = 'k8s:io.cilium.k8s.policy.serviceaccount';

/**
 * The selector of the endpoints a policy applies to: pods of the policy's namespace carrying
 * `labels`, or every pod of the namespace when `labels` is empty.
 */
export function subjectSelector(labels: IrLabels, excluded?: IrExcluded): EndpointSelector {
  return withExclusions(Object.keys(labels).length === 0 ? {} : { matchLabels: sortedLabels(labels) }, excluded);
}

/** Label values the selected pods must not carry, by key (`IrWorkload.excluded`). */
export type IrExcluded = { readonly [key: string]: readonly string[] };

/** A selector with `NotIn` requirements for the excluded label values (unchanged when none). */
export function withExclusions(selector: EndpointSelector, excluded: IrExcluded | undefined): EndpointSelector {
  if (!excluded) return selector;
  return {
    ...selector,
    matchExpressions: Object.keys(excluded)
      .sort()
      .map((key) => ({ key, operator: 'NotIn' as const, values: [...excluded[key]] })),
  };
}

/**
 * A peer selector for pods of one namespace carrying `labels` (every pod of it when empty). The
 * namespace label is always explicit, also for the policy's own namespace.
 */
export function namespacedPeer(namespace: string, labels: IrLabels): EndpointSelector {
  return { matchLabels: sortedLabels({ ...labels, [NAMESPACE_LABEL]: namespace }) };
}

/**
 * A peer selector for pods carrying `labels` in every namespace: the namespace label must exist,
 * so the selector is not confined to the policy's namespace and never matches non-pod identities.
 */
export function anyNamespacePeer(labels: IrLabels): EndpointSelector {
  const exists = { matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'Exists' as const }] };
  return Object.keys(labels).length === 0 ? exists : { matchLabels: sortedLabels(labels), ...exists };
}

/** Prefix of the namespace labels Cilium copies into every pod's identity. */
export const NAMESPACE_LABELS_PREFIX = 'k8s:io.cilium.k8s.namespace.labels.';

/**
 * A peer selector for pods carrying `labels` in the namespaces carrying `namespaceLabels`, for a
 * CiliumClusterwideNetworkPolicy (a namespaced policy reads no namespace labels): the namespace
 * labels as Cilium identity labels, and the namespace label must exist (pods only).
 */
export function namespaceLabelsPeer(namespaceLabels: IrLabels, labels: IrLabels): EndpointSelector {
  const ns: { [key: string]: string } = {};
  for (const key of Object.keys(namespaceLabels)) ns[`${NAMESPACE_LABELS_PREFIX}${key}`] = namespaceLabels[key];
  return {
    matchLabels: sortedLabels({ ...labels, ...ns }),
    matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'Exists' as const }],
  };
}

/** The labels with each key restricted to the Kubernetes label source (`k8s:<key>`). */
export function k8sSourceLabels(labels: IrLabels): IrLabels {
  const out: { [key: string]: string } = {};
  for (const key of Object.keys(labels)) out[`k8s:${key}`] = labels[key];
  return sortedLabels(out);
}
