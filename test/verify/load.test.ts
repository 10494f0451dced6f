import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  clusterFromObjects,
  clusterFromScenario,
  loadManifests,
  mergeClusters,
  parseManifests,
  readManifests,
} from '../../src/verify/load';

const scenarios = path.join(__dirname, '..', 'fixtures', 'scenarios');

const WORKLOADS = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: mesh, labels: {istio.io/dataplane-mode: ambient}}
---
# an empty document
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api}}
    spec:
      serviceAccountName: api
      containers:
      - name: api
        ports: [{name: http, containerPort: 8080}, {containerPort: 9000, protocol: UDP}]
      initContainers:
      - {name: log-shipper, restartPolicy: Always, ports: [{containerPort: 24224}]}
      - {name: migrate, ports: [{containerPort: 1111}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  template:
    metadata: {labels: {app: db}, annotations: {sidecar.istio.io/inject: "false"}}
    spec: {containers: [{name: db}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: mesh}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: report, istio.io/dataplane-mode: none}}
        spec: {containers: [{name: r}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-0, namespace: mesh, labels: {app: web}}
spec: {containers: [{name: web}]}
status: {podIP: 10.1.2.3}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: plain}
spec:
  template:
    metadata: {labels: {app: agent, sidecar.istio.io/inject: "true"}}
    spec: {containers: [{name: a}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop, labels: {istio.io/use-waypoint: wp}}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: http}, {port: 9000, protocol: UDP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: wp, namespace: mesh}
spec:
  gatewayClassName: istio-waypoint
  listeners: [{name: mesh, port: 15008, protocol: HBONE}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b, namespace: shop}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a, namespace: shop}
