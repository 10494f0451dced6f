import * as fs from 'fs';
import * as path from 'path';
import { Prng } from './prng';

/**
 * A generator of cluster exports as `kubectl get ns,deploy,pods,netpol,cnp -A -o yaml` writes
 * them, for the verify-at-scale cases: namespaces of 8 Deployments with 3 Pods each (labels,
 * service account, container ports, the `kubectl.kubernetes.io/last-applied-configuration`
 * annotation, status with conditions and the pod IP), per namespace a default-deny
 * NetworkPolicy, one NetworkPolicy per Deployment (ingress from the previous Deployment of the
 * namespace on 8080), and two CiliumNetworkPolicies (egress to the namespace and to kube-dns;
 * ingress from the monitoring namespace on 9090). Keys are sorted and sequences not indented, as
 * kubectl writes them. An export is sized in MB of YAML (`writeClusterExport`, the verify cases)
 * or in Pods (`writeClusterExportOfPods`, the `list` case; there the `worker` Deployments also
 * declare an unnamed port, so that named and unnamed container ports both occur).
 *
 * Written to a folder: `workloads.yaml` (one `kind: List` of namespaces, Deployments and Pods),
 * `policies.yaml` (the policies as documents separated by `---`), and `export.json` (every object
 * as one JSON `List`, for the JSON.parse comparison), plus `probes-<n>.yaml` scenario files.
 */

/** Deployments per namespace. */
export const DEPLOYMENTS_PER_NAMESPACE = 8;
/** Pods per Deployment. */
export const REPLICAS = 3;
/** The port every Deployment serves. */
export const APP_PORT = 8080;
/** The unnamed port of the `worker` Deployments of `writeClusterExportOfPods`. */
export const UNNAMED_PORT = 9100;

/** What a generated export holds. */
export interface ClusterExport {
  readonly dir: string;
  readonly namespaces: number;
  readonly deployments: number;
  readonly pods: number;
  readonly networkPolicies: number;
  readonly ciliumPolicies: number;
  readonly documents: number;
  /** Bytes of the YAML files (workloads.yaml + policies.yaml). */
  readonly yamlBytes: number;
  readonly jsonBytes: number;
}

/** Writes an export of at least `megabytes` MB of YAML into `dir` (created). */
export function writeClusterExport(dir: string, megabytes: number, seed: number): ClusterExport {
  const target = megabytes * 1e6;
  return writeExport(dir, seed, (yamlBytes) => yamlBytes >= target);
}

/**
 * Writes an export of at least `pods` Pods into `dir` (created): whole namespaces of
 * `DEPLOYMENTS_PER_NAMESPACE × REPLICAS` Pods, so `ceil(pods / 24)` namespaces.
 */
export function writeClusterExportOfPods(dir: string, pods: number, seed: number): ClusterExport {
  return writeExport(dir, seed, (_, written) => written >= pods, true);
}

/**
 * Writes namespaces into `dir` until `enough(yamlBytes, pods)`. With `unnamedPort`, the last
 * Deployment of each namespace (`worker`) also declares an unnamed port (`UNNAMED_PORT`).
 */
