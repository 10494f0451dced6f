import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  ClusterInfo,
  ContainerPortInfo,
  Dataplane,
  FlowProtocol,
  LabelMap,
  NamespaceInfo,
  PodInfo,
  ServiceInfo,
} from './cluster';
import { arrayOf, isRecord, recordOf, stringMapOf, stringOf } from './json';
import { isKubeObject, KubeObject, labelsOf, namespaceOf, PolicySet } from './policy-set';
import { sortedLabels } from '../validation/sorted-keys';
import { copyStrings, ItemHook, readFastYaml, readFastYamlPieces, TextPieces } from './yaml-fast';

export { clusterFromScenario } from './scenario';
export type { ScenarioOptions } from './scenario';

/** Kinds whose pod template becomes one `PodInfo`, with the path to the template. */
const WORKLOAD_TEMPLATES: { readonly [kind: string]: readonly string[] } = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Kinds that describe the cluster rather than policy. */
const CLUSTER_KINDS = new Set(['Namespace', 'Service', ...Object.keys(WORKLOAD_TEMPLATES)]);

/** What `loadManifests` returns: the cluster the objects describe, and their policies by kind. */
export interface LoadedManifests {
  readonly cluster: ClusterInfo;
  readonly policies: PolicySet;
}

/**
 * Parses multi-document YAML (or JSON) into Kubernetes objects. Empty documents are skipped;
 * `kind: List` and typed lists (`NamespaceList`, `PodList`, `NetworkPolicyList` ..., the form
 * `kubectl get -o yaml` writes) are expanded. Throws one line naming the source, the line and
 * the column on a YAML syntax error (a tab used as indentation is named as such), on an alias
 * expansion past the safe limit, and on a document that is not a Kubernetes object.
 */
export function parseManifests(text: string, source = 'input'): KubeObject[] {
  return readManifestText(text, source);
}

/**
 * `parseManifests`, with `keep` applied to every object as soon as it is read (e.g.
 * `evaluatedFields`, so that a cluster export is never held in full). Text in the block-YAML
 * subset kubectl and cdk8s write is read by the fast reader (src/verify/yaml-fast.ts); any other
 * text, and any text with an error, by the `yaml` package, whose messages are reported.
 */
export function readManifestText(
  text: string,
  source: string,
  keep: (o: KubeObject) => KubeObject = (o) => o,
): KubeObject[] {
  return (
    fastManifests((onDocument, hook) => readFastYaml(text, onDocument, hook), keep) ?? yamlManifests(text, source, keep)
  );
}

/**
 * The objects of a text given piece by piece (a file read a block at a time: see
 * `readFastYamlPieces`), with `keep` applied as `readManifestText` applies it, holding only the
 * objects kept, never the whole text. Undefined when the text leaves the fast reader's subset or
 * holds something other than Kubernetes objects: then read the whole text with
 * `readManifestText`, which names any problem. Gives the same objects as `readManifestText`.
 */
export function readManifestPieces(
  next: TextPieces,
  keep: (o: KubeObject) => KubeObject = (o) => o,
): KubeObject[] | undefined {
  return fastManifests(
    (onDocument, hook) => readFastYamlPieces(next, onDocument, hook),
    (o) => copyStrings(keep(o)),
  );
}

/** Thrown by `fastManifests` to leave the fast path. */
const NOT_FAST = new Error('not for the fast path');

/**
 * The objects the fast reader reads (`read`), or undefined when the text leaves its subset or
 * holds something other than Kubernetes objects and lists of them (the `yaml` package then reads
 * it again and names the problem).
 */
