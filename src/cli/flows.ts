import { PortProbe, allPairs } from '../verify/all-pairs';
import { ClusterInfo, FlowProtocol, HttpRequest, PodInfo, Verdict } from '../verify/cluster';
import { Verifier } from '../verify/evaluate';
import { isRecord } from '../verify/json';
import { policiesFromObjects } from '../verify/load';
import { KubeObject, objectRef } from '../verify/policy-set';
import { Profile } from '../verify/profile';
import { decidedBy } from './probe-report';

/** One allowed flow between two workloads. */
export interface AllowedFlow {
  /** `namespace/workload`. */
  readonly source: string;
  /** `namespace/workload`. */
  readonly destination: string;
  readonly port: number;
  readonly protocol: FlowProtocol;
  /** Whether requests are filtered by L7 rules (a request no rule names is refused). */
  readonly l7: boolean;
  /** The object and rule that decided, as `Kind ns/name rule`. */
  readonly decidedBy: string;
  /** For an L7 flow: what its L7 rules are (the rules that decide, as canonical JSON); '' otherwise. */
  readonly l7Rules: string;
}

/**
 * A request that no reasonable L7 rule allows: a flow allowed at L4 but refused with it is
 * filtered by L7 rules.
 */
const UNNAMED_REQUEST: HttpRequest = { method: 'ZTLISTPROBE', path: '/.cdk8s-zerotrust/unnamed-request' };

/**
 * The ports to probe: every port a workload of the cluster declares, and every numeric port a
 * policy names (`port` fields with their `protocol`, `ports` lists of numbers, Istio port
 * strings), sorted by protocol then number.
 */
export function probedPorts(cluster: ClusterInfo, objects: readonly KubeObject[]): PortProbe[] {
  const seen = new Map<string, PortProbe>();
  const add = (port: number, protocol: FlowProtocol): void => {
    if (Number.isInteger(port) && port >= 1 && port <= 65535) seen.set(`${protocol}/${port}`, { port, protocol });
  };
  for (const pod of cluster.pods) for (const p of pod.containerPorts) add(p.containerPort, p.protocol);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (!isRecord(value)) return;
    const port = numeric(value.port);
    if (port !== undefined) {
      const named: FlowProtocol = value.protocol === 'UDP' || value.protocol === 'SCTP' ? value.protocol : 'TCP';
      for (const p of value.protocol === 'ANY' ? (['TCP', 'UDP', 'SCTP'] as const) : [named]) add(port, p);
    }
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'ports' || key === 'notPorts') && Array.isArray(child)) {
        for (const item of child) {
          const port = numeric(item);
          if (port !== undefined) add(port, 'TCP');
        }
      }
      if (key === 'portLevelMtls' && isRecord(child)) for (const k of Object.keys(child)) add(Number(k), 'TCP');
      walk(child);
    }
  };
  for (const o of policiesFromObjects(objects).all())
    if (!o.apiVersion.startsWith('gateway.networking.k8s.io/')) walk(o.spec);
  return [...seen.values()].sort((a, b) =>
    a.protocol === b.protocol ? a.port - b.port : a.protocol < b.protocol ? -1 : 1,
  );
}

function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d{1,5}$/.test(v)) return Number(v);
  return undefined;
}

/** `namespace/workload`. */
export function podName(pod: PodInfo): string {
  return `${pod.namespace}/${pod.name}`;
}

/**
 * Every flow the policies among `objects` allow between the workloads of `cluster`, on every
 * probed port (`probedPorts`), under `profile`: all pairs through the engine's bulk evaluation,
 * then each allowed identity pair once more for what decided and for L7. A workload to itself is
 * left out. Sorted by source, destination, protocol, port.
 */
export function allowedFlows(
  objects: readonly KubeObject[],
  cluster: ClusterInfo,
  profile: Profile,
  ports: readonly PortProbe[] = probedPorts(cluster, objects),
): AllowedFlow[] {
  const policies = policiesFromObjects(objects);
  const matrix = allPairs(cluster, policies, profile, ports);
  const verifier = new Verifier(policies, cluster, profile);
  const byRef = new Map(objects.map((o) => [objectRef(o), o]));
  // A profile without a layer that reads requests judges every request at L4.
  const readsRequests = verifier.layers.some((l) => l.l7);
  const out: AllowedFlow[] = [];
  ports.forEach(({ port, protocol }, pi) => {
    for (const src of matrix.identities) {
      for (const d of matrix.destinations(src.index, pi)) {
        const dst = matrix.identities[d];
        const flow = {
          source: { kind: 'pod', pod: src.representative },
          destination: { kind: 'pod', pod: dst.representative },
          port,
          protocol,
        } as const;
        const verdict = verifier.evaluate(flow);
        if (!verdict.allowed) continue;
        const l7 =
          readsRequests && protocol === 'TCP' && !verifier.evaluate({ ...flow, request: UNNAMED_REQUEST }).allowed;
        const decided = decidedBy(verdict);
        const l7Rules = l7 ? ruleSignature(verdict, byRef) : '';
        for (const s of src.pods) {
          for (const t of dst.pods) {
            if (s === t) continue;
            out.push({ source: podName(s), destination: podName(t), port, protocol, l7, decidedBy: decided, l7Rules });
          }
        }
      }
    }
  });
  return out.sort(compareFlows);
}

/** The rules every finding of a verdict names (`ingress[0]`, `rules[1]` ...) as canonical JSON, or the findings' text. */
function ruleSignature(verdict: Verdict, byRef: ReadonlyMap<string, KubeObject>): string {
  const parts = new Set<string>();
  for (const layer of verdict.layers) {
    for (const f of layer.findings) {
      const object = f.object !== undefined ? byRef.get(f.object) : undefined;
      const m = f.rule !== undefined ? /^([A-Za-z]+)\[(\d+)\]/.exec(f.rule) : null;
      const spec = object && isRecord(object.spec) ? object.spec : undefined;
      const list = m && spec ? spec[m[1]] : undefined;
      const rule = m && Array.isArray(list) ? list[Number(m[2])] : undefined;
      parts.add(rule !== undefined ? `${f.object} ${canonicalJson(rule)}` : `${f.object ?? layer.layer} ${f.message}`);
    }
  }
  return [...parts].sort().join('\n');
}

/** JSON with object keys sorted: equal values give equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The key of a flow: source, destination, port and protocol. */
export function flowKey(f: {
  readonly source: string;
  readonly destination: string;
  readonly port: number;
  readonly protocol: string;
}): string {
  return `${f.source} -> ${f.destination} ${f.port}/${f.protocol}`;
}

/** Orders flows by source, destination, protocol, port. */
export function compareFlows(a: AllowedFlow, b: AllowedFlow): number {
  return cmp(a.source, b.source) || cmp(a.destination, b.destination) || cmp(a.protocol, b.protocol) || a.port - b.port;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
