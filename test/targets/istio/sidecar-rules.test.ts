import { IrPeer, IrPort, IrRule, IrTopology } from '../../../src/ir/types';
import { renderIstio } from '../../../src/targets/istio';
import { exact, fromWorkload, http, rule, tcp, topology, workload, zone } from './ir-fixtures';
import { names, policy, schemaProblems } from './queries';

const shop = zone('shop');
const api = workload('shop', 'api', { ports: [tcp(8080)], appProtocol: 'http' });
const client = workload('shop', 'client');

/** A sidecar topology where `rules` all go into `api`. */
function into(...rules: IrRule[]): IrTopology {
  return topology({ zones: [shop], workloads: [api, client], rules });
}

/** The rules of `api-ingress` for one IR rule from `peer`. */
function rulesFor(peer: IrPeer, ports: readonly IrPort[] = [tcp(8080)], l7?: IrRule['l7']) {
  const docs = renderIstio(into(rule('r', peer, fromWorkload(api), ports, l7)));
  for (const d of docs) expect(schemaProblems(d)).toEqual([]);
  return policy(docs, 'api-ingress').spec.rules;
}

describe('sidecar-mode rules', () => {
  test('can give header conditions their own rule, with the same source', () => {
    const rules = rulesFor(
      fromWorkload(client),
      [tcp(8080)],
      http(
        exact('GET', '/a'),
        {
          method: 'GET',
          path: { kind: 'exact', value: '/b' },
          headers: [{ name: 'x-version', value: 'v1' }, { name: 'x-trace' }],
        },
        exact('PUT', '/c'),
      ),
    );
    const from = [{ source: { principals: ['cluster.local/ns/shop/sa/client'] } }];
    expect(rules).toEqual([
      {
        from,
        to: [
          { operation: { ports: ['8080'], methods: ['GET'], paths: ['/a'] } },
          { operation: { ports: ['8080'], methods: ['PUT'], paths: ['/c'] } },
        ],
      },
      {
        from,
        to: [{ operation: { ports: ['8080'], methods: ['GET'], paths: ['/b'] } }],
        when: [
          { key: 'request.headers[x-version]', values: ['v1'] },
          { key: 'request.headers[x-trace]', values: ['*'] },
        ],
      },
    ]);
  });

  test('can match gRPC as HTTP/2 POST on the method path, or the service prefix', () => {
    const rules = rulesFor(
      fromWorkload(client),
      [tcp(8080)],
      http(
        { headers: [], grpc: { service: 'shop.v1.Cart', method: 'AddItem' } },
        { headers: [], grpc: { service: 'shop.v1.Catalog' } },
        {
          method: 'POST',
          path: { kind: 'exact', value: '/shop.v1.Orders/Get' },
          headers: [],
          grpc: { service: 'shop.v1.Orders', method: 'Get' },
        },
      ),
    );
    expect(rules?.[0].to).toEqual([
      { operation: { ports: ['8080'], methods: ['POST'], paths: ['/shop.v1.Cart/AddItem'] } },
      { operation: { ports: ['8080'], methods: ['POST'], paths: ['/shop.v1.Catalog/*'] } },
      { operation: { ports: ['8080'], methods: ['POST'], paths: ['/shop.v1.Orders/Get'] } },
    ]);
  });

  test('can turn a prefix path into a trailing glob and leave the method open when unset', () => {
    const rules = rulesFor(
      fromWorkload(client),
      [tcp(8080)],
      http({ path: { kind: 'prefix', value: '/static/' }, headers: [] }),
    );
    expect(rules?.[0].to).toEqual([{ operation: { ports: ['8080'], paths: ['/static/*'] } }]);
  });

  test('can drop `to` when one HTTP rule matches every request, rather than write an empty operation', () => {
    const rules = rulesFor(fromWorkload(client), [], http(exact('GET', '/a'), { headers: [] }));
    expect(rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/client'] } }] }]);
  });

  test('can allow a CIDR with its exceptions as ipBlocks / notIpBlocks', () => {
    expect(rulesFor({ kind: 'cidr', cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.0.0/16'] })).toEqual([
      {
        from: [{ source: { ipBlocks: ['10.0.0.0/8'], notIpBlocks: ['10.1.0.0/16', '10.2.0.0/16'] } }],
        to: [{ operation: { ports: ['8080'] } }],
      },
    ]);
  });

  test('can allow the any peer without `from`, and every port without `to`', () => {
    expect(rulesFor({ kind: 'any' })).toEqual([{ to: [{ operation: { ports: ['8080'] } }] }]);
    expect(rulesFor({ kind: 'any' }, [])).toEqual([{}]);
  });

  test('can allow a namespace by name when its pods are not narrowed', () => {
    expect(rulesFor({ kind: 'pods', namespace: 'monitoring', podLabels: {} })).toEqual([
      {
        from: [{ source: { namespaces: ['monitoring'] } }],
        to: [{ operation: { ports: ['8080'] } }],
      },
    ]);
  });

  test('can identify labelled pods by their service account', () => {
    expect(
      rulesFor({ kind: 'pods', namespace: 'monitoring', podLabels: { app: 'prom' }, serviceAccount: 'prom' })?.[0].from,
    ).toEqual([{ source: { principals: ['cluster.local/ns/monitoring/sa/prom'] } }]);
  });

  test('cannot open TCP for a UDP port: UDP entries are skipped, and a UDP-only rule allows nothing', () => {
    expect(rulesFor(fromWorkload(client), [{ protocol: 'UDP', port: 53 }, tcp(8080), tcp(8080)])?.[0].to).toEqual([
      { operation: { ports: ['8080'] } },
    ]);
    const docs = renderIstio(
      into(rule('dns', fromWorkload(client), fromWorkload(api), [{ protocol: 'UDP', port: 53 }])),
    );
    expect(names(docs)).toEqual(['AuthorizationPolicy/shop-default-deny']);
  });

  test('can allow every TCP port when a rule names the protocol without a number', () => {
    expect(rulesFor(fromWorkload(client), [tcp(8080), { protocol: 'TCP' }])?.[0].to).toBeUndefined();
  });

  test('cannot authorize ingress into an open zone (that would deny everything else)', () => {
    const open = zone('shop', { denyIngress: false });
    const docs = renderIstio(
      topology({
        zones: [open],
        workloads: [api, client],
        rules: [rule('r', fromWorkload(client), fromWorkload(api), [tcp(8080)])],
      }),
    );
    expect(docs).toEqual([]);
  });

  test('cannot authorize non-meshed destinations or zones outside the mesh', () => {
    const outside = zone('shop', { meshed: false });
    const plainApi = { ...api, meshed: false };
    const docs = renderIstio(
      topology({
        zones: [outside],
        workloads: [plainApi, client],
        rules: [rule('r', fromWorkload(client), fromWorkload(plainApi), [tcp(8080)])],
      }),
    );
    expect(docs).toEqual([]);
  });

  test("can narrow the allow-nothing policy to a zone's pods", () => {
    const narrowed = zone('shop', { name: 'shop-blue', podSelector: { color: 'blue' } });
    const docs = renderIstio(topology({ zones: [narrowed], workloads: [], rules: [] }));
    expect(policy(docs, 'shop-blue-default-deny').spec).toEqual({ selector: { matchLabels: { color: 'blue' } } });
    for (const d of docs) expect(schemaProblems(d)).toEqual([]);
  });

  test('throws on peers Istio cannot name: entities and namespaces by label (diagnostics), DNS names (invariant)', () => {
    const named: IrPeer[] = [
      { kind: 'entity', entity: 'world' },
      { kind: 'pods', namespaceLabels: { team: 'a' }, podLabels: {}, serviceAccount: 'x' },
    ];
    for (const peer of named) {
      expect(() => renderIstio(into(rule('r', peer, fromWorkload(api), [tcp(8080)])))).toThrow(/ZT311/);
    }
    expect(() =>
      renderIstio(
        into(
          rule('r', { kind: 'fqdn', names: [{ kind: 'exact', value: 'example.com' }] }, fromWorkload(api), [tcp(8080)]),
        ),
      ),
    ).toThrow(/IR invariant broken/);
  });
});
