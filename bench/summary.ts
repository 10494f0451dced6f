import { CaseName } from './cases';
import { MachineInfo } from './machine';
import { median } from './stats';
import { BenchResult, OutputSize } from './tasks';

/** One case at one size, over its runs. */
export interface CaseSummary {
  /** Median of the measured time, ms. */
  readonly ms: number;
  /** Median of the CPU time of the measured work, ms. */
  readonly cpuMs: number;
  /** Every run's measured time, ms, in run order. */
  readonly runs: readonly number[];
  /** Every run's CPU time, ms, in run order. */
  readonly cpuRuns: readonly number[];
  /** Median of each phase, ms. */
  readonly phases: { readonly [phase: string]: number };
  /** Highest peak RSS over the runs, bytes. */
  readonly maxRssBytes: number;
  readonly docs?: number;
  readonly bytes?: number;
  readonly profiles?: { readonly [profile: string]: OutputSize };
  readonly facts?: { readonly [fact: string]: string | number | boolean };
}

/** The shape of the generated topology at one size. */
export interface TopologyShape {
  readonly tiers: number;
  readonly zones: number;
  readonly edges: number;
  readonly httpEdges: number;
  readonly fqdnTiers: number;
  readonly mtlsZones: number;
}

/** Every case at one size. */
export interface SizeSummary {
  readonly n: number;
  readonly shape: TopologyShape;
  readonly cases: { readonly [c in CaseName]?: CaseSummary };
}

/** A whole benchmark run. */
export interface BenchReport {
  readonly machine: MachineInfo;
  readonly loadBefore: string;
  readonly loadAfter: string;
  readonly runs: number;
  readonly seed: number;
  readonly minutes: number;
  readonly sizes: readonly SizeSummary[];
}

/** Summarizes the runs of one case: medians of times, the highest peak RSS, facts of the first run. */
export function summarize(results: readonly BenchResult[]): CaseSummary {
  const first = results[0];
  const phases: { [phase: string]: number } = {};
  for (const phase of Object.keys(first.phases)) phases[phase] = median(results.map((r) => r.phases[phase]));
  const withProfiles = results.find((r) => r.profiles);
  const withFacts = results.find((r) => r.facts);
  return {
    ms: median(results.map((r) => r.ms)),
    cpuMs: median(results.map((r) => r.cpuMs)),
    runs: results.map((r) => r.ms),
    cpuRuns: results.map((r) => r.cpuMs),
    phases,
    maxRssBytes: Math.max(...results.map((r) => r.maxRssBytes)),
    ...(first.docs !== undefined ? { docs: first.docs } : {}),
    ...(first.bytes !== undefined ? { bytes: first.bytes } : {}),
    ...(withProfiles?.profiles ? { profiles: withProfiles.profiles } : {}),
    ...(withFacts?.facts ? { facts: withFacts.facts } : {}),
  };
}
