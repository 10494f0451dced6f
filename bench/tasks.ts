import { ProfileSet } from './zerotrust-topology';

/** (a) Synthesize a synthetic topology with the library; optionally dump what it emitted. */
export interface ZeroTrustTask {
  readonly kind: 'zerotrust';
  readonly n: number;
  readonly seed: number;
  readonly profiles: ProfileSet;
  /** When set, write the emitted documents (`<dump>.json`) and YAML (`<dump>.yaml`), outside timing. */
  readonly dump?: string;
}

/** (b) Synthesize the NetworkPolicy-only topology written with cdk8s-plus-30. */
export interface PlusTask {
  readonly kind: 'plus';
  readonly n: number;
  readonly seed: number;
  /** When set, compare the output with this YAML file (outside timing). */
  readonly compareWith?: string;
}

/** (c) Serialize documents with cdk8s `Yaml.stringify` alone. */
export interface YamlTask {
  readonly kind: 'yaml';
  /** JSON file holding the documents. */
  readonly docs: string;
}

/** (d) All-pairs connectivity of emitted manifests with the verify engine. */
export interface VerifyTask {
  readonly kind: 'verify';
  readonly n: number;
  readonly seed: number;
  /** YAML file of the kubernetes profile's output. */
  readonly yaml: string;
}

/** What a worker is asked to measure. */
export type BenchTask = ZeroTrustTask | PlusTask | YamlTask | VerifyTask;

/** Documents and bytes of one chart (one profile). */
export interface OutputSize {
  readonly docs: number;
  readonly bytes: number;
}

/** What a worker reports: timings in milliseconds, peak RSS in bytes, and facts about the output. */
export interface BenchResult {
  /** The measured time the ratios use (synth, serialization, or verify). */
  readonly ms: number;
  /** Named phases of the measured time, or beside it (construct building, YAML parsing). */
  readonly phases: { readonly [phase: string]: number };
  readonly maxRssBytes: number;
  readonly docs?: number;
  readonly bytes?: number;
  /** Per profile (chart), when dumped. */
  readonly profiles?: { readonly [profile: string]: OutputSize };
  /** Facts checked by the worker (e.g. identical output, allowed pairs). */
  readonly facts?: { readonly [fact: string]: string | number | boolean };
}