spec: {podSelector: {}}
`;

describe('loading manifests', () => {
  const objects = parseManifests(WORKLOADS);
  const { cluster, policies } = loadManifests(objects);
  const podOf = (ns: string, name: string): (typeof cluster.pods)[number] | undefined =>
    cluster.pods.find((p) => p.namespace === ns && p.name === name);

  test('can parse multi-document YAML, skipping empty documents and expanding lists', () => {
    expect(objects).toHaveLength(11);
    const list = parseManifests(
      'apiVersion: v1\nkind: List\nmetadata: {name: l}\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n',
    );
    expect(list.map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });

  test('throws on a document that is not a Kubernetes object, or on invalid YAML', () => {
    expect(() => parseManifests('foo: bar\n', 'x.yaml')).toThrow('x.yaml: document 1 is not a Kubernetes object');
    expect(() => parseManifests('a: [\n')).toThrow(/document 1/);
  });

  test('can build one pod per workload from its template, with service account and ports', () => {
    expect(cluster.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual([
      'mesh/report',
      'mesh/web-0',
      'mesh/wp',
      'plain/agent',
      'shop/api',
      'shop/db',
    ]);
    expect(podOf('shop', 'api')).toEqual({
      namespace: 'shop',
      name: 'api',
      labels: { app: 'api' },
      serviceAccount: 'api',
      dataplane: 'sidecar',
      containerPorts: [
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { containerPort: 9000, protocol: 'UDP' },
        { containerPort: 24224, protocol: 'TCP' },
      ],
    });
    expect(podOf('shop', 'db')?.serviceAccount).toBe('default');
    expect(podOf('mesh', 'web-0')?.ip).toBe('10.1.2.3');
  });

  test('can derive the data plane from namespace and pod enrolment labels', () => {
    expect(podOf('shop', 'api')?.dataplane).toBe('sidecar');
    expect(podOf('shop', 'db')?.dataplane).toBe('none');
    expect(podOf('plain', 'agent')?.dataplane).toBe('sidecar');
    expect(podOf('mesh', 'web-0')?.dataplane).toBe('ambient');
    expect(podOf('mesh', 'report')?.dataplane).toBe('none');
  });

  test('can create the waypoint pod Istio deploys for an istio-waypoint Gateway', () => {
    expect(podOf('mesh', 'wp')).toEqual(
      expect.objectContaining({
        labels: { 'gateway.networking.k8s.io/gateway-name': 'wp', 'istio.io/gateway-name': 'wp' },
        serviceAccount: 'wp',
      }),
    );
  });

  test('can read namespaces with their automatic name label, including undeclared ones', () => {
    expect(cluster.namespaces).toEqual([
      { name: 'mesh', labels: { 'istio.io/dataplane-mode': 'ambient', 'kubernetes.io/metadata.name': 'mesh' } },
      { name: 'plain', labels: { 'kubernetes.io/metadata.name': 'plain' } },
      { name: 'shop', labels: { 'istio-injection': 'enabled', 'kubernetes.io/metadata.name': 'shop' } },
    ]);
  });

  test('can read services with named and defaulted target ports', () => {
    expect(cluster.services).toEqual([
      {
        namespace: 'shop',
        name: 'api',
        selector: { app: 'api' },
        labels: { 'istio.io/use-waypoint': 'wp' },
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
          { port: 9000, targetPort: 9000, protocol: 'UDP' },
        ],
      },
    ]);
  });

  test('can group policy objects by kind, sorted by namespace and name', () => {
    expect(policies.kinds()).toEqual(['Gateway', 'NetworkPolicy']);
    expect(policies.ofKind('NetworkPolicy').map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(policies.ofKind('Deployment')).toEqual([]);
  });

  test('can read files and directories recursively, in path order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-load-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n');
    fs.writeFileSync(path.join(dir, 'sub', 'a.yml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not yaml');
    expect(readManifests(dir).map((o) => o.metadata.name)).toEqual(['b', 'a']);
    expect(clusterFromObjects(readManifests(path.join(dir, 'sub', 'a.yml'))).namespaces.map((n) => n.name)).toEqual([
      'a',
    ]);
  });
});

describe('loading scenarios', () => {
  const threeTier = fs.readFileSync(path.join(scenarios, 'three-tier.yaml'), 'utf8');

  test('can build the cluster of a scenario, with ports and service accounts', () => {
    const cluster = clusterFromScenario(threeTier);
    const api = cluster.pods.find((p) => p.name === 'backend-api');
    expect(api).toEqual({
      namespace: 'production',
      name: 'backend-api',
      labels: { app: 'backend-api' },
      serviceAccount: 'backend-api',
      dataplane: 'none',
      containerPorts: [
        { containerPort: 8080, protocol: 'TCP' },
        { containerPort: 9090, protocol: 'TCP' },
      ],
    });
    expect(cluster.pods.find((p) => p.name === 'prometheus')?.serviceAccount).toBe('prometheus');
    expect(cluster.pods.find((p) => p.name === 'kube-dns')?.containerPorts).toEqual([
      { containerPort: 53, protocol: 'UDP' },
      { containerPort: 53, protocol: 'TCP' },
    ]);
    expect(cluster.namespaces.find((n) => n.name === 'monitoring')?.labels).toEqual({
      'kubernetes.io/metadata.name': 'monitoring',
      team: 'monitoring',
    });
  });

  test('can apply the mesh mode to scenario workloads except mesh: false and kube-system', () => {
    const cluster = clusterFromScenario(threeTier, { meshMode: 'ambient' });
    const plane = (name: string): string | undefined => cluster.pods.find((p) => p.name === name)?.dataplane;
    expect(plane('frontend')).toBe('ambient');
    expect(plane('legacy-client')).toBe('none');
    expect(plane('kube-dns')).toBe('none');
  });

  test('can build the Service of a scenario workload', () => {
    const cluster = clusterFromScenario(fs.readFileSync(path.join(scenarios, 'ambient-waypoint.yaml'), 'utf8'));
    expect(cluster.services).toEqual([
      {
        namespace: 'ns-test',
        name: 'web-test-service',
        selector: { app: 'web-test' },
        labels: {},
        ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  test('throws on a malformed scenario port', () => {
    expect(() => clusterFromScenario('workloads: [{name: a, namespace: b, ports: [http]}]')).toThrow(
      "workload b/a: invalid port 'http'",
    );
  });

  test('can merge a scenario with emitted manifests: namespace labels and waypoint pods', () => {
    const scenario = clusterFromScenario(fs.readFileSync(path.join(scenarios, 'ambient-waypoint.yaml'), 'utf8'), {
      meshMode: 'ambient',
    });
    const emitted = clusterFromObjects(
      parseManifests(`
apiVersion: v1
kind: Namespace
metadata: {name: ns-test, labels: {istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: waypoint, namespace: ns-test}
spec: {gatewayClassName: istio-waypoint, listeners: [{name: mesh, port: 15008, protocol: HBONE}]}`),
    );
    const merged = mergeClusters(scenario, emitted);
    expect(merged.namespaces.find((n) => n.name === 'ns-test')?.labels['istio.io/use-waypoint']).toBe('waypoint');
    expect(merged.pods.map((p) => `${p.namespace}/${p.name}`)).toContain('ns-test/waypoint');
    expect(merged.pods.find((p) => p.name === 'web-test')?.dataplane).toBe('ambient');
  });
});
