import { IrGateway, IrRoute, IrRouteMatch, IrTopology } from '../../../src/ir/types';
import { gatewayApiTarget } from '../../../src/targets/gateway-api';
import { GatewayApiCode } from '../../../src/targets/gateway-api/diagnostics';
import { RenderContext, TargetDiagnostic } from '../../../src/targets/target';
import {
  ambientIngress,
  backend,
  gammaCanary,
  gateway,
  gatewayRoute,
  grpcIngress,
  listener,
  match,
  REVIEWS,
  rule,
  topology,
  ZONES_LAB,
  zonesLab,
} from './ir-fixtures';

const CTX: RenderContext = { profile: 'cilium', profileTargets: ['cilium', 'gateway-api'] };
const { httpApi, backend: api } = ZONES_LAB;

function check(ir: IrTopology): readonly TargetDiagnostic[] {
  if (!gatewayApiTarget.check) throw new Error('the Gateway API target has no check');
  return gatewayApiTarget.check(ir, CTX);
}

const PUBLIC = gateway({
  id: 'edge/public',
  name: 'public',
  namespace: 'edge',
  listeners: [listener('http', 80, 'HTTP', { hostname: 'shop.example.com' })],
});

/** A topology with the `public` gateway (or another) and one route in `edge` to http-api. */
function withRoute(p: Partial<IrRoute>, gw: IrGateway = PUBLIC): IrTopology {
  return topology(
    [httpApi, api],
    [gw],
    [
      gatewayRoute(
        {
          id: 'edge/shop',
          name: 'shop',
          namespace: 'edge',
          rules: [rule([match.prefix('/')], backend(httpApi))],
          ...p,
        },
        gw.id,
      ),
    ],
  );
}

/** A topology whose only route has one rule with these matches. */
function withMatches(matches: readonly IrRouteMatch[], kind: IrRoute['kind'] = 'HTTPRoute'): IrTopology {
  return withRoute({ kind, rules: [rule(matches, backend(httpApi))] });
}

function codes(ir: IrTopology): string[] {
  return check(ir).map((d) => d.code);
}

