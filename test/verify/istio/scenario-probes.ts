import { readFileSync } from 'fs';
import { join } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { ClusterInfo, Flow, FlowEndpoint, FlowProtocol, HttpRequest } from '../../../src/verify/cluster';

/** A probe of a scenario file. */
export interface ScenarioProbe {
  readonly from: string;
  readonly to: string;
  readonly port: string;
  readonly request?: HttpRequest;
  readonly expect: 'allow' | 'deny';
  readonly targets: readonly string[];
}

/** The probes of `test/fixtures/scenarios/<name>.yaml` listed for `target`. */
export function scenarioProbes(name: string, target: string): readonly ScenarioProbe[] {
  const scenario = parse(
    readFileSync(join(__dirname, '..', '..', 'fixtures', 'scenarios', `${name}.yaml`), 'utf8'),
  ) as { probes: ScenarioProbe[] };
  return scenario.probes.filter((probe) => probe.targets.includes(target));
}

/** The manifests of a YAML file of this folder's `fixtures/`. */
export function fixtureManifests(file: string): readonly unknown[] {
  return parseAllDocuments(readFileSync(join(__dirname, 'fixtures', file), 'utf8')).map(
    (doc) => doc.toJSON() as unknown,
  );
}

/** The flow of a probe, with `namespace/workload` resolved against the cluster's pods. */
export function probeFlow(probe: ScenarioProbe, cluster: ClusterInfo): Flow {
  const [port, protocol] = probe.port.split('/');
  return {
    source: endpoint(probe.from, cluster),
    destination: endpoint(probe.to, cluster),
    port: Number(port),
    protocol: (protocol ?? 'TCP') as FlowProtocol,
    ...(probe.request ? { request: probe.request } : {}),
  };
}

/** A readable test name: `can reach ns/b from ns/a on 8080/TCP with GET /`. */
export function probeTitle(probe: ScenarioProbe): string {
  const request = probe.request ? ` with ${probe.request.method} ${probe.request.path}` : '';
  return `${probe.expect === 'allow' ? 'can' : 'cannot'} reach ${probe.to} from ${probe.from} on ${probe.port}${request}`;
}

function endpoint(ref: string, cluster: ClusterInfo): FlowEndpoint {
  if (ref.startsWith('cidr:')) return { kind: 'ip', ip: ref.slice('cidr:'.length) };
  if (ref.startsWith('fqdn:')) return { kind: 'fqdn', name: ref.slice('fqdn:'.length) };
  const [namespace, name] = ref.split('/');
  const pod = cluster.pods.find((p) => p.namespace === namespace && p.name === name);
  if (!pod) throw new Error(`no pod ${ref} in the test cluster`);
  return { kind: 'pod', pod };
}
