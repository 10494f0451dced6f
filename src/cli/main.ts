import * as fs from 'fs';
import { parseDocument } from 'yaml';
import { defaultSchemaValidator } from '../validation/schema';
import '../verify/istio';
import '../verify/linkerd';
import { loadManifests, mergeClusters } from '../verify/load';
import { clusterFromScenarioDocument } from '../verify/scenario';
import { readFastYaml } from '../verify/yaml-fast';
import { arrayOf, isRecord } from '../verify/json';
import { KubeObject, objectRef } from '../verify/policy-set';
import { Profile } from '../verify/profile';
import { isIgnoredByProfile, isUnmodelledPolicy } from '../verify/unmodelled';
import { forEachProbeResult, parseProbes, Probe, probeApplies } from '../verify/probes';
import { Command, parseArgs, USAGE } from './args';
import { UsageError } from './options';
import { runDiff } from './diff';
import { DIFF_USAGE, LIST_USAGE } from './flow-args';
import { DocumentGroup, groupByProfile } from './groups';
import { DEFAULT_MAX_FILE_SIZE, describeError, InputError, readInputs } from './inputs';
import { IMPORT_USAGE, runImport } from './import';
import { runList } from './list';
import { ProbeTableWriter, titleOf } from './probe-report';
import { chooseMesh, chooseProfile } from './profile';
import { checkSchemas } from './schema-check';

