import * as fs from 'fs';
import { App, Yaml } from 'cdk8s';
import { allPairs, loadManifests, parseManifests } from '../src/verify';
import { buildPlusChart } from './plus-topology';
import { generateSpec } from './synthetic-spec';
import { BenchResult, BenchTask, OutputSize, PlusTask, VerifyTask, YamlTask, ZeroTrustTask } from './tasks';
import { expectedPairs, tierDeployments } from './verify-workloads';
import { TIER_PORT } from './synthetic-spec';
import { buildZeroTrust, TOPOLOGY_NAME } from './zerotrust-topology';

/**
 * A benchmark worker: runs one task in this (fresh) process and sends the result to its parent.
 * Only the named work is timed; inputs are prepared and outputs checked outside the timings, and
 * peak RSS is read right after the timed work.
 */
function main(): void {
  const task = JSON.parse(process.argv[2]) as BenchTask;
  const result = run(task);
  if (process.send) process.send(result, () => process.exit(0));
  else process.stdout.write(`${JSON.stringify(result, undefined, 2)}\n`);
}

function run(task: BenchTask): BenchResult {
  switch (task.kind) {
    case 'zerotrust': return zeroTrust(task);
    case 'plus': return plus(task);
    case 'yaml': return yaml(task);
    case 'verify': return verify(task);
  }
}

function zeroTrust(task: ZeroTrustTask): BenchResult {
  const spec = generateSpec(task.n, task.seed);
  const app = new App();
  const t0 = performance.now();
  buildZeroTrust(app, spec, task.profiles);
  const t1 = performance.now();
  const text = app.synthYaml();
  const t2 = performance.now();
  const maxRssBytes = peakRss();
  let profiles: { [profile: string]: OutputSize } | undefined;
  if (task.dump) {
    const docs: unknown[] = [];
    profiles = {};
    for (const chart of app.charts) {
      const chartDocs = chart.toJson() as unknown[];
      docs.push(...chartDocs);
      profiles[chart.node.id.slice(TOPOLOGY_NAME.length + 1)] = { docs: chartDocs.length, bytes: Buffer.byteLength(Yaml.stringify(...chartDocs)) };
    }
    if (Yaml.stringify(...docs) !== text) throw new Error('the dumped documents do not serialize to the synthesized YAML');
    fs.writeFileSync(`${task.dump}.json`, JSON.stringify(docs));
    fs.writeFileSync(`${task.dump}.yaml`, text);
  }
  return {
    ms: t2 - t1, phases: { build: t1 - t0, synth: t2 - t1 }, maxRssBytes,
    docs: countDocs(text), bytes: Buffer.byteLength(text), ...(profiles ? { profiles } : {}),
  };
}

function plus(task: PlusTask): BenchResult {
  const spec = generateSpec(task.n, task.seed);
  const app = new App();
  const t0 = performance.now();
  buildPlusChart(app, spec);
  const t1 = performance.now();
  const text = app.synthYaml();
  const t2 = performance.now();
  const maxRssBytes = peakRss();
  const facts = task.compareWith ? { identicalToZeroTrust: fs.readFileSync(task.compareWith, 'utf8') === text } : undefined;
  return { ms: t2 - t1, phases: { build: t1 - t0, synth: t2 - t1 }, maxRssBytes, docs: countDocs(text), bytes: Buffer.byteLength(text), ...(facts ? { facts } : {}) };
}

function yaml(task: YamlTask): BenchResult {
  const docs = JSON.parse(fs.readFileSync(task.docs, 'utf8')) as unknown[];
  const t0 = performance.now();
  const text = Yaml.stringify(...docs);
  const t1 = performance.now();
  return { ms: t1 - t0, phases: { stringify: t1 - t0 }, maxRssBytes: peakRss(), docs: docs.length, bytes: Buffer.byteLength(text) };
}

function verify(task: VerifyTask): BenchResult {
  const spec = generateSpec(task.n, task.seed);
  const text = fs.readFileSync(task.yaml, 'utf8');
  const workloads = tierDeployments(spec);
  const t0 = performance.now();
  const policies = parseManifests(text);
  const t1 = performance.now();
  const { cluster, policies: set } = loadManifests([...policies, ...workloads]);
  const t2 = performance.now();
  const matrix = allPairs(cluster, set, 'kubernetes', [{ port: TIER_PORT, protocol: 'TCP' }]);
  const t3 = performance.now();
  const maxRssBytes = peakRss();
  const allowed = matrix.allowedCount(0);
  const expected = expectedPairs(spec);
  return {
    ms: t3 - t1, phases: { parseYaml: t1 - t0, load: t2 - t1, allPairs: t3 - t2 }, maxRssBytes,
    facts: { identities: matrix.identities.length, pairs: matrix.identities.length ** 2, allowedPairs: allowed, expectedPairs: expected, exact: allowed === expected },
  };
}

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

function countDocs(text: string): number {
  return text.length === 0 ? 0 : text.split(/^---$/m).length;
}

main();
