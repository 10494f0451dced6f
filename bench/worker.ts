import * as fs from 'fs';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { CHECK_OUTPUT_CONTEXT } from '../src/model/output-check';
import { Manifest } from '../src/targets/target';
import { allPairs, loadManifests, parseManifests } from '../src/verify';
import { evaluatedFields, readManifestText } from '../src/verify/load';
import { timed } from './clock';
import { buildPlusChart } from './plus-topology';
import { generateSpec, TIER_PORT } from './synthetic-spec';
import {
  BenchResult,
  BenchTask,
  ClusterListTask,
  ClusterParseTask,
  ClusterVerifyTask,
  FloorTask,
  OutputSize,
  PlusTask,
  VerifyTask,
  YamlTask,
  ZeroTrustTask,
} from './tasks';
import { runCli } from '../src/cli/main';
import { readInputs } from '../src/cli/inputs';
import { parseAllDocuments } from 'yaml';
import * as path from 'path';
import { expectedPairs, tierDeployments } from './verify-workloads';
import { buildZeroTrust, TOPOLOGY_NAME } from './zerotrust-topology';

/**
 * A benchmark worker: runs one task in this (fresh) process and sends the result to its parent.
 * Only the named work is timed; inputs are prepared and outputs checked outside the timings, and
 * peak RSS is read right after the timed work.
 */
function main(): void {
  const task = JSON.parse(process.argv[2]) as BenchTask;
  const result = run(task);
  if (process.send) process.send(result, undefined, undefined, () => process.exit(0));
  else process.stdout.write(`${JSON.stringify(result, undefined, 2)}\n`);
}

function run(task: BenchTask): BenchResult {
  switch (task.kind) {
    case 'zerotrust':
      return zeroTrust(task);
    case 'plus':
      return plus(task);
    case 'yaml':
      return yaml(task);
    case 'floor':
      return floor(task);
    case 'verify':
      return verify(task);
    case 'cluster-verify':
      return clusterVerify(task);
    case 'cluster-parse':
      return clusterParse(task);
    case 'cluster-list':
      return clusterList(task);
  }
}

function zeroTrust(task: ZeroTrustTask): BenchResult {
  const spec = generateSpec(task.n, task.seed);
  const app = new App();
  if (task.checkOutput === false) app.node.setContext(CHECK_OUTPUT_CONTEXT, false);
  const build = timed(() => buildZeroTrust(app, spec, task.profiles));
  const synth = timed(() => app.synthYaml());
  const maxRssBytes = peakRss();
  const text = synth.value;
  let profiles: { [profile: string]: OutputSize } | undefined;
  if (task.dump) {
    const docs: unknown[] = [];
    profiles = {};
    for (const chart of app.charts) {
      const chartDocs = chart.toJson() as unknown[];
      docs.push(...chartDocs);
      profiles[chart.node.id.slice(TOPOLOGY_NAME.length + 1)] = {
        docs: chartDocs.length,
        bytes: Buffer.byteLength(Yaml.stringify(...chartDocs)),
      };
    }
    if (Yaml.stringify(...docs) !== text)
      throw new Error('the dumped documents do not serialize to the synthesized YAML');
    fs.writeFileSync(`${task.dump}.json`, JSON.stringify(docs));
    fs.writeFileSync(`${task.dump}.yaml`, text);
  }
  return {
    ...synth.timing,
    phases: { build: build.timing.ms, synth: synth.timing.ms },
    maxRssBytes,
    docs: countDocs(text),
    bytes: Buffer.byteLength(text),
    ...(profiles ? { profiles } : {}),
  };
}

function plus(task: PlusTask): BenchResult {
  const spec = generateSpec(task.n, task.seed);
  const app = new App();
  const build = timed(() => buildPlusChart(app, spec));
  const synth = timed(() => app.synthYaml());
  const maxRssBytes = peakRss();
  const text = synth.value;
  const facts = task.compareWith
    ? { identicalToZeroTrust: fs.readFileSync(task.compareWith, 'utf8') === text }
    : undefined;
  return {
    ...synth.timing,
    phases: { build: build.timing.ms, synth: synth.timing.ms },
    maxRssBytes,
    docs: countDocs(text),
    bytes: Buffer.byteLength(text),
    ...(facts ? { facts } : {}),
  };
}

