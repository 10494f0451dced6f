import {
  ClusterInfo,
  ContainerPortInfo,
  Dataplane,
  FlowEndpoint,
  FlowProtocol,
  HttpRequest,
  LabelMap,
  PodInfo,
  Verdict,
} from '../../src/verify/cluster';
import { evaluate } from '../../src/verify/evaluate';
import { parseManifests } from '../../src/verify/load';
import { VerifyOptions } from '../../src/verify/options';
import { PolicySet } from '../../src/verify/policy-set';

/** A pod for tests: namespace, name, labels, optional ports (`8080/TCP` or `http:8080/TCP`), ip, dataplane, service account. */
export function pod(
  namespace: string,
  name: string,
  labels: LabelMap,
  opts: {
    ports?: string[];
    ip?: string;
    dataplane?: Dataplane;
    serviceAccount?: string;
  } = {},
): PodInfo {
  const containerPorts = (opts.ports ?? []).map((spec): ContainerPortInfo => {
    const m = /^(?:([a-z0-9-]+):)?(\d+)\/(TCP|UDP|SCTP)$/.exec(spec);
    if (!m) throw new Error(`bad port ${spec}`);
    const port = { containerPort: Number(m[2]), protocol: m[3] as FlowProtocol };
    return m[1] ? { name: m[1], ...port } : port;
  });
  const p: PodInfo = {
    namespace,
    name,
    labels,
    containerPorts,
    serviceAccount: opts.serviceAccount ?? 'default',
    dataplane: opts.dataplane ?? 'none',
  };
  return opts.ip ? { ...p, ip: opts.ip } : p;
}

/** A cluster of pods; namespaces get their automatic name label plus `nsLabels`. */
export function clusterOf(
  pods: PodInfo[],
  nsLabels: { [ns: string]: LabelMap } = {},
  services: ClusterInfo['services'] = [],
): ClusterInfo {
  const names = [...new Set([...pods.map((p) => p.namespace), ...Object.keys(nsLabels)])].sort();
  return {
    namespaces: names.map((name) => ({
      name,
      labels: { ...(nsLabels[name] ?? {}), 'kubernetes.io/metadata.name': name },
    })),
    pods,
    services,
  };
}

/** Policies from YAML text. */
export function policies(yaml: string): PolicySet {
  return PolicySet.of(parseManifests(yaml));
}

/** A flow endpoint from a pod, `ip:<addr>` or `fqdn:<name>`. */
export function at(e: PodInfo | string): FlowEndpoint {
  if (typeof e !== 'string') return { kind: 'pod', pod: e };
  if (e.startsWith('ip:')) return { kind: 'ip', ip: e.slice(3) };
  if (e.startsWith('fqdn:')) return { kind: 'fqdn', name: e.slice(5) };
  throw new Error(`bad endpoint ${e}`);
}

/** Evaluates `from → to` on `port` (`8080/TCP`) with optional request, under a profile. */
export function check(
  set: PolicySet,
  cluster: ClusterInfo,
  profile: string,
  from: PodInfo | string,
  to: PodInfo | string,
  port: string,
  request?: HttpRequest,
  options?: VerifyOptions,
): Verdict {
  const [n, proto] = port.split('/');
  return evaluate(
    {
      source: at(from),
      destination: at(to),
      port: Number(n),
      protocol: (proto ?? 'TCP') as FlowProtocol,
      ...(request ? { request } : {}),
    },
    set,
    cluster,
    profile,
    options,
  );
}

/** Every finding message of a verdict, one string (for `toContain` / `toMatch`). */
export function explain(v: Verdict): string {
  return v.layers.flatMap((l) => l.findings.map((f) => `${f.object ?? ''} ${f.rule ?? ''}: ${f.message}`)).join('\n');
}
