import { parse } from 'yaml';
import {
  ClusterInfo,
  Dataplane,
  FlowAddressing,
  FlowEndpoint,
  FlowProtocol,
  HttpRequest,
  PodInfo,
  Verdict,
} from './cluster';
import { Verifier } from './evaluate';
import { formatVerdict } from './format';
import { arrayOf, isRecord, recordOf, stringMapOf, stringOf } from './json';
import { profileOf, probeStandIn } from './layers';
import { VerifyOptions } from './options';
import { PolicySet } from './policy-set';
import { Profile } from './profile';
import { parsePortSpec } from './scenario';

/** One probe of a scenario: may `from` reach `to` on `port` (with `request`)? */
export interface Probe {
  /** `namespace/workload`, `namespace/*` (every pod there, and a pod with no labels), or `external`. */
  readonly from: string;
  /** `namespace/workload`, `namespace/*`, `cidr:<ip>` or `fqdn:<name>`. */
  readonly to: string;
  readonly port: number;
  readonly protocol: FlowProtocol;
  readonly request?: HttpRequest;
  /** How the probe addresses its destination pod (`service` or `pod`). @default - see `Flow.addressing` */
  readonly addressing?: FlowAddressing;
  readonly expect: 'allow' | 'deny';
  /** Layer names the probe applies to; empty when the probe leaves `targets` out: every layer. */
  readonly targets: readonly string[];
}

/** The outcome of one probe under one profile. */
export interface ProbeResult {
  readonly probe: Probe;
  /** False when the probe does not apply to the profile (then it trivially passes). */
  readonly applies: boolean;
  readonly passed: boolean;
  /** One verdict per (source, destination) the probe expands to. */
  readonly verdicts: readonly { readonly source: string; readonly destination: string; readonly verdict: Verdict }[];
  /** Human explanation: the probe, the outcome, and the verdicts that decided. */
  readonly explanation: string;
}

/** Options of `runProbes`: the verify options, plus the address used for `from: external`. */
export interface RunProbesOptions extends VerifyOptions {
  /** @default '203.0.113.10' (TEST-NET-3, outside the cluster) */
  readonly externalIp?: string;
}

/** The address a probe `from: external` comes from, unless `externalIp` says otherwise. */
export const EXTERNAL_PROBE_SOURCE = '203.0.113.10';

/**
 * Parses the probes of a scenario: YAML text of a whole scenario (its `probes`) or of a probe
 * list, or the parsed list itself. Throws on a malformed probe, naming it.
 */
export function parseProbes(input: string | readonly unknown[]): Probe[] {
  let list: readonly unknown[];
  if (typeof input === 'string') {
    const doc: unknown = parse(input);
    list = isRecord(doc) ? arrayOf(doc.probes) : arrayOf(doc);
  } else {
    list = input;
  }
  return list.map((raw, i) => parseProbe(recordOf(raw), `probes[${i}]`));
}

function parseProbe(p: Record<string, unknown>, where: string): Probe {
  const from = stringOf(p.from);
  const to = stringOf(p.to);
  if (!from || !to) throw new Error(`${where}: 'from' and 'to' are required`);
  if (p.expect !== 'allow' && p.expect !== 'deny') throw new Error(`${where}: 'expect' must be allow or deny`);
  const port = parsePortSpec(p.port, where);
  if (
    p.targets !== undefined &&
    (!Array.isArray(p.targets) || p.targets.length === 0 || !p.targets.every((t) => typeof t === 'string' && t !== ''))
  ) {
    throw new Error(
      `${where}: 'targets' must list layer names (e.g. [cilium, istio]), or be left out to apply to every layer`,
    );
  }
  const targets = arrayOf(p.targets).map(String);
  if (p.addressing !== undefined && p.addressing !== 'service' && p.addressing !== 'pod')
    throw new Error(`${where}: 'addressing' must be service or pod`);
  const base = {
    from,
    to,
    port: port.containerPort,
    protocol: port.protocol,
    ...(p.addressing !== undefined ? { addressing: p.addressing as FlowAddressing } : {}),
    expect: p.expect,
    targets,
  } as const;
  if (!isRecord(p.request)) return base;
  const r = p.request;
  const request: HttpRequest = {
    method: (stringOf(r.method) ?? 'GET').toUpperCase(),
    path: stringOf(r.path) ?? '/',
    ...(isRecord(r.headers) ? { headers: stringMapOf(r.headers) } : {}),
    ...(stringOf(r.host) ? { host: stringOf(r.host) } : {}),
  };
  return { ...base, request };
}

/**
 * A probe applies to a profile iff one of the profile's layer names, or the layer it stands in
 * for (`calico` for `kubernetes`, `linkerd` for `istio`: see `probeStandIn`), is among the probe's
 * `targets` (a probe listed for `cilium` applies to `cilium` and `cilium+istio`, not to
 * `kubernetes`), or the probe has no `targets` (it applies to every layer). A probe's `request`
 * is judged by the layers with L7; the others judge it at L4.
 */
export function probeApplies(probe: Probe, profile: Profile): boolean {
  return (
    probe.targets.length === 0 ||
    profile.layers.some((l) => probe.targets.includes(l) || probe.targets.includes(probeStandIn(l) ?? l))
  );
}

/**
 * Runs probes against a cluster and its policies under a profile. A probe passes when every
 * (source, destination) it expands to gets the expected verdict; a probe that does not apply
 * passes trivially (`applies: false`).
 */