function yaml(task: YamlTask): BenchResult {
  const docs = JSON.parse(fs.readFileSync(task.docs, 'utf8')) as unknown[];
  const stringify = timed(() => Yaml.stringify(...docs));
  return {
    ...stringify.timing,
    phases: { stringify: stringify.timing.ms },
    maxRssBytes: peakRss(),
    docs: docs.length,
    bytes: Buffer.byteLength(stringify.value),
  };
}

function floor(task: FloorTask): BenchResult {
  const docs = JSON.parse(fs.readFileSync(task.docs, 'utf8')) as Manifest[];
  const app = new App();
  const chart = new Chart(app, 'floor', { disableResourceNameHashes: true });
  const build = timed(() =>
    docs.forEach((d) => new ApiObject(chart, `${d.kind}.${d.metadata.namespace ?? ''}.${d.metadata.name}`, d)),
  );
  const synth = timed(() => app.synthYaml());
  const maxRssBytes = peakRss();
  return {
    ...synth.timing,
    phases: { build: build.timing.ms, synth: synth.timing.ms },
    maxRssBytes,
    docs: countDocs(synth.value),
    bytes: Buffer.byteLength(synth.value),
    facts: { identicalToZeroTrust: fs.readFileSync(task.compareWith, 'utf8') === synth.value },
  };
}

function verify(task: VerifyTask): BenchResult {
  const spec = generateSpec(task.n, task.seed);
  const text = fs.readFileSync(task.yaml, 'utf8');
  const workloads = tierDeployments(spec);
  const parse = timed(() => parseManifests(text));
  const load = timed(() => loadManifests([...parse.value, ...workloads]));
  const pairs = timed(() =>
    allPairs(load.value.cluster, load.value.policies, 'kubernetes', [{ port: TIER_PORT, protocol: 'TCP' }]),
  );
  const maxRssBytes = peakRss();
  const matrix = pairs.value;
  const allowed = matrix.allowedCount(0);
  const expected = expectedPairs(spec);
  return {
    ms: load.timing.ms + pairs.timing.ms,
    cpuMs: load.timing.cpuMs + pairs.timing.cpuMs,
    phases: { parseYaml: parse.timing.ms, load: load.timing.ms, allPairs: pairs.timing.ms },
    maxRssBytes,
    facts: {
      identities: matrix.identities.length,
      pairs: matrix.identities.length ** 2,
      allowedPairs: allowed,
      expectedPairs: expected,
      exact: allowed === expected,
    },
  };
}

/**
 * `verify <export>/workloads.yaml <export>/policies.yaml --probes <file>` in this process, its
 * output counted, not kept (as a terminal or a pipe would take it).
 */
function clusterVerify(task: ClusterVerifyTask): BenchResult {
  let lines = 0;
  let summary = '';
  const sink = {
    write: (text: string) => {
      lines++;
      if (/^\d+ passed, \d+ failed/.test(text)) summary = text.trim();
      return true;
    },
  };
  let errors = '';
  const files = [path.join(task.dir, 'workloads.yaml'), path.join(task.dir, 'policies.yaml')];
  const run = timed(() =>
    runCli(['verify', ...files, '--probes', task.probes], {
      stdout: sink,
      stderr: {
        write: (t: string) => {
          errors += t;
          return true;
        },
      },
    }),
  );
  const maxRssBytes = peakRss();
  if (run.value !== 0) throw new Error(`verify exited ${run.value}: ${summary} ${errors}`);
  return {
    ...run.timing,
    phases: { verify: run.timing.ms },
    maxRssBytes,
    facts: { summary, lines, bytes: files.reduce((n, f) => n + fs.statSync(f).size, 0) },
  };
}

/**
 * `list <export>/workloads.yaml <export>/policies.yaml` in this process, its output counted, not
 * kept (as a terminal or a pipe would take it); the flows, workloads and ports read from each
 * group's heading line.
 */
