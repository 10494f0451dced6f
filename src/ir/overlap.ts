import { Diagnostic, ErrorCode } from '../validation/codes';
import { IrLabels, IrWorkload } from './types';

/** Label values a workload's pods must not carry, by key (rendered as `NotIn` requirements). */
export type IrExclusions = { readonly [key: string]: readonly string[] };

/** What the overlap search knows beyond the workloads. */
export interface OverlapContext {
  /** Tier path → paths of the tiers it may overlap (`allowOverlapWith`). */
  readonly optIns: ReadonlyMap<string, readonly string[]>;
  /** Tier path → the exact labels of its pods, when known (a workload's pod template). */
  readonly podLabels: ReadonlyMap<string, IrLabels>;
}

/**
 * cdk8s gives every workload's pods this label, with the workload's unique construct address:
 * a selector holding it matches that workload's pods only.
 */
const CDK8S_ADDRESS_LABEL = 'cdk8s.io/metadata.addr';

/**
 * Finds every pair of tiers of one namespace whose selectors can match a common pod, and either
 * refuses it (ZT127) or, where one tier opts in with `allowOverlapWith`, returns the exclusions
 * that carve the narrower tier's pods out of the wider tier (ZT134 when one label cannot).
 *
 * Two matchLabels selectors overlap iff every key they share has the same value. Identical
 * selectors are ZT115's and skipped here. The search is indexed by `key=value`: for each tier it
 * looks only at the tiers carrying its most selective label, plus those lacking that key, which
 * keeps it near-linear for the usual selectors (a distinguishing `app` label on every tier).
 *
 * Where a tier's pod labels are known (`Tier.fromWorkload`), the pair overlaps only if a selector
 * matches those labels, or the other tier's pods are unknown and could carry both label sets
 * (never when the selector holds the workload's unique `cdk8s.io/metadata.addr`).
 *
 * @param workloads the workloads, in path order
 * @returns workload path → exclusions to apply to its selector
 */
export function checkOverlaps(
  workloads: readonly IrWorkload[],
  ctx: OverlapContext,
  diags: Diagnostic[],
): Map<string, IrExclusions> {
  const { optIns } = ctx;
  const exclusions = new Map<string, { [key: string]: string[] }>();
  const byNamespace = new Map<string, IrWorkload[]>();
  for (const w of workloads) {
    if (w.system !== undefined || Object.keys(w.selector).length === 0) continue; // empty: ZT122
    const group = byNamespace.get(w.namespace);
    if (group) group.push(w);
    else byNamespace.set(w.namespace, [w]);
  }
  for (const group of byNamespace.values()) {
    if (group.length < 2) continue;
    const order = new Map(group.map((w, i) => [w, i]));
    const byValue = new Map<string, IrWorkload[]>(); // `key=value` → workloads carrying it
    const keyCount = new Map<string, number>();
    for (const w of group) {
      for (const [k, v] of Object.entries(w.selector)) {
        const kv = `${k}=${v}`;
        const list = byValue.get(kv);
        if (list) list.push(w);
        else byValue.set(kv, [w]);
        keyCount.set(k, (keyCount.get(k) ?? 0) + 1);
      }
    }
    const lacking = new Map<string, IrWorkload[]>(); // key → workloads without it (built on first use)
    const lackingKey = (k: string): IrWorkload[] => {
      let list = lacking.get(k);
      if (!list) {
        list = group.filter((w) => w.selector[k] === undefined);
        lacking.set(k, list);
      }
      return list;
    };
    for (const w of group) {
      const entries = Object.entries(w.selector);
      if (entries.length === 0) continue; // ZT122
      // The key whose candidates (same value, or key absent) are fewest.
      let best = entries[0];
      let bestCost = Infinity;
      for (const e of entries) {
        const cost = byValue.get(`${e[0]}=${e[1]}`)!.length + (group.length - keyCount.get(e[0])!);
        if (cost < bestCost) {
          best = e;
          bestCost = cost;
        }
      }
      const self = order.get(w)!;
      const visit = (o: IrWorkload) => {
        if (order.get(o)! <= self || !overlap(w.selector, o.selector) || sameLabels(w.selector, o.selector)) return;
        if (!podsOverlap(w, o, ctx.podLabels)) return;
        pair(w, o, optIns, exclusions, diags);
      };
      for (const o of byValue.get(`${best[0]}=${best[1]}`)!) visit(o);
      for (const o of lackingKey(best[0])) visit(o);
    }
  }
  return exclusions;
}

