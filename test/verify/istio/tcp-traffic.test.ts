import { IstioLayer } from '../../../src/verify/istio';
import { authorizationPolicy, cluster, flow, pod } from './cluster-builder';

const db = pod('shop', 'db', {
  ports: [
    [5432, 'tcp-postgres'],
    [8080, 'tcp-admin'],
  ],
});
const client = pod('shop', 'client');
const world = cluster({ pods: [db, client] });
const onDb = { selector: { matchLabels: { app: 'db' } } };

describe('HTTP-only attributes on TCP traffic', () => {
  test('cannot match an ALLOW rule with methods or paths on TCP traffic', () => {
    const layer = new IstioLayer([
      authorizationPolicy('shop', 'db', {
        ...onDb,
        rules: [
          { from: [{ source: { namespaces: ['shop'] } }], to: [{ operation: { ports: ['5432'], methods: ['GET'] } }] },
        ],
      }),
    ]);
    const decision = layer.decide(flow(client, db, 5432), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        object: 'AuthorizationPolicy shop/db',
        rule: 'rules[0]',
        message: expect.stringMatching(/not present in TCP traffic: ALLOW rule omitted \(needs methods\)/),
      }),
    );
  });

  test('can omit the whole ALLOW rule even when only one of its to entries is HTTP', () => {
    const layer = new IstioLayer([
      authorizationPolicy('shop', 'db', {
        ...onDb,
        rules: [{ to: [{ operation: { methods: ['GET'] } }, { operation: { ports: ['5432'] } }] }],
      }),
    ]);
    expect(layer.decide(flow(client, db, 5432), world).allowed).toBe(false);
  });

  test('can deny all TCP traffic with a DENY rule that has methods (missing attributes match)', () => {
    const layer = new IstioLayer([
      authorizationPolicy('shop', 'no-post', {
        ...onDb,
        action: 'DENY',
        rules: [{ to: [{ operation: { methods: ['POST'] } }] }],
      }),
    ]);
    const decision = layer.decide(flow(client, db, 5432), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings.at(-1)).toMatchObject({
      object: 'AuthorizationPolicy shop/no-post',
      rule: 'rules[0]',
      message: expect.stringMatching(/methods not present in TCP traffic and treated as matching/),
    });
  });

  test('can scope such a DENY to its ports', () => {
    const layer = new IstioLayer([
      authorizationPolicy('shop', 'no-post', {
        ...onDb,
        action: 'DENY',
        rules: [{ to: [{ operation: { methods: ['POST'], ports: ['8080'] } }] }],
      }),
    ]);
    expect(layer.decide(flow(client, db, 5432), world).allowed).toBe(true);
    expect(layer.decide(flow(client, db, 8080), world).allowed).toBe(false);
  });

  test('can treat a request on a port declared TCP as TCP', () => {
    const layer = new IstioLayer([
      authorizationPolicy('shop', 'db', { ...onDb, rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }),
    ]);
    const decision = layer.decide(flow(client, db, 5432, { method: 'GET', path: '/' }), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/named 'tcp-postgres': Istio treats it as TCP/) }),
    );
  });
});
