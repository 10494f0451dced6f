import { PodInfo } from '../../verify/cluster';
import { IrLabels, IrTopology, IrWorkload, IrZone } from '../../ir/types';

/** True when every label of `selector` is on `labels` with the same value (the empty selector selects all). */
export function labelsSelect(selector: IrLabels, labels: { readonly [key: string]: string }): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * True when a pod with these labels is one of the tier's pods: the tier's selector holds, and the
 * pod is not one of a narrower tier carved out of it (`excluded` label values).
 */
export function workloadSelects(w: IrWorkload, labels: { readonly [key: string]: string }): boolean {
  if (!labelsSelect(w.selector, labels)) return false;
  return (
    w.excluded === undefined ||
    Object.entries(w.excluded).every(([k, values]) => labels[k] === undefined || !values.includes(labels[k]))
  );
}

/**
 * The tiers a pod belongs to: user-declared workloads of its namespace that select it
 * (`workloadSelects`). Workloads the planner derives (`system`: gateways, waypoints) are not intent.
 */
export function tiersOf(ir: IrTopology, pod: PodInfo): readonly IrWorkload[] {
  return ir.workloads.filter(
    (w) => w.system === undefined && w.namespace === pod.namespace && workloadSelects(w, pod.labels),
  );
}

/**
 * The zones a pod belongs to: a zone is its namespace, narrowed by the zone's pod labels. A pod
 * of a zone is under the zone's default deny whether or not it is one of the zone's tiers.
 */
export function zonesOf(ir: IrTopology, pod: PodInfo): readonly IrZone[] {
  return ir.zones.filter((z) => z.namespace === pod.namespace && labelsSelect(z.podSelector, pod.labels));
}
