import { IrGateway, IrRoute, IrRouteMatch, IrTopology } from '../../../src/ir/types';
import { gatewayApiTarget } from '../../../src/targets/gateway-api';
import { RenderContext } from '../../../src/targets/target';
import { defaultSchemaValidator } from '../../../src/validation/schema';
import {
  ambientIngress,
  backend,
  gammaCanary,
  gateway,
  gatewayRoute,
  grpcIngress,
  listener,
  match,
  rule,
  topology,
  ZONES_LAB,
  zonesLab,
} from './ir-fixtures';

const CTX: RenderContext = { profile: 'cilium', profileTargets: ['cilium', 'gateway-api'] };
const validator = defaultSchemaValidator();
const { httpApi } = ZONES_LAB;

/** Schema violations of every rendered document, as `Kind/name: message`. */
function violations(ir: IrTopology): string[] {
  return gatewayApiTarget
    .render(ir, CTX)
    .flatMap((m) => validator.validate(m).map((v) => `${v.kind}/${v.name}: ${v.message}`));
}

function diagnostics(ir: IrTopology): string[] {
  return (gatewayApiTarget.check?.(ir, CTX) ?? []).map((d) => d.code);
}

const OPEN = gateway({
  id: 'edge/public',
  name: 'public',
  namespace: 'edge',
  listeners: [listener('http', 80, 'HTTP')],
});

function withRoute(p: Partial<IrRoute>): IrTopology {
  return topology(
    [httpApi],
    [OPEN],
    [
      gatewayRoute(
        {
          id: 'edge/shop',
          name: 'shop',
          namespace: 'edge',
          rules: [rule([match.prefix('/')], backend(httpApi))],
          ...p,
        },
        OPEN.id,
      ),
    ],
  );
}

function withMatch(m: IrRouteMatch, kind: IrRoute['kind'] = 'HTTPRoute'): IrTopology {
  return withRoute({ kind, rules: [rule([m], backend(httpApi))] });
}

function withListeners(listeners: IrGateway['listeners']): IrTopology {
  return topology([], [{ ...OPEN, listeners }], []);
}