export function runProbes(
  probes: readonly Probe[],
  policies: PolicySet,
  cluster: ClusterInfo,
  profile: string | readonly string[] | Profile,
  options: RunProbesOptions = {},
): ProbeResult[] {
  const results: ProbeResult[] = [];
  forEachProbeResult(probes, policies, cluster, profile, options, (r) => results.push(r));
  return results;
}

/**
 * `runProbes`, giving each result to `onResult` as soon as it is decided instead of returning
 * them all: a caller that prints and counts holds one result at a time, whatever the number of
 * probes.
 */
export function forEachProbeResult(
  probes: readonly Probe[],
  policies: PolicySet,
  cluster: ClusterInfo,
  profile: string | readonly string[] | Profile,
  options: RunProbesOptions,
  onResult: (result: ProbeResult) => void,
): void {
  const p = profileOf(profile);
  const verifier = new Verifier(policies, cluster, p, options);
  const pods = podIndex(cluster);
  // Every endpoint is resolved before anything is evaluated, so that a bad one fails the run before any result is given.
  for (const probe of probes) {
    if (!probeApplies(probe, p)) continue;
    probeEndpoints(probe.from, pods, options, 'from');
    probeEndpoints(probe.to, pods, options, 'to');
  }
  for (const probe of probes) {
    const title = `${probe.from} -> ${probe.to} ${probe.port}/${probe.protocol}${probe.request ? ` ${probe.request.method} ${probe.request.path}` : ''}${probe.addressing ? ` (${probe.addressing}-addressed)` : ''} expect ${probe.expect}`;
    if (!probeApplies(probe, p)) {
      onResult({
        probe,
        applies: false,
        passed: true,
        verdicts: [],
        explanation: `${title}: not applicable to profile ${p.name}`,
      });
      continue;
    }
    const sources = probeEndpoints(probe.from, pods, options, 'from');
    const destinations = probeEndpoints(probe.to, pods, options, 'to');
    const verdicts = sources.flatMap((s) =>
      destinations.map((d) => ({
        source: s.text,
        destination: d.text,
        verdict: verifier.evaluate({
          source: s.endpoint,
          destination: d.endpoint,
          port: probe.port,
          protocol: probe.protocol,
          ...(probe.request ? { request: probe.request } : {}),
          ...(probe.addressing ? { addressing: probe.addressing } : {}),
        }),
      })),
    );
    const wrong = verdicts.filter((v) => v.verdict.allowed !== (probe.expect === 'allow'));
    const passed = wrong.length === 0;
    const shown = passed ? verdicts.slice(0, 1) : wrong;
    const explanation = [
      `${passed ? 'PASS' : 'FAIL'} ${title} (profile ${p.name})`,
      ...shown.map((v) => `${v.source} -> ${v.destination}: ${formatVerdict(v.verdict)}`),
    ].join('\n');
    onResult({ probe, applies: true, passed, verdicts, explanation });
  }
}

/** The pods of a cluster by namespace, in cluster order, and by `namespace/name` (the first one wins, as a search would find it). */
interface PodIndex {
  readonly byNamespace: ReadonlyMap<string, readonly PodInfo[]>;
  readonly byName: ReadonlyMap<string, PodInfo>;
}

function podIndex(cluster: ClusterInfo): PodIndex {
  const byNamespace = new Map<string, PodInfo[]>();
  const byName = new Map<string, PodInfo>();
  for (const pod of cluster.pods) {
    const list = byNamespace.get(pod.namespace);
    if (list) list.push(pod);
    else byNamespace.set(pod.namespace, [pod]);
    const key = `${pod.namespace}/${pod.name}`;
    if (!byName.has(key)) byName.set(key, pod);
  }
  return { byNamespace, byName };
}

function probeEndpoints(
  spec: string,
  cluster: PodIndex,
  options: RunProbesOptions,
  side: 'from' | 'to',
): Array<{ text: string; endpoint: FlowEndpoint }> {
  if (spec === 'external' && side === 'from')
    return [{ text: 'external', endpoint: { kind: 'ip', ip: options.externalIp ?? EXTERNAL_PROBE_SOURCE } }];
  if (spec.startsWith('cidr:') && side === 'to') return [{ text: spec, endpoint: { kind: 'ip', ip: spec.slice(5) } }];
  if (spec.startsWith('fqdn:') && side === 'to')
    return [{ text: spec, endpoint: { kind: 'fqdn', name: spec.slice(5) } }];
  const [namespace, name, ...rest] = spec.split('/');
  if (!namespace || !name || rest.length > 0) throw new Error(`probe endpoint '${spec}' is not valid for '${side}'`);
  if (name === '*') {
    const pods = cluster.byNamespace.get(namespace) ?? [];
    return [...pods, anyPodOf(namespace, pods)].map((pod) => ({
      text: `${namespace}/${pod.name}`,
      endpoint: { kind: 'pod', pod },
    }));
  }
  const pod = cluster.byName.get(`${namespace}/${name}`);
  if (!pod) throw new Error(`probe endpoint '${spec}': no workload ${name} in namespace ${namespace}`);
  return [{ text: spec, endpoint: { kind: 'pod', pod } }];
}

/** A pod with no labels in the namespace: what "any pod there" must also hold for. */
function anyPodOf(namespace: string, pods: readonly PodInfo[]): PodInfo {
  const planes = new Set(pods.map((p) => p.dataplane));
  const dataplane: Dataplane = planes.size === 1 ? [...planes][0] : 'none';
  return { namespace, name: '*', labels: {}, serviceAccount: 'default', containerPorts: [], dataplane };
}
