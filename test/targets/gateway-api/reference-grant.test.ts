import { IrRoute, IrWorkload } from '../../../src/ir/types';
import { renderReferenceGrants } from '../../../src/targets/gateway-api/reference-grant';
import { RouteIndex } from '../../../src/targets/gateway-api/route-index';
import {
  backend,
  COMMON_LABELS,
  gateway,
  gatewayRoute,
  listener,
  match,
  rule,
  serviceWorkload,
  topology,
} from './ir-fixtures';

const GW = gateway({
  id: 'edge/public',
  name: 'public',
  namespace: 'edge',
  allowedRoutes: 'All',
  listeners: [listener('http', 80, 'HTTP')],
});

function grantsOf(workloads: readonly IrWorkload[], routes: readonly IrRoute[]) {
  const ir = topology(workloads, [GW], routes);
  return renderReferenceGrants(ir.routes, new RouteIndex(ir), COMMON_LABELS);
}

function route(id: string, kind: IrRoute['kind'], ...targets: IrWorkload[]): IrRoute {
  const [namespace, name] = id.split('/');
  return gatewayRoute(
    {
      id,
      name,
      namespace,
      kind,
      rules: targets.map((w) =>
        rule(kind === 'GRPCRoute' ? [match.grpc('a.B')] : [match.prefix(`/${w.name}`)], backend(w)),
      ),
    },
    GW.id,
  );
}

describe('ReferenceGrant', () => {
  const orders = serviceWorkload('shop/orders', 'shop', 'orders', 80);
  const cart = serviceWorkload('shop/cart', 'shop', 'cart', 80);
  const search = serviceWorkload('catalog/search', 'catalog', 'search', 80);
  const local = serviceWorkload('edge/local', 'edge', 'local', 80);

  test('can grant nothing to a route whose backends share its namespace', () => {
    expect(grantsOf([local], [route('edge/home', 'HTTPRoute', local)])).toEqual([]);
  });

  test('can merge the Services of several routes of one namespace and kind into one grant, sorted and deduplicated', () => {
    const grants = grantsOf(
      [orders, cart],
      [route('edge/b', 'HTTPRoute', orders, cart), route('edge/a', 'HTTPRoute', orders)],
    );
    expect(grants).toHaveLength(1);
    expect(grants[0].metadata).toEqual({ name: 'edge-httproutes', namespace: 'shop', labels: COMMON_LABELS });
    expect(grants[0].spec.to.map((t) => t.name)).toEqual(['cart', 'orders']);
  });

  test('can keep one grant per (backend namespace, route namespace, route kind), sorted by namespace then name', () => {
    const grants = grantsOf(
      [orders, search, local],
      [
        route('edge/web', 'HTTPRoute', orders, search),
        route('edge/rpc', 'GRPCRoute', orders),
        route('catalog/browse', 'HTTPRoute', orders, search),
      ],
    );
    expect(grants.map((g) => `${g.metadata.namespace}/${g.metadata.name}:${g.spec.from[0].kind}`)).toEqual([
      'catalog/edge-httproutes:HTTPRoute',
      'shop/catalog-httproutes:HTTPRoute',
      'shop/edge-grpcroutes:GRPCRoute',
      'shop/edge-httproutes:HTTPRoute',
    ]);
    const fromCatalog = grants.find((g) => g.metadata.namespace === 'shop' && g.metadata.name === 'catalog-httproutes');
    expect(fromCatalog?.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'catalog' }],
      to: [{ group: '', kind: 'Service', name: 'orders' }],
    });
  });

  test('can split a grant past the 16 Services a ReferenceGrant may list', () => {
    const names = Array.from({ length: 17 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
    const many = names.map((n) => serviceWorkload(`shop/${n}`, 'shop', n, 80));
    const grants = grantsOf(many, [
      route('edge/big', 'HTTPRoute', ...many.slice(0, 16)),
      route('edge/more', 'HTTPRoute', many[16]),
    ]);
    expect(grants.map((g) => [g.metadata.name, g.spec.to.length])).toEqual([
      ['edge-httproutes', 16],
      ['edge-httproutes-2', 1],
    ]);
    expect(grants[0].spec.to.map((t) => t.name)).toEqual(names.slice(0, 16));
    expect(grants[1].spec.to).toEqual([{ group: '', kind: 'Service', name: 'svc-16' }]);
  });

  test('can order grants independently of route order', () => {
    const forward = grantsOf(
      [orders, search],
      [route('edge/x', 'HTTPRoute', orders), route('catalog/y', 'HTTPRoute', orders, search)],
    );
    const backward = grantsOf(
      [orders, search],
      [route('catalog/y', 'HTTPRoute', search, orders), route('edge/x', 'HTTPRoute', orders)],
    );
    expect(forward.map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).toEqual([
      'shop/catalog-httproutes',
      'shop/edge-httproutes',
    ]);
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
  });
});
