import * as path from 'path';
import { writeClusterExport, writeProbes, ClusterExport } from './cluster-export';
import { runInFreshProcess } from './fork-worker';
import { loadAverage } from './machine';
import { median, pairedRatio } from './stats';
import { BenchResult } from './tasks';

/** Marks the start of the cluster-scale part of results.md. */
export const CLUSTER_BEGIN =
  '<!-- bench:cluster:begin (written by `npm run bench -- --cluster ...`: everything up to bench:cluster:end is replaced) -->';
/** Marks its end. */
export const CLUSTER_END = '<!-- bench:cluster:end -->';

/** Limits of the verify-at-scale targets. */
const MAX_MS_50 = 10_000;
const MAX_RSS = 2 ** 30;

/** What `--cluster` asks for. */
export interface ClusterOptions {
  /** Export sizes in MB of YAML (e.g. 50, 100). */
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly seed: number;
  /** Probes of the verify case. */
  readonly probes: number;
  /** Probes of the many-probes case (run on the smallest size); 0: not run. */
  readonly manyProbes: number;
  /** Also time the `yaml` package's reader once, on the smallest size. */
  readonly yamlPackage: boolean;
}

interface SizeResults {
  readonly mb: number;
  readonly shape: ClusterExport;
  readonly verify: BenchResult[];
  readonly parse: BenchResult[];
  /** The parse step with each file read whole (the reader before block reading), for memory side by side. */
  readonly whole: BenchResult[];
  readonly many?: BenchResult;
}

/**
 * Generates each export into `tmp` (never into the repository), then runs, interleaved run by
 * run and each in a fresh process: `verify` with `probes` probes, and the parse step beside
 * `JSON.parse`; then once `verify` with `manyProbes` probes on the smallest export. Returns the
 * markdown section.
 */
export async function runClusterCases(
  options: ClusterOptions,
  worker: string,
  env: NodeJS.ProcessEnv,
  tmp: string,
): Promise<string> {
  const loadBefore = loadAverage();
  const started = Date.now();
  const sizes: SizeResults[] = [];
  for (const mb of options.sizes) {
    const dir = path.join(tmp, `export-${mb}mb`);
    const shape = writeClusterExport(dir, mb, options.seed);
    const probes = path.join(dir, `probes-${options.probes}.yaml`);
    writeProbes(probes, shape.namespaces, options.probes, options.seed);
    const verify: BenchResult[] = [];
    const parse: BenchResult[] = [];
    const whole: BenchResult[] = [];
    for (let run = 0; run < options.runs; run++) {
      verify.push(await runInFreshProcess(worker, env, { kind: 'cluster-verify', dir, probes }));
      parse.push(
        await runInFreshProcess(worker, env, {
          kind: 'cluster-parse',
          dir,
          yamlPackage: options.yamlPackage && run === 0 && mb === Math.min(...options.sizes),
        }),
      );
      whole.push(await runInFreshProcess(worker, env, { kind: 'cluster-parse', dir, wholeFile: true }));
      process.stderr.write(
        `cluster ${mb} MB run ${run + 1}/${options.runs}: verify ${verify[run].ms.toFixed(0)} ms ${(verify[run].maxRssBytes / 2 ** 20).toFixed(0)} MiB, ` +
          `parse ${parse[run].phases.parse.toFixed(0)} ms ${(parse[run].maxRssBytes / 2 ** 20).toFixed(0)} MiB, JSON.parse ${parse[run].phases.jsonParse.toFixed(0)} ms, ` +
          `whole files ${whole[run].ms.toFixed(0)} ms ${(whole[run].maxRssBytes / 2 ** 20).toFixed(0)} MiB (load ${loadAverage()})\n`,
      );
    }
    let many: BenchResult | undefined;
    if (options.manyProbes > 0 && mb === Math.min(...options.sizes)) {
      const manyFile = path.join(dir, `probes-${options.manyProbes}.yaml`);
      writeProbes(manyFile, shape.namespaces, options.manyProbes, options.seed + 1);
      many = await runInFreshProcess(worker, env, { kind: 'cluster-verify', dir, probes: manyFile });
      process.stderr.write(
        `cluster ${mb} MB, ${options.manyProbes} probes: ${many.ms.toFixed(0)} ms ${(many.maxRssBytes / 2 ** 20).toFixed(0)} MiB\n`,
      );
    }
    sizes.push({ mb, shape, verify, parse, whole, ...(many ? { many } : {}) });
  }
  return render(options, sizes, loadBefore, loadAverage(), (Date.now() - started) / 60000);
}

