import { parse } from 'yaml';
import {
  ClusterInfo,
  ContainerPortInfo,
  Dataplane,
  FlowProtocol,
  NamespaceInfo,
  PodInfo,
  ServiceInfo,
} from './cluster';
import { arrayOf, recordOf, stringMapOf, stringOf } from './json';

/** How scenario workloads join the mesh. */
export interface ScenarioOptions {
  /**
   * Data plane of every scenario workload, except those marked `mesh: false` and those in
   * `kube-system` (which stay `none`).
   * @default 'none'
   */
  readonly meshMode?: Dataplane;
}

/**
 * Builds the cluster of a scenario file (test/fixtures/scenarios/README.md): namespaces with
 * labels (plus the automatic `kubernetes.io/metadata.name`), one pod per workload (labels,
 * `serviceAccount` default `default`, ports such as `8080/TCP`), and a Service for each workload
 * with `service` (port `servicePort`, default the first container port, targeting the first
 * container port; labels `serviceLabels`, e.g. `istio.io/use-waypoint`). Throws on a malformed scenario.
 */
export function clusterFromScenario(yamlText: string, options: ScenarioOptions = {}): ClusterInfo {
  return clusterFromScenarioDocument(parse(yamlText), options);
}

/** `clusterFromScenario` of a scenario already parsed (the value of its YAML document). */
export function clusterFromScenarioDocument(scenario: unknown, options: ScenarioOptions = {}): ClusterInfo {
  const doc = recordOf(scenario);
  const meshMode = options.meshMode ?? 'none';
  const nsLabels = new Map<string, { [key: string]: string }>();
  for (const raw of arrayOf(doc.namespaces)) {
    const n = recordOf(raw);
    const name = requireString(n.name, 'namespaces[].name');
    nsLabels.set(name, { ...stringMapOf(n.labels), 'kubernetes.io/metadata.name': name });
  }
  const pods: PodInfo[] = [];
  const services: ServiceInfo[] = [];
  for (const raw of arrayOf(doc.workloads)) {
    const w = recordOf(raw);
    const name = requireString(w.name, 'workloads[].name');
    const namespace = requireString(w.namespace, `workload ${name}: namespace`);
    if (!nsLabels.has(namespace)) nsLabels.set(namespace, { 'kubernetes.io/metadata.name': namespace });
    const labels = stringMapOf(w.labels);
    const containerPorts = arrayOf(w.ports).map((p) => parsePortSpec(p, `workload ${namespace}/${name}`));
    const meshed = w.mesh !== false && namespace !== 'kube-system';
    pods.push({
      namespace,
      name,
      labels,
      containerPorts,
      serviceAccount: stringOf(w.serviceAccount) ?? 'default',
      dataplane: meshed ? meshMode : 'none',
    });
    const service = stringOf(w.service);
    if (service && containerPorts.length > 0) {
      const target = containerPorts[0];
      const port = typeof w.servicePort === 'number' ? w.servicePort : target.containerPort;
      services.push({
        namespace,
        name: service,
        selector: labels,
        labels: stringMapOf(w.serviceLabels),
        ports: [{ port, targetPort: target.containerPort, protocol: target.protocol }],
      });
    }
  }
  const namespaces: NamespaceInfo[] = [...nsLabels.keys()]
    .sort()
    .map((name) => ({ name, labels: nsLabels.get(name) ?? {} }));
  const byKey = (a: { namespace: string; name: string }, b: { namespace: string; name: string }): number => {
    const ka = `${a.namespace}/${a.name}`;
    const kb = `${b.namespace}/${b.name}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  return { namespaces, pods: pods.sort(byKey), services: services.sort(byKey) };
}

/** Parses a scenario port: `8080/TCP`, `53/UDP`, or a bare number (TCP). Throws when invalid. */
export function parsePortSpec(raw: unknown, where: string): ContainerPortInfo {
  const text = String(raw);
  const m = /^(\d{1,5})(?:\/(TCP|UDP|SCTP))?$/i.exec(text.trim());
  const port = m ? Number(m[1]) : NaN;
  if (!m || port < 1 || port > 65535) throw new Error(`${where}: invalid port '${text}' (expected e.g. 8080/TCP)`);
  return { containerPort: port, protocol: (m[2]?.toUpperCase() ?? 'TCP') as FlowProtocol };
}

function requireString(v: unknown, what: string): string {
  const s = stringOf(v);
  if (!s) throw new Error(`scenario: missing ${what}`);
  return s;
}