function writeExport(
  dir: string,
  seed: number,
  enough: (yamlBytes: number, pods: number) => boolean,
  unnamedPort = false,
): ClusterExport {
  fs.mkdirSync(dir, { recursive: true });
  const rng = new Prng(seed);
  const workloads = fs.openSync(path.join(dir, 'workloads.yaml'), 'w');
  const policies = fs.openSync(path.join(dir, 'policies.yaml'), 'w');
  const json = fs.openSync(path.join(dir, 'export.json'), 'w');
  let yamlBytes = 0;
  let jsonBytes = 0;
  let jsonFirst = true;
  const write = (fd: number, text: string): void => {
    if (fd !== json) yamlBytes += Buffer.byteLength(text);
    else jsonBytes += Buffer.byteLength(text);
    fs.writeSync(fd, text);
  };
  const toJson = (o: unknown): void => {
    write(json, `${jsonFirst ? '' : ','}${JSON.stringify(o)}`);
    jsonFirst = false;
  };
  write(workloads, 'apiVersion: v1\nitems:\n');
  write(json, '{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[');
  let namespaces = 0;
  let pods = 0;
  let networkPolicies = 0;
  let ciliumPolicies = 0;
  let firstPolicy = true;
  const item = (o: unknown): void => {
    write(workloads, emitItem(o));
    toJson(o);
  };
  const policy = (o: unknown): void => {
    write(policies, `${firstPolicy ? '' : '---\n'}${emit(o, 0)}`);
    firstPolicy = false;
    toJson(o);
  };
  item(namespace('monitoring', rng));
  while (!enough(yamlBytes, pods)) {
    const ns = namespaceName(namespaces);
    item(namespace(ns, rng));
    for (let d = 0; d < DEPLOYMENTS_PER_NAMESPACE; d++) {
      const dep = deployment(ns, d, rng, unnamedPort);
      item(dep);
      const hash = hex(rng, 10);
      for (let r = 0; r < REPLICAS; r++) {
        item(pod(ns, d, hash, rng, pods, unnamedPort));
        pods++;
      }
    }
    policy(defaultDeny(ns, rng));
    networkPolicies++;
    for (let d = 0; d < DEPLOYMENTS_PER_NAMESPACE; d++) {
      policy(appIngress(ns, d, rng));
      networkPolicies++;
    }
    policy(ciliumEgress(ns, rng));
    policy(ciliumMetrics(ns, rng));
    ciliumPolicies += 2;
    namespaces++;
  }
  write(workloads, 'kind: List\nmetadata:\n  resourceVersion: ""\n');
  write(json, ']}');
  fs.closeSync(workloads);
  fs.closeSync(policies);
  fs.closeSync(json);
  const deployments = namespaces * DEPLOYMENTS_PER_NAMESPACE;
  return {
    dir,
    namespaces,
    deployments,
    pods,
    networkPolicies,
    ciliumPolicies,
    documents: namespaces + 1 + deployments + pods + networkPolicies + ciliumPolicies,
    yamlBytes,
    jsonBytes,
  };
}

/**
 * A scenario of `count` probes over an export of `namespaces` namespaces: Deployment d of a
 * namespace reaches d+1 of the same namespace on 8080 (allow, the NetworkPolicy of d+1), any
 * other pair of the namespace is denied, and so is every pair across namespaces.
 */
export function writeProbes(file: string, namespaces: number, count: number, seed: number): void {
  const rng = new Prng(seed);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'probes:\n');
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const ns = rng.below(namespaces);
    const from = rng.below(DEPLOYMENTS_PER_NAMESPACE);
    const kind = rng.below(3);
    const toNs = kind === 2 ? (ns + 1 + rng.below(Math.max(1, namespaces - 1))) % namespaces : ns;
    const to = kind === 0 ? (from + 1) % DEPLOYMENTS_PER_NAMESPACE : rng.below(DEPLOYMENTS_PER_NAMESPACE);
    const allowed = toNs === ns && to === (from + 1) % DEPLOYMENTS_PER_NAMESPACE;
    chunk += `  - { from: ${namespaceName(ns)}/${appName(from)}, to: ${namespaceName(toNs)}/${appName(to)}, port: ${APP_PORT}/TCP, expect: ${allowed ? 'allow' : 'deny'} }\n`;
    if (chunk.length > 1 << 16) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

function namespaceName(i: number): string {
  return `team-${String(i).padStart(4, '0')}`;
}

function appName(d: number): string {
  return ['web', 'api', 'orders', 'payments', 'search', 'cart', 'users', 'worker'][d];
}

