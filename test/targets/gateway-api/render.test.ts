import { IrTopology } from '../../../src/ir/types';
import { gatewayApiTarget } from '../../../src/targets/gateway-api';
import {
  GatewayManifest,
  GrpcRouteManifest,
  HttpRouteManifest,
  ReferenceGrantManifest,
} from '../../../src/targets/gateway-api/manifests';
import { Manifest, RenderContext } from '../../../src/targets/target';
import {
  ambientIngress,
  backend,
  COMMON_LABELS,
  find,
  gammaCanary,
  gateway,
  gatewayRoute,
  grpcIngress,
  listener,
  match,
  REVIEWS,
  rule,
  toYaml,
  topology,
  WEB_TEST,
  ZONES_LAB,
  zonesLab,
} from './ir-fixtures';

const CTX: RenderContext = { profile: 'cilium', profileTargets: ['cilium', 'gateway-api'] };

function render(ir: IrTopology): readonly Manifest[] {
  return gatewayApiTarget.render(ir, CTX);
}

describe('Gateway API target', () => {
  test('can declare its name, title, enforcement point and the ROUTES capability only', () => {
    expect(gatewayApiTarget.name).toBe('gateway-api');
    expect(gatewayApiTarget.title).toBe('Gateway API');
    expect(gatewayApiTarget.enforcementPoint).toBe('ingress');
    expect([...gatewayApiTarget.capabilities]).toEqual(['routes']);
  });

  test('can render nothing for a topology without gateways or routes', () => {
    expect(render(topology([], [], []))).toEqual([]);
  });

  test('can render the same IR twice to byte-identical YAML', () => {
    for (const ir of [zonesLab(), ambientIngress(), gammaCanary(), grpcIngress()]) {
      expect(toYaml(render(ir))).toBe(toYaml(render(JSON.parse(JSON.stringify(ir)) as IrTopology)));
    }
  });

  test('can label and place every object: common labels, a namespace, gateway.networking.k8s.io/v1', () => {
    for (const ir of [zonesLab(), ambientIngress(), gammaCanary(), grpcIngress()]) {
      for (const m of render(ir)) {
        expect(m.apiVersion).toBe('gateway.networking.k8s.io/v1');
        expect(m.metadata.labels).toEqual(COMMON_LABELS);
        expect(m.metadata.namespace).toMatch(/^[a-z0-9-]+$/);
      }
    }
  });

  test('can order gateways, then routes in IR order, then grants', () => {
    expect(render(grpcIngress()).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Gateway/api-gateway',
      'HTTPRoute/api-routes',
      'GRPCRoute/users-grpc',
      'ReferenceGrant/backend-grpcroutes',
    ]);
  });
});

describe('zones-lab gateway', () => {
  const out = render(zonesLab());

  test('can render the scenario as snapshotted', () => {
    expect(toYaml(out)).toMatchSnapshot();
  });

  test('can render HTTP/80 and HTTPS/443 listeners, TLS terminated with api-tls-secret', () => {
    const gw = find<GatewayManifest>(out, 'Gateway', 'api-gateway');
    expect(gw.metadata.namespace).toBe('backend');
    expect(gw.spec.gatewayClassName).toBe('cilium');
    expect(gw.spec.listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
      {
        name: 'https',
        port: 443,
        protocol: 'HTTPS',
        allowedRoutes: { namespaces: { from: 'Same' } },
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', group: '', name: 'api-tls-secret' }] },
      },
    ]);
  });

  test('can attach the route to the whole gateway in its own namespace, without namespace or sectionName', () => {
    const route = find<HttpRouteManifest>(out, 'HTTPRoute', 'api-routes');
    expect(route.spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'api-gateway' },
    ]);
    expect(route.spec.hostnames).toEqual(['api.example.com']);
  });

  test('can route paths and an exact header to Service ports', () => {
    const rules = find<HttpRouteManifest>(out, 'HTTPRoute', 'api-routes').spec.rules;
    expect(rules.slice(0, 3)).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api/v1' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'http-api', port: 80, weight: 1 }],
      },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api/v2' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'backend', port: 8080, weight: 1 }],
      },
      {
        matches: [{ headers: [{ type: 'Exact', name: 'x-api-version', value: 'v2' }] }],
        backendRefs: [{ group: '', kind: 'Service', name: 'backend', port: 8080, weight: 1 }],
      },
    ]);
  });

  test('can keep canary weights 90/10 as relative weights', () => {
    const canary = find<HttpRouteManifest>(out, 'HTTPRoute', 'api-routes').spec.rules[3];
    expect(canary.backendRefs?.map((b) => [b.name, b.port, b.weight])).toEqual([
      ['http-api', 80, 90],
      ['backend', 8080, 10],
    ]);
  });

  test('can do without a ReferenceGrant when every backend shares the route namespace', () => {
    expect(out.filter((m) => m.kind === 'ReferenceGrant')).toEqual([]);
  });
});

