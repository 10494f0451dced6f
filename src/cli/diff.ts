import { ClusterInfo, PodInfo } from '../verify/cluster';
import { Verifier } from '../verify/evaluate';
import { isRecord } from '../verify/json';
import { loadManifests, policiesFromObjects } from '../verify/load';
import { KubeObject, objectRef } from '../verify/policy-set';
import { Profile } from '../verify/profile';
import { apiGroupOf } from '../verify/unmodelled';
import { DiffCommand } from './flow-args';
import { AllowedFlow, allowedFlows, canonicalJson, flowKey, probedPorts } from './flows';
import { objectsOf, readScenario, Scenario, scenarioCluster, unionCluster, usableDocuments } from './flow-groups';
import { readGitInputs } from './git-inputs';
import { DocumentGroup, groupByProfile } from './groups';
import { DEFAULT_MAX_FILE_SIZE, InputDocument, readInputs } from './inputs';
import { flowLine, guard, mdCell, plural } from './list';
import { decidedBy } from './probe-report';
import { chooseMesh, chooseProfile } from './profile';
import { recordedWidenings } from './widenings';

/** How a flow changes. */
export type FlowChangeKind = 'opened' | 'closed' | 'l7-removed' | 'l7-changed' | 'l7-added';

/** One flow that changes, with the rule that decides it now (or, for a closed flow, that now denies it). */
export interface FlowChange {
  readonly change: FlowChangeKind;
  readonly source: string;
  readonly destination: string;
  readonly port: number;
  readonly protocol: string;
  /** Whether requests are filtered by L7 rules after the change (before it, for a closed flow). */
  readonly l7: boolean;
  readonly decidedBy: string;
  /** For a closed flow: what allowed it before. */
  readonly wasAllowedBy?: string;
}

/** An object that differs between the two sides. */
export interface ObjectChange {
  readonly change: 'added' | 'removed' | 'changed';
  /** `Kind namespace/name`. */
  readonly object: string;
  readonly file: string;
}

/** The changes of one topology/profile group. */
export interface GroupDiff {
  readonly name?: string;
  readonly profile: string;
  readonly mesh: string;
  /** `added` or `removed` when the group exists on one side only. */
  readonly group?: 'added' | 'removed';
  readonly flows: readonly FlowChange[];
  /** One line per PeerAuthentication whose mTLS modes change. */
  readonly mtls: readonly string[];
  /** Policy objects that changed, none of whose change alone changes a flow or an mTLS mode. */
  readonly noEffect: readonly ObjectChange[];
  /** Policy objects whose change changes flows or mTLS modes. */
  readonly effective: readonly ObjectChange[];
  /** Workloads, Services and Namespaces that changed: the cluster both sides are evaluated on. */
  readonly cluster: readonly ObjectChange[];
  readonly workloads: number;
}