/** One overlapping pair: `first` precedes `second` in path order. */
function pair(
  first: IrWorkload,
  second: IrWorkload,
  optIns: ReadonlyMap<string, readonly string[]>,
  exclusions: Map<string, { [key: string]: string[] }>,
  diags: Diagnostic[],
): void {
  const narrow = optIns.get(second.path)?.includes(first.path)
    ? second
    : optIns.get(first.path)?.includes(second.path)
      ? first
      : undefined;
  if (!narrow) {
    diags.push({
      code: ErrorCode.OVERLAPPING_TIERS,
      path: second.path,
      message:
        `tier selector ${labelsText(second.selector)} can match pods of '${first.path}' (${labelsText(first.selector)}), so every edge of either tier would also reach the other's pods. ` +
        "Make the selectors disjoint with a distinguishing label that has a different value on each tier (e.g. role: 'user' and role: 'admin'), " +
        `or, if one tier is meant to be a subset of the other, set allowOverlapWith on the narrower tier`,
    });
    return;
  }
  const wide = narrow === first ? second : first;
  const extra = Object.keys(narrow.selector).filter((k) => wide.selector[k] !== narrow.selector[k]);
  if (extra.length !== 1) {
    diags.push({
      code: ErrorCode.OVERLAP_NOT_EXPRESSIBLE,
      path: narrow.path,
      message:
        extra.length === 0
          ? `tier selector ${labelsText(narrow.selector)} matches every pod of '${wide.path}' (${labelsText(wide.selector)}), so excluding it would leave that tier empty. Set allowOverlapWith on '${wide.path}' instead, or make the selectors disjoint`
          : `tier selector ${labelsText(narrow.selector)} differs from '${wide.path}' (${labelsText(wide.selector)}) in ${extra.length} labels (${extra.join(', ')}), and a label selector can exclude pods by one label only. Give the tier exactly one label that '${wide.path}' lacks, or make the selectors disjoint`,
    });
    return;
  }
  const key = extra[0];
  const ex = exclusions.get(wide.path) ?? {};
  exclusions.set(wide.path, ex);
  const values = ex[key] ?? [];
  if (!values.includes(narrow.selector[key])) values.push(narrow.selector[key]);
  ex[key] = values.sort();
}

/** True when some pod can carry both label sets: every shared key has the same value. */
function overlap(a: IrLabels, b: IrLabels): boolean {
  for (const k in a) if (b[k] !== undefined && b[k] !== a[k]) return false;
  return true;
}

/**
 * For a pair whose selectors are compatible: whether some pod can really be selected by both,
 * given the pod labels known of either.
 */
function podsOverlap(a: IrWorkload, b: IrWorkload, podLabels: ReadonlyMap<string, IrLabels>): boolean {
  const pa = podLabels.get(a.path);
  const pb = podLabels.get(b.path);
  if (!pa && !pb) return true;
  const selects = (selector: IrLabels, pods: IrLabels) => Object.keys(selector).every((k) => pods[k] === selector[k]);
  if ((pa && selects(b.selector, pa)) || (pb && selects(a.selector, pb))) return true;
  // One side's pods are known and not selected by the other; the other's pods are unknown.
  const known = pa ? a : b;
  return !(pa && pb) && known.selector[CDK8S_ADDRESS_LABEL] === undefined;
}

function sameLabels(a: IrLabels, b: IrLabels): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function labelsText(l: IrLabels): string {
  return JSON.stringify(l);
}