describe('Gateway API check', () => {
  test('can accept every scenario fixture without a diagnostic', () => {
    for (const ir of [zonesLab(), ambientIngress(), gammaCanary(), grpcIngress(), withRoute({})])
      expect(check(ir)).toEqual([]);
  });

  test('can attribute each diagnostic to the route path, as `what. how to fix`', () => {
    const [d] = check(withRoute({ rules: [rule([match.prefix('/')], backend(httpApi, 0))] }));
    expect(d).toEqual({
      code: 'ZT337',
      path: 'lab/edge/shop',
      message: expect.stringMatching(/^HTTPRoute edge\/shop rules\[0\] gives every backend weight 0, .*\. Give .*\.$/),
    });
  });

  describe('ROUTE_WEIGHTS (ZT337)', () => {
    test('cannot accept a negative, fractional or too large weight, one diagnostic per backend', () => {
      const ir = withRoute({
        rules: [rule([match.prefix('/')], backend(httpApi, -1), backend(api, 2.5)), rule([], backend(api, 1_000_001))],
      });
      const diags = check(ir);
      expect(diags.map((d) => d.code)).toEqual(Array(3).fill(GatewayApiCode.ROUTE_WEIGHTS));
      expect(diags.map((d) => d.message)).toEqual([
        expect.stringContaining("rules[0] gives backend 'http-api:80' weight -1."),
        expect.stringContaining("rules[0] gives backend 'backend:8080' weight 2.5."),
        expect.stringContaining("rules[1] gives backend 'backend:8080' weight 1000001."),
      ]);
    });

    test('cannot accept a rule whose weights are all 0, or that has no backend', () => {
      const ir = withRoute({ rules: [rule([], backend(httpApi, 0), backend(api, 0)), rule([match.prefix('/x')])] });
      const diags = check(ir);
      expect(diags.map((d) => d.code)).toEqual([GatewayApiCode.ROUTE_WEIGHTS, GatewayApiCode.ROUTE_WEIGHTS]);
      expect(diags[0].message).toContain('rules[0] gives every backend weight 0');
      expect(diags[1].message).toContain('rules[1] has no backend');
    });

    test('can accept a weight of 0 next to a positive one (a drained backend)', () => {
      expect(check(withRoute({ rules: [rule([], backend(httpApi, 0), backend(api, 1))] }))).toEqual([]);
    });
  });

  describe('ROUTE_SECTION (ZT334) and ROUTE_PARENT (ZT333)', () => {
    test('cannot attach a route to a listener the gateway does not have', () => {
      const ir = topology(
        [httpApi],
        [PUBLIC],
        [
          gatewayRoute(
            {
              id: 'edge/shop',
              name: 'shop',
              namespace: 'edge',
              rules: [rule([], backend(httpApi))],
            },
            PUBLIC.id,
            'https',
          ),
        ],
      );
      const diags = check(ir);
      expect(diags.map((d) => d.code)).toEqual([GatewayApiCode.ROUTE_SECTION]);
      expect(diags[0].message).toContain(
        "listener 'https' of Gateway edge/public, which has no such listener. Use one of: 'http'.",
      );
    });

    test('cannot attach a route to a Service port the Service does not expose', () => {
      const base = gammaCanary();
      const wrongPort = base.routes.map((r) => ({
        ...r,
        parent: { kind: 'Service' as const, workload: REVIEWS.reviews.id, service: 'reviews', port: 8080 },
      }));
      expect(codes({ ...base, routes: wrongPort })).toEqual([GatewayApiCode.ROUTE_SECTION]);
    });

    test('cannot attach a route to a gateway the topology does not define', () => {
      const ir = topology(
        [httpApi],
        [],
        [
          gatewayRoute(
            {
              id: 'edge/shop',
              name: 'shop',
              namespace: 'edge',
              rules: [rule([], backend(httpApi))],
            },
            'edge/missing',
          ),
        ],
      );
      expect(codes(ir)).toEqual([GatewayApiCode.ROUTE_PARENT]);
    });
  });

  describe('ROUTE_NAMESPACE (ZT335)', () => {
    test('cannot attach a route from another namespace to a gateway admitting its own namespace only (the default)', () => {
      const diags = check(withRoute({ id: 'backend/shop', namespace: 'backend' }));
      expect(diags.map((d) => d.code)).toEqual([GatewayApiCode.ROUTE_NAMESPACE]);
      expect(diags[0].message).toContain("Move the route to namespace 'edge'");
    });

    test('can attach a route from another namespace to a gateway admitting All', () => {
      expect(
        check(withRoute({ id: 'backend/shop', namespace: 'backend' }, { ...PUBLIC, allowedRoutes: 'All' })),
      ).toEqual([]);
    });
  });

  describe('ROUTE_HOSTNAME (ZT336)', () => {
    test('cannot attach a route whose hostnames no listener accepts', () => {
      expect(codes(withRoute({ hostnames: ['example.com', 'shop.example.net'] }))).toEqual([
        GatewayApiCode.ROUTE_HOSTNAME,
      ]);
    });

    test('can attach through a wildcard on either side, or when a side names no hostname', () => {
      const wildcard = { ...PUBLIC, listeners: [listener('http', 80, 'HTTP', { hostname: '*.example.com' })] };
      expect(check(withRoute({ hostnames: ['a.b.example.com'] }, wildcard))).toEqual([]);
      expect(check(withRoute({ hostnames: ['*.example.com'] }))).toEqual([]);
      expect(check(withRoute({ hostnames: [] }))).toEqual([]);
      const open = { ...PUBLIC, listeners: [listener('http', 80, 'HTTP')] };
      expect(check(withRoute({ hostnames: ['anything.example.org'] }, open))).toEqual([]);
    });

    test('cannot accept malformed hostnames: upper case, IP addresses, inner wildcards', () => {
      const open = { ...PUBLIC, listeners: [listener('http', 80, 'HTTP')] };
      const diags = check(withRoute({ hostnames: ['Shop.example.com', '10.0.0.1', 'a.*.example.com'] }, open));
      expect(diags.map((d) => d.code)).toEqual(Array(3).fill(GatewayApiCode.ROUTE_HOSTNAME));
    });
  });

  describe('GATEWAY_LISTENERS (ZT331) and GATEWAY_TLS (ZT332)', () => {
    const gw = (listeners: IrGateway['listeners']): IrTopology => topology([], [{ ...PUBLIC, listeners }], []);

    test('cannot accept duplicate listener names', () => {
      const diags = check(gw([listener('web', 80, 'HTTP'), listener('web', 8080, 'HTTP')]));
      expect(diags.map((d) => [d.code, d.path])).toEqual([[GatewayApiCode.GATEWAY_LISTENERS, 'lab/edge/public']]);
      expect(diags[0].message).toBe(
        "Gateway edge/public has more than one listener named 'web'. Give each listener a unique name.",
      );
    });

    test('cannot accept two listeners with one port, protocol and hostname', () => {
      expect(codes(gw([listener('a', 80, 'HTTP'), listener('b', 80, 'HTTP')]))).toEqual([
        GatewayApiCode.GATEWAY_LISTENERS,
      ]);
      const sameHost = [
        listener('a', 80, 'HTTP', { hostname: 'x.io' }),
        listener('b', 80, 'HTTP', { hostname: 'x.io' }),
      ];
      expect(codes(gw(sameHost))).toEqual([GatewayApiCode.GATEWAY_LISTENERS]);
    });

    test('can accept listeners sharing a port that differ by hostname or protocol', () => {
      expect(
        check(
          gw([
            listener('a', 80, 'HTTP', { hostname: 'x.io' }),
            listener('b', 80, 'HTTP'),
            listener('c', 443, 'HTTPS', { certificateSecrets: ['c'] }),
            listener('d', 443, 'HTTPS', { hostname: 'x.io', certificateSecrets: ['d'] }),
          ]),
        ),
      ).toEqual([]);
    });

    test('cannot accept a gateway without listeners, or listeners with a bad name, port or hostname', () => {
      expect(codes(gw([]))).toEqual([GatewayApiCode.GATEWAY_LISTENERS]);
      expect(codes(gw([listener('Web_1', 0, 'HTTP', { hostname: '*' })]))).toEqual(
        Array(3).fill(GatewayApiCode.GATEWAY_LISTENERS),
      );
    });

    test('cannot accept an HTTPS listener without certificate Secrets, nor an HTTP listener with some', () => {
      const diags = check(
        gw([listener('https', 443, 'HTTPS'), listener('http', 80, 'HTTP', { certificateSecrets: ['s'] })]),
      );
      expect(diags.map((d) => d.code)).toEqual([GatewayApiCode.GATEWAY_TLS, GatewayApiCode.GATEWAY_TLS]);
      expect(diags[0].message).toContain("listener 'https' is HTTPS but names no certificate Secret");
    });
  });

  describe('ROUTE_PATH (ZT338)', () => {
    test.each([
      ['api/v1', "does not start with '/'", 'api/v1'],
      ['/api//v1', "contains '//'", '/api//v1'],
      ['/api/./v1', "contains '/./'", '/api/./v1'],
      ['/api/../v1', "contains '/../'", '/api/../v1'],
      ['/api%2fv1', "contains an encoded slash '%2f'", '/api%2fv1'],
      ['/api%2Fv1', "contains an encoded slash '%2f'", '/api%2Fv1'],
      ['/api#top', "contains '#'", '/api#top'],
      ['/api/..', "ends with '/.' or '/..'", '/api/..'],
      ['/api/.', "ends with '/.' or '/..'", '/api/.'],
      ['/api v1', "contains characters that must be percent-encoded: ' '", '/api v1'],
      ['/api%zz', "contains a '%' that does not start a percent-encoded byte", '/api%zz'],
      ['/a…a (1025 characters)', 'is longer than 1024 characters', `/${'a'.repeat(1024)}`],
    ])('cannot accept the path %s, which %s', (_shown, reason, value) => {
      const diags = check(withMatches([match.prefix(value)]));
      expect(diags.map((d) => d.code)).toEqual([GatewayApiCode.ROUTE_PATH]);
      expect(diags[0].message).toContain(reason);
    });

    test('can accept normalized paths with percent-encoded bytes and sub-delimiters', () => {
      expect(check(withMatches([match.exact('/a/b.c/~d/%20e/f:g@h;i=j'), match.prefix('/')]))).toEqual([]);
    });

    test('can report one diagnostic per path, naming every reason', () => {
      const diags = check(withMatches([match.prefix('a//b#c')]));
      expect(diags).toHaveLength(1);
      expect(diags[0].message).toContain("does not start with '/', contains '//', contains '#'");
    });
  });

  describe('ROUTE_HEADER (ZT339)', () => {
    test('cannot match an HTTP/2 pseudo-header', () => {
      const diags = check(withMatches([match.header(':authority', 'x')]));
      expect(diags.map((d) => d.code)).toEqual([GatewayApiCode.ROUTE_HEADER]);
      expect(diags[0].message).toContain("pseudo-header ':authority'");
    });

    test('cannot match one header twice in a match, whatever its case', () => {
      const diags = check(
        withMatches([
          {
            headers: [
              { name: 'x-v', value: '1' },
              { name: 'X-V', value: '2' },
            ],
          },
        ]),
      );
      expect(diags.map((d) => d.code)).toEqual([GatewayApiCode.ROUTE_HEADER]);
      expect(diags[0].message).toContain('only the first condition would count');
    });

    test('can match one header in two different matches', () => {
      expect(check(withMatches([match.header('x-v', '1'), match.header('x-v', '2')]))).toEqual([]);
    });

    test('cannot match a header by presence, by an empty value, or by an invalid name', () => {
      const diags = check(
        withMatches([match.header('x-canary'), match.header('x-empty', ''), match.header('x v', '1')]),
      );
      expect(diags.map((d) => d.code)).toEqual(Array(3).fill(GatewayApiCode.ROUTE_HEADER));
    });
  });

  describe('ROUTE_MATCH (ZT340)', () => {
    test('cannot match an HTTP method outside the Gateway API set', () => {
      expect(codes(withMatches([match.exact('/', 'PROPFIND')]))).toEqual([GatewayApiCode.ROUTE_MATCH]);
      expect(check(withMatches([match.exact('/', 'PATCH')]))).toEqual([]);
    });

    test('cannot mix route kinds: gRPC on an HTTPRoute, a path on a GRPCRoute', () => {
      expect(codes(withMatches([match.grpc('a.B')]))).toEqual([GatewayApiCode.ROUTE_MATCH]);
      expect(codes(withMatches([match.prefix('/a')], 'GRPCRoute'))).toEqual([GatewayApiCode.ROUTE_MATCH]);
    });

    test('cannot match a malformed gRPC service or method', () => {
      expect(codes(withMatches([match.grpc('/pkg.Svc/Get'), match.grpc('pkg.Svc', 'Get-User')], 'GRPCRoute'))).toEqual([
        GatewayApiCode.ROUTE_MATCH,
        GatewayApiCode.ROUTE_MATCH,
      ]);
    });
  });

  describe('ROUTE_LIMITS (ZT341)', () => {
    const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

    test('cannot exceed 16 hostnames, 16 rules, 64 matches a rule, 16 backends a rule or 16 headers a match', () => {
      const open = { ...PUBLIC, listeners: [listener('http', 80, 'HTTP')] };
      const tooMany = check(
        withRoute(
          {
            hostnames: many(17, (i) => `h${i}.example.com`),
            rules: [
              ...many(16, (i) => rule([match.prefix(`/r${i}`)], backend(httpApi))),
              rule(
                many(65, (i) => match.prefix(`/m${i}`)),
                ...many(17, () => backend(httpApi)),
              ),
            ],
          },
          open,
        ),
      );
      expect(tooMany.map((d) => d.message.replace(/^HTTPRoute edge\/shop /, '').split(',')[0])).toEqual([
        'has 17 hostnames',
        'has 17 rules',
        'rules[16] has 65 matches',
        'rules[16] has 17 backends',
      ]);
      expect(tooMany.every((d) => d.code === GatewayApiCode.ROUTE_LIMITS)).toBe(true);
      const headers = many(17, (i) => ({ name: `x-h${i}`, value: 'v' }));
      expect(codes(withMatches([{ headers }]))).toEqual([GatewayApiCode.ROUTE_LIMITS]);
    });

    test('cannot exceed 128 matches across the rules of a route, nor have no rule', () => {
      const rules = many(3, (r) =>
        rule(
          many(43, (i) => match.prefix(`/r${r}/m${i}`)),
          backend(httpApi),
        ),
      );
      const diags = check(withRoute({ rules }));
      expect(diags.map((d) => d.code)).toEqual([GatewayApiCode.ROUTE_LIMITS]);
      expect(diags[0].message).toContain('129 matches in all');
      expect(codes(withRoute({ rules: [] }))).toEqual([GatewayApiCode.ROUTE_LIMITS]);
    });

    test('can hold exactly the CRD maxima', () => {
      const open = { ...PUBLIC, listeners: [listener('http', 80, 'HTTP')] };
      expect(
        check(
          withRoute(
            {
              hostnames: many(16, (i) => `h${i}.example.com`),
              rules: [
                rule(
                  many(64, (i) => match.prefix(`/a${i}`)),
                  ...many(16, () => backend(httpApi)),
                ),
                rule(
                  many(64, (i) => match.prefix(`/b${i}`)),
                  backend(httpApi),
                ),
              ],
            },
            open,
          ),
        ),
      ).toEqual([]);
    });
  });
});