function meta(
  name: string,
  namespace: string | undefined,
  rng: Prng,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    creationTimestamp: '2026-11-02T09:14:07Z',
    name,
    ...(namespace ? { namespace } : {}),
    resourceVersion: String(100000 + rng.below(900000)),
    uid: uid(rng),
    ...extra,
  };
}

function uid(rng: Prng): string {
  return `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`;
}

function namespace(name: string, rng: Prng): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(name, undefined, rng, { labels: { 'kubernetes.io/metadata.name': name, team: name } }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function containerSpec(ns: string, d: number, unnamedPort: boolean): Record<string, unknown> {
  return {
    args: ['--port=8080', `--service=${appName(d)}`, '--log-level=info'],
    env: [
      { name: 'NAMESPACE', value: ns },
      { name: 'GOMAXPROCS', value: '2' },
    ],
    image: `registry.example.com/${ns}/${appName(d)}:1.${d}.3`,
    imagePullPolicy: 'IfNotPresent',
    name: appName(d),
    ports: [
      { containerPort: APP_PORT, name: 'http', protocol: 'TCP' },
      { containerPort: 9090, name: 'metrics', protocol: 'TCP' },
      ...(unnamedPort && d === DEPLOYMENTS_PER_NAMESPACE - 1 ? [{ containerPort: UNNAMED_PORT, protocol: 'TCP' }] : []),
    ],
    readinessProbe: {
      failureThreshold: 3,
      httpGet: { path: '/healthz', port: APP_PORT, scheme: 'HTTP' },
      periodSeconds: 10,
      successThreshold: 1,
      timeoutSeconds: 1,
    },
    resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    securityContext: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

function deployment(ns: string, d: number, rng: Prng, unnamedPort: boolean): Record<string, unknown> {
  const labels = { app: appName(d), tier: d < 2 ? 'frontend' : 'backend' };
  const applied = JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { annotations: {}, name: appName(d), namespace: ns },
    spec: { replicas: REPLICAS },
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(appName(d), ns, rng, {
      annotations: {
        'deployment.kubernetes.io/revision': '3',
        'kubectl.kubernetes.io/last-applied-configuration': `${applied}\n`,
      },
      generation: 3,
      labels,
    }),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: REPLICAS,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: appName(d) } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { creationTimestamp: null, labels },
        spec: {
          containers: [containerSpec(ns, d, unnamedPort)],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          serviceAccount: appName(d),
          serviceAccountName: appName(d),
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: {
      availableReplicas: REPLICAS,
      conditions: [
        {
          lastTransitionTime: '2026-11-02T09:15:00Z',
          lastUpdateTime: '2026-11-02T09:15:00Z',
          message: 'Deployment has minimum availability.',
          reason: 'MinimumReplicasAvailable',
          status: 'True',
          type: 'Available',
        },
      ],
      observedGeneration: 3,
      readyReplicas: REPLICAS,
      replicas: REPLICAS,
      updatedReplicas: REPLICAS,
    },
  };
}

function pod(
  ns: string,
  d: number,
  hash: string,
  rng: Prng,
  index: number,
  unnamedPort: boolean,
): Record<string, unknown> {
  const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  const name = `${appName(d)}-${hash}-${hex(rng, 5)}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, ns, rng, {
      generateName: `${appName(d)}-${hash}-`,
      labels: { app: appName(d), 'pod-template-hash': hash, tier: d < 2 ? 'frontend' : 'backend' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          blockOwnerDeletion: true,
          controller: true,
          kind: 'ReplicaSet',
          name: `${appName(d)}-${hash}`,
          uid: uid(rng),
        },
      ],
    }),
    spec: {
      containers: [
        {
          ...containerSpec(ns, d, unnamedPort),
          volumeMounts: [
            { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access', readOnly: true },
          ],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      nodeName: `node-${rng.below(64)}`,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: appName(d),
      serviceAccountName: appName(d),
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [
        {
          name: 'kube-api-access',
          projected: {
            defaultMode: 420,
            sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }],
          },
        },
      ],
    },
    status: {
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        lastProbeTime: null,
        lastTransitionTime: '2026-11-02T09:14:09Z',
        status: 'True',
        type,
      })),
      containerStatuses: [
        {
          containerID: `containerd://${hex(rng, 32)}`,
          image: `registry.example.com/${ns}/${appName(d)}:1.${d}.3`,
          imageID: `registry.example.com/${ns}/${appName(d)}@sha256:${hex(rng, 32)}`,
          lastState: {},
          name: appName(d),
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: '2026-11-02T09:14:08Z' } },
        },
      ],
      hostIP: `192.168.${rng.below(4)}.${rng.below(250)}`,
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      qosClass: 'Burstable',
      startTime: '2026-11-02T09:14:07Z',
    },
  };
}

