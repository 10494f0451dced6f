import { loadManifests } from '../verify/load';
import { ListCommand } from './flow-args';
import { AllowedFlow, allowedFlows, probedPorts } from './flows';
import {
  groupsOfScenarios,
  objectsOf,
  readScenario,
  scenarioCluster,
  unionCluster,
  usableDocuments,
} from './flow-groups';
import { groupByProfile } from './groups';
import { DEFAULT_MAX_FILE_SIZE, InputError, readInputs } from './inputs';
import { chooseMesh, chooseProfile } from './profile';

/** The flows of one cluster (a topology/profile group). */
export interface ListedGroup {
  /** `<topology>/<profile>`, or undefined when no object is labelled. */
  readonly name?: string;
  readonly profile: string;
  readonly mesh: string;
  readonly workloads: readonly string[];
  readonly ports: readonly string[];
  readonly flows: readonly AllowedFlow[];
}

/**
 * Runs `list`: every allowed flow per group, written in the chosen format to `print`; notes
 * (documents left out, unmodelled kinds, skipped groups) go to `warn`. Returns the exit status.
 * Throws `InputError` on bad input.
 */
export function runList(command: ListCommand, print: (text: string) => void, warn: (line: string) => void): number {
  const scenarios = command.probes.map(readScenario);
  const inputs = readInputs(command.paths, { maxFileSize: DEFAULT_MAX_FILE_SIZE });
  const documents = usableDocuments(inputs, command.paths.join(', '), warn);
  const groups = groupsOfScenarios(groupByProfile(documents), scenarios, warn);
  if (command.profile !== undefined) guard('--profile', () => chooseProfile(command.profile, []));
  const listed: ListedGroup[] = [];
  for (const group of groups) {
    const objects = objectsOf(group);
    const { profile } = guard('--profile', () => chooseProfile(command.profile, objects));
    const loaded = loadManifests(objects);
    const { mesh } = chooseMesh(command.mesh, profile, objects, scenarioCluster(scenarios, group.name, 'none'));
    const cluster = unionCluster(loaded.cluster, scenarioCluster(scenarios, group.name, mesh));
    const ports = probedPorts(cluster, objects);
    const flows =
      cluster.pods.length === 0 ? [] : guard('evaluation', () => allowedFlows(objects, cluster, profile, ports));
    listed.push({
      ...(group.name !== undefined ? { name: group.name } : {}),
      profile: profile.name,
      mesh,
      workloads: cluster.pods.map((p) => `${p.namespace}/${p.name}`),
      ports: ports.map((p) => `${p.port}/${p.protocol}`),
      flows,
    });
  }
  if (listed.every((g) => g.workloads.length === 0)) {
    throw new InputError(
      `no workload in ${command.paths.join(', ')}${scenarios.length > 0 ? ` or ${command.probes.join(', ')}` : ''}: nothing to list. ` +
        'Give the Pods, Deployments, StatefulSets or DaemonSets with the policies, or a scenario with workloads (--probes)',
    );
  }
  for (const g of listed)
    if (g.workloads.length === 0) warn(`note: ${g.name ?? 'the files'}: no workload in this cluster: no flow listed`);
  print(render(listed, command.output));
  return 0;
}

function render(groups: readonly ListedGroup[], output: ListCommand['output']): string {
  switch (output) {
    case 'json':
      return `${JSON.stringify({ groups: groups.map((g) => ({ ...g, flows: g.flows.map(({ l7Rules: _, ...f }) => f) })) }, null, 2)}\n`;
    case 'csv':
      return csv(groups);
    case 'md':
      return markdown(groups);
    case 'mermaid':
      return mermaid(groups);
    default:
      return text(groups);
  }
}

/** `source -> destination port/protocol [L7]`. */
export function flowLine(
  f: Pick<AllowedFlow, 'source' | 'destination' | 'port' | 'l7'> & { readonly protocol: string },
): string {
  return `${f.source} -> ${f.destination} ${f.port}/${f.protocol}${f.l7 ? ' L7' : ''}`;
}

function title(g: ListedGroup): string {
  return `${g.name ?? 'cluster'} (profile ${g.profile}, mesh ${g.mesh})`;
}

function text(groups: readonly ListedGroup[]): string {
  const lines: string[] = [];
  for (const g of groups) {
    lines.push(
      `== ${title(g)}: ${plural(g.flows.length, 'flow')} between ${plural(g.workloads.length, 'workload')} on ${plural(g.ports.length, 'port')}`,
    );
    for (const f of g.flows) lines.push(`${flowLine(f)}  (${f.decidedBy})`);
    lines.push('');
  }
  return lines.join('\n');
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(groups: readonly ListedGroup[]): string {
  const rows = [['group', 'profile', 'source', 'destination', 'port', 'protocol', 'l7', 'decided_by']];
  for (const g of groups) {
    for (const f of g.flows)
      rows.push([
        g.name ?? '',
        g.profile,
        f.source,
        f.destination,
        String(f.port),
        f.protocol,
        f.l7 ? 'L7' : '',
        f.decidedBy,
      ]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** A Markdown table cell: pipes escaped. */
export function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdown(groups: readonly ListedGroup[]): string {
  const lines: string[] = [];
  for (const g of groups) {
    lines.push(`### ${g.name ?? 'cluster'} (profile \`${g.profile}\`, mesh \`${g.mesh}\`)`, '');
    if (g.flows.length === 0) {
      lines.push('No flow is allowed between the workloads.', '');
      continue;
    }
    lines.push('| source | destination | port | L7 | decided by |', '| --- | --- | --- | --- | --- |');
    for (const f of g.flows)
      lines.push(
        `| ${f.source} | ${f.destination} | ${f.port}/${f.protocol} | ${f.l7 ? 'L7' : ''} | ${mdCell(f.decidedBy)} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

function mermaid(groups: readonly ListedGroup[]): string {
  const lines = ['flowchart LR'];
  groups.forEach((g, gi) => {
    const id = (w: string) => `g${gi}_${g.workloads.indexOf(w)}`;
    lines.push(`  subgraph group${gi}["${title(g).replace(/"/g, "'")}"]`);
    for (const w of g.workloads) lines.push(`    ${id(w)}["${w}"]`);
    const edges = new Map<string, string[]>();
    for (const f of g.flows) {
      const key = `${id(f.source)} --> ${id(f.destination)}`;
      edges.set(key, [...(edges.get(key) ?? []), `${f.port}/${f.protocol}${f.l7 ? ' L7' : ''}`]);
    }
    for (const [key, labels] of edges) {
      const [from, to] = key.split(' --> ');
      lines.push(`    ${from} -->|"${labels.join(', ')}"| ${to}`);
    }
    lines.push('  end');
  });
  return lines.join('\n') + '\n';
}

/** `n thing(s)`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs `f`, turning an error into an input error that names its source. */
export function guard<T>(source: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${source}: ${(e as Error).message.split('\n')[0]}`);
  }
}
