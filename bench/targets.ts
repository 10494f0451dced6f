import { CaseName } from './cases';
import { pairedRatio } from './stats';
import { BenchReport, SizeSummary } from './summary';
import { benchProfiles } from './zerotrust-topology';

/** A requirement checked against the measurements. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** Undefined when the run did not include the sizes needed. */
  readonly met?: boolean;
}

/** The size the compile-overhead targets are stated at. */
export const RATIO_SIZE = 2000;
/** The sizes the growth factor compares. */
export const GROWTH_FROM = 1000;
/** The larger size of the growth factor (and the peak-RSS target). */
export const GROWTH_TO = 5000;
const MAX_OVERHEAD = 1.25;
const MAX_GROWTH = 5.5;
const MAX_VERIFY_MS = 5000;
const MAX_RSS_BYTES = 2 ** 30;

/**
 * Ratio of two cases at one size, when both ran: the median of the ratios run by run. The cases of
 * a run execute one after the other, so a machine that gets busier or quieter between runs
 * moves both sides of a run's ratio alike.
 */
export function ratio(size: SizeSummary | undefined, a: CaseName, b: CaseName): number | undefined {
  const x = size?.cases[a]?.runs;
  const y = size?.cases[b]?.runs;
  return x && y ? pairedRatio(x, y) : undefined;
}

/** time(GROWTH_TO) / time(GROWTH_FROM) of a case, when both sizes ran. */
export function growth(report: BenchReport, c: CaseName): number | undefined {
  const from = report.sizes.find((s) => s.n === GROWTH_FROM)?.cases[c]?.ms;
  const to = report.sizes.find((s) => s.n === GROWTH_TO)?.cases[c]?.ms;
  return from !== undefined && to !== undefined ? to / from : undefined;
}

/** Checks the product requirements: overhead over serialization, output size, linear growth, verify time, memory. */
export function checkTargets(report: BenchReport): TargetCheck[] {
  const at = report.sizes.find((s) => s.n === RATIO_SIZE);
  const big = report.sizes.find((s) => s.n === GROWTH_TO);
  const fmt = (x: number | undefined, digits = 2) => (x === undefined ? 'not measured' : x.toFixed(digits));
  const ac = ratio(at, 'zt-k8s', 'yaml');
  const ab = ratio(at, 'zt-k8s', 'plus');
  const bc = ratio(at, 'plus', 'yaml');
  const ec = ratio(at, 'floor', 'yaml');
  const gSynth = growth(report, 'zt-k8s');
  const gAll = growth(report, 'zt-all');
  const gVerify = growth(report, 'verify');
  const verifyMs = at?.cases.verify?.ms;
  const rss = big ? Math.max(...Object.values(big.cases).map((c) => c?.maxRssBytes ?? 0)) : undefined;
  const sizeOk = report.sizes.every((s) => outputWithinBound(s));
  return [
    {
      target: `(a)/(c) ≤ ${MAX_OVERHEAD} at N=${RATIO_SIZE}, kubernetes profile`,
      measured: `${fmt(ac)} (cdk8s-plus-30 (b)/(c): ${fmt(bc)}; cdk8s floor (e)/(c): ${fmt(ec)})`,
      ...(ac !== undefined ? { met: ac <= MAX_OVERHEAD } : {}),
    },
    { target: `(a)/(b) < 1 at N=${RATIO_SIZE}`, measured: fmt(ab), ...(ab !== undefined ? { met: ab < 1 } : {}) },
    {
      target: 'documents ≤ targets × (2 per tier + 2 per zone), every profile and size',
      measured: sizeOk ? 'within bound' : 'exceeded',
      met: sizeOk,
    },
    {
      target: `synth growth time(${GROWTH_TO})/time(${GROWTH_FROM}) ≤ ${MAX_GROWTH}`,
      measured: `kubernetes ${fmt(gSynth)}, all profiles ${fmt(gAll)}`,
      ...(gSynth !== undefined && gAll !== undefined ? { met: gSynth <= MAX_GROWTH && gAll <= MAX_GROWTH } : {}),
    },
    {
      target: `verify growth time(${GROWTH_TO})/time(${GROWTH_FROM}) ≤ ${MAX_GROWTH}`,
      measured: fmt(gVerify),
      ...(gVerify !== undefined ? { met: gVerify <= MAX_GROWTH } : {}),
    },
    {
      target: `verify of N=${RATIO_SIZE} (${RATIO_SIZE ** 2 / 1e6} million pairs) < ${MAX_VERIFY_MS / 1000} s`,
      measured: verifyMs === undefined ? 'not measured' : `${(verifyMs / 1000).toFixed(2)} s`,
      ...(verifyMs !== undefined ? { met: verifyMs < MAX_VERIFY_MS } : {}),
    },
    {
      target: `peak RSS < 1 GiB at N=${GROWTH_TO} (every case)`,
      measured: rss === undefined ? 'not measured' : `${(rss / 2 ** 20).toFixed(0)} MiB`,
      ...(rss !== undefined ? { met: rss < MAX_RSS_BYTES } : {}),
    },
  ];
}

/** Documents per profile stay within targets × (2 per tier + 2 per zone): they grow with tiers, not edges. */
export function outputWithinBound(size: SizeSummary): boolean {
  const profiles = size.cases['zt-all']?.profiles ?? {};
  return benchProfiles('all').every((p) => {
    const docs = profiles[p.name]?.docs;
    return docs === undefined || docs <= p.targets.length * (2 * size.shape.tiers + 2 * size.shape.zones);
  });
}