/** Widenings added and removed, from the `<topology>.report.md` files beside the manifests. */
export interface WideningChanges {
  /** The report files read, on both sides; none when the manifests were given without them. */
  readonly reports: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** Flow changes that need an approval: a flow or requests that were refused are allowed. */
const OPENING: readonly FlowChangeKind[] = ['opened', 'l7-removed', 'l7-changed'];

/** Kinds that describe the cluster (workloads, Services, Namespaces) rather than policy. */
const CLUSTER_KINDS = new Set([
  'Namespace',
  'Service',
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
]);

/** Beyond this many changed policy objects, no object is evaluated on its own. */
const MAX_ATTRIBUTED = 40;

/**
 * Runs `diff`: per group, the flows the change opens and closes, the mTLS changes, and the
 * objects without effect, written in the chosen format to `print`; notes go to `warn`. Returns
 * 1 when a flow opens (or its L7 rules are relaxed or changed), 0 otherwise. Throws `InputError`
 * on bad input.
 */
export function runDiff(command: DiffCommand, print: (text: string) => void, warn: (line: string) => void): number {
  const scenarios = command.probes.map(readScenario);
  const oldInputs =
    command.base !== undefined
      ? readGitInputs(command.base, command.oldPaths)
      : readInputs(command.oldPaths, { maxFileSize: DEFAULT_MAX_FILE_SIZE });
  const newInputs = readInputs(command.newPaths, { maxFileSize: DEFAULT_MAX_FILE_SIZE });
  const oldName =
    command.base !== undefined ? `${command.oldPaths.join(', ')} at ${command.base}` : command.oldPaths.join(', ');
  const oldDocs = usableDocuments(oldInputs, oldName, warn);
  const newDocs = usableDocuments(newInputs, command.newPaths.join(', '), warn);
  if (command.profile !== undefined) guard('--profile', () => chooseProfile(command.profile, []));
  const oldGroups = byName(groupByProfile(oldDocs));
  const newGroups = byName(groupByProfile(newDocs));
  const names = [...new Set([...oldGroups.keys(), ...newGroups.keys()])].sort();
  const diffs = names.map((name) => diffGroup(command, scenarios, name, oldGroups.get(name), newGroups.get(name)));
  if (diffs.every((d) => d.workloads === 0)) {
    warn(
      'warning: no workload on either side: no flow is compared. Give the Pods, Deployments, StatefulSets or DaemonSets with the policies, or a scenario with workloads (--probes)',
    );
  }
  const opened = diffs.some((d) => d.flows.some((f) => OPENING.includes(f.change)));
  const before = recordedWidenings(command.oldPaths, command.base);
  const after = recordedWidenings(command.newPaths);
  const widenings: WideningChanges = {
    reports: [...before.reports, ...after.reports],
    added: after.widenings.filter((w) => !before.widenings.includes(w)),
    removed: before.widenings.filter((w) => !after.widenings.includes(w)),
  };
  const header = { old: oldName, new: command.newPaths.join(', ') };
  print(
    command.output === 'json'
      ? `${JSON.stringify({ ...header, opens: opened, groups: diffs, widenings }, null, 2)}\n`
      : command.output === 'md'
        ? markdown(header, diffs, opened, widenings)
        : text(header, diffs, opened, widenings),
  );
  return opened ? 1 : 0;
}

function byName(groups: readonly DocumentGroup[]): Map<string, DocumentGroup> {
  return new Map(groups.map((g) => [g.name ?? '', g]));
}

function diffGroup(
  command: DiffCommand,
  scenarios: readonly Scenario[],
  name: string,
  oldGroup: DocumentGroup | undefined,
  newGroup: DocumentGroup | undefined,
): GroupDiff {
  const oldObjects = objectsOf(oldGroup);
  const newObjects = objectsOf(newGroup);
  const all = [...oldObjects, ...newObjects];
  const { profile } = guard('--profile', () => chooseProfile(command.profile, all));
  const { mesh } = chooseMesh(
    command.mesh,
    profile,
    all,
    scenarioCluster(scenarios, name === '' ? undefined : name, 'none'),
  );
  const scen = scenarioCluster(scenarios, name === '' ? undefined : name, mesh);
  const oldLoaded = loadManifests(oldObjects).cluster;
  const newLoaded = loadManifests(newObjects).cluster;
  const oldCluster = unionCluster(oldLoaded, newLoaded, scen);
  const newCluster = unionCluster(newLoaded, oldLoaded, scen);
  const ports = probedPorts(unionCluster(newCluster, oldCluster), all);
  const flowsOf = (objects: readonly KubeObject[], cluster: ClusterInfo): AllowedFlow[] =>
    cluster.pods.length === 0 ? [] : guard('evaluation', () => allowedFlows(objects, cluster, profile, ports));
  const before = flowsOf(oldObjects, oldCluster);
  const after = flowsOf(newObjects, newCluster);
  const flows = compareFlows(before, after, newObjects, newCluster, profile);
  const mtls = mtlsChanges(oldObjects, newObjects);
  const objects = objectChanges(oldGroup?.documents ?? [], newGroup?.documents ?? []);
  const policyChanges = objects.filter((c) => !CLUSTER_KINDS.has(c.kind));
  const noEffect: ObjectChange[] = [];
  const effective: ObjectChange[] = [];
  if (flows.length === 0 && mtls.length === 0) {
    noEffect.push(...policyChanges.map((c) => c.change));
  } else if (policyChanges.length <= MAX_ATTRIBUTED) {
    // Each object on its own: the old side with only this object changed.
    const signature = (fs: readonly AllowedFlow[]) => fs.map((f) => `${flowKey(f)} ${f.l7Rules}`).join('\n');
    const baseline = signature(before);
    for (const c of policyChanges) {
      const alone = [...oldObjects.filter((o) => identity(o) !== c.key), ...(c.after ? [c.after] : [])];
      const changesMtls = mtlsChanges(oldObjects, alone).length > 0;
      (changesMtls || signature(flowsOf(alone, oldCluster)) !== baseline ? effective : noEffect).push(c.change);
    }
  } else {
    effective.push(...policyChanges.map((c) => c.change));
  }
  return {
    ...(name !== '' ? { name } : {}),
    profile: profile.name,
    mesh,
    ...(oldGroup === undefined
      ? { group: 'added' as const }
      : newGroup === undefined
        ? { group: 'removed' as const }
        : {}),
    flows,
    mtls,
    noEffect,
    effective,
    cluster: objects.filter((c) => CLUSTER_KINDS.has(c.kind)).map((c) => c.change),
    workloads: newCluster.pods.length,
  };
}

function compareFlows(
  before: readonly AllowedFlow[],
  after: readonly AllowedFlow[],
  newObjects: readonly KubeObject[],
  newCluster: ClusterInfo,
  profile: Profile,
): FlowChange[] {
  const old = new Map(before.map((f) => [flowKey(f), f]));
  const now = new Map(after.map((f) => [flowKey(f), f]));
  const out: FlowChange[] = [];
  const row = (change: FlowChangeKind, f: AllowedFlow, decided: string, was?: string): FlowChange => ({
    change,
    source: f.source,
    destination: f.destination,
    port: f.port,
    protocol: f.protocol,
    l7: f.l7,
    decidedBy: decided,
    ...(was !== undefined ? { wasAllowedBy: was } : {}),
  });
  for (const f of after) {
    const o = old.get(flowKey(f));
    if (!o) out.push(row('opened', f, f.decidedBy));
    else if (o.l7 && !f.l7) out.push(row('l7-removed', f, f.decidedBy));
    else if (!o.l7 && f.l7) out.push(row('l7-added', f, f.decidedBy));
    else if (o.l7 && f.l7 && o.l7Rules !== f.l7Rules) out.push(row('l7-changed', f, f.decidedBy));
  }
  const closed = before.filter((f) => !now.has(flowKey(f)));
  if (closed.length > 0) {
    const verifier = new Verifier(policiesFromObjects(newObjects), newCluster, profile);
    const pod = (name: string): PodInfo | undefined => newCluster.pods.find((p) => `${p.namespace}/${p.name}` === name);
    for (const f of closed) {
      const s = pod(f.source);
      const d = pod(f.destination);
      const denied =
        s && d
          ? decidedBy(
              verifier.evaluate({
                source: { kind: 'pod', pod: s },
                destination: { kind: 'pod', pod: d },
                port: f.port,
                protocol: f.protocol,
              }),
            )
          : 'the workload is gone';
      out.push(row('closed', f, denied, f.decidedBy));
    }
  }
  const order: readonly FlowChangeKind[] = ['opened', 'l7-removed', 'l7-changed', 'l7-added', 'closed'];
  return out.sort(
    (a, b) =>
      order.indexOf(a.change) - order.indexOf(b.change) ||
      cmp(a.source, b.source) ||
      cmp(a.destination, b.destination) ||
      cmp(a.protocol, b.protocol) ||
      a.port - b.port,
  );
}

/** The mTLS modes of a PeerAuthentication: `STRICT`, plus `port 9090: PERMISSIVE` for each port. */
function mtlsModes(o: KubeObject): string {
  const spec = isRecord(o.spec) ? o.spec : {};
  const mode = isRecord(spec.mtls) && typeof spec.mtls.mode === 'string' ? spec.mtls.mode : 'UNSET';
  const ports = isRecord(spec.portLevelMtls) ? spec.portLevelMtls : {};
  const portModes = Object.keys(ports)
    .sort((a, b) => Number(a) - Number(b))
    .map((p) => {
      const v = ports[p];
      return `port ${p}: ${isRecord(v) && typeof v.mode === 'string' ? v.mode : 'UNSET'}`;
    });
  const selector = isRecord(spec.selector) ? ` (selector ${canonicalJson(spec.selector)})` : '';
  return `${[mode, ...portModes].join(', ')}${selector}`;
}

function mtlsChanges(before: readonly KubeObject[], after: readonly KubeObject[]): string[] {
  const of = (objects: readonly KubeObject[]) =>
    new Map(objects.filter(isPeerAuthentication).map((o) => [objectRef(o), mtlsModes(o)]));
  const old = of(before);
  const now = of(after);
  const out: string[] = [];
  for (const ref of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(ref);
    const b = now.get(ref);
    if (a === b) continue;
    out.push(
      a === undefined ? `${ref}: added, ${b}` : b === undefined ? `${ref}: removed (was ${a})` : `${ref}: ${a} -> ${b}`,
    );
  }
  return out;
}

function isPeerAuthentication(o: KubeObject): boolean {
  return o.kind === 'PeerAuthentication' && apiGroupOf(o.apiVersion) === 'security.istio.io';
}

function identity(o: KubeObject): string {
  return `${apiGroupOf(o.apiVersion)} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

interface Changed {
  readonly key: string;
  readonly kind: string;
  readonly change: ObjectChange;
  /** The object after the change; undefined when it is removed. */
  readonly after?: KubeObject;
}

/**
 * Objects added, removed, or changed (their content differs, the order of keys and list items
 * included: a rewrite that keeps the meaning is a change without effect).
 */
function objectChanges(before: readonly InputDocument[], after: readonly InputDocument[]): Changed[] {
  const old = new Map(before.map((d) => [identity(d.object), d]));
  const now = new Map(after.map((d) => [identity(d.object), d]));
  const out: Changed[] = [];
  for (const key of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(key);
    const b = now.get(key);
    const d = (b ?? a) as InputDocument;
    const change = (kind: ObjectChange['change']): ObjectChange => ({
      change: kind,
      object: objectRef(d.object),
      file: d.file,
    });
    if (!a) out.push({ key, kind: d.object.kind, change: change('added'), after: b?.object });
    else if (!b) out.push({ key, kind: d.object.kind, change: change('removed') });
    else if (JSON.stringify(a.object) !== JSON.stringify(b.object))
      out.push({ key, kind: d.object.kind, change: change('changed'), after: b.object });
  }
  return out;
}

const CHANGE_WORDS: { readonly [k in FlowChangeKind]: string } = {
  opened: 'opened',
  closed: 'closed',
  'l7-removed': 'L7 rules removed (every request allowed)',
  'l7-changed': 'L7 rules changed',
  'l7-added': 'L7 rules added (requests filtered)',
};

function groupTitle(d: GroupDiff): string {
  return `${d.name ?? 'cluster'} (profile ${d.profile}, mesh ${d.mesh})${d.group ? ` [${d.group}]` : ''}${d.workloads === 0 ? ` ${NO_WORKLOAD}` : ''}`;
}

/** Said of a group without workloads: its flows are not compared. */
const NO_WORKLOAD = '(no workload: flows not compared; give workloads or --probes)';

function hasChanges(d: GroupDiff): boolean {
  return (
    d.flows.length + d.mtls.length + d.noEffect.length + d.effective.length + d.cluster.length > 0 ||
    d.group !== undefined
  );
}

function counts(diffs: readonly GroupDiff[]): string {
  const n = (k: FlowChangeKind) => diffs.reduce((s, d) => s + d.flows.filter((f) => f.change === k).length, 0);
  const l7 = n('l7-removed') + n('l7-changed') + n('l7-added');
  const mtls = diffs.reduce((s, d) => s + d.mtls.length, 0);
  return `${plural(n('opened'), 'flow')} opened, ${n('closed')} closed, ${plural(l7, 'L7 change')}, ${plural(mtls, 'mTLS change')} in ${plural(diffs.length, 'profile group')}`;
}

/** What the widenings section says, one line each. */
function wideningLines(w: WideningChanges): string[] {
  if (w.reports.length === 0) {
    return [
      'Widenings: not compared. The manifests do not record them; give the directories synth writes to (with their <topology>.report.md) to compare them',
    ];
  }
  if (w.added.length + w.removed.length === 0)
    return [`Widenings: no change (${plural(w.reports.length, 'report')} read)`];
  return [...w.added.map((x) => `widening added: ${x}`), ...w.removed.map((x) => `widening removed: ${x}`)];
}

function text(
  header: { old: string; new: string },
  diffs: readonly GroupDiff[],
  opened: boolean,
  widenings: WideningChanges,
): string {
  const lines = [`Diff of ${header.old} -> ${header.new}`, ''];
  for (const d of diffs) {
    lines.push(`== ${groupTitle(d)}`);
    if (!hasChanges(d)) {
      lines.push('no change', '');
      continue;
    }
    for (const f of d.flows) {
      lines.push(
        `${CHANGE_WORDS[f.change]}: ${flowLine(f)}  (${f.change === 'closed' ? `now ${f.decidedBy}; was ${f.wasAllowedBy}` : f.decidedBy})`,
      );
    }
    for (const m of d.mtls) lines.push(`mTLS: ${m}`);
    for (const c of d.effective) lines.push(`changes connectivity: ${c.change} ${c.object} (${c.file})`);
    for (const c of d.noEffect) lines.push(`no effect on connectivity: ${c.change} ${c.object} (${c.file})`);
    for (const c of d.cluster) lines.push(`cluster object: ${c.change} ${c.object} (${c.file})`);
    if (d.flows.length === 0 && d.mtls.length === 0) lines.push('no flow and no mTLS mode changes');
    lines.push('');
  }
  lines.push(...wideningLines(widenings));
  lines.push(`${counts(diffs)}${opened ? ': a flow opens' : ''}`);
  return `${lines.join('\n')}\n`;
}

function markdown(
  header: { old: string; new: string },
  diffs: readonly GroupDiff[],
  opened: boolean,
  widenings: WideningChanges,
): string {
  const lines = [
    '## Network policy diff',
    '',
    `\`${mdCell(header.old)}\` → \`${mdCell(header.new)}\`: ${opened ? '**a flow opens**, ' : ''}${counts(diffs)}.`,
    '',
  ];
  const unchanged = diffs.filter((d) => !hasChanges(d));
  for (const d of diffs.filter(hasChanges)) {
    lines.push(
      `### ${d.name ?? 'cluster'} (profile \`${d.profile}\`, mesh \`${d.mesh}\`)${d.group ? ` — group ${d.group}` : ''}${d.workloads === 0 ? ` ${NO_WORKLOAD}` : ''}`,
      '',
    );
    if (d.flows.length > 0) {
      lines.push(
        '| change | source | destination | port | L7 | deciding rule |',
        '| --- | --- | --- | --- | --- | --- |',
      );
      for (const f of d.flows) {
        const rule = f.change === 'closed' ? `now ${f.decidedBy}; was ${f.wasAllowedBy}` : f.decidedBy;
        lines.push(
          `| ${f.change === 'opened' ? '**opened**' : CHANGE_WORDS[f.change]} | ${f.source} | ${f.destination} | ${f.port}/${f.protocol} | ${f.l7 ? 'L7' : ''} | ${mdCell(rule)} |`,
        );
      }
      lines.push('');
    } else {
      lines.push('No flow changes.', '');
    }
    if (d.mtls.length > 0) lines.push('mTLS mode changes:', '', ...d.mtls.map((m) => `- ${mdCell(m)}`), '');
    if (d.effective.length > 0)
      lines.push(
        'Objects that change connectivity:',
        '',
        ...d.effective.map((c) => `- ${c.change} \`${c.object}\` (${c.file})`),
        '',
      );
    if (d.noEffect.length > 0)
      lines.push(
        'No effect on connectivity:',
        '',
        ...d.noEffect.map((c) => `- ${c.change} \`${c.object}\` (${c.file})`),
        '',
      );
    if (d.cluster.length > 0)
      lines.push(
        'Cluster objects (workloads, Services, Namespaces):',
        '',
        ...d.cluster.map((c) => `- ${c.change} \`${c.object}\` (${c.file})`),
        '',
      );
  }
  if (unchanged.length > 0)
    lines.push(
      `No change: ${unchanged.map((d) => `\`${d.name ?? 'cluster'}\`${d.workloads === 0 ? ' (no workload: flows not compared)' : ''}`).join(', ')}.`,
      '',
    );
  if (widenings.added.length + widenings.removed.length > 0) {
    lines.push(
      '### Widenings',
      '',
      ...widenings.added.map((w) => `- **added** ${mdCell(w)}`),
      ...widenings.removed.map((w) => `- removed ${mdCell(w)}`),
      '',
    );
  } else {
    lines.push(`_${wideningLines(widenings)[0]}._`, '');
  }
  return lines.join('\n');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