/** Where the CLI writes: `process.stdout` / `process.stderr`, or buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * Runs `cdk8s-zerotrust <args>` and returns the exit status: 0 when every check passes and at
 * least one check ran, 1 when a check fails (a schema violation, an unreadable file, an
 * unmodelled policy kind, a probe) or nothing was checked, 2 on a usage or input error. Every
 * error is one line on stderr, without a stack trace.
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
    io.stderr.write(`error: ${e.message} (cdk8s-zerotrust --help shows the usage)\n`);
    return 2;
  }
  if (command.kind === 'help') {
    io.stdout.write(
      command.topic === 'list'
        ? LIST_USAGE
        : command.topic === 'diff'
          ? DIFF_USAGE
          : command.topic === 'import'
            ? IMPORT_USAGE
            : USAGE,
    );
    return 0;
  }
  try {
    const warn = (line: string) => io.stderr.write(`${line}\n`);
    if (command.kind === 'list') return runList(command, (text) => io.stdout.write(text), warn);
    if (command.kind === 'diff') return runDiff(command, (text) => io.stdout.write(text), warn);
    if (command.kind === 'import') return runImport(command, (text) => io.stdout.write(text), warn);
    return verify(command, (line) => io.stdout.write(`${line}\n`));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(
      `error: ${e instanceof InputError ? message : `cannot ${command.kind}: ${message.split('\n')[0]}`}\n`,
    );
    return 2;
  }
}

function verify(command: Extract<Command, { kind: 'verify' }>, print: (line: string) => void): number {
  const inputs = readInputs(command.paths, {
    maxFileSize: command.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    evaluatedFieldsOnly: true,
  });
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (inputs.documents.length === 0 && inputs.unreadable.length === 0) {
    throw new InputError(
      `no Kubernetes object in ${command.paths.join(', ')}: nothing to verify. Give the files that hold the manifests`,
    );
  }
  const text = command.probes !== undefined ? readProbesFile(command.probes) : undefined;
  const schema = checkSchemas(inputs.documents, defaultSchemaValidator());
  const invalid = new Set(schema.invalid);
  const groups = groupByProfile(inputs.documents.filter((d) => !invalid.has(d)));
  if (command.profile !== undefined) guard('--profile', () => chooseProfile(command.profile, []));
  print(`Read ${plural(inputs.files.length, 'file')}, ${plural(inputs.documents.length, 'document')}.`);
  for (const line of inputs.unreadable) print(line);
  for (const line of schema.violations) print(line);
  const skipped = [...new Set(schema.skipped.map((d) => `${d.object.apiVersion} ${d.object.kind}`))].sort();
  print(
    `Schemas: ${plural(schema.validated, 'document')} validated, ${schema.invalidDocuments} invalid` +
      `${skipped.length > 0 ? `; not validated (no vendored schema): ${skipped.join(', ')}` : ''}.`,
  );
  for (const d of schema.invalid)
    print(
      `Excluded from evaluation (it fails its schema, so a cluster would reject it): ${d.file}: ${objectRef(d.object)}`,
    );
  const unmodelled = inputs.documents.filter((d) => isUnmodelledPolicy(d.object));
  for (const d of unmodelled) {
    print(
      `warning: ${d.file}: ${objectRef(d.object)} (${d.object.apiVersion}) may change connectivity, but the verify engine does not model ` +
        `${d.object.kind}: verdicts ignore it.${command.allowUnmodelled ? ' Accepted (--allow-unmodelled).' : ' Remove it, or pass --allow-unmodelled to accept this'}`,
    );
  }
  let failed = schema.invalidDocuments + inputs.unreadable.length + (command.allowUnmodelled ? 0 : unmodelled.length);
  let passed = 0;
  if (text !== undefined) {
    for (const group of groupsOfScenario(groups, text, print)) {
      if (group.name !== undefined)
        print(`== ${group.name}: ${[...new Set(group.documents.map((d) => d.file))].join(', ')}`);
      const counts = evaluateProbes(
        command,
        text,
        group.documents.map((d) => d.object),
        print,
        (profile) => {
          const ignored = group.documents.filter((d) => isIgnoredByProfile(d.object, profile));
          for (const d of ignored) {
            print(
              `warning: ${d.file}: ${objectRef(d.object)} (${d.object.apiVersion}) may change connectivity, but no layer of profile ${profile.name} ` +
                `evaluates ${d.object.kind}: verdicts ignore it.${command.allowUnmodelled ? ' Accepted (--allow-unmodelled).' : ` Name a profile that has its layer (--profile), or pass --allow-unmodelled to accept this`}`,
            );
          }
          if (!command.allowUnmodelled) failed += ignored.length;
        },
      );
      if (counts.passed + counts.failed === 0) {
        print(
          `FAIL no probe of ${command.probes} applies to this profile: nothing was checked. List its layers in the probes' 'targets', or leave 'targets' out to apply a probe to every layer`,
        );
        failed++;
      }
      passed += counts.passed;
      failed += counts.failed;
    }
  } else {
    passed = schema.validated - schema.invalidDocuments;
    if (passed === 0 && failed === 0) {
      print(
        `FAIL nothing was checked: no document has a vendored schema (${skipped.join(', ')}). Give policy files, or --probes to evaluate them`,
      );
      failed++;
    }
  }
  print(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/**
 * The groups a scenario is about: when the scenario has a `name` and some groups are labelled
 * with that topology, only those (the others are named as skipped); otherwise every group.
 */
function groupsOfScenario(
  groups: readonly DocumentGroup[],
  text: ScenarioText,
  print: (line: string) => void,
): readonly DocumentGroup[] {
  const doc: unknown = text.value;
  const name = isRecord(doc) && typeof doc.name === 'string' ? doc.name : undefined;
  const mine = groups.filter((g) => g.name !== undefined && name !== undefined && g.name.startsWith(`${name}/`));
  if (mine.length === 0) return groups;
  const others = groups.filter((g) => !mine.includes(g)).map((g) => g.name);
  if (others.length > 0) print(`Skipped (not topology ${name}, the scenario's name): ${others.join(', ')}.`);
  return mine;
}

/** A probes file, parsed once: its scenario document and its probes. */
interface ScenarioText {
  readonly value: unknown;
  readonly probes: readonly Probe[];
}

