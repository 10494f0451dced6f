import { IstioLayer } from '../../../src/verify/istio';
import { ambientWorld, client, ingress, ingressGateway, plain, principal, sidecarClient, web } from './ambient-fixture';
import {
  authorizationPolicy,
  flow,
  fromPrincipals,
  namespace,
  peerAuthentication,
  pod,
  waypointGateway,
} from './cluster-builder';

const GET = { method: 'GET', path: '/' };
const POST = { method: 'POST', path: '/' };
const useWaypoint = { 'istio.io/use-waypoint': 'waypoint' };
const waypoint = waypointGateway('app', 'waypoint');
const waypointPrincipal = 'cluster.local/ns/app/sa/waypoint';
const onlyGetAtWaypoint = authorizationPolicy('app', 'web-l7', {
  targetRefs: [{ group: '', kind: 'Service', name: 'web' }],
  rules: [
    {
      from: [{ source: { principals: [principal(client), principal(sidecarClient)] } }],
      to: [{ operation: { methods: ['GET'] } }],
    },
  ],
});
const onlyWaypointAtZtunnel = authorizationPolicy('app', 'web-l4', {
  selector: { matchLabels: { app: 'web' } },
  rules: [fromPrincipals(waypointPrincipal)],
});

describe('ambient mode with a waypoint', () => {
  test('can enforce a targetRefs Service policy with L7 at the waypoint, with the source identity', () => {
    const layer = new IstioLayer([waypoint, onlyGetAtWaypoint]);
    const world = ambientWorld({ namespaceLabels: useWaypoint });
    const get = layer.decide(flow(client, web, 8080, GET), world);
    expect(get.allowed).toBe(true);
    expect(get.findings).toContainEqual(
      expect.objectContaining({
        object: 'AuthorizationPolicy app/web-l7',
        rule: 'rules[0]',
        message: expect.stringMatching(
          /^ALLOW rule matches app\/client \(mTLS cluster.local\/ns\/app\/sa\/client\) on port 80 \(GET \/\) at waypoint app\/waypoint/,
        ),
      }),
    );
    const post = layer.decide(flow(client, web, 8080, POST), world);
    expect(post.allowed).toBe(false);
    expect(post.findings.at(-1)!.message).toMatch(
      /ALLOW policies apply at waypoint app\/waypoint \(app\/web-l7\) and none matches/,
    );
  });

  test('can match ports at the waypoint against the Service port it receives, and at ztunnel against the pod port', () => {
    const world = ambientWorld({ namespaceLabels: useWaypoint });
    const onPort = (port: string): object =>
      authorizationPolicy('app', 'web-l7', {
        targetRefs: [{ group: '', kind: 'Service', name: 'web' }],
        rules: [{ to: [{ operation: { ports: [port], methods: ['GET'] } }] }],
      });
    expect(new IstioLayer([waypoint, onPort('80')]).decide(flow(client, web, 8080, GET), world).allowed).toBe(true);
    expect(new IstioLayer([waypoint, onPort('8080')]).decide(flow(client, web, 8080, GET), world).allowed).toBe(false);
    const ztunnelOnPort = (port: string): object =>
      authorizationPolicy('app', 'web-l4', {
        selector: { matchLabels: { app: 'web' } },
        rules: [{ to: [{ operation: { ports: [port] } }] }],
      });
    expect(new IstioLayer([waypoint, ztunnelOnPort('8080')]).decide(flow(client, web, 8080, GET), world).allowed).toBe(
      true,
    );
    expect(new IstioLayer([waypoint, ztunnelOnPort('80')]).decide(flow(client, web, 8080, GET), world).allowed).toBe(
      false,
    );
  });

  test('can make the destination ztunnel see the waypoint identity', () => {
    const world = ambientWorld({ namespaceLabels: useWaypoint });
    const byClient = authorizationPolicy('app', 'web-l4', {
      selector: { matchLabels: { app: 'web' } },
      rules: [fromPrincipals(principal(client))],
    });
    expect(new IstioLayer([waypoint, byClient]).decide(flow(client, web, 8080, GET), world).allowed).toBe(false);
    const decision = new IstioLayer([waypoint, onlyWaypointAtZtunnel]).decide(flow(client, web, 8080, GET), world);
    expect(decision.allowed).toBe(true);
    expect(decision.findings.at(-1)!.message).toMatch(
      /matches waypoint app\/waypoint \(mTLS cluster.local\/ns\/app\/sa\/waypoint\) .* at the ztunnel of app\/web/,
    );
  });

  test('can attach a policy to a Service by group core as well as the empty group', () => {
    const world = ambientWorld({ namespaceLabels: useWaypoint });
    const denyPost = authorizationPolicy('app', 'no-post', {
      action: 'DENY',
      targetRefs: [{ group: 'core', kind: 'Service', name: 'web' }],
      rules: [{ to: [{ operation: { methods: ['POST'] } }] }],
    });
    expect(new IstioLayer([waypoint, denyPost]).decide(flow(client, web, 8080, POST), world).allowed).toBe(false);
    expect(new IstioLayer([waypoint, denyPost]).decide(flow(client, web, 8080, GET), world).allowed).toBe(true);
  });

  test('can make the destination ztunnel see the waypoint address as the source IP', () => {
    const world = ambientWorld({ namespaceLabels: useWaypoint });
    const byIp = (block: string): object =>
      authorizationPolicy('app', 'web-l4', {
        selector: { matchLabels: { app: 'web' } },
        rules: [{ from: [{ source: { ipBlocks: [block] } }] }],
      });
    expect(new IstioLayer([waypoint, byIp('10.1.0.99/32')]).decide(flow(client, web, 8080, GET), world).allowed).toBe(
      true,
    );
    expect(new IstioLayer([waypoint, byIp('10.1.0.20/32')]).decide(flow(client, web, 8080, GET), world).allowed).toBe(
      false,
    );
  });

  test('can take the waypoint identity from its pods, or assume the Gateway name', () => {
    const customSa = pod('app', 'waypoint', {
      labels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
      serviceAccount: 'wp-sa',
      dataplane: 'ambient',
    });
    const world = ambientWorld({ namespaceLabels: useWaypoint });
    const customWorld = { ...world, pods: [...world.pods.filter((p) => p.name !== 'waypoint'), customSa] };
    const bySa = authorizationPolicy('app', 'web-l4', {
      selector: { matchLabels: { app: 'web' } },
      rules: [fromPrincipals('cluster.local/ns/app/sa/wp-sa')],
    });
    expect(new IstioLayer([waypoint, bySa]).decide(flow(client, web, 8080, GET), customWorld).allowed).toBe(true);
    const noPods = { ...world, pods: world.pods.filter((p) => p.name !== 'waypoint') };
    const decision = new IstioLayer([waypoint, onlyWaypointAtZtunnel]).decide(flow(client, web, 8080, GET), noPods);
    expect(decision.allowed).toBe(true);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        object: 'Gateway app/waypoint',
        message: expect.stringMatching(/service account is taken to be waypoint/),
      }),
    );
  });

  test('can bypass the L7 policies when the named waypoint does not exist, and explain it', () => {
    const layer = new IstioLayer([onlyGetAtWaypoint]);
    const decision = layer.decide(flow(client, web, 8080, POST), ambientWorld({ namespaceLabels: useWaypoint }));
    expect(decision.allowed).toBe(true);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        object: 'Namespace app',
        message: expect.stringMatching(
          /uses waypoint app\/waypoint, which does not exist .* L7 policies of the waypoint are not applied/,
        ),
      }),
    );
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        object: 'AuthorizationPolicy app/web-l7',
        message: expect.stringMatching(/no waypoint is in the path .* not enforced/),
      }),
    );
  });

  test('can deny the bypass when the ztunnel admits only the waypoint identity', () => {
    const decision = new IstioLayer([onlyGetAtWaypoint, onlyWaypointAtZtunnel]).decide(
      flow(client, web, 8080, GET),
      ambientWorld({ namespaceLabels: useWaypoint }),
    );
    expect(decision.allowed).toBe(false);
  });

  test('can prefer the Service label over the namespace label, and honour none', () => {
    const layer = new IstioLayer([waypoint, waypointGateway('app', 'other-waypoint'), onlyGetAtWaypoint]);
    const viaService = layer.decide(
      flow(client, web, 8080, POST),
      ambientWorld({ namespaceLabels: { 'istio.io/use-waypoint': 'missing' }, serviceLabels: useWaypoint }),
    );
    expect(viaService.allowed).toBe(false);
    expect(viaService.findings).toContainEqual(
      expect.objectContaining({
        object: 'Service app/web',
        message: 'Service app/web uses waypoint app/waypoint for service traffic',
      }),
    );
    const optedOut = layer.decide(
      flow(client, web, 8080, POST),
      ambientWorld({ namespaceLabels: useWaypoint, serviceLabels: { 'istio.io/use-waypoint': 'none' } }),
    );
    expect(optedOut.allowed).toBe(true);
    expect(optedOut.findings[0]).toMatchObject({
      object: 'Service app/web',
      message: expect.stringMatching(/opts out of waypoints/),
    });
  });

  test('can read waypoint enrolment from a Namespace manifest', () => {
    const namespaceManifest = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app', labels: useWaypoint } };
    expect(
      new IstioLayer([namespaceManifest, waypoint, onlyGetAtWaypoint]).decide(
        flow(client, web, 8080, POST),
        ambientWorld(),
      ).allowed,
    ).toBe(false);
    expect(
      new IstioLayer([waypoint, onlyGetAtWaypoint]).decide(flow(client, web, 8080, POST), ambientWorld()).allowed,
    ).toBe(true);
  });

  test('can use a waypoint of another namespace only where its listener allows it', () => {
    const labels = { 'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'mesh-waypoints' };
    const policy = authorizationPolicy('mesh-waypoints', 'get-only', {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared' }],
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
    });
    const world = ambientWorld({ namespaceLabels: labels });
    const same = new IstioLayer([waypointGateway('mesh-waypoints', 'shared'), policy]).decide(
      flow(client, web, 8080, POST),
      world,
    );
    expect(same.allowed).toBe(true);
    expect(same.findings).toContainEqual(
      expect.objectContaining({
        object: 'Gateway mesh-waypoints/shared',
        message: expect.stringMatching(/does not accept namespace app/),
      }),
    );
    const all = new IstioLayer([
      waypointGateway('mesh-waypoints', 'shared', { allowedRoutes: { namespaces: { from: 'All' } } }),
      policy,
    ]);
    expect(all.decide(flow(client, web, 8080, POST), world).allowed).toBe(false);
    expect(all.decide(flow(client, web, 8080, GET), world).allowed).toBe(true);
    const selector = new IstioLayer([
      waypointGateway('mesh-waypoints', 'shared', {
        allowedRoutes: {
          namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } } },
        },
      }),
      policy,
    ]);
    expect(selector.decide(flow(client, web, 8080, POST), world).allowed).toBe(false);
  });

  test('can apply policies attached to the waypoint Gateway and to the istio-waypoint GatewayClass', () => {
    const world = ambientWorld({ namespaceLabels: useWaypoint });
    const onGateway = authorizationPolicy('app', 'gw-deny-post', {
      action: 'DENY',
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }],
      rules: [{ to: [{ operation: { methods: ['POST'] } }] }],
    });
    expect(new IstioLayer([waypoint, onGateway]).decide(flow(client, web, 8080, POST), world).allowed).toBe(false);
    const onClass = authorizationPolicy('istio-system', 'all-waypoints', {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'istio-waypoint' }],
    });
    const decision = new IstioLayer([waypoint, onClass]).decide(flow(client, web, 8080, GET), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        object: 'AuthorizationPolicy istio-system/all-waypoints',
        message: expect.stringMatching(/allows nothing at waypoint app\/waypoint/),
      }),
    );
  });

  test('cannot let a waypoint enforce selector or namespace-wide policies', () => {
    const world = ambientWorld({ namespaceLabels: useWaypoint });
    const denyClient = authorizationPolicy('app', 'deny-client', {
      action: 'DENY',
      selector: { matchLabels: { app: 'web' } },
      rules: [fromPrincipals(principal(client))],
    });
    const denyClientNamespaceWide = authorizationPolicy('app', 'deny-client-ns', {
      action: 'DENY',
      rules: [fromPrincipals(principal(client))],
    });
    for (const policy of [denyClient, denyClientNamespaceWide]) {
      const viaWaypoint = new IstioLayer([waypoint, policy]).decide(flow(client, web, 8080, GET), world);
      expect(viaWaypoint.allowed).toBe(true);
      expect(viaWaypoint.findings.at(-1)!.message).toMatch(
        /no ALLOW policy applies at the ztunnel of app\/web: waypoint app\/waypoint/,
      );
      expect(new IstioLayer([policy]).decide(flow(client, web, 8080, GET), ambientWorld()).allowed).toBe(false);
    }
  });

  test('can skip a service waypoint for workload-addressed traffic and use a workload waypoint', () => {
    const podLabelled = pod('app', 'direct', {
      ports: [[9000, 'http']],
      dataplane: 'ambient',
      labels: { app: 'direct', 'istio.io/use-waypoint': 'waypoint' },
    });
    const denyAtGateway = authorizationPolicy('app', 'gw-deny', {
      action: 'DENY',
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }],
      rules: [{}],
    });
    const world = ambientWorld({ pods: [podLabelled] });
    const serviceOnly = new IstioLayer([waypoint, denyAtGateway]).decide(flow(client, podLabelled, 9000, GET), world);
    expect(serviceOnly.allowed).toBe(true);
    expect(serviceOnly.findings[0]!.message).toMatch(
      /handles service traffic \(istio.io\/waypoint-for\), not workload traffic/,
    );
    const forAll = waypointGateway('app', 'waypoint', { labels: { 'istio.io/waypoint-for': 'all' } });
    expect(new IstioLayer([forAll, denyAtGateway]).decide(flow(client, podLabelled, 9000, GET), world).allowed).toBe(
      false,
    );
  });

  test('can send a sidecar source through the waypoint', () => {
    const layer = new IstioLayer([waypoint, onlyGetAtWaypoint, onlyWaypointAtZtunnel]);
    const world = ambientWorld({ namespaceLabels: useWaypoint });
    expect(layer.decide(flow(sidecarClient, web, 8080, GET), world).allowed).toBe(true);
    expect(layer.decide(flow(sidecarClient, web, 8080, POST), world).allowed).toBe(false);
  });

  test('cannot redirect plaintext to the waypoint: it reaches the ztunnel directly', () => {
    const permissive = new IstioLayer([waypoint, onlyGetAtWaypoint]).decide(
      flow(plain, web, 8080, POST),
      ambientWorld({ namespaceLabels: useWaypoint }),
    );
    expect(permissive.allowed).toBe(true);
    expect(permissive.findings).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(
          /plain\/client has no proxy: its plaintext is not redirected to waypoint app\/waypoint/,
        ),
      }),
    );
    const strict = new IstioLayer([
      waypoint,
      onlyGetAtWaypoint,
      peerAuthentication('app', 'default', { mtls: { mode: 'STRICT' } }),
    ]);
    expect(strict.decide(flow(plain, web, 8080, GET), ambientWorld({ namespaceLabels: useWaypoint })).allowed).toBe(
      false,
    );
  });

  test('can send an ingress gateway through the waypoint only with istio.io/ingress-use-waypoint', () => {
    const ingressL7 = authorizationPolicy('app', 'web-l7', {
      targetRefs: [{ group: '', kind: 'Service', name: 'web' }],
      rules: [{ from: [{ source: { principals: [principal(ingress)] } }], to: [{ operation: { methods: ['GET'] } }] }],
    });
    const layer = new IstioLayer([ingressGateway, waypoint, ingressL7, onlyWaypointAtZtunnel]);
    const without = layer.decide(flow(ingress, web, 8080, GET), ambientWorld({ namespaceLabels: useWaypoint }));
    expect(without.allowed).toBe(false);
    expect(without.findings).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(
          /ingress gateway istio-system\/ingress sends straight to app\/web, skipping waypoint app\/waypoint/,
        ),
      }),
    );
    const withLabel = ambientWorld({
      namespaceLabels: useWaypoint,
      serviceLabels: { 'istio.io/ingress-use-waypoint': 'true' },
    });
    expect(layer.decide(flow(ingress, web, 8080, GET), withLabel).allowed).toBe(true);
    expect(layer.decide(flow(ingress, web, 8080, POST), withLabel).allowed).toBe(false);
  });

  test('can evaluate a missing cluster namespace as unlabelled', () => {
    const world = ambientWorld({ namespaceLabels: useWaypoint });
    const trimmed = {
      ...world,
      namespaces: world.namespaces.filter((ns) => ns.name !== 'app').concat(namespace('elsewhere')),
    };
    expect(new IstioLayer([waypoint, onlyGetAtWaypoint]).decide(flow(client, web, 8080, POST), trimmed).allowed).toBe(
      true,
    );
  });
});