function clusterList(task: ClusterListTask): BenchResult {
  let lines = 0;
  let bytes = 0;
  let flows = 0;
  let workloads = 0;
  let ports = 0;
  let groups = 0;
  let flowLines = 0;
  const heading = /^== .*: (\d+) flows? between (\d+) workloads? on (\d+) ports?$/gm;
  const sink = {
    write: (text: string) => {
      bytes += Buffer.byteLength(text);
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
      for (let i = text.indexOf(' -> '); i >= 0; i = text.indexOf(' -> ', i + 1)) flowLines++;
      for (const m of text.matchAll(heading)) {
        groups++;
        flows += Number(m[1]);
        workloads += Number(m[2]);
        ports += Number(m[3]);
      }
      return true;
    },
  };
  let errors = '';
  const files = [path.join(task.dir, 'workloads.yaml'), path.join(task.dir, 'policies.yaml')];
  const run = timed(() =>
    runCli(['list', ...files], {
      stdout: sink,
      stderr: {
        write: (t: string) => {
          errors += t;
          return true;
        },
      },
    }),
  );
  const maxRssBytes = peakRss();
  if (run.value !== 0) throw new Error(`list exited ${run.value}: ${errors}`);
  if (groups === 0) throw new Error(`list printed no group heading: ${errors}`);
  if (flowLines !== flows) throw new Error(`list printed ${flowLines} flow lines under headings counting ${flows}`);
  return {
    ...run.timing,
    phases: { list: run.timing.ms },
    maxRssBytes,
    facts: { flows, workloads, ports, groups, lines, bytes },
  };
}

/**
 * The parse step of verify (`readInputs`, keeping the fields verify reads), then `JSON.parse` of
 * the same objects written as JSON (export.json; read from disk outside the timing), and, when
 * asked, the `yaml` package's reader on the same YAML files.
 */
function clusterParse(task: ClusterParseTask): BenchResult {
  const files = [path.join(task.dir, 'workloads.yaml'), path.join(task.dir, 'policies.yaml')];
  if (task.wholeFile) {
    const whole = timed(() =>
      files.flatMap((f) => readManifestText(fs.readFileSync(f).toString('utf8'), f, evaluatedFields)),
    );
    return {
      ...whole.timing,
      phases: { parse: whole.timing.ms },
      maxRssBytes: peakRss(),
      facts: { documents: whole.value.length, parseCpuMs: whole.timing.cpuMs },
    };
  }
  const parse = timed(() => readInputs(files, { maxFileSize: 2 ** 31, evaluatedFieldsOnly: true }));
  const documents = parse.value.documents.length;
  const parseRss = peakRss();
  const json = fs.readFileSync(path.join(task.dir, 'export.json'), 'utf8');
  const plain = timed(() => JSON.parse(json) as { items: unknown[] });
  const jsonItems = plain.value.items.length;
  const phases: { [phase: string]: number } = { parse: parse.timing.ms, jsonParse: plain.timing.ms };
  if (task.yamlPackage) {
    let count = 0;
    const reference = timed(() => {
      for (const f of files) {
        for (const doc of parseAllDocuments(fs.readFileSync(f, 'utf8'))) {
          const v = doc.toJS() as { items?: unknown[] } | null;
          count += v && Array.isArray(v.items) ? v.items.length : v ? 1 : 0;
        }
      }
    });
    if (count !== documents) throw new Error(`the yaml package read ${count} objects, the fast reader ${documents}`);
    phases.yamlPackage = reference.timing.ms;
  }
  if (jsonItems !== documents) throw new Error(`JSON.parse read ${jsonItems} objects, the parse step ${documents}`);
  return {
    ...parse.timing,
    phases,
    maxRssBytes: parseRss,
    facts: { documents, parseCpuMs: parse.timing.cpuMs, jsonCpuMs: plain.timing.cpuMs },
  };
}

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

function countDocs(text: string): number {
  return text.length === 0 ? 0 : text.split(/^---$/m).length;
}

main();