/** Reads and checks the probes file before anything is evaluated. */
function readProbesFile(file: string): ScenarioText {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new InputError(`${file}: cannot read the probes file: ${describeError(e)}`);
  }
  if (!stat.isFile()) throw new InputError(`${file}: the probes file is not a regular file. Give a scenario YAML file`);
  if (stat.size > DEFAULT_MAX_FILE_SIZE)
    throw new InputError(
      `${file}: the probes file has ${stat.size} bytes, more than ${DEFAULT_MAX_FILE_SIZE}. Give a scenario YAML file`,
    );
  const bytes = fs.readFileSync(file);
  if (bytes.includes(0)) throw new InputError(`${file}: the probes file holds binary data (a NUL byte), not YAML`);
  const text = bytes.toString('utf8');
  const scenario = guard(file, () => {
    const fast = readScenarioFast(text);
    if (fast !== undefined) return { value: fast, probes: parseProbes(arrayOf(fast.probes)) };
    const doc = parseDocument(text);
    if (doc.errors.length > 0) {
      const pos = doc.errors[0].linePos?.[0];
      throw new Error(
        `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}YAML syntax error: ${doc.errors[0].message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      );
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined && !isRecord(value) && !Array.isArray(value))
      throw new Error(
        "not a scenario: expected a mapping with 'probes' (and namespaces, workloads) or a list of probes",
      );
    return { value, probes: parseProbes(isRecord(value) ? arrayOf(value.probes) : arrayOf(value)) };
  });
  if (scenario.probes.length === 0)
    throw new InputError(
      `${file}: no probe in this file: nothing to evaluate. List probes under 'probes:' (see the scenario format)`,
    );
  return scenario;
}

/**
 * The scenario as a mapping, read by the fast reader when the text is one document in its subset
 * (block style, one-line flow probes); undefined otherwise, and the `yaml` package reads it.
 */
function readScenarioFast(text: string): Record<string, unknown> | undefined {
  const documents: unknown[] = [];
  if (!readFastYaml(text, (v) => documents.push(v)) || documents.length !== 1 || !isRecord(documents[0]))
    return undefined;
  return documents[0];
}

function evaluateProbes(
  command: Extract<Command, { kind: 'verify' }>,
  text: ScenarioText,
  objects: readonly KubeObject[],
  print: (line: string) => void,
  onProfile: (profile: Profile) => void,
): { passed: number; failed: number } {
  const file = command.probes as string;
  const chosen = guard('--profile', () => chooseProfile(command.profile, objects));
  onProfile(chosen.profile);
  const scenarioNamespaces = guard(file, () => clusterFromScenarioDocument(text.value));
  const mesh = chooseMesh(command.mesh, chosen.profile, objects, scenarioNamespaces);
  print(`Profile: ${chosen.profile.name}${chosen.reason === 'given' ? '' : ` (${chosen.reason})`}.`);
  print(`Mesh: ${mesh.mesh}${mesh.reason === 'given' ? '' : ` (${mesh.reason})`}.`);
  const loaded = loadManifests(objects);
  const probes = text.probes;
  const applicable = probes.filter((p) => probeApplies(p, chosen.profile));
  // Results are printed as they are decided and only counted; the explanations of failures are kept for the end.
  const failures: string[] = [];
  let passed = 0;
  let table: ProbeTableWriter | undefined;
  guard(file, () => {
    const cluster = mergeClusters(loaded.cluster, clusterFromScenarioDocument(text.value, { meshMode: mesh.mesh }));
    forEachProbeResult(probes, loaded.policies, cluster, chosen.profile, {}, (r) => {
      if (table === undefined) {
        print(`Probes: ${probes.length} in ${file}, ${applicable.length} apply to profile ${chosen.profile.name}.`);
        print('');
        table = new ProbeTableWriter(applicable.map(titleOf), print);
      }
      if (!r.applies) return;
      table.write(r);
      if (r.passed) passed++;
      else failures.push(r.explanation);
    });
  });
  if (table === undefined) {
    print(`Probes: ${probes.length} in ${file}, ${applicable.length} apply to profile ${chosen.profile.name}.`);
    print('');
    table = new ProbeTableWriter([], print);
  }
  table.end();
  if (failures.length > 0) {
    print('');
    print('Failures:');
    for (const explanation of failures) {
      print('');
      print(explanation);
    }
  }
  print('');
  return { passed, failed: failures.length };
}

/** Runs `f`, turning a malformed scenario, probe or profile into an input error that names its source. */
function guard<T>(source: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new InputError(`${source}: ${(e as Error).message}`);
  }
}