describe('ambient-waypoint ingress', () => {
  const out = render(ambientIngress());

  test('can render the scenario as snapshotted', () => {
    expect(toYaml(out)).toMatchSnapshot();
  });

  test('can render the istio-class gateway with a hostname-bound HTTP listener', () => {
    const gw = find<GatewayManifest>(out, 'Gateway', 'istio-gateway');
    expect(gw.metadata.namespace).toBe('istio-system');
    expect(gw.spec).toEqual({
      gatewayClassName: 'istio',
      listeners: [
        {
          name: 'http',
          port: 80,
          protocol: 'HTTP',
          hostname: 'test.test',
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ],
    });
  });

  test('can point a backendRef into another namespace, with its Service port (not the pod port)', () => {
    const route = find<HttpRouteManifest>(out, 'HTTPRoute', 'web-test');
    expect(route.spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'istio-gateway', sectionName: 'http' },
    ]);
    expect(route.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { group: '', kind: 'Service', name: 'web-test-service', namespace: 'ns-test', port: 80, weight: 1 },
        ],
      },
    ]);
  });

  test('can grant the route namespace access to the backend Service, in the backend namespace', () => {
    const grant = find<ReferenceGrantManifest>(out, 'ReferenceGrant', 'istio-system-httproutes');
    expect(grant.metadata.namespace).toBe('ns-test');
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'istio-system' }],
      to: [{ group: '', kind: 'Service', name: 'web-test-service' }],
    });
  });
});

describe('GAMMA east-west canary', () => {
  const out = render(gammaCanary());

  test('can render the scenario as snapshotted', () => {
    expect(toYaml(out)).toMatchSnapshot();
  });

  test('can attach a route to a Service port, spelling the core group as ""', () => {
    const route = find<HttpRouteManifest>(out, 'HTTPRoute', 'reviews-canary');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'reviews', port: 9080 }]);
    expect(Object.keys(route.spec.parentRefs[0])).toContain('group');
  });

  test('can split 90/10 between two versions, matching every request when the rule has no match', () => {
    const route = find<HttpRouteManifest>(out, 'HTTPRoute', 'reviews-canary');
    expect(route.spec.rules).toEqual([
      {
        backendRefs: [
          { group: '', kind: 'Service', name: 'reviews-v1', port: 9080, weight: 90 },
          { group: '', kind: 'Service', name: 'reviews-v2', port: 9080, weight: 10 },
        ],
      },
    ]);
    expect(route.spec).not.toHaveProperty('hostnames');
  });

  test('can render a same-namespace mesh route alone: no Gateway, no grant', () => {
    expect(out.map((m) => m.kind)).toEqual(['HTTPRoute']);
  });

  test('can name the parent Service namespace of a consumer route (no grant for the parent, one for the backend)', () => {
    const { reviews, v1 } = REVIEWS;
    const ir = topology(
      [reviews, v1],
      [],
      [
        {
          id: 'web/reviews-consumer',
          path: 'lab/web/reviews-consumer',
          kind: 'HTTPRoute',
          name: 'reviews-consumer',
          namespace: 'web',
          parent: { kind: 'Service', workload: reviews.id, service: 'reviews', port: 9080 },
          hostnames: [],
          rules: [rule([match.prefix('/')], backend(reviews))],
        },
      ],
    );
    const consumer = render(ir);
    const route = find<HttpRouteManifest>(consumer, 'HTTPRoute', 'reviews-consumer');
    expect(route.spec.parentRefs).toEqual([
      { group: '', kind: 'Service', name: 'reviews', namespace: 'shop', port: 9080 },
    ]);
    expect(route.spec.rules[0].backendRefs?.[0].namespace).toBe('shop');
    expect(
      consumer.filter((m) => m.kind === 'ReferenceGrant').map((m) => `${m.metadata.namespace}/${m.metadata.name}`),
    ).toEqual(['shop/web-httproutes']);
  });
});

describe('GRPCRoute', () => {
  const out = render(grpcIngress());

  test('can render the scenario as snapshotted', () => {
    expect(toYaml(out.filter((m) => m.kind !== 'HTTPRoute' && m.kind !== 'Gateway'))).toMatchSnapshot();
  });

  test('can match a gRPC service and method exactly, with headers, on one listener', () => {
    const route = find<GrpcRouteManifest>(out, 'GRPCRoute', 'users-grpc');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'api-gateway', sectionName: 'https' },
    ]);
    expect(route.spec.rules[0].matches).toEqual([
      {
        method: { type: 'Exact', service: 'users.v1.UserService', method: 'GetUser' },
        headers: [{ type: 'Exact', name: 'x-tenant', value: 'acme' }],
      },
      { method: { type: 'Exact', service: 'users.v1.Admin' } },
    ]);
    expect(route.spec.rules[0].backendRefs).toEqual([
      { group: '', kind: 'Service', name: 'user-service', namespace: 'users', port: 9090, weight: 1 },
    ]);
  });

  test('can grant GRPCRoutes separately from HTTPRoutes', () => {
    const grant = find<ReferenceGrantManifest>(out, 'ReferenceGrant', 'backend-grpcroutes', 'users');
    expect(grant.spec.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', namespace: 'backend' }]);
    expect(grant.spec.to).toEqual([{ group: '', kind: 'Service', name: 'user-service' }]);
  });
});