function fastManifests(
  read: (onDocument: (value: unknown) => void, itemHook: ItemHook) => boolean,
  keep: (o: KubeObject) => KubeObject,
): KubeObject[] | undefined {
  const out: KubeObject[] = [];
  let hooked = false;
  const hook = (item: unknown): unknown => {
    hooked = true;
    return isKubeObject(item) ? keep(item) : item;
  };
  try {
    const done = read((value) => {
      if (isListObject(value)) {
        for (const item of (value as { readonly items: unknown[] }).items) {
          if (!isKubeObject(item)) throw NOT_FAST;
          out.push(item);
        }
      } else if (!hooked && isKubeObject(value)) {
        out.push(keep(value));
      } else {
        throw NOT_FAST;
      }
      hooked = false;
    }, hook);
    return done ? out : undefined;
  } catch (e) {
    if (e === NOT_FAST) return undefined;
    throw e;
  }
}

/** The objects of `text` read by the `yaml` package: the reference reader, with its error messages. */
function yamlManifests(text: string, source: string, keep: (o: KubeObject) => KubeObject): KubeObject[] {
  const out: KubeObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) throw new Error(yamlErrorLine(`${source}: document ${i + 1}`, text, doc.errors[0]));
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (e) {
      throw new Error(
        `${source}: document ${i + 1}: ${oneLine((e as Error).message)} (YAML aliases expand past the safe limit). Write the repeated values out`,
      );
    }
    if (value === null || value === undefined) return;
    const list = isListObject(value);
    const items: readonly unknown[] = list ? (value as { readonly items: unknown[] }).items : [value];
    items.forEach((item, j) => {
      const where = list ? `document ${i + 1} items[${j}]` : `document ${i + 1}`;
      if (!isKubeObject(item))
        throw new Error(`${source}: ${where} is not a Kubernetes object (apiVersion, kind, metadata.name)`);
      out.push(keep(item));
    });
  });
  return out;
}

/**
 * An object reduced to what verify reads: workloads (Pod, Deployment ...) and Services keep their
 * identity, labels and the fields the cluster is built from (pod template labels, annotations,
 * service account, container ports; a Service's selector and ports; a Pod's IP); every other
 * object (policies, Namespaces, everything the schema check validates) is kept whole.
 */
export function evaluatedFields(o: KubeObject): KubeObject {
  const templatePath = WORKLOAD_TEMPLATES[o.kind];
  if (templatePath === undefined && o.kind !== 'Service') return o;
  const m = o.metadata;
  const metadata: Record<string, unknown> = { name: m.name };
  if (m.namespace !== undefined) metadata.namespace = m.namespace;
  if (m.labels !== undefined) metadata.labels = m.labels;
  if (o.kind === 'Service') {
    const spec = recordOf(o.spec);
    const slim: Record<string, unknown> = {};
    if (spec.selector !== undefined) slim.selector = spec.selector;
    if (spec.ports !== undefined) slim.ports = spec.ports;
    return { apiVersion: o.apiVersion, kind: o.kind, metadata, spec: slim } as unknown as KubeObject;
  }
  if (o.kind === 'Pod') {
    if (m.annotations !== undefined) metadata.annotations = m.annotations;
    const podIP = recordOf(o.status).podIP;
    return {
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata,
      spec: podSpecFields(o.spec),
      ...(podIP !== undefined ? { status: { podIP } } : {}),
    } as unknown as KubeObject;
  }
  // Deployment ...: rebuild the path to the pod template, keeping only that.
  let template: Record<string, unknown> = o as unknown as Record<string, unknown>;
  for (const key of templatePath ?? []) template = recordOf(template[key]);
  const tmeta = recordOf(template.metadata);
  const slimTemplate: Record<string, unknown> = {
    metadata: {
      ...(tmeta.labels !== undefined ? { labels: tmeta.labels } : {}),
      ...(tmeta.annotations !== undefined ? { annotations: tmeta.annotations } : {}),
    },
    spec: podSpecFields(template.spec),
  };
  let node: Record<string, unknown> = slimTemplate;
  for (const key of [...(templatePath ?? [])].reverse()) node = { [key]: node };
  return { apiVersion: o.apiVersion, kind: o.kind, metadata, ...node } as unknown as KubeObject;
}