describe('Gateway API output against the vendored v1.6.1 CRDs, CEL rules included', () => {
  test('can render every scenario fixture with no schema or CEL violation', () => {
    for (const ir of [zonesLab(), ambientIngress(), gammaCanary(), grpcIngress(), withRoute({})]) {
      expect(violations(ir)).toEqual([]);
    }
    expect(validator.unevaluatedRules()).toEqual([]);
  });

  test('can render every kind with a served schema', () => {
    const kinds = new Set(gatewayApiTarget.render(grpcIngress(), CTX).map((m) => `${m.apiVersion} ${m.kind}`));
    expect([...kinds].sort()).toEqual([
      'gateway.networking.k8s.io/v1 GRPCRoute',
      'gateway.networking.k8s.io/v1 Gateway',
      'gateway.networking.k8s.io/v1 HTTPRoute',
      'gateway.networking.k8s.io/v1 ReferenceGrant',
    ]);
    for (const k of kinds) expect(validator.hasSchema(...(k.split(' ') as [string, string]))).toBe(true);
  });

  test('can render the CRD maxima without violation', () => {
    const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
    const ir = withRoute({
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
    });
    expect(diagnostics(ir)).toEqual([]);
    expect(violations(ir)).toEqual([]);
  });

  /** Inputs `check` refuses that the API server would also reject, with the API server's reason. */
  const rejected: readonly (readonly [string, string, () => IrTopology])[] = [
    ['a path without a leading slash', 'must be an absolute path', () => withMatch(match.prefix('api'))],
    ["a path with '//'", "must not contain '//'", () => withMatch(match.prefix('/a//b'))],
    ["a path with '/./'", "must not contain '/./'", () => withMatch(match.exact('/a/./b'))],
    ["a path with '/../'", "must not contain '/../'", () => withMatch(match.prefix('/a/../b'))],
    ["a path with '%2f'", "must not contain '%2f'", () => withMatch(match.prefix('/a%2fb'))],
    ["a path with '%2F'", "must not contain '%2F'", () => withMatch(match.prefix('/a%2Fb'))],
    ["a path with '#'", "must not contain '#'", () => withMatch(match.prefix('/a#b'))],
    ["a path ending in '/..'", "must not end with '/..'", () => withMatch(match.prefix('/a/..'))],
    ['a path with a space', 'must only contain valid characters', () => withMatch(match.prefix('/a b'))],
    [
      'a path longer than 1024 characters',
      'must be at most 1024 characters long',
      () => withMatch(match.prefix(`/${'a'.repeat(1024)}`)),
    ],
    ['a pseudo-header', 'headers[0].name: ":path" does not match pattern', () => withMatch(match.header(':path', '/'))],
    [
      'a header named twice',
      'duplicate entry with key name="x-a"',
      () =>
        withMatch({
          headers: [
            { name: 'x-a', value: '1' },
            { name: 'x-a', value: '2' },
          ],
        }),
    ],
    ['an empty header value', 'value: must be at least 1 characters long', () => withMatch(match.header('x-a', ''))],
    [
      '17 headers',
      'headers: must have at most 16 items',
      () => withMatch({ headers: Array.from({ length: 17 }, (_, i) => ({ name: `x-${i}`, value: 'v' })) }),
    ],
    ['an unknown method', 'unsupported value "PROPFIND"', () => withMatch(match.exact('/', 'PROPFIND'))],
    [
      'a malformed gRPC service',
      'service must only contain valid characters',
      () => withMatch(match.grpc('pkg/Svc'), 'GRPCRoute'),
    ],
    [
      'a malformed gRPC method',
      'method must only contain valid characters',
      () => withMatch(match.grpc('pkg.Svc', 'Get-User'), 'GRPCRoute'),
    ],
    [
      'a negative weight',
      'weight: -1 must be greater than or equal to 0',
      () => withRoute({ rules: [rule([], backend(httpApi, -1))] }),
    ],
    [
      'a weight above 1000000',
      'weight: 1000001 must be less than or equal to 1000000',
      () => withRoute({ rules: [rule([], backend(httpApi, 1_000_001))] }),
    ],
    [
      '17 hostnames',
      'spec.hostnames: must have at most 16 items',
      () => withRoute({ hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) }),
    ],
    [
      'an upper-case hostname',
      'spec.hostnames[0]: "Shop.example.com" does not match pattern',
      () => withRoute({ hostnames: ['Shop.example.com'] }),
    ],
    [
      '17 rules',
      'spec.rules: must have at most 16 items',
      () => withRoute({ rules: Array.from({ length: 17 }, () => rule([], backend(httpApi))) }),
    ],
    ['an HTTPRoute without rules', 'spec.rules: must have at least 1 items', () => withRoute({ rules: [] })],
    [
      '17 backends',
      'backendRefs: must have at most 16 items',
      () => withRoute({ rules: [rule([], ...Array.from({ length: 17 }, () => backend(httpApi)))] }),
    ],
    [
      '129 matches',
      'the total number of matches across all rules in a route must be less than 128',
      () =>
        withRoute({
          rules: [0, 1, 2].map((r) =>
            rule(
              Array.from({ length: 43 }, (_, i) => match.prefix(`/${r}/${i}`)),
              backend(httpApi),
            ),
          ),
        }),
    ],
    [
      'duplicate listener names',
      'Listener name must be unique within the Gateway',
      () => withListeners([listener('web', 80, 'HTTP'), listener('web', 81, 'HTTP')]),
    ],
    [
      'clashing listeners',
      'Combination of port, protocol and hostname must be unique for each listener',
      () => withListeners([listener('a', 80, 'HTTP'), listener('b', 80, 'HTTP')]),
    ],
    ['a gateway without listeners', 'spec.listeners: must have at least 1 items', () => withListeners([])],
    [
      'an HTTPS listener without certificates',
      'spec.listeners[0].tls: CEL rule',
      () => withListeners([listener('https', 443, 'HTTPS')]),
    ],
    [
      'a malformed listener hostname',
      'hostname: "a.*.io" does not match pattern',
      () => withListeners([listener('a', 80, 'HTTP', { hostname: 'a.*.io' })]),
    ],
    [
      'a malformed listener name',
      'name: "Web_1" does not match pattern',
      () => withListeners([listener('Web_1', 80, 'HTTP')]),
    ],
  ];

  test.each(rejected)('cannot accept %s, and neither can the API server (%s)', (_what, reason, build) => {
    const ir = build();
    expect(diagnostics(ir).length).toBeGreaterThan(0);
    expect(violations(ir)).toContainEqual(expect.stringContaining(reason));
  });
});
