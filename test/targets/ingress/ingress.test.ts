import { IrRoute, IrTopology } from '../../../src/ir/types';
import { gatewayApiTarget } from '../../../src/targets/gateway-api';
import { ingressTarget } from '../../../src/targets/ingress';
import { RenderContext } from '../../../src/targets/target';
import { defaultSchemaValidator } from '../../../src/validation/schema';
import { backend, gateway, gatewayRoute, listener, match, rule, topology, ZONES_LAB } from '../gateway-api/ir-fixtures';
import { ingress, NGINX } from './ir-fixtures';

const CTX: RenderContext = { profile: 'cilium', profileTargets: ['cilium', 'gateway-api', 'ingress'] };
const validator = defaultSchemaValidator();
const { backend: api, httpApi } = ZONES_LAB;

const ir = (...routes: IrRoute[]): IrTopology => topology([httpApi, api], [NGINX], routes);
const codes = (t: IrTopology): string[] => (ingressTarget.check?.(t, CTX) ?? []).map((d) => d.code);
const messages = (t: IrTopology): string[] =>
  (ingressTarget.check?.(t, CTX) ?? []).map((d) => `${d.code}: ${d.message}`);

describe('ingress target', () => {
  test('renders one Ingress per route: a rule per host, every path, TLS (snapshot)', () => {
    expect(ingressTarget.render(ir(ingress()), CTX)).toMatchSnapshot();
  });

  test('renders documents that validate against the networking.k8s.io/v1 schema', () => {
    const docs = ingressTarget.render(
      ir(ingress(), ingress({ id: 'nginx/all', name: 'all', hostnames: [], tls: [] })),
      CTX,
    );
    expect(docs).toHaveLength(2);
    expect(docs.flatMap((m) => validator.validate(m).map((v) => `${v.kind}/${v.name}: ${v.message}`))).toEqual([]);
    expect(docs[1].spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ http: { paths: expect.any(Array) } }],
    });
  });

  test('renders nothing for Gateway API gateways, and the Gateway API target nothing for ingress controllers', () => {
    const gw = gateway({ id: 'edge', name: 'edge', namespace: 'backend', listeners: [listener('http', 80, 'HTTP')] });
    const route = gatewayRoute(
      { id: 'edge/r', name: 'r', namespace: 'backend', rules: [rule([], backend(api))] },
      'edge',
    );
    const mixed = topology([httpApi, api], [NGINX, gw], [ingress(), route]);
    expect(ingressTarget.render(mixed, CTX).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['Ingress/api']);
    expect(gatewayApiTarget.render(mixed, CTX).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Gateway/edge',
      'HTTPRoute/r',
    ]);
    expect(gatewayApiTarget.check?.(mixed, CTX)).toEqual([]);
  });

  test('accepts what an Ingress expresses', () => {
    expect(codes(ir(ingress()))).toEqual([]);
  });

  test.each<[string, Partial<IrRoute>, string, RegExp]>([
    [
      'a header match',
      { rules: [rule([match.prefix('/', [{ name: 'x-canary', value: 'yes' }])], backend(api))] },
      'ZT342',
      /rules\[0\]\.matches\[0\] matches headers \(x-canary\), which an Ingress cannot express/,
    ],
    ['a method match', { rules: [rule([match.exact('/', 'POST')], backend(api))] }, 'ZT342', /matches method POST/],
    [
      'a gRPC match',
      { rules: [rule([{ headers: [], grpc: { service: 'shop.v1.Cart' } }], backend(api))] },
      'ZT342',
      /matches gRPC service shop\.v1\.Cart/,
    ],
    [
      'weighted backends',
      { rules: [rule([], backend(api, 90), backend(httpApi, 10))] },
      'ZT343',
      /splits traffic over 2 backends/,
    ],
    ['a backend of weight 0', { rules: [rule([], backend(api, 0))] }, 'ZT343', /weight 0/],
    [
      'a backend in another namespace',
      { namespace: 'edge' },
      'ZT344',
      /rules\[0\] routes to Service backend\/http-api, but an Ingress reaches Services of its own namespace only/,
    ],
    [
      'TLS for a host it does not route',
      { tls: [{ secretName: 'x', hosts: ['admin.example.com'] }] },
      'ZT345',
      /serves host 'admin\.example\.com', which the Ingress does not route/,
    ],
    ['TLS without hosts', { hostnames: [], tls: [{ secretName: 'x', hosts: [] }] }, 'ZT345', /serves no host/],
    ['a relative path', { rules: [rule([match.prefix('api')], backend(api))] }, 'ZT346', /must be an absolute path/],
    ['a path with //', { rules: [rule([match.prefix('/a//b')], backend(api))] }, 'ZT346', /contains '\/\/'/],
    ['a path ending in /..', { rules: [rule([match.exact('/a/..')], backend(api))] }, 'ZT346', /ends with '\/\.\.'/],
    [
      'one path in two rules',
      { rules: [rule([match.prefix('/a')], backend(api)), rule([match.prefix('/a')], backend(httpApi))] },
      'ZT346',
      /rules\[0\] and rules\[1\] both match Prefix '\/a'/,
    ],
    ['an IP address as host', { hostnames: ['10.0.0.1'], tls: [] }, 'ZT347', /has host '10\.0\.0\.1'/],
    [
      'a wildcard inside a host',
      { hostnames: ['a.*.example.com'], tls: [] },
      'ZT347',
      /has host 'a\.\*\.example\.com'/,
    ],
    ['no rule', { rules: [] }, 'ZT348', /has no rule/],
    ['a rule without backend', { rules: [rule([match.prefix('/')])] }, 'ZT348', /rules\[0\] has no backend/],
  ])('refuses %s', (_what, p, code, message) => {
    const out = messages(ir(ingress(p)));
    expect(out.map((m) => m.slice(0, 5))).toContain(code);
    expect(out.find((m) => m.startsWith(code))).toMatch(message);
  });

  test('reads a rule without matches as the prefix /', () => {
    const [doc] = ingressTarget.render(ir(ingress({ rules: [rule([], backend(api))], tls: [] })), CTX);
    expect((doc.spec as any).rules[0].http.paths).toEqual([
      { path: '/', pathType: 'Prefix', backend: { service: { name: 'backend', port: { number: 8080 } } } },
    ]);
  });
});
