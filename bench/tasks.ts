import { ProfileSet } from './zerotrust-topology';

/** (a) Synthesize a synthetic topology with the library; optionally dump what it emitted. */
export interface ZeroTrustTask {
  readonly kind: 'zerotrust';
  readonly n: number;
  readonly seed: number;
  readonly profiles: ProfileSet;
  /** False: synth without the schema check of every emitted document (ZT160), to measure what it costs. @default true */
  readonly checkOutput?: boolean;
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

/** (e) The cdk8s floor: the same documents as plain ApiObjects in one chart, synthesized. */
export interface FloorTask {
  readonly kind: 'floor';
  /** JSON file holding the documents. */
  readonly docs: string;
  /** The YAML (a) emitted for them, to compare with (outside timing). */
  readonly compareWith: string;
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
export type BenchTask =
  ZeroTrustTask | PlusTask | YamlTask | FloorTask | VerifyTask | ClusterVerifyTask | ClusterParseTask | ClusterListTask;

/** Documents and bytes of one chart (one profile). */
export interface OutputSize {
  readonly docs: number;
  readonly bytes: number;
}

/** What a worker reports: timings in milliseconds, peak RSS in bytes, and facts about the output. */
export interface BenchResult {
  /** The measured wall-clock time the ratios use (synth, serialization, or verify). */
  readonly ms: number;
  /** CPU time (user + system, every thread) of the same measured work: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
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

/** `verify --probes` over a generated cluster export (bench/cluster-export.ts), as the CLI runs it. */
export interface ClusterVerifyTask {
  readonly kind: 'cluster-verify';
  /** The export's folder (workloads.yaml, policies.yaml). */
  readonly dir: string;
  /** The probes file. */
  readonly probes: string;
}

/** The parse step alone over a generated cluster export, beside `JSON.parse` of the same objects as JSON. */
export interface ClusterParseTask {
  readonly kind: 'cluster-parse';
  readonly dir: string;
  /** Also time the `yaml` package's reader (the reader before the fast path) on the same files. */
  readonly yamlPackage?: boolean;
  /**
   * Time instead each file read whole, as before block reading: its bytes, then its text, then the
   * fast reader (`readManifestText`), keeping the same fields. No `JSON.parse`.
   */
  readonly wholeFile?: boolean;
}

/** `list <export>/workloads.yaml <export>/policies.yaml` over a generated cluster export, as the CLI runs it. */
export interface ClusterListTask {
  readonly kind: 'cluster-list';
  /** The export's folder (workloads.yaml, policies.yaml). */
  readonly dir: string;
}
