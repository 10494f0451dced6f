import * as fs from 'fs';
import { parseDocument } from 'yaml';
import { defaultSchemaValidator } from '../validation/schema';
import { ClusterInfo } from '../verify/cluster';
import { isRecord } from '../verify/json';
import { clusterFromScenario, mergeClusters } from '../verify/load';
import { KubeObject, objectRef } from '../verify/policy-set';
import { isUnmodelledPolicy } from '../verify/unmodelled';
import { MeshOption } from './options';
import { DocumentGroup } from './groups';
import { DEFAULT_MAX_FILE_SIZE, describeError, InputDocument, InputError, Inputs } from './inputs';
import { checkSchemas } from './schema-check';

/** A scenario file given with `--probes`: its workloads and namespaces join the cluster. */
export interface Scenario {
  readonly file: string;
  readonly text: string;
  /** The topology it is about (`name:`), if any. */
  readonly name?: string;
}

/**
 * Reads a scenario file for its namespaces and workloads (probes are not needed). Throws
 * `InputError` (one line) when it cannot be read, is not YAML, or is not a scenario.
 */
export function readScenario(file: string): Scenario {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new InputError(`${file}: cannot read the scenario file: ${describeError(e)}`);
  }
  if (!stat.isFile())
    throw new InputError(`${file}: the scenario file is not a regular file. Give a scenario YAML file`);
  if (stat.size > DEFAULT_MAX_FILE_SIZE)
    throw new InputError(
      `${file}: the scenario file has ${stat.size} bytes, more than ${DEFAULT_MAX_FILE_SIZE}. Give a scenario YAML file`,
    );
  const bytes = fs.readFileSync(file);
  if (bytes.includes(0)) throw new InputError(`${file}: the scenario file holds binary data (a NUL byte), not YAML`);
  const text = bytes.toString('utf8');
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const pos = doc.errors[0].linePos?.[0];
    throw new InputError(
      `${file}: ${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}YAML syntax error: ${doc.errors[0].message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  const value: unknown = doc.toJS();
  if (!isRecord(value) || !Array.isArray(value.workloads) || value.workloads.length === 0) {
    throw new InputError(
      `${file}: not a scenario with workloads: expected a mapping with 'workloads' (and namespaces). List the workloads under 'workloads:' (see the scenario format)`,
    );
  }
  try {
    clusterFromScenario(text);
  } catch (e) {
    throw new InputError(`${file}: ${(e as Error).message}`);
  }
  return { file, text, ...(typeof value.name === 'string' ? { name: value.name } : {}) };
}

/**
 * The cluster of the scenarios that are about a group, with their workloads on the given data
 * plane: the scenarios without a name, and those named after the group's topology (all of them
 * for a group without a name).
 */
export function scenarioCluster(
  scenarios: readonly Scenario[],
  group: string | undefined,
  mesh: MeshOption,
): ClusterInfo {
  const about = scenarios.filter((s) => group === undefined || s.name === undefined || group.startsWith(`${s.name}/`));
  return mergeClusters(
    { namespaces: [], pods: [], services: [] },
    ...about.map((s) => {
      try {
        return clusterFromScenario(s.text, { meshMode: mesh });
      } catch (e) {
        throw new InputError(`${s.file}: ${(e as Error).message}`);
      }
    }),
  );
}

/**
 * The documents that are evaluated: unreadable files are an input error (the flows would be
 * wrong); documents that fail their schema (a cluster would reject them) are left out and
 * named; policy kinds no layer models are named. Notes go to `warn`, one line each.
 */
export function usableDocuments(inputs: Inputs, what: string, warn: (line: string) => void): InputDocument[] {
  if (inputs.unreadable.length > 0) throw new InputError(inputs.unreadable[0]);
  if (inputs.documents.length === 0)
    throw new InputError(`no Kubernetes object in ${what}: nothing to compare. Give the files that hold the manifests`);
  const schema = checkSchemas(inputs.documents, defaultSchemaValidator());
  const invalid = new Set(schema.invalid);
  for (const d of schema.invalid)
    warn(`warning: ${d.file}: ${objectRef(d.object)} fails its schema (a cluster would reject it): left out`);
  for (const d of inputs.documents.filter((x) => isUnmodelledPolicy(x.object))) {
    warn(
      `warning: ${d.file}: ${objectRef(d.object)} (${d.object.apiVersion}) may change connectivity, but the verify engine does not model ${d.object.kind}: the flows ignore it`,
    );
  }
  return inputs.documents.filter((d) => !invalid.has(d));
}

/**
 * The groups the scenarios are about: when a scenario has a name and groups of that topology
 * exist, only the groups of such topologies (the others are named through `warn`); otherwise
 * every group.
 */
export function groupsOfScenarios(
  groups: readonly DocumentGroup[],
  scenarios: readonly Scenario[],
  warn: (line: string) => void,
): readonly DocumentGroup[] {
  const names = scenarios.flatMap((s) => (s.name !== undefined ? [s.name] : []));
  const mine = groups.filter((g) => g.name !== undefined && names.some((n) => (g.name as string).startsWith(`${n}/`)));
  if (mine.length === 0) return groups;
  const others = groups.filter((g) => !mine.includes(g)).map((g) => g.name);
  if (others.length > 0)
    warn(`note: skipped (not the topology of a scenario: ${names.join(', ')}): ${others.join(', ')}`);
  return mine;
}

/**
 * The cluster seen from one side: its own namespaces, pods and services first (they win), then
 * those of the others. Namespace labels are the first side's that has the namespace.
 */
export function unionCluster(own: ClusterInfo, ...others: readonly ClusterInfo[]): ClusterInfo {
  const merged = mergeClusters(own, ...others);
  const labels = new Map<string, ClusterInfo['namespaces'][number]>();
  for (const c of [own, ...others]) for (const n of c.namespaces) if (!labels.has(n.name)) labels.set(n.name, n);
  return { ...merged, namespaces: merged.namespaces.map((n) => labels.get(n.name) ?? n) };
}

/** The objects of a group. */
export function objectsOf(group: DocumentGroup | undefined): KubeObject[] {
  return (group?.documents ?? []).map((d) => d.object);
}