describe('route rendering', () => {
  const gw = gateway({
    id: 'edge/public',
    name: 'public',
    namespace: 'edge',
    allowedRoutes: 'All',
    listeners: [listener('http', 80, 'HTTP')],
  });

  test('can attach a route from another namespace to a gateway admitting All, naming the gateway namespace', () => {
    const ir = topology(
      [ZONES_LAB.httpApi],
      [gw],
      [
        gatewayRoute(
          {
            id: 'backend/public-api',
            name: 'public-api',
            namespace: 'backend',
            rules: [rule([match.exact('/healthz', 'GET')], backend(ZONES_LAB.httpApi))],
          },
          gw.id,
        ),
      ],
    );
    const out = render(ir);
    expect(find<GatewayManifest>(out, 'Gateway', 'public').spec.listeners[0].allowedRoutes).toEqual({
      namespaces: { from: 'All' },
    });
    const route = find<HttpRouteManifest>(out, 'HTTPRoute', 'public-api');
    expect(route.spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'edge' },
    ]);
    expect(route.spec.rules[0].matches).toEqual([{ path: { type: 'Exact', value: '/healthz' }, method: 'GET' }]);
    expect(out.some((m) => m.kind === 'ReferenceGrant')).toBe(false);
  });

  test('can omit empty hostnames, matches, headers and backend lists', () => {
    const ir = topology(
      [ZONES_LAB.httpApi],
      [gw],
      [
        gatewayRoute(
          {
            id: 'edge/bare',
            name: 'bare',
            namespace: 'edge',
            rules: [rule([]), rule([{ headers: [] }])],
          },
          gw.id,
        ),
      ],
    );
    const route = find<HttpRouteManifest>(render(ir), 'HTTPRoute', 'bare');
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' }],
      rules: [{}, { matches: [{}] }],
    });
  });

  test('can keep a weight of 0 (a backend that gets no traffic) as given', () => {
    const ir = topology(
      [ZONES_LAB.httpApi, WEB_TEST],
      [gw],
      [
        gatewayRoute(
          {
            id: 'edge/drain',
            name: 'drain',
            namespace: 'edge',
            rules: [rule([], backend(ZONES_LAB.httpApi, 0), backend(WEB_TEST, 3))],
          },
          gw.id,
        ),
      ],
    );
    const refs = find<HttpRouteManifest>(render(ir), 'HTTPRoute', 'drain').spec.rules[0].backendRefs;
    expect(refs?.map((b) => b.weight)).toEqual([0, 3]);
  });

  test('can use empty common labels', () => {
    const ir = { ...zonesLab(), settings: { targetVersions: { cilium: '1.19' }, commonLabels: {} } };
    for (const m of render(ir)) expect(m.metadata.labels).toEqual({});
  });

  test('throws rather than widen a presence-only header condition', () => {
    const ir = topology(
      [ZONES_LAB.httpApi],
      [gw],
      [
        gatewayRoute(
          {
            id: 'edge/presence',
            name: 'presence',
            namespace: 'edge',
            rules: [rule([match.header('x-canary')], backend(ZONES_LAB.httpApi))],
          },
          gw.id,
        ),
      ],
    );
    expect(() => render(ir)).toThrow(/presence of header 'x-canary'/);
  });

  test('throws rather than drop a gRPC condition on an HTTPRoute or a path on a GRPCRoute', () => {
    const grpcOnHttp = topology(
      [ZONES_LAB.backend],
      [gw],
      [
        gatewayRoute(
          {
            id: 'edge/mixed',
            name: 'mixed',
            namespace: 'edge',
            rules: [rule([match.grpc('a.B')], backend(ZONES_LAB.backend))],
          },
          gw.id,
        ),
      ],
    );
    expect(() => render(grpcOnHttp)).toThrow(/HTTPRoute cannot match the gRPC service 'a.B'/);
    const pathOnGrpc = topology(
      [ZONES_LAB.backend],
      [gw],
      [
        gatewayRoute(
          {
            id: 'edge/mixed',
            name: 'mixed',
            namespace: 'edge',
            kind: 'GRPCRoute',
            rules: [rule([match.prefix('/a')], backend(ZONES_LAB.backend))],
          },
          gw.id,
        ),
      ],
    );
    expect(() => render(pathOnGrpc)).toThrow(/GRPCRoute cannot match an HTTP path/);
  });
});
