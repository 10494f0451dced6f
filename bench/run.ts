import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CASES, CaseFiles, CaseName, taskFor } from './cases';
import { transpileForWorkers, workerEnv } from './compile';
import { runInFreshProcess } from './fork-worker';
import { describeMachine, loadAverage } from './machine';
import { BEGIN_MARKER, END_MARKER, label, renderReport } from './report';
import { BenchReport, SizeSummary, summarize, TopologyShape } from './summary';
import { DEFAULT_SEED, generateSpec } from './synthetic-spec';
import { BenchResult } from './tasks';
import { CLUSTER_BEGIN, CLUSTER_END, ClusterOptions, runClusterCases } from './cluster';
import { LIST_BEGIN, LIST_END, ListOptions, runListCases } from './list';
import { writeSection } from './results-file';

/** Options of a benchmark run (`npm run bench -- --sizes 100,500 --runs 3`, `--cluster 50,100`, `--list 5000`). */
interface RunOptions {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly seed: number;
  /** Where to write the report; undefined: print only. */
  readonly out?: string;
  /** The cluster-scale cases (`--cluster 50,100`), when asked for. */
  readonly cluster?: ClusterOptions;
  /** The `list` cases (`--list 5000`), when asked for. */
  readonly list?: ListOptions;
}

const REPO_ROOT = path.resolve(__dirname, '..');
const DEFAULT_SIZES = [100, 500, 1000, 2000, 5000];
const DEFAULT_RUNS = 3;

/**
 * The benchmark: for each size, runs every case `runs` times, each run in a fresh process and
 * the cases interleaved (so a busy machine slows them alike), then prints the report and writes
 * it into bench/results.md.
 */
async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const loadBefore = loadAverage();
  const tree = transpileForWorkers(REPO_ROOT);
  const dumps = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zerotrust-dumps-'));
  const cleanUp = () => {
    fs.rmSync(tree, { recursive: true, force: true });
    fs.rmSync(dumps, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanUp();
      process.exit(1);
    });
  }
  const env = workerEnv(REPO_ROOT);
  const worker = path.join(tree, 'bench', 'worker.js');
  try {
    const sizes: SizeSummary[] = [];
    for (const n of options.sizes) {
      const files: CaseFiles = { kubernetes: path.join(dumps, `kubernetes-${n}`), all: path.join(dumps, `all-${n}`) };
      const results = new Map<CaseName, BenchResult[]>(CASES.map((c) => [c, []]));
      for (let run = 0; run < options.runs; run++) {
        for (const c of CASES) {
          const result = await runInFreshProcess(worker, env, taskFor(c, n, options.seed, files, run === 0));
          results.get(c)!.push(result);
          process.stderr.write(
            `N=${n} run ${run + 1}/${options.runs} ${label(c)}: ${result.ms.toFixed(0)} ms, ${(result.maxRssBytes / 2 ** 20).toFixed(0)} MiB (load ${loadAverage()})\n`,
          );
        }
      }
      const cases: { [c in CaseName]?: ReturnType<typeof summarize> } = {};
      for (const c of CASES) cases[c] = summarize(results.get(c)!);
      sizes.push({ n, shape: shapeOf(n, options.seed), cases });
    }
    if (options.cluster) {
      const markdown = await runClusterCases(options.cluster, worker, env, dumps);
      process.stdout.write(`${markdown}\n`);
      if (options.out) {
        writeSection(options.out, markdown, { begin: CLUSTER_BEGIN, end: CLUSTER_END });
      }
    }
    if (options.list) {
      const markdown = await runListCases(options.list, worker, env, dumps);
      process.stdout.write(`${markdown}\n`);
      if (options.out) {
        writeSection(options.out, markdown, { begin: LIST_BEGIN, end: LIST_END });
      }
    }
    if (options.sizes.length === 0) return;
    const report: BenchReport = {
      machine: describeMachine(),
      loadBefore,
      loadAfter: loadAverage(),
      runs: options.runs,
      seed: options.seed,
      minutes: (Date.now() - started) / 60000,
      sizes,
    };
    const markdown = renderReport(report);
    process.stdout.write(`${markdown}\n`);
    if (options.out) {
      writeSection(options.out, markdown, { begin: BEGIN_MARKER, end: END_MARKER });
      process.stderr.write(`written to ${path.relative(process.cwd(), options.out)}\n`);
    }
  } finally {
    cleanUp();
  }
}

function shapeOf(n: number, seed: number): TopologyShape {
  const spec = generateSpec(n, seed);
  return {
    tiers: spec.tiers.length,
    zones: spec.zones.length,
    edges: spec.edges.length,
    httpEdges: spec.edges.filter((e) => e.http).length,
    fqdnTiers: spec.tiers.filter((t) => t.fqdn).length,
    mtlsZones: spec.zones.filter((z) => z.mtls).length,
  };
}

function parseArgs(args: readonly string[]): RunOptions {
  let sizes = DEFAULT_SIZES;
  let runs = DEFAULT_RUNS;
  let seed = DEFAULT_SEED;
  let out: string | undefined = path.join(REPO_ROOT, 'bench', 'results.md');
  let sizesGiven = false;
  let listPods: number[] | undefined;
  let cluster: { -readonly [k in keyof ClusterOptions]: ClusterOptions[k] } | undefined;
  const clusterOptions = () =>
    cluster ??
    (cluster = {
      sizes: [50, 100],
      runs: DEFAULT_RUNS,
      seed: DEFAULT_SEED,
      probes: 1000,
      manyProbes: 0,
      yamlPackage: false,
    });
  for (let i = 0; i < args.length; i++) {
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${args[i - 1]} needs a value`);
      return v;
    };
    switch (args[i]) {
      case '--sizes':
        sizes = value()
          .split(',')
          .map((s) => positiveInt(s, '--sizes'));
        sizesGiven = true;
        break;
      case '--cluster':
        clusterOptions().sizes = value()
          .split(',')
          .map((s) => positiveInt(s, '--cluster'));
        break;
      case '--cluster-probes':
        clusterOptions().probes = positiveInt(value(), '--cluster-probes');
        break;
      case '--many-probes':
        clusterOptions().manyProbes = positiveInt(value(), '--many-probes');
        break;
      case '--list':
        listPods = value()
          .split(',')
          .map((s) => positiveInt(s, '--list'));
        break;
      case '--yaml-package':
        clusterOptions().yamlPackage = true;
        break;
      case '--runs':
        runs = positiveInt(value(), '--runs');
        break;
      case '--seed':
        seed = positiveInt(value(), '--seed');
        break;
      case '--out':
        out = path.resolve(value());
        break;
      case '--no-write':
        out = undefined;
        break;
      default:
        throw new Error(
          `unknown option ${args[i]} (options: --sizes 100,500 --runs 3 --seed N --out FILE --no-write; --cluster 50,100 --cluster-probes 1000 --many-probes 100000 --yaml-package; --list 5000)`,
        );
    }
  }
  // --cluster or --list alone runs only those cases; with --sizes, the synth cases too.
  if (cluster) cluster = { ...cluster, runs, seed };
  return {
    sizes: (cluster || listPods) && !sizesGiven ? [] : sizes,
    runs,
    seed,
    ...(out ? { out } : {}),
    ...(cluster ? { cluster } : {}),
    ...(listPods ? { list: { pods: listPods, runs, seed } } : {}),
  };
}

function positiveInt(s: string, option: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${option}: '${s}' is not a positive integer`);
  return n;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
