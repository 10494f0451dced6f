import { IstioLayer } from '../../../src/verify/istio';
import { authorizationPolicy, cluster, flow, fromPrincipals, pod } from './cluster-builder';

const api = pod('shop', 'api', { ports: [[8080, 'http'], [5432]] });
const client = pod('shop', 'client');
const other = pod('shop', 'other');
const world = cluster({ pods: [api, client, other] });
const onApi = { selector: { matchLabels: { app: 'api' } } };
const GET = { method: 'GET', path: '/' };

describe('AuthorizationPolicy evaluation order and empty forms', () => {
  test('can allow everything when no ALLOW policy applies', () => {
    const decision = new IstioLayer([]).decide(flow(client, api, 8080, GET), world);
    expect(decision).toMatchObject({ layer: 'istio', allowed: true });
    expect(decision.findings.at(-1)!.message).toMatch(
      /no ALLOW policy applies at the sidecar of shop\/api: .* allowed by default/,
    );
  });

  test('can deny everything with an allow-nothing policy (spec: {})', () => {
    const decision = new IstioLayer([authorizationPolicy('shop', 'allow-nothing', {})]).decide(
      flow(client, api, 8080, GET),
      world,
    );
    expect(decision.allowed).toBe(false);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        object: 'AuthorizationPolicy shop/allow-nothing',
        message: expect.stringMatching(/has no rules: allows nothing/),
      }),
    );
  });

  test('cannot allow anything with an empty rule list (rules: [])', () => {
    expect(
      new IstioLayer([authorizationPolicy('shop', 'empty', { rules: [] })]).decide(flow(client, api, 8080, GET), world)
        .allowed,
    ).toBe(false);
  });

  test('can allow everything with one empty rule (rules: [{}])', () => {
    const decision = new IstioLayer([
      authorizationPolicy('shop', 'allow-nothing', {}),
      authorizationPolicy('shop', 'allow-all', { rules: [{}] }),
    ]).decide(flow(client, api, 5432), world);
    expect(decision.allowed).toBe(true);
    expect(decision.findings.at(-1)).toMatchObject({
      object: 'AuthorizationPolicy shop/allow-all',
      rule: 'rules[0]',
      message: expect.stringMatching(/empty rule matches everything/),
    });
  });

  test('can let a matching DENY win over a matching ALLOW', () => {
    const decision = new IstioLayer([
      authorizationPolicy('shop', 'allow-all', { rules: [{}] }),
      authorizationPolicy('shop', 'deny-client', {
        ...onApi,
        action: 'DENY',
        rules: [fromPrincipals('cluster.local/ns/shop/sa/client')],
      }),
    ]).decide(flow(client, api, 8080, GET), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings.at(-1)).toMatchObject({
      object: 'AuthorizationPolicy shop/deny-client',
      rule: 'rules[0]',
      message: expect.stringMatching(/^DENY rule matches shop\/client/),
    });
  });

  test('can deny when ALLOW policies exist and none matches, naming them', () => {
    const decision = new IstioLayer([
      authorizationPolicy('shop', 'only-other', {
        ...onApi,
        rules: [fromPrincipals('cluster.local/ns/shop/sa/other')],
      }),
    ]).decide(flow(client, api, 8080, GET), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings.at(-1)!.message).toMatch(
      /ALLOW policies apply at the sidecar of shop\/api \(shop\/only-other\) and none matches/,
    );
  });

  test('can report the ALLOW rule index that decided', () => {
    const decision = new IstioLayer([
      authorizationPolicy('shop', 'api', {
        ...onApi,
        rules: [fromPrincipals('cluster.local/ns/shop/sa/other'), fromPrincipals('cluster.local/ns/shop/sa/client')],
      }),
    ]).decide(flow(client, api, 8080, GET), world);
    expect(decision.allowed).toBe(true);
    expect(decision.findings.at(-1)).toMatchObject({ object: 'AuthorizationPolicy shop/api', rule: 'rules[1]' });
  });

  test('cannot let AUDIT policies affect the decision', () => {
    const audit = authorizationPolicy('shop', 'audit-all', { action: 'AUDIT', rules: [{}] });
    expect(new IstioLayer([audit]).decide(flow(client, api, 8080, GET), world).allowed).toBe(true);
    expect(
      new IstioLayer([audit, authorizationPolicy('shop', 'allow-nothing', {})]).decide(
        flow(client, api, 8080, GET),
        world,
      ).allowed,
    ).toBe(false);
  });

  test('can treat a matching CUSTOM policy as an unknowable deny', () => {
    const custom = authorizationPolicy('shop', 'ext-authz', {
      action: 'CUSTOM',
      provider: { name: 'opa' },
      rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }],
    });
    const layer = new IstioLayer([custom]);
    const denied = layer.decide(flow(client, api, 8080, { method: 'GET', path: '/admin/users' }), world);
    expect(denied.allowed).toBe(false);
    expect(denied.findings.at(-1)).toMatchObject({
      object: 'AuthorizationPolicy shop/ext-authz',
      rule: 'rules[0]',
      message: expect.stringMatching(/provider opa.*cannot be known.*treated as a deny/),
    });
    expect(layer.decide(flow(client, api, 8080, { method: 'GET', path: '/public' }), world).allowed).toBe(true);
  });

  test('cannot enforce a dry-run policy', () => {
    const decision = new IstioLayer([
      authorizationPolicy('shop', 'deny-all', { action: 'DENY', rules: [{}] }, { 'istio.io/dry-run': 'true' }),
    ]).decide(flow(client, api, 8080, GET), world);
    expect(decision.allowed).toBe(true);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        object: 'AuthorizationPolicy shop/deny-all',
        message: expect.stringMatching(/dry-run/),
      }),
    );
  });
});
