import { IrLabels } from '../../ir/types';
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

/** A namespace selector matching exactly one namespace by name. */
export function namespaceByName(namespace: string): LabelSelector {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
}
