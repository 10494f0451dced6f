import * as path from 'path';
import { ClusterExport, writeClusterExportOfPods } from './cluster-export';
import { runInFreshProcess } from './fork-worker';
import { loadAverage } from './machine';
import { median } from './stats';
import { BenchResult } from './tasks';

/** Marks the start of the `list` part of results.md. */
export const LIST_BEGIN =
  '<!-- bench:list:begin (written by `npm run bench -- --list ...`: everything up to bench:list:end is replaced) -->';
/** Marks its end. */
export const LIST_END = '<!-- bench:list:end -->';

/** The `list` target of issue #13: every pod pair on every port of a 5,000-pod cluster in at most 10 s. */
const MAX_MS = 10_000;
const TARGET_PODS = 5000;

/** What `--list` asks for. */
export interface ListOptions {
  /** Pods of each export (e.g. 5000). */
  readonly pods: readonly number[];
  readonly runs: number;
  readonly seed: number;
}

interface ListResults {
  readonly pods: number;
  readonly shape: ClusterExport;
  readonly runs: readonly BenchResult[];
}

/**
 * Generates an export of each size into `tmp` (never into the repository), then runs
 * `list <workloads.yaml> <policies.yaml>` on it `runs` times, each in a fresh process. Returns the
 * markdown section.
 */
export async function runListCases(
  options: ListOptions,
  worker: string,
  env: NodeJS.ProcessEnv,
  tmp: string,
): Promise<string> {
  const loadBefore = loadAverage();
  const started = Date.now();
  const sizes: ListResults[] = [];
  for (const pods of options.pods) {
    const dir = path.join(tmp, `list-${pods}-pods`);
    const shape = writeClusterExportOfPods(dir, pods, options.seed);
    const runs: BenchResult[] = [];
    for (let run = 0; run < options.runs; run++) {
      const r = await runInFreshProcess(worker, env, { kind: 'cluster-list', dir });
      if (runs.length > 0 && r.facts?.flows !== runs[0].facts?.flows)
        throw new Error(
          `list ${pods} pods: ${r.facts?.flows} flows in run ${run + 1}, ${runs[0].facts?.flows} in run 1`,
        );
      runs.push(r);
      process.stderr.write(
        `list ${pods} pods run ${run + 1}/${options.runs}: ${r.ms.toFixed(0)} ms, CPU ${r.cpuMs.toFixed(0)} ms, ` +
          `${(r.maxRssBytes / 2 ** 20).toFixed(0)} MiB, ${r.facts?.flows} flows (load ${loadAverage()})\n`,
      );
    }
    sizes.push({ pods, shape, runs });
  }
  return render(options, sizes, loadBefore, loadAverage(), (Date.now() - started) / 60000);
}

function render(
  options: ListOptions,
  sizes: readonly ListResults[],
  loadBefore: string,
  loadAfter: string,
  minutes: number,
): string {
  const ms = (rs: readonly BenchResult[]) => median(rs.map((r) => r.ms));
  const cpu = (rs: readonly BenchResult[]) => median(rs.map((r) => r.cpuMs));
  const rss = (rs: readonly BenchResult[]) => Math.max(...rs.map((r) => r.maxRssBytes)) / 2 ** 20;
  const lines = [
    '## `list` at cluster scale',
    '',
    `- Load average (1 / 5 / 15 min): ${loadBefore} before, ${loadAfter} after. Each size ran ${options.runs} times in a fresh process; times are medians, peak RSS the highest run. Seed ${options.seed}; total ${minutes.toFixed(1)} min.`,
    '- Exports from bench/cluster-export.ts (`writeClusterExportOfPods`: whole namespaces of 8 Deployments × 3 Pods), generated into a temporary folder; `list <workloads.yaml> <policies.yaml>` as the CLI runs it (`runCli`, text output written to a sink that counts it).',
    '',
    '| Pods | namespaces | Deployments | NetworkPolicies | CiliumNetworkPolicies | documents | YAML bytes |',
    '|---|---|---|---|---|---|---|',
    ...sizes.map(
      (s) =>
        `| ${s.shape.pods} | ${s.shape.namespaces} | ${s.shape.deployments} | ${s.shape.networkPolicies} | ${s.shape.ciliumPolicies} | ${s.shape.documents} | ${s.shape.yamlBytes} |`,
    ),
    '',
    '| Pods | list, ms | list CPU, ms | peak RSS, MiB | workloads | ports | flows | output lines | output bytes |',
    '|---|---|---|---|---|---|---|---|---|',
    ...sizes.map((s) => {
      const f = s.runs[0].facts ?? {};
      return `| ${s.shape.pods} | ${ms(s.runs).toFixed(0)} | ${cpu(s.runs).toFixed(0)} | ${rss(s.runs).toFixed(0)} | ${f.workloads} | ${f.ports} | ${f.flows} | ${f.lines} | ${f.bytes} |`;
    }),
    '',
    '### Targets',
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...sizes
      .filter((s) => s.pods === TARGET_PODS)
      .map(
        (s) =>
          `| \`list\`, ${TARGET_PODS} Pods, every pair on every port ≤ 10 s | ${(ms(s.runs) / 1000).toFixed(1)} s wall, ${(cpu(s.runs) / 1000).toFixed(1)} s CPU | wall ${ms(s.runs) <= MAX_MS ? 'yes' : 'NO'}, CPU ${cpu(s.runs) <= MAX_MS ? 'yes' : 'NO'} |`,
      ),
  ];
  return lines.join('\n');
}