/** The fields of a pod spec the cluster is built from. */
function podSpecFields(raw: unknown): Record<string, unknown> {
  const spec = recordOf(raw);
  const out: Record<string, unknown> = {};
  const ports = (c: unknown): Record<string, unknown> => {
    const container = recordOf(c);
    return {
      ...(container.ports !== undefined ? { ports: container.ports } : {}),
      ...(container.restartPolicy !== undefined ? { restartPolicy: container.restartPolicy } : {}),
    };
  };
  if (spec.containers !== undefined)
    out.containers = Array.isArray(spec.containers) ? spec.containers.map(ports) : spec.containers;
  if (spec.initContainers !== undefined)
    out.initContainers = Array.isArray(spec.initContainers) ? spec.initContainers.map(ports) : spec.initContainers;
  if (spec.serviceAccountName !== undefined) out.serviceAccountName = spec.serviceAccountName;
  if (spec.serviceAccount !== undefined) out.serviceAccount = spec.serviceAccount;
  return out;
}

/** `kind: List`, or a typed list such as `v1 NamespaceList`, with its `items`. */
function isListObject(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    /List$/.test(value.kind) &&
    typeof value.apiVersion === 'string' &&
    Array.isArray(value.items)
  );
}

/** A YAML syntax error as one line: `source: line L, column C: message`, naming a tab where one is at fault. */
function yamlErrorLine(
  source: string,
  text: string,
  error: { readonly message: string; readonly linePos?: readonly { line: number; col: number }[] },
): string {
  const pos = error.linePos?.[0];
  const where = pos ? `${source}: line ${pos.line}, column ${pos.col}` : source;
  const message = oneLine(error.message).replace(/ at line \d+, column \d+:?$/, '');
  const line = pos ? (text.split(/\r?\n/)[pos.line - 1] ?? '') : '';
  const tab = line.includes('\t')
    ? '; the line holds a tab: YAML does not allow tabs as indentation, replace it with spaces'
    : '';
  return `${where}: YAML syntax error: ${message}${tab}`;
}

/** The first line of a message. */
function oneLine(message: string): string {
  return message.split('\n')[0].trim();
}

/**
 * Reads manifests from files and directories (recursively: `.yaml`, `.yml`, `.json`), in sorted
 * path order.
 */
export function readManifests(...paths: readonly string[]): KubeObject[] {
  const files: string[] = [];
  const walk = (p: string): void => {
    if (fs.statSync(p).isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry));
    } else if (/\.(ya?ml|json)$/i.test(p) || paths.includes(p)) {
      files.push(p);
    }
  };
  paths.forEach(walk);
  return files.flatMap((f) => parseManifests(fs.readFileSync(f, 'utf8'), f));
}

/** The cluster and policies that a set of objects (or YAML text) describes. */
export function loadManifests(input: string | readonly KubeObject[]): LoadedManifests {
  const objects = typeof input === 'string' ? parseManifests(input) : input;
  return { cluster: clusterFromObjects(objects), policies: policiesFromObjects(objects) };
}

/** Every object that is not a Namespace, Service or workload, grouped by kind. */
export function policiesFromObjects(objects: readonly KubeObject[]): PolicySet {
  return PolicySet.of(objects.filter((o) => !CLUSTER_KINDS.has(o.kind)));
}

/**
 * Builds the cluster from objects:
 * - namespaces: every Namespace object, plus every namespace an object lives in, each with the
 *   automatic `kubernetes.io/metadata.name` label;
 * - pods: one per workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob)
 *   from its pod template, plus the waypoint Deployment Istio creates for each Gateway of class
 *   `istio-waypoint` (labelled `gateway.networking.k8s.io/gateway-name`, service account = name);
 * - services: selector, labels and ports (`targetPort` defaults to `port`, protocol to TCP).
 */