function render(
  options: ClusterOptions,
  sizes: readonly SizeResults[],
  loadBefore: string,
  loadAfter: string,
  minutes: number,
): string {
  const ms = (rs: readonly BenchResult[]) => median(rs.map((r) => r.ms));
  const cpu = (rs: readonly BenchResult[]) => median(rs.map((r) => r.cpuMs));
  const rss = (rs: readonly BenchResult[]) => Math.max(...rs.map((r) => r.maxRssBytes)) / 2 ** 20;
  const phase = (rs: readonly BenchResult[], p: string) => median(rs.map((r) => r.phases[p]));
  const parseRatio = (s: SizeResults) =>
    pairedRatio(
      s.parse.map((r) => r.phases.parse),
      s.parse.map((r) => r.phases.jsonParse),
    );
  const lines = [
    '## Verify at cluster scale',
    '',
    `- Load average (1 / 5 / 15 min): ${loadBefore} before, ${loadAfter} after. Each case ran ${options.runs} times per size in a fresh process, interleaved; times are medians, peak RSS the highest run. Seed ${options.seed}; total ${minutes.toFixed(1)} min.`,
    '- Exports from bench/cluster-export.ts, generated into a temporary folder: `workloads.yaml` (one `kind: List` of Namespaces, Deployments and Pods, as `kubectl get ns,deploy,pods -A -o yaml` writes it) and `policies.yaml` (NetworkPolicies and CiliumNetworkPolicies as `---`-separated documents).',
    '',
    '| export | namespaces | Deployments | Pods | NetworkPolicies | CiliumNetworkPolicies | documents | YAML bytes |',
    '|---|---|---|---|---|---|---|---|',
    ...sizes.map(
      (s) =>
        `| ${s.mb} MB | ${s.shape.namespaces} | ${s.shape.deployments} | ${s.shape.pods} | ${s.shape.networkPolicies} | ${s.shape.ciliumPolicies} | ${s.shape.documents} | ${s.shape.yamlBytes} |`,
    ),
    '',
    `### \`verify --probes\` (${options.probes} probes), the parse step, and JSON.parse of the same objects`,
    '',
    '| export | verify, ms | verify CPU, ms | verify peak RSS, MiB | verdicts | parse step, ms | JSON.parse, ms | parse / JSON.parse | yaml package reader, ms |',
    '|---|---|---|---|---|---|---|---|---|',
    ...sizes.map(
      (s) =>
        `| ${s.mb} MB | ${ms(s.verify).toFixed(0)} | ${cpu(s.verify).toFixed(0)} | ${rss(s.verify).toFixed(0)} | ${s.verify[0].facts?.summary} | ${phase(s.parse, 'parse').toFixed(0)} | ${phase(s.parse, 'jsonParse').toFixed(0)} | ${fmt(parseRatio(s))} | ${s.parse[0].phases.yamlPackage !== undefined ? s.parse[0].phases.yamlPackage.toFixed(0) : '-'} |`,
    ),
    '',
    '### Reading a file in blocks, and whole (the reader before), side by side',
    '',
    'The parse step as verify runs it (`readInputs`: each file read 1 MiB at a time, strings of kept values copied out of the text), and the same files each read whole as before (bytes, then text, then the same fast reader), each in a fresh process, interleaved; peak RSS of the process right after reading.',
    '',
    '| export | in blocks, ms | in blocks, CPU ms | in blocks, peak RSS MiB | whole files, ms | whole files, CPU ms | whole files, peak RSS MiB | in blocks / whole (wall) | in blocks / whole (CPU) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...sizes.map((s) => {
      const blocksCpu = s.parse.map((r) => Number(r.facts?.parseCpuMs));
      return `| ${s.mb} MB | ${phase(s.parse, 'parse').toFixed(0)} | ${median(blocksCpu).toFixed(0)} | ${rss(s.parse).toFixed(0)} | ${ms(s.whole).toFixed(0)} | ${cpu(s.whole).toFixed(0)} | ${rss(s.whole).toFixed(0)} | ${fmt(
        pairedRatio(
          s.parse.map((r) => r.phases.parse),
          s.whole.map((r) => r.ms),
        ),
      )} | ${fmt(
        pairedRatio(
          blocksCpu,
          s.whole.map((r) => r.cpuMs),
        ),
      )} |`;
    }),
    '',
    ...sizes
      .filter((s) => s.many)
      .map(
        (s) =>
          `${options.manyProbes} probes on the ${s.mb} MB export: ${s.many!.ms.toFixed(0)} ms, peak RSS ${(s.many!.maxRssBytes / 2 ** 20).toFixed(0)} MiB (${s.many!.facts?.summary}).`,
      ),
    '',
    '### Targets',
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...targets(options, sizes, ms, rss),
  ];
  return lines.join('\n');
}

