import { App } from 'cdk8s';
import { stringify } from 'yaml';
import {
  AllowedRoutes,
  AppProtocol,
  HttpMatch,
  IngressGateway,
  Listener,
  RouteMatch,
  MeshMode,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Waypoint,
  WaypointProps,
  WaypointTraffic,
  Widening,
  Zone,
} from '../../src';
import * as fs from 'fs';
import * as path from 'path';
import { build as ambientWaypoint } from '../../examples/ambient-waypoint/main';
import '../../src/verify/istio';
import {
  clusterFromScenario,
  FlowAddressing,
  HttpRequest,
  loadManifests,
  mergeClusters,
  parseProbes,
  runProbes,
} from '../../src/verify';
import { judgeTopology } from '../property/judge';
import { Doc, find, synthDocs, synthError, synthFiles } from '../util/synth';

const MESH_ONLY = { accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] };

/** Every profile that runs Istio ambient with a CNI, and the mesh-only one. */
const AMBIENT_PROFILES: readonly (readonly [string, () => Profile])[] = [
  ['cilium-istio', () => Profile.ciliumIstio()],
  ['calico-istio', () => Profile.calicoIstio()],
  ['kubernetes-istio', () => Profile.kubernetesIstio()],
  ['istio', () => Profile.istio(MESH_ONLY)],
];

const tier = (zone: Zone, name: string, extra: object = {}) =>
  new Tier(zone, name, {
    selector: { app: name },
    serviceAccount: name,
    ports: [Port.tcp(8080)],
    protocol: AppProtocol.HTTP,
    service: { name, ports: [{ port: 80, targetPort: 8080 }] },
    ...extra,
  });

/**
 * The shape of the issue: `backend` has a named waypoint for its namespace, `api` a per-service
 * waypoint of its own; `web` sends GET / to both (L7), `worker` reaches `api` at L4.
 */
function shop(app: App, profile: Profile): Topology {
  const t = new Topology(app, 'shop', { mesh: MeshMode.AMBIENT, profiles: [profile], warnings: WarningMode.SILENT });
  const backend = new Zone(t, 'backend', { manageNamespace: true });
  const shared = new Waypoint(backend, 'backend-waypoint');
  backend.useWaypoint(shared);
  const web = tier(backend, 'web');
  const worker = tier(backend, 'worker');
  const orders = tier(backend, 'orders');
  const api = tier(backend, 'api');
  api.useWaypoint(new Waypoint(backend, 'api-waypoint', { traffic: WaypointTraffic.SERVICE }));
  orders.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/')] });
  api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/')] });
  api.allowFrom(worker, { ports: [Port.tcp(8080)] });
  return t;
}

const docsOf = (profile: Profile): Doc[] => Object.values(synthDocs((app) => shop(app, profile)))[0];

