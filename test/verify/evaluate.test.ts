import { ClusterInfo, LayerDecision } from '../../src/verify/cluster';
import { evaluate, Verifier } from '../../src/verify/evaluate';
import { formatVerdict } from '../../src/verify/format';
import { LayerFlow, PolicyLayer } from '../../src/verify/layer';
import { knownLayerNames, registerMeshLayer } from '../../src/verify/layers';
import { AMBIENT_HEALTH_PROBE_SOURCE, cniHops, healthProbeFlow, meshObjectsOf } from '../../src/verify/mesh-path';
import { PolicySet } from '../../src/verify/policy-set';
import { parseProfile } from '../../src/verify/profile';
import { at, check, clusterOf, explain, pod, policies } from './builders';

describe('profiles', () => {
  test('can sort layer names and accept - as a separator', () => {
    const known = ['cilium', 'gateway-api', 'istio', 'kubernetes'];
    expect(parseProfile('istio+cilium', known)).toEqual({ name: 'cilium+istio', layers: ['cilium', 'istio'] });
    expect(parseProfile('cilium-istio', known).name).toBe('cilium+istio');
    expect(parseProfile('gateway-api-istio', known).layers).toEqual(['gateway-api', 'istio']);
    expect(parseProfile(['kubernetes', 'istio'], known).name).toBe('istio+kubernetes');
  });

  test('throws on an unknown layer name, listing the known ones', () => {
    expect(() => parseProfile('calico', ['cilium', 'kubernetes'])).toThrow(
      "unknown layer 'calico'; known layers: cilium, kubernetes",
    );
    expect(() => parseProfile('', ['cilium'])).toThrow('names no layer');
  });

  test('throws a clear error for a mesh profile when no mesh evaluator is registered', () => {
    const c = clusterOf([pod('a', 'p', {})]);
    expect(knownLayerNames()).toContain('istio');
    expect(() => new Verifier(PolicySet.empty(), c, 'cilium+istio')).toThrow(/no evaluator is registered for it/);
  });
});