function defaultDeny(ns: string, rng: Prng): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('default-deny', ns, rng, { generation: 1 }),
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  };
}

function appIngress(ns: string, d: number, rng: Prng): Record<string, unknown> {
  const from = (d + DEPLOYMENTS_PER_NAMESPACE - 1) % DEPLOYMENTS_PER_NAMESPACE;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(`${appName(d)}-ingress`, ns, rng, { generation: 1 }),
    spec: {
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: appName(from) } } }],
          ports: [{ port: APP_PORT, protocol: 'TCP' }],
        },
      ],
      podSelector: { matchLabels: { app: appName(d) } },
      policyTypes: ['Ingress'],
    },
  };
}

function ciliumEgress(ns: string, rng: Prng): Record<string, unknown> {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: meta('egress-namespace-and-dns', ns, rng, { generation: 1 }),
    spec: {
      egress: [
        { toEndpoints: [{}] },
        {
          toEndpoints: [
            { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } },
          ],
          toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }] }],
        },
      ],
      endpointSelector: {},
    },
  };
}

function ciliumMetrics(ns: string, rng: Prng): Record<string, unknown> {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: meta('metrics-from-monitoring', ns, rng, { generation: 1 }),
    spec: {
      endpointSelector: {},
      ingress: [
        {
          fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'monitoring' } }],
          toPorts: [{ ports: [{ port: '9090', protocol: 'TCP' }] }],
        },
      ],
    },
  };
}

/** One item of the List's `items`, at column 0 (`- ` then the mapping at column 2). */
function emitItem(o: unknown): string {
  const body = emit(o, 2);
  return `- ${body.slice(2)}`;
}

/** A mapping as kubectl writes it at column `indent`: keys sorted, sequences not indented. */
function emit(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (Array.isArray(v) && v.length > 0) {
      out += `${pad}${key}:\n`;
      for (const item of v) {
        if (isObject(item) && Object.keys(item).length > 0)
          out += `${pad}- ${emit(item, indent + 2).slice(indent + 2)}`;
        else out += `${pad}- ${scalar(item)}\n`;
      }
    } else if (isObject(v) && Object.keys(v).length > 0) {
      out += `${pad}${key}:\n${emit(v, indent + 2)}`;
    } else if (typeof v === 'string' && v.endsWith('\n') && v.indexOf('\n') === v.length - 1) {
      out += `${pad}${key}: |\n${pad}  ${v}`;
    } else {
      out += `${pad}${key}: ${scalar(v)}\n`;
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scalar: plain when YAML reads it back as the same string, else double-quoted. */
function scalar(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (isObject(v)) return '{}';
  if (typeof v !== 'string') return String(v);
  const plain =
    /^[A-Za-z_/][A-Za-z0-9_./:@=-]*$/.test(v) &&
    !/^(?:true|false|null|True|False|Null|TRUE|FALSE|NULL|~)$/.test(v) &&
    !v.includes(': ') &&
    !v.endsWith(':');
  return plain ? v : JSON.stringify(v);
}

/** `n` hexadecimal digits. */
function hex(rng: Prng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += '0123456789abcdef'[rng.below(16)];
  return out;
}