describe('Waypoint', () => {
  test('can name waypoints and bind a namespace and a tier (istio output, snapshot)', () => {
    const docs = docsOf(Profile.istio(MESH_ONLY)).filter((d) =>
      ['Gateway', 'AuthorizationPolicy', 'Namespace'].includes(d.kind),
    );
    expect(docs.map((d) => stringify(d)).join('---\n')).toMatchSnapshot();
  });

  test('can emit each named waypoint as an istio-waypoint Gateway with its traffic type, and no automatic one', () => {
    const docs = docsOf(Profile.ciliumIstio());
    const gateways = docs.filter((d) => d.kind === 'Gateway').map((d) => d.metadata.name);
    expect(gateways.sort()).toEqual(['api-waypoint', 'backend-waypoint']);
    const gw = find(docs, 'Gateway', 'api-waypoint', 'backend');
    expect(gw.spec.gatewayClassName).toBe('istio-waypoint');
    expect(gw.metadata.labels!['istio.io/waypoint-for']).toBe('service');
    expect(find(docs, 'Namespace', 'backend').metadata.labels!['istio.io/use-waypoint']).toBe('backend-waypoint');
  });

  test("can admit each waypoint's identity at the ztunnel of the tiers bound to it, and attach L7 to their Services", () => {
    const docs = docsOf(Profile.istio(MESH_ONLY));
    const principals = (name: string) =>
      find(docs, 'AuthorizationPolicy', name, 'backend').spec.rules.flatMap((r: any) =>
        (r.from ?? []).flatMap((f: any) => f.source.principals ?? []),
      );
    expect(principals('api-ingress')).toContain('cluster.local/ns/backend/sa/api-waypoint');
    expect(principals('api-ingress')).not.toContain('cluster.local/ns/backend/sa/backend-waypoint');
    expect(principals('orders-ingress')).toContain('cluster.local/ns/backend/sa/backend-waypoint');
    expect(find(docs, 'AuthorizationPolicy', 'api-waypoint', 'backend').spec.targetRefs).toEqual([
      { kind: 'Service', group: '', name: 'api' },
    ]);
  });

  test('can tell the user to label the Service of a tier bound to its own waypoint (ZT205)', () => {
    const t = shop(new App(), Profile.ciliumIstio());
    const w = t.warnings.filter((x) => x.code === 'ZT205');
    expect(w.map((x) => x.path)).toEqual(['shop/backend/api']);
    expect(w[0].message).toContain("its Service 'api' must carry istio.io/use-waypoint=api-waypoint");
  });

  test('can admit HBONE to the named waypoints in the CNI, per bound tier', () => {
    const docs = docsOf(Profile.ciliumIstio());
    const apiIngress = find(docs, 'CiliumNetworkPolicy', 'api-ingress', 'backend');
    const fromWaypoint = apiIngress.spec.ingress.flatMap((r: any) => r.fromEndpoints ?? []);
    expect(fromWaypoint).toContainEqual({
      matchLabels: {
        'gateway.networking.k8s.io/gateway-name': 'api-waypoint',
        'k8s:io.kubernetes.pod.namespace': 'backend',
      },
    });
    expect(docs.some((d) => d.kind === 'CiliumNetworkPolicy' && d.metadata.name === 'api-waypoint-ingress')).toBe(true);
  });

  describe.each(AMBIENT_PROFILES)('in profile %s', (_name, profile) => {
    const j = judgeTopology((app) => shop(app, profile()));
    const probes: readonly [string, string, boolean, HttpRequest | undefined, FlowAddressing][] = [
      ['backend/worker', 'backend/api', true, undefined, 'service'],
      ['backend/worker', 'backend/api', true, undefined, 'pod'],
      ['backend/web', 'backend/api', true, { method: 'GET', path: '/' }, 'service'],
      ['backend/web', 'backend/api', false, { method: 'POST', path: '/' }, 'service'],
      ['backend/web', 'backend/api', false, { method: 'GET', path: '/' }, 'pod'],
      ['backend/web', 'backend/orders', true, { method: 'GET', path: '/' }, 'service'],
      ['backend/web', 'backend/orders', false, { method: 'GET', path: '/' }, 'pod'],
      ['backend/worker', 'backend/orders', false, undefined, 'service'],
      ['backend/worker', 'backend/orders', false, undefined, 'pod'],
    ];
    test.each(probes)('%s -> %s: %s (%j, %s-addressed)', (from, to, allowed, request, addressing) => {
      expect(j.codes).toEqual([]);
      const v = j.judge(from, to, '8080/TCP', request, addressing);
      expect({ intent: v.intent, output: v.output }).toEqual({ intent: allowed, output: allowed });
    });
  });

  test('can pass Service traffic to api through its own waypoint, not the namespace one', () => {
    const j = judgeTopology((app) => shop(app, Profile.ciliumIstio()));
    const v = j.judge('backend/web', 'backend/api', '8080/TCP', { method: 'GET', path: '/' }, 'service');
    expect(v.why).toContain('waypoint backend/api-waypoint');
    expect(v.why).not.toContain('waypoint backend/backend-waypoint');
  });

  test('cannot take a name that is not a DNS label, nor an unknown traffic type (ZT180)', () => {
    const zone = new Zone(new Topology(new App(), 'shop', { mesh: MeshMode.AMBIENT }), 'prod');
    expect(() => new Waypoint(zone, 'a', { name: 'Api_Waypoint' })).toThrow(/^ZT180: .*'Api_Waypoint'/);
    expect(() => new Waypoint(zone, 'b', { traffic: 'pods' as WaypointTraffic })).toThrow(/^ZT180: .*WaypointTraffic/);
    expect(new Waypoint(zone, 'c').name).toBe('c');
    expect(zone.node.tryFindChild('a')).toBeUndefined(); // a refused waypoint leaves nothing in the tree
    expect(() => new Waypoint(zone, 'd', null as unknown as WaypointProps)).toThrow(/^ZT180: /);
  });

  test('cannot bind a waypoint of another namespace, nor bind twice (ZT181, ZT182)', () => {
    const t = new Topology(new App(), 'shop', { mesh: MeshMode.AMBIENT });
    const a = new Zone(t, 'a');
    const b = new Zone(t, 'b');
    const wpB = new Waypoint(b, 'wp');
    expect(() => a.useWaypoint(wpB)).toThrow(/^ZT181: shop\/a: .*runs in namespace 'b', not 'a'/);
    const api = tier(a, 'api');
    expect(() => api.useWaypoint({} as Waypoint)).toThrow(/^ZT181: /);
    api.useWaypoint(new Waypoint(a, 'one'));
    expect(() => api.useWaypoint(new Waypoint(a, 'two'))).toThrow(/^ZT182: shop\/a\/api: /);
  });

  test('cannot place a waypoint in a tier, nor declare one name twice in a namespace (ZT181, ZT182)', () => {
    const err = synthError((app) => {
      const t = new Topology(app, 'shop', { mesh: MeshMode.AMBIENT, profiles: [Profile.ciliumIstio()] });
      const a = new Zone(t, 'a', { namespace: 'shared', podSelector: { zone: 'a' } });
      const b = new Zone(t, 'b', { namespace: 'shared', podSelector: { zone: 'b' } });
      new Waypoint(a, 'wp');
      new Waypoint(b, 'wp');
      new Waypoint(tier(a, 'api'), 'inner');
    });
    expect(err).toMatch(
      /\[shop\/b\/wp\] ZT182: waypoint 'wp' is already declared in namespace 'shared' by 'shop\/a\/wp'/,
    );
    expect(err).toMatch(/\[shop\/a\/api\/inner\] ZT181: Waypoint must be created inside a Zone, not a Tier/);
  });

  test('cannot leave a tier with L7 rules unbound in a namespace with named waypoints (ZT183)', () => {
    const err = synthError((app) => {
      const t = new Topology(app, 'shop', { mesh: MeshMode.AMBIENT, profiles: [Profile.ciliumIstio()] });
      const z = new Zone(t, 'prod');
      new Waypoint(z, 'other');
      tier(z, 'api').allowFrom(tier(z, 'web'), { ports: [Port.tcp(8080)], http: [HttpMatch.get('/')] });
    });
    expect(err).toMatch(/\[shop\/prod\/api\/from-web\] ZT183: .*Use tier\.useWaypoint\(waypoint\)/);
  });

  test('cannot declare a waypoint outside ambient mode, nor in a Linkerd profile (ZT184, ZT185)', () => {
    const sidecar = synthError((app) => {
      const t = new Topology(app, 'shop', { mesh: MeshMode.SIDECAR, profiles: [Profile.ciliumIstio()] });
      new Waypoint(new Zone(t, 'prod'), 'wp');
    });
    expect(sidecar).toMatch(/\[shop\/prod\/wp\] ZT184: waypoints exist in ambient mode only/);
    const linkerd = synthError((app) => {
      const t = new Topology(app, 'shop', { mesh: MeshMode.AMBIENT, profiles: [Profile.ciliumLinkerd()] });
      new Waypoint(new Zone(t, 'prod'), 'wp');
    });
    expect(linkerd).toMatch(
      /\[shop\/prod\/wp\] ZT185: profile 'cilium-linkerd' includes linkerd, which has no waypoints/,
    );
  });

  test('cannot bind a tier without a Service to a waypoint for Service traffic (ZT324)', () => {
    const err = synthError((app) => {
      const t = new Topology(app, 'shop', { mesh: MeshMode.AMBIENT, profiles: [Profile.ciliumIstio()] });
      const z = new Zone(t, 'prod');
      new Tier(z, 'api', { selector: { app: 'api' }, serviceAccount: 'api', ports: [Port.tcp(8080)] }).useWaypoint(
        new Waypoint(z, 'wp'),
      );
    });
    expect(err).toMatch(/\[shop\/prod\/api\] ZT324: tier uses waypoint prod\/wp, which handles Service traffic/);
  });

  test.each(AMBIENT_PROFILES)(
    'can send ingress traffic through the own waypoint of a routed tier (%s)',
    (_name, profile) => {
      const build = (app: App) => {
        const t = new Topology(app, 'shop', {
          mesh: MeshMode.AMBIENT,
          profiles: [profile()],
          warnings: WarningMode.SILENT,
        });
        const z = new Zone(t, 'backend', { manageNamespace: true });
        const api = tier(z, 'api');
        api.useWaypoint(new Waypoint(z, 'api-waypoint'));
        const gw = new IngressGateway(t, 'edge', {
          namespace: 'istio-system',
          className: 'istio',
          allowedRoutes: AllowedRoutes.ALL_NAMESPACES,
          listeners: [Listener.http(80)],
        });
        gw.addHttpRoute('api', {
          rules: [{ matches: [RouteMatch.pathPrefix('/')], backends: [{ tier: api, port: 80 }] }],
        });
        api.allowFrom(gw, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/')] });
        return t;
      };
      const warning = build(new App()).warnings.find((w) => w.code === 'ZT205');
      expect(warning?.message).toContain(
        "its Service 'api' must carry istio.io/ingress-use-waypoint=true, istio.io/use-waypoint=api-waypoint",
      );
      const j = judgeTopology(build);
      expect(j.codes).toEqual([]);
      const get = j.judge('istio-system/edge-edge-istio', 'backend/api', '8080/TCP', { method: 'GET', path: '/' });
      expect({ intent: get.intent, output: get.output }).toEqual({ intent: true, output: true });
      expect(get.why).toContain('waypoint backend/api-waypoint');
      const post = j.judge('istio-system/edge-edge-istio', 'backend/api', '8080/TCP', { method: 'POST', path: '/' });
      expect({ intent: post.intent, output: post.output }).toEqual({ intent: false, output: false });
    },
  );

  test('can send pod-addressed traffic of a tier through a waypoint for workload traffic (pod label)', () => {
    const t = new Topology(new App(), 'shop', {
      mesh: MeshMode.AMBIENT,
      profiles: [Profile.ciliumIstio()],
      warnings: WarningMode.SILENT,
    });
    const z = new Zone(t, 'prod');
    const db = new Tier(z, 'db', { selector: { app: 'db' }, serviceAccount: 'db', ports: [Port.tcp(5432)] });
    db.useWaypoint(new Waypoint(z, 'db-waypoint', { traffic: WaypointTraffic.WORKLOAD }));
    const w = t.warnings.find((x) => x.code === 'ZT205');
    expect(w?.message).toContain('its pod template must carry istio.io/use-waypoint=db-waypoint');
  });
});

/**
 * examples/ambient-waypoint with its named waypoints: the scenario's world plus the API tier (its
 * Service labelled for its own waypoint, as the example's acknowledged ZT205 says), and probes of
 * the API, Service- and pod-addressed, in every profile of the example.
 */
describe('examples/ambient-waypoint with named waypoints', () => {
  const scenario = fs.readFileSync(path.join(__dirname, '../fixtures/scenarios/ambient-waypoint.yaml'), 'utf8');
  const world = scenario.replace(
    'workloads:\n',
    'workloads:\n  - { name: api-test, namespace: ns-test, labels: { app: api-test }, serviceAccount: api-test, service: api-test-service, serviceLabels: { istio.io/use-waypoint: api-waypoint }, ports: [9080/TCP], servicePort: 80 }\n',
  );
  const probes = parseProbes(`
- { from: ns-test/web-test, to: ns-test/api-test, port: 9080/TCP, request: { method: GET, path: /api/orders }, expect: allow, targets: [cilium, istio] }
- { from: ns-test/web-test, to: ns-test/api-test, port: 9080/TCP, request: { method: DELETE, path: /api/orders }, expect: deny, targets: [cilium, istio] }
- { from: ns-test/web-test, to: ns-test/api-test, port: 9080/TCP, request: { method: GET, path: /admin }, expect: deny, targets: [cilium, istio] }
- { from: ns-test/web-test, to: ns-test/api-test, port: 9080/TCP, addressing: service, expect: allow }
- { from: ns-test/web-test, to: ns-test/api-test, port: 9080/TCP, request: { method: GET, path: /api/orders }, addressing: pod, expect: deny, targets: [istio] }
- { from: other/intruder, to: ns-test/api-test, port: 9080/TCP, expect: deny }
- { from: other/intruder, to: ns-test/api-test, port: 9080/TCP, addressing: pod, expect: deny }
- { from: istio-system/istio-gateway, to: ns-test/api-test, port: 9080/TCP, expect: deny }
- { from: istio-system/istio-gateway, to: ns-test/web-test, port: 8080/TCP, request: { method: GET, path: / }, expect: allow, targets: [cilium, istio] }
`);
  const files = synthFiles((app) => ambientWaypoint(app));
  const profiles = Object.keys(files)
    .map((f) => f.slice('ambient-waypoint-'.length, -'.k8s.yaml'.length))
    .sort();

  test('has every profile of the example', () => {
    expect(profiles).toEqual(['calico', 'calico-istio', 'cilium', 'cilium-istio', 'istio', 'kubernetes']);
  });

  test.each(profiles)('holds every applicable probe in profile %s', (profile) => {
    const layers = profile.split('-');
    const emitted = loadManifests(files[`ambient-waypoint-${profile}.k8s.yaml`]);
    const cluster = mergeClusters(
      emitted.cluster,
      clusterFromScenario(world, { meshMode: layers.includes('istio') ? 'ambient' : 'none' }),
    );
    const results = runProbes(probes, emitted.policies, cluster, layers);
    expect(results.filter((r) => r.applies).length).toBeGreaterThan(0);
    expect(results.filter((r) => r.applies && !r.passed).map((r) => r.explanation)).toEqual([]);
  });

  test('can route the API through its own waypoint in the ambient profiles', () => {
    const emitted = loadManifests(files['ambient-waypoint-cilium-istio.k8s.yaml']);
    const cluster = mergeClusters(emitted.cluster, clusterFromScenario(world, { meshMode: 'ambient' }));
    const [result] = runProbes(probes.slice(0, 1), emitted.policies, cluster, ['cilium', 'istio']);
    expect(result.passed).toBe(true);
    expect(formatFindings(result.verdicts[0].verdict.layers)).toContain('waypoint ns-test/api-waypoint');
  });
});

function formatFindings(layers: readonly { readonly findings: readonly { readonly message: string }[] }[]): string {
  return layers.flatMap((l) => l.findings.map((f) => f.message)).join('\n');
}
