import { IrLabels, IrWorkload } from '../../ir/types';
import { sortedKeys } from '../../validation/sorted-keys';

/**
 * The label Calico gives every namespace with its own name, for `namespaceSelector`.
 * @see https://docs.tigera.io/calico/latest/network-policy/get-started/calico-policy/calico-labels
 */
export const CALICO_NAMESPACE_NAME_LABEL = 'projectcalico.org/name';

/** The selector that matches every endpoint of its scope. */
export const ALL = 'all()';

/**
 * A quoted string literal of the selector language. Label values never hold quotes (Kubernetes
 * syntax), but a value with a single quote is written in double quotes all the same; one with
 * both cannot be written.
 */
export function quote(value: string, where: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  throw new Error(`IR invariant broken: ${where}: label value ${JSON.stringify(value)} holds both quote characters`);
}

/**
 * A Calico selector expression requiring every label (`app == 'web' && role == 'db'`, keys in
 * sorted order); `all()` for no labels.
 */
export function labelsExpression(labels: IrLabels, where: string): string {
  const keys = sortedKeys(labels);
  if (keys.length === 0) return ALL;
  return keys.map((k) => `${k} == ${quote(labels[k], where)}`).join(' && ');
}

/**
 * The selector of a workload's pods: its labels, less the pods of tiers carved out of it
 * (`role not in { 'admin' }`, which, like `NotIn`, also holds when the pod lacks the label).
 */
export function workloadExpression(w: IrWorkload): string {
  const where = `workload '${w.id}'`;
  const base = labelsExpression(w.selector, where);
  if (!w.excluded) return base;
  const carve = sortedKeys(w.excluded).map(
    (k) => `${k} not in { ${w.excluded![k].map((v) => quote(v, where)).join(', ')} }`,
  );
  return [base, ...carve].join(' && ');
}

/** A namespace selector matching exactly one namespace, by the name label Calico sets. */
export function namespaceByName(namespace: string): string {
  return `${CALICO_NAMESPACE_NAME_LABEL} == ${quote(namespace, `namespace '${namespace}'`)}`;
}