export function clusterFromObjects(objects: readonly KubeObject[]): ClusterInfo {
  const nsLabels = new Map<string, LabelMap>();
  for (const o of objects) {
    if (o.kind === 'Namespace')
      nsLabels.set(o.metadata.name, { ...labelsOf(o), 'kubernetes.io/metadata.name': o.metadata.name });
  }
  for (const o of objects) {
    if (o.kind === 'Namespace' || !o.metadata.namespace) continue;
    if (!nsLabels.has(o.metadata.namespace))
      nsLabels.set(o.metadata.namespace, { 'kubernetes.io/metadata.name': o.metadata.namespace });
  }
  const nsAnnotations = new Map(
    objects
      .filter((o) => o.kind === 'Namespace')
      .map((o) => [o.metadata.name, stringMapOf(o.metadata.annotations)] as const),
  );
  const namespaces: NamespaceInfo[] = [...nsLabels.keys()].sort().map((name) => {
    const annotations = nsAnnotations.get(name) ?? {};
    return {
      name,
      labels: sortedLabels(nsLabels.get(name) ?? {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
  });
  const nsByName = new Map(namespaces.map((n) => [n.name, n]));
  const pods: PodInfo[] = [];
  const services: ServiceInfo[] = [];
  for (const o of objects) {
    const templatePath = WORKLOAD_TEMPLATES[o.kind];
    const namespace = namespaceOf(o);
    const ns = nsByName.get(namespace) ?? { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } };
    if (templatePath) pods.push(podFromWorkload(o, templatePath, ns));
    else if (o.kind === 'Service') services.push(serviceFrom(o));
    else if (o.kind === 'Gateway' && recordOf(o.spec).gatewayClassName === 'istio-waypoint')
      pods.push(waypointPod(o.metadata.name, namespace));
  }
  pods.sort((a, b) => compareKeys(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  services.sort((a, b) => compareKeys(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  return { namespaces, pods, services };
}

/**
 * Merges clusters: namespaces are united (labels and annotations merged, later clusters win on a key), pods and
 * services are united by namespace/name (the first occurrence wins).
 */
export function mergeClusters(...clusters: readonly ClusterInfo[]): ClusterInfo {
  const ns = new Map<string, LabelMap>();
  const nsAnnotations = new Map<string, LabelMap>();
  const pods = new Map<string, PodInfo>();
  const services = new Map<string, ServiceInfo>();
  for (const c of clusters) {
    for (const n of c.namespaces) ns.set(n.name, { ...(ns.get(n.name) ?? {}), ...n.labels });
    for (const n of c.namespaces)
      if (n.annotations) nsAnnotations.set(n.name, { ...(nsAnnotations.get(n.name) ?? {}), ...n.annotations });
    for (const p of c.pods) if (!pods.has(`${p.namespace}/${p.name}`)) pods.set(`${p.namespace}/${p.name}`, p);
    for (const s of c.services)
      if (!services.has(`${s.namespace}/${s.name}`)) services.set(`${s.namespace}/${s.name}`, s);
  }
  return {
    namespaces: [...ns.keys()].sort().map((name) => ({
      name,
      labels: sortedLabels(ns.get(name) ?? {}),
      ...(nsAnnotations.has(name) ? { annotations: sortedLabels(nsAnnotations.get(name) ?? {}) } : {}),
    })),
    pods: [...pods.keys()].sort().map((k) => pods.get(k) as PodInfo),
    services: [...services.keys()].sort().map((k) => services.get(k) as ServiceInfo),
  };
}

/**
 * The mesh data plane of a pod, from Istio's enrolment labels:
 * - `sidecar` when the namespace has `istio-injection: enabled` or an `istio.io/rev` label, or
 *   the pod template has `sidecar.istio.io/inject: "true"` (label or annotation), unless the pod
 *   says `"false"`;
 * - otherwise `ambient` when the namespace or the pod has `istio.io/dataplane-mode: ambient`
 *   and the pod does not say `none`;
 * - otherwise `none`.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
 * @see https://istio.io/latest/docs/ambient/usage/add-workloads/
 */
export function dataplaneOf(namespaceLabels: LabelMap, podLabels: LabelMap, podAnnotations: LabelMap): Dataplane {
  const inject = podLabels['sidecar.istio.io/inject'] ?? podAnnotations['sidecar.istio.io/inject'];
  const nsSidecar = namespaceLabels['istio-injection'] === 'enabled' || namespaceLabels['istio.io/rev'] !== undefined;
  if (inject !== 'false' && (inject === 'true' || nsSidecar)) return 'sidecar';
  const podMode = podLabels['istio.io/dataplane-mode'];
  if (podMode === 'none') return 'none';
  if (podMode === 'ambient' || namespaceLabels['istio.io/dataplane-mode'] === 'ambient') return 'ambient';
  return 'none';
}

function podFromWorkload(o: KubeObject, templatePath: readonly string[], ns: NamespaceInfo): PodInfo {
  let template: Record<string, unknown> = o as unknown as Record<string, unknown>;
  for (const key of templatePath) template = recordOf(template[key]);
  const meta = recordOf(template.metadata);
  const spec = recordOf(template.spec);
  const labels = stringMapOf(meta.labels);
  const annotations = stringMapOf(meta.annotations);
  const containers = [
    ...arrayOf(spec.containers),
    ...arrayOf(spec.initContainers).filter((c) => recordOf(c).restartPolicy === 'Always'),
  ];
  const containerPorts: ContainerPortInfo[] = containers.flatMap((c) =>
    arrayOf(recordOf(c).ports).map((raw) => {
      const p = recordOf(raw);
      const name = stringOf(p.name);
      const port = { containerPort: Number(p.containerPort), protocol: protocolOf(p.protocol) };
      return name ? { name, ...port } : port;
    }),
  );
  const ip = o.kind === 'Pod' ? stringOf(recordOf(o.status).podIP) : undefined;
  const pod: PodInfo = {
    namespace: ns.name,
    name: o.metadata.name,
    labels,
    serviceAccount: stringOf(spec.serviceAccountName) ?? stringOf(spec.serviceAccount) ?? 'default',
    containerPorts,
    dataplane: dataplaneOf(ns.labels, labels, annotations),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  return ip ? { ...pod, ip } : pod;
}

function serviceFrom(o: KubeObject): ServiceInfo {
  const spec = recordOf(o.spec);
  return {
    namespace: namespaceOf(o),
    name: o.metadata.name,
    selector: stringMapOf(spec.selector),
    labels: labelsOf(o),
    ports: arrayOf(spec.ports).map((raw) => {
      const p = recordOf(raw);
      const port = Number(p.port);
      const target = p.targetPort;
      const name = stringOf(p.name);
      const entry = {
        port,
        targetPort:
          typeof target === 'number'
            ? target
            : typeof target === 'string'
              ? /^\d+$/.test(target)
                ? Number(target)
                : target
              : port,
        protocol: protocolOf(p.protocol),
      };
      return name ? { name, ...entry } : entry;
    }),
  };
}

/** The pod Istio deploys for a waypoint Gateway (HBONE on 15008, status on 15021). */
export function waypointPod(name: string, namespace: string): PodInfo {
  return {
    namespace,
    name,
    labels: { 'gateway.networking.k8s.io/gateway-name': name, 'istio.io/gateway-name': name },
    serviceAccount: name,
    containerPorts: [
      { name: 'mesh', containerPort: 15008, protocol: 'TCP' },
      { name: 'status-port', containerPort: 15021, protocol: 'TCP' },
    ],
    dataplane: 'none',
  };
}

function protocolOf(v: unknown): FlowProtocol {
  return v === 'UDP' || v === 'SCTP' ? v : 'TCP';
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
