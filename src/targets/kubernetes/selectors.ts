import { IrLabels, IrWorkload } from '../../ir/types';
import { copyLabels, LabelSelector } from './network-policy';

/** The label every namespace carries with its own name (set by the API server, immutable). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** True when a label map has no entries. */
export function isEmptyLabels(labels: IrLabels): boolean {
  for (const key in labels) if (Object.prototype.hasOwnProperty.call(labels, key)) return false;
  return true;
}

/** A selector matching these labels; `{}` (match everything in scope) when the map is empty. */
export function selectorOf(labels: IrLabels): LabelSelector {
  return isEmptyLabels(labels) ? {} : { matchLabels: copyLabels(labels) };
}

/** The selector of a workload's pods: its labels, less the pods of tiers carved out of it (`NotIn`). */
export function workloadSelector(w: IrWorkload): LabelSelector {
  const base = selectorOf(w.selector);
  if (!w.excluded) return base;
  return {
    ...base,
    matchExpressions: Object.keys(w.excluded)
      .sort()
      .map((key) => ({ key, operator: 'NotIn' as const, values: [...w.excluded![key]] })),
  };
}

/** A namespace selector matching exactly one namespace by name. */
export function namespaceByName(namespace: string): LabelSelector {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
}