function targets(
  options: ClusterOptions,
  sizes: readonly SizeResults[],
  ms: (rs: readonly BenchResult[]) => number,
  rss: (rs: readonly BenchResult[]) => number,
): string[] {
  const rows: string[] = [];
  const s50 = sizes.find((s) => s.mb === 50);
  const s100 = sizes.find((s) => s.mb === 100);
  if (s50) {
    rows.push(
      `| verify, ${options.probes} probes, 50 MB ≤ 10 s | ${(ms(s50.verify) / 1000).toFixed(1)} s | ${ms(s50.verify) <= MAX_MS_50 ? 'yes' : 'NO'} |`,
    );
    rows.push(
      `| verify, 50 MB ≤ 1 GiB peak RSS | ${rss(s50.verify).toFixed(0)} MiB | ${rss(s50.verify) * 2 ** 20 <= MAX_RSS ? 'yes' : 'NO'} |`,
    );
  }
  if (s50 && s100) {
    const r =
      pairedRatio(
        s100.verify.map((x) => x.ms),
        s50.verify.map((x) => x.ms),
      ) ?? 0;
    const c =
      pairedRatio(
        s100.verify.map((x) => x.cpuMs),
        s50.verify.map((x) => x.cpuMs),
      ) ?? 0;
    rows.push(
      `| verify, 100 MB ≤ 2 × 50 MB | ${r.toFixed(2)} × (CPU time ${c.toFixed(2)} ×) | ${r <= 2 ? 'yes' : 'NO'} |`,
    );
    rows.push(
      `| verify, 100 MB ≤ 1 GiB peak RSS | ${rss(s100.verify).toFixed(0)} MiB | ${rss(s100.verify) * 2 ** 20 <= MAX_RSS ? 'yes' : 'NO'} |`,
    );
    const grew = (rs100: readonly BenchResult[], rs50: readonly BenchResult[]) => rss(rs100) - rss(rs50);
    rows.push(
      `| memory does not grow with the file: peak RSS 100 MB − 50 MB, verify / parse step (whole files: ${grew(s100.whole, s50.whole).toFixed(0)} MiB) | ${grew(s100.verify, s50.verify).toFixed(0)} / ${grew(s100.parse, s50.parse).toFixed(0)} MiB | informational |`,
    );
  }
  for (const s of sizes.filter((x) => x.many)) {
    rows.push(
      `| ${options.manyProbes} probes ≤ 1 GiB peak RSS | ${(s.many!.maxRssBytes / 2 ** 20).toFixed(0)} MiB | ${s.many!.maxRssBytes <= MAX_RSS ? 'yes' : 'NO'} |`,
    );
  }
  return rows;
}

function fmt(x: number | undefined): string {
  return x === undefined ? '-' : x.toFixed(2);
}
