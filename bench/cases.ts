import { BenchTask } from './tasks';

/** The measured cases, in the order each run executes them: those that read (a)'s dump come after it. */
export const CASES = ['zt-k8s', 'zt-k8s-nocheck', 'plus', 'yaml', 'floor', 'zt-all', 'verify'] as const;

/** The cases in the order reports show them. */
export const REPORT_ORDER: readonly CaseName[] = ['zt-k8s', 'zt-all', 'plus', 'yaml', 'floor', 'verify'];

/** Cases reported apart: (a) with the output schema check off, beside (a). */
export const CHECK_COST_CASE: CaseName = 'zt-k8s-nocheck';

/** One measured case. */
export type CaseName = (typeof CASES)[number];

/** How each case is labelled in reports. */
export const CASE_LABELS: { readonly [c in CaseName]: string } = {
  'zt-k8s': '(a) synth, kubernetes profile',
  'zt-k8s-nocheck': '(a) synth, kubernetes profile, output schema check off',
  'zt-all': '(a) synth, all 4 profiles',
  plus: '(b) cdk8s-plus-30 synth',
  yaml: '(c) Yaml.stringify alone',
  floor: '(e) cdk8s floor: plain ApiObjects',
  verify: '(d) verify all-pairs',
};

/** Files shared between the cases of one size: what (a) emitted, for (b), (c), (d) and (e). */
export interface CaseFiles {
  /** Prefix of the kubernetes profile's dump (`.json`, `.yaml`). */
  readonly kubernetes: string;
  /** Prefix of the all-profiles dump. */
  readonly all: string;
}

/**
 * The task of a case for a size. The first run of each size dumps the output of (a) (outside its
 * timing) and checks (b) against it; (c), (d) and (e) read that dump.
 */
export function taskFor(c: CaseName, n: number, seed: number, files: CaseFiles, firstRun: boolean): BenchTask {
  switch (c) {
    case 'zt-k8s':
      return { kind: 'zerotrust', n, seed, profiles: 'kubernetes', ...(firstRun ? { dump: files.kubernetes } : {}) };
    case 'zt-k8s-nocheck':
      return { kind: 'zerotrust', n, seed, profiles: 'kubernetes', checkOutput: false };
    case 'zt-all':
      return { kind: 'zerotrust', n, seed, profiles: 'all', ...(firstRun ? { dump: files.all } : {}) };
    case 'plus':
      return { kind: 'plus', n, seed, ...(firstRun ? { compareWith: `${files.kubernetes}.yaml` } : {}) };
    case 'yaml':
      return { kind: 'yaml', docs: `${files.kubernetes}.json` };
    case 'floor':
      return { kind: 'floor', docs: `${files.kubernetes}.json`, compareWith: `${files.kubernetes}.yaml` };
    case 'verify':
      return { kind: 'verify', n, seed, yaml: `${files.kubernetes}.yaml` };
  }
}