describe('composition across enforcement points (DESIGN §3)', () => {
  const a = pod('ns', 'a', { app: 'a' });
  const b = pod('ns', 'b', { app: 'b' }, { ports: ['8080/TCP'] });
  const cluster = clusterOf([a, b]);
  // A mesh layer for tests: denies every flow to port 9999, allows the rest.
  const meshLayer: PolicyLayer = {
    name: 'test-mesh',
    enforcementPoint: 'mesh',
    l7: true,
    decide: (flow: LayerFlow): LayerDecision => ({
      layer: 'test-mesh',
      allowed: flow.port !== 9999,
      findings: [
        {
          layer: 'test-mesh',
          object: 'TestPolicy ns/p',
          message: flow.port !== 9999 ? 'allowed' : 'port 9999 is closed',
        },
      ],
    }),
  };
  registerMeshLayer('test-mesh', () => meshLayer);
  const allowB = policies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b, namespace: ns}
spec:
  podSelector: {matchLabels: {app: b}}
  ingress: [{ports: [{port: 9999}]}]`);

  test('can require every enforcement point to allow (intersection)', () => {
    const v = check(allowB, cluster, 'kubernetes+test-mesh', a, b, '9999/TCP');
    expect(v.allowed).toBe(false);
    expect(v.layers.map((l) => [l.layer, l.allowed])).toEqual([
      ['kubernetes', true],
      ['test-mesh', false],
    ]);
    expect(check(allowB, cluster, 'kubernetes+test-mesh', a, b, '8080/TCP').layers.map((l) => l.allowed)).toEqual([
      false,
      true,
    ]);
  });

  test('can evaluate a mesh-only profile with no CNI enforcement', () => {
    const v = check(allowB, cluster, 'test-mesh', a, b, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(v.layers.map((l) => l.layer)).toEqual(['test-mesh']);
  });

  test('can use Cilium as the one CNI when the profile names both cilium and kubernetes', () => {
    const v = check(allowB, cluster, 'cilium+kubernetes', a, b, '8080/TCP');
    expect(v.layers.map((l) => l.layer)).toEqual(['cilium']);
    expect(v.allowed).toBe(false);
  });

  test('can format a verdict with every layer and the objects that decided', () => {
    const text = formatVerdict(check(allowB, cluster, 'kubernetes+test-mesh', a, b, '8080/TCP'));
    expect(text).toMatchSnapshot();
    expect(text.split('\n')[0]).toBe('DENY');
  });

  test('can give byte-identical verdicts whatever the order of the manifests', () => {
    const docs = [allowB.all()[0], { ...allowB.all()[0], metadata: { name: 'a', namespace: 'ns' } }];
    const forward = check(PolicySet.of(docs), cluster, 'kubernetes', a, b, '8080/TCP');
    const backward = check(PolicySet.of([...docs].reverse()), cluster, 'kubernetes', a, b, '8080/TCP');
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
    expect(forward.layers[0].findings[0].message).toContain(
      'isolated for ingress by NetworkPolicy ns/a, NetworkPolicy ns/b',
    );
  });

  test('can reuse one verifier for many flows with identical answers', () => {
    const verifier = new Verifier(allowB, cluster, 'kubernetes');
    const flow = { source: at(a), destination: at(b), port: 9999, protocol: 'TCP' as const };
    expect(verifier.evaluate(flow)).toEqual(evaluate(flow, allowB, cluster, 'kubernetes'));
  });
});

describe('what the CNI sees under a mesh (DESIGN §3; istio.io ambient/usage/networkpolicy)', () => {
  const mk = (
    dataplane: 'none' | 'sidecar' | 'ambient',
    nsLabels = {},
    extra: ClusterInfo['pods'] = [],
  ): { cluster: ClusterInfo; client: ReturnType<typeof pod>; server: ReturnType<typeof pod> } => {
    const client = pod('app', 'client', { app: 'client' }, { dataplane });
    const server = pod('app', 'server', { app: 'server' }, { ports: ['8080/TCP'], dataplane });
    const base = clusterOf([client, server, ...extra], { app: nsLabels });
    // A Service selects the server: a namespace-enrolled waypoint takes service-addressed traffic.
    const service = {
      namespace: 'app',
      name: 'server',
      selector: { app: 'server' },
      labels: {},
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' as const }],
    };
    return { cluster: { ...base, services: [...base.services, service] }, client, server };
  };
  const serverIngress = (ports: string, l7 = false): PolicySet =>
    policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server, namespace: app}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: client}}]
    toPorts: [{ports: ${ports}${l7 ? ', rules: {http: [{method: GET}]}' : ''}}]`);

  test('can see ambient-to-ambient traffic as HBONE on 15008, not the original port', () => {
    const { cluster, client, server } = mk('ambient');
    const onlyAppPort = serverIngress('[{port: "8080", protocol: TCP}]');
    const v = check(onlyAppPort, cluster, 'cilium', client, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('(HBONE)');
    expect(explain(v)).toContain('no rule matched app/client on 15008/TCP');
    const withHbone = serverIngress('[{port: "8080", protocol: TCP}, {port: "15008", protocol: TCP}]');
    expect(check(withHbone, cluster, 'cilium', client, server, '8080/TCP').allowed).toBe(true);
  });

  test('can see UDP between ambient pods on its own port: the mesh captures TCP only', () => {
    const { cluster, client, server } = mk('ambient');
    expect(cniHops({ source: at(client), destination: at(server), port: 53, protocol: 'UDP' }, cluster)).toEqual([
      { source: at(client), destination: at(server), port: 53, protocol: 'UDP' },
    ]);
    expect(
      check(serverIngress('[{port: "53", protocol: UDP}]'), cluster, 'cilium', client, server, '53/UDP').allowed,
    ).toBe(true);
  });

  test('cannot apply CNI L7 rules of the original port to ambient traffic', () => {
    const { cluster, client, server } = mk('ambient');
    const set = serverIngress('[{port: "8080", protocol: TCP}]', true);
    expect(check(set, cluster, 'cilium', client, server, '8080/TCP', { method: 'GET', path: '/' }).allowed).toBe(false);
    // Without the mesh the same rule admits GET.
    const plain = mk('none');
    expect(
      check(set, plain.cluster, 'cilium', plain.client, plain.server, '8080/TCP', { method: 'GET', path: '/' }).allowed,
    ).toBe(true);
  });

  test('can route ambient traffic through the waypoint: both hops must pass the CNI on 15008', () => {
    const waypoint = pod(
      'app',
      'waypoint',
      { 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
      { ports: ['15008/TCP'] },
    );
    const { cluster, client, server } = mk('ambient', { 'istio.io/use-waypoint': 'waypoint' }, [waypoint]);
    const hops = cniHops({ source: at(client), destination: at(server), port: 8080, protocol: 'TCP' }, cluster);
    expect(hops.map((h) => h.hop)).toEqual([
      'app/client → waypoint app/waypoint (HBONE)',
      'waypoint app/waypoint → app/server (HBONE)',
    ]);
    const clientToServer = serverIngress('[{port: "15008", protocol: TCP}]');
    const v = check(clientToServer, cluster, 'cilium', client, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('waypoint app/waypoint → app/server (HBONE): ');
    const fromWaypoint = policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server, namespace: app}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
  - fromEndpoints: [{matchLabels: {gateway.networking.k8s.io/gateway-name: waypoint}}]
    toPorts: [{ports: [{port: "15008", protocol: TCP}]}]`);
    expect(check(fromWaypoint, cluster, 'cilium', client, server, '8080/TCP').allowed).toBe(true);
  });

  test('can go direct to a pod no Service selects, even in a namespace that uses a waypoint', () => {
    const waypoint = pod(
      'app',
      'waypoint',
      { 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
      { ports: ['15008/TCP'] },
    );
    const { cluster, client, server } = mk('ambient', { 'istio.io/use-waypoint': 'waypoint' }, [waypoint]);
    const unserved = { ...cluster, services: [] };
    const hops = cniHops({ source: at(client), destination: at(server), port: 8080, protocol: 'TCP' }, unserved);
    expect(hops.map((h) => h.hop)).toEqual(['app/client → app/server (HBONE)']);
  });

  test('can go direct for pod-addressed traffic: a waypoint handles Service traffic by default', () => {
    const waypoint = pod('app', 'waypoint', { 'gateway.networking.k8s.io/gateway-name': 'waypoint' });
    const { cluster, client, server } = mk('ambient', { 'istio.io/use-waypoint': 'waypoint' }, [waypoint]);
    const flow = { source: at(client), destination: at(server), port: 8080, protocol: 'TCP' as const };
    expect(cniHops({ ...flow, addressing: 'pod' }, cluster).map((h) => h.hop)).toEqual([
      'app/client → app/server (HBONE)',
    ]);
    expect(cniHops({ ...flow, addressing: 'service' }, cluster)).toHaveLength(2);
  });

  test('can route pod-addressed traffic through a waypoint for workload traffic named by the pod label', () => {
    const waypoint = pod('app', 'db-waypoint', { 'gateway.networking.k8s.io/gateway-name': 'db-waypoint' });
    const { cluster, client, server } = mk('ambient', {}, [waypoint]);
    const labelled = { ...server, labels: { ...server.labels, 'istio.io/use-waypoint': 'db-waypoint' } };
    const world = { ...cluster, pods: cluster.pods.map((p) => (p === server ? labelled : p)) };
    const gateway = (traffic: string) =>
      meshObjectsOf(
        policies(`
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: db-waypoint, namespace: app, labels: {istio.io/waypoint-for: ${traffic}}}
spec: {gatewayClassName: istio-waypoint, listeners: [{name: mesh, port: 15008, protocol: HBONE}]}`).all(),
      );
    const flow = { source: at(client), destination: at(labelled), port: 8080, protocol: 'TCP' as const };
    const pod_ = { ...flow, addressing: 'pod' as const };
    expect(cniHops(pod_, world, gateway('workload')).map((h) => h.hop)).toEqual([
      'app/client → waypoint app/db-waypoint (HBONE)',
      'waypoint app/db-waypoint → app/server (HBONE)',
    ]);
    expect(cniHops(pod_, world, gateway('service'))).toHaveLength(1);
    expect(cniHops(pod_, world, gateway('all'))).toHaveLength(2);
  });

  test('can send an ingress gateway through the waypoint only when asked (istio.io/ingress-use-waypoint)', () => {
    const waypoint = pod('app', 'waypoint', { 'gateway.networking.k8s.io/gateway-name': 'waypoint' });
    const ingress = pod(
      'gw',
      'ingress',
      { 'gateway.networking.k8s.io/gateway-name': 'ingress' },
      { dataplane: 'none' },
    );
    const objects = meshObjectsOf(
      policies(`
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ingress, namespace: gw}
spec: {gatewayClassName: istio, listeners: [{name: http, port: 80, protocol: HTTP}]}`).all(),
    );
    const hops = (nsLabels: object) => {
      const { cluster, server } = mk('ambient', nsLabels, [waypoint, ingress]);
      const flow = { source: at(ingress), destination: at(server), port: 8080, protocol: 'TCP' as const };
      return cniHops(flow, cluster, objects).map((h) => h.hop ?? 'as sent');
    };
    expect(hops({ 'istio.io/use-waypoint': 'waypoint' })).toEqual(['as sent']);
    expect(hops({ 'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true' })).toEqual([
      'gw/ingress → waypoint app/waypoint (HBONE)',
      'waypoint app/waypoint → app/server (HBONE)',
    ]);
  });

  test('can go direct when the waypoint named by the label has no pod', () => {
    const { cluster, client, server } = mk('ambient', { 'istio.io/use-waypoint': 'missing' });
    const hops = cniHops({ source: at(client), destination: at(server), port: 8080, protocol: 'TCP' }, cluster);
    expect(hops).toHaveLength(1);
    expect(hops[0].hop).toContain('waypoint app/missing has no pod: traffic goes direct');
  });

  test('cannot parse sidecar mTLS with a CNI L7 rule, while an L4 allow works', () => {
    const { cluster, client, server } = mk('sidecar');
    const l7 = serverIngress('[{port: "8080", protocol: TCP}]', true);
    const v = check(l7, cluster, 'cilium', client, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('the payload is mesh mTLS');
    expect(
      check(serverIngress('[{port: "8080", protocol: TCP}]'), cluster, 'cilium', client, server, '8080/TCP', {
        method: 'DELETE',
        path: '/',
      }).allowed,
    ).toBe(true);
  });

  test('can see ambient kubelet health probes arrive from 169.254.7.127 on the original port', () => {
    const { cluster, server } = mk('ambient');
    const flow = healthProbeFlow(server, 8080, '192.168.0.10');
    expect(flow.source).toEqual({ kind: 'ip', ip: AMBIENT_HEALTH_PROBE_SOURCE });
    const probeAllowed = policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server, namespace: app}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress: [{fromCIDR: [169.254.7.127/32], toPorts: [{ports: [{port: "8080"}]}]}]`);
    expect(new Verifier(probeAllowed, cluster, 'cilium').evaluate(flow).allowed).toBe(true);
    expect(new Verifier(serverIngress('[{port: "8080"}]'), cluster, 'cilium').evaluate(flow).allowed).toBe(false);
  });
});
