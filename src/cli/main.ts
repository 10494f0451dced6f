import * as fs from 'fs';
import { defaultSchemaValidator } from '../validation/schema';
import '../verify/istio';
import '../verify/linkerd';
import { clusterFromScenario, loadManifests, mergeClusters } from '../verify/load';
import { KubeObject } from '../verify/policy-set';
import { parseProbes, ProbeResult, runProbes } from '../verify/probes';
import { Command, parseArgs, USAGE, UsageError } from './args';
import { InputError, readInputs } from './inputs';
import { probeTable } from './probe-report';
import { chooseMesh, chooseProfile } from './profile';
import { checkSchemas } from './schema-check';

/** Where the CLI writes: `process.stdout` / `process.stderr`, or buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * Runs `cdk8s-zerotrust <args>` and returns the exit status: 0 when every check passes, 1 when
 * a check fails (a schema violation, an unreadable file, a probe), 2 on a usage or input error.
 *
 * @example
 * process.exitCode = runCli(['verify', 'dist/', '--probes', 'scenario.yaml'], process);
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`error: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.kind === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    return verify(command, (line) => io.stdout.write(`${line}\n`));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.stderr.write(`error: ${e.message}\n`);
    return 2;
  }
}

function verify(command: Extract<Command, { kind: 'verify' }>, print: (line: string) => void): number {
  const inputs = readInputs(command.paths);
  const schema = checkSchemas(inputs.documents, defaultSchemaValidator());
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  print(`Read ${plural(inputs.files.length, 'file')}, ${plural(inputs.documents.length, 'document')}.`);
  for (const line of inputs.unreadable) print(line);
  for (const line of schema.violations) print(line);
  const skipped = [...new Set(schema.skipped.map((d) => `${d.object.apiVersion} ${d.object.kind}`))].sort();
  print(`Schemas: ${plural(schema.validated, 'document')} validated, ${schema.invalidDocuments} invalid`
    + `${skipped.length > 0 ? `; not validated (no vendored schema): ${skipped.join(', ')}` : ''}.`);
  let failed = schema.invalidDocuments + inputs.unreadable.length;
  let passed = 0;
  if (command.probes !== undefined) {
    const results = evaluateProbes(command, inputs.documents.map((d) => d.object), print);
    for (const r of results) {
      if (!r.applies) continue;
      if (r.passed) passed++;
      else failed++;
    }
  }
  print(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

function evaluateProbes(command: Extract<Command, { kind: 'verify' }>, objects: readonly KubeObject[], print: (line: string) => void): ProbeResult[] {
  const file = command.probes as string;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot read the probes file`);
  }
  const chosen = guard('--profile', () => chooseProfile(command.profile, objects));
  const scenarioNamespaces = guard(file, () => clusterFromScenario(text));
  const mesh = chooseMesh(command.mesh, chosen.profile, objects, scenarioNamespaces);
  print(`Profile: ${chosen.profile.name}${chosen.reason === 'given' ? '' : ` (${chosen.reason})`}.`);
  print(`Mesh: ${mesh.mesh}${mesh.reason === 'given' ? '' : ` (${mesh.reason})`}.`);
  const loaded = loadManifests(objects);
  const results = guard(file, () => {
    const probes = parseProbes(text);
    const cluster = mergeClusters(loaded.cluster, clusterFromScenario(text, { meshMode: mesh.mesh }));
    return runProbes(probes, loaded.policies, cluster, chosen.profile);
  });
  const skipped = results.filter((r) => !r.applies).length;
  print(`Probes: ${results.length} in ${file}, ${results.length - skipped} apply to profile ${chosen.profile.name}.`);
  print('');
  for (const line of probeTable(results)) print(line);
  const failures = results.filter((r) => r.applies && !r.passed);
  if (failures.length > 0) {
    print('');
    print('Failures:');
    for (const r of failures) {
      print('');
      print(r.explanation);
    }
  }
  print('');
  return results;
}

/** Runs `f`, turning a malformed scenario, probe or profile into an input error that names its source. */
function guard<T>(source: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new InputError(`${source}: ${(e as Error).message}`);
  }
}
