import { IstioLayer } from '../../../src/verify/istio';
import { authorizationPolicy, cluster, flow, pod } from './cluster-builder';

const api = pod('shop', 'api', {
  ports: [
    [8080, 'http'],
    [9090, 'http-metrics'],
  ],
  ip: '10.0.0.10',
});
const client = pod('shop', 'client', { ip: '10.0.1.5' });
const admin = pod('ops', 'admin', { ip: '10.9.0.7' });
const noIp = pod('ops', 'no-ip');
const world = cluster({ pods: [api, client, admin, noIp] });
const onApi = { selector: { matchLabels: { app: 'api' } } };
const GET = (path = '/'): { method: string; path: string } => ({ method: 'GET', path });

function allowsWith(rule: object, from = client, port = 8080, request: object | undefined = GET()): boolean {
  const layer = new IstioLayer([authorizationPolicy('shop', 'api', { ...onApi, rules: [rule] })]);
  return layer.decide(flow(from, api, port, request as never), world).allowed;
}

describe('AuthorizationPolicy rule matching', () => {
  test('can AND from, to and when within one rule', () => {
    const rule = {
      from: [{ source: { namespaces: ['shop'] } }],
      to: [{ operation: { methods: ['GET'] } }],
      when: [{ key: 'request.headers[x-team]', values: ['blue'] }],
    };
    expect(allowsWith(rule, client, 8080, { method: 'GET', path: '/', headers: { 'X-Team': 'blue' } })).toBe(true);
    expect(allowsWith(rule, client, 8080, { method: 'GET', path: '/', headers: { 'X-Team': 'red' } })).toBe(false);
    expect(allowsWith(rule, client, 8080, { method: 'POST', path: '/', headers: { 'X-Team': 'blue' } })).toBe(false);
    expect(allowsWith(rule, admin, 8080, { method: 'GET', path: '/', headers: { 'X-Team': 'blue' } })).toBe(false);
  });

  test('can OR the entries of from and of to', () => {
    const rule = {
      from: [{ source: { namespaces: ['ops'] } }, { source: { principals: ['cluster.local/ns/shop/sa/client'] } }],
      to: [{ operation: { paths: ['/a'] } }, { operation: { paths: ['/b'] } }],
    };
    expect(allowsWith(rule, client, 8080, GET('/b'))).toBe(true);
    expect(allowsWith(rule, admin, 8080, GET('/a'))).toBe(true);
    expect(allowsWith(rule, client, 8080, GET('/c'))).toBe(false);
  });

  test('can match principals with prefix and suffix wildcards', () => {
    expect(allowsWith({ from: [{ source: { principals: ['*/ns/shop/sa/client'] } }] })).toBe(true);
    expect(allowsWith({ from: [{ source: { principals: ['cluster.local/ns/shop/*'] } }] })).toBe(true);
    expect(allowsWith({ from: [{ source: { principals: ['cluster.local/ns/ops/*'] } }] })).toBe(false);
  });

  test('can match principals of a configured trust domain only', () => {
    const policy = authorizationPolicy('shop', 'api', {
      ...onApi,
      rules: [{ from: [{ source: { principals: ['corp.example/ns/shop/sa/client'] } }] }],
    });
    expect(
      new IstioLayer([policy], { trustDomain: 'corp.example' }).decide(flow(client, api, 8080, GET()), world).allowed,
    ).toBe(true);
    expect(new IstioLayer([policy]).decide(flow(client, api, 8080, GET()), world).allowed).toBe(false);
  });

  test('can match namespaces, notNamespaces and notPrincipals', () => {
    expect(allowsWith({ from: [{ source: { namespaces: ['shop'] } }] })).toBe(true);
    expect(allowsWith({ from: [{ source: { notNamespaces: ['shop'] } }] })).toBe(false);
    expect(allowsWith({ from: [{ source: { notPrincipals: ['*/sa/client'] } }] })).toBe(false);
    expect(allowsWith({ from: [{ source: { notPrincipals: ['*/sa/client'] } }] }, admin)).toBe(true);
  });

  test('can match serviceAccounts as namespace/name, defaulting to the policy namespace', () => {
    expect(allowsWith({ from: [{ source: { serviceAccounts: ['shop/client'] } }] })).toBe(true);
    expect(allowsWith({ from: [{ source: { serviceAccounts: ['client'] } }] })).toBe(true);
    expect(allowsWith({ from: [{ source: { serviceAccounts: ['admin'] } }] }, admin)).toBe(false);
    expect(allowsWith({ from: [{ source: { serviceAccounts: ['ops/admin'] } }] }, admin)).toBe(true);
  });

  test('can match ipBlocks and notIpBlocks on the source IP', () => {
    expect(allowsWith({ from: [{ source: { ipBlocks: ['10.0.1.0/24'] } }] })).toBe(true);
    expect(allowsWith({ from: [{ source: { ipBlocks: ['10.0.1.0/24'] } }] }, admin)).toBe(false);
    expect(allowsWith({ from: [{ source: { notIpBlocks: ['10.0.1.5'] } }] })).toBe(false);
    expect(allowsWith({ from: [{ source: { remoteIpBlocks: ['10.9.0.0/16'] } }] }, admin)).toBe(true);
  });

  test('cannot assume an ALLOW ipBlock matches an unknown IP, and assumes a DENY one does', () => {
    expect(allowsWith({ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] }, noIp)).toBe(false);
    const deny = new IstioLayer([
      authorizationPolicy('shop', 'deny', {
        ...onApi,
        action: 'DENY',
        rules: [{ from: [{ source: { ipBlocks: ['192.168.0.0/16'] } }] }],
      }),
    ]);
    const decision = deny.decide(flow(noIp, api, 8080, GET()), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings.at(-1)!.message).toMatch(/assumed to match: the source IP of ops\/no-ip .* is unknown/);
  });

  test('can match ports against the workload port, not a Service port', () => {
    expect(allowsWith({ to: [{ operation: { ports: ['8080'] } }] }, client, 8080)).toBe(true);
    expect(allowsWith({ to: [{ operation: { ports: ['80'] } }] }, client, 8080)).toBe(false);
    expect(allowsWith({ to: [{ operation: { notPorts: ['8080'] } }] }, client, 8080)).toBe(false);
  });

  test('can match methods and notMethods', () => {
    expect(allowsWith({ to: [{ operation: { methods: ['GET', 'HEAD'] } }] })).toBe(true);
    expect(allowsWith({ to: [{ operation: { methods: ['POST'] } }] })).toBe(false);
    expect(allowsWith({ to: [{ operation: { notMethods: ['GET'] } }] })).toBe(false);
  });

  test('can match paths exactly, by prefix, by suffix and by presence, ignoring the query', () => {
    expect(
      allowsWith(
        { to: [{ operation: { paths: ['/api/v1/products'] } }] },
        client,
        8080,
        GET('/api/v1/products?page=2'),
      ),
    ).toBe(true);
    expect(
      allowsWith({ to: [{ operation: { paths: ['/api/v1/products'] } }] }, client, 8080, GET('/api/v1/products/1')),
    ).toBe(false);
    expect(allowsWith({ to: [{ operation: { paths: ['/api/*'] } }] }, client, 8080, GET('/api/v1'))).toBe(true);
    expect(allowsWith({ to: [{ operation: { paths: ['*.css'] } }] }, client, 8080, GET('/static/site.css'))).toBe(true);
    expect(allowsWith({ to: [{ operation: { paths: ['*'] } }] }, client, 8080, GET('/x'))).toBe(true);
    expect(allowsWith({ to: [{ operation: { notPaths: ['/admin*'] } }] }, client, 8080, GET('/admin/users'))).toBe(
      false,
    );
  });

  test('cannot read paths as regular expressions', () => {
    expect(allowsWith({ to: [{ operation: { paths: ['/api/v[0-9]+/.*'] } }] }, client, 8080, GET('/api/v1/x'))).toBe(
      false,
    );
  });

  test('can match hosts case-insensitively and cannot assume an unknown host matches', () => {
    const rule = { to: [{ operation: { hosts: ['*.shop.example'] } }] };
    expect(allowsWith(rule, client, 8080, { method: 'GET', path: '/', host: 'API.shop.example' })).toBe(true);
    expect(allowsWith(rule, client, 8080, { method: 'GET', path: '/', host: 'evil.example' })).toBe(false);
    expect(allowsWith(rule, client, 8080, GET())).toBe(false);
  });

  test('can evaluate when conditions on headers, source and destination', () => {
    expect(
      allowsWith({ when: [{ key: 'request.headers[X-Api-Version]', values: ['v1'] }] }, client, 8080, {
        method: 'GET',
        path: '/',
        headers: { 'x-api-version': 'v1' },
      }),
    ).toBe(true);
    expect(
      allowsWith({ when: [{ key: 'request.headers[X-Api-Version]', notValues: ['v1'] }] }, client, 8080, {
        method: 'GET',
        path: '/',
        headers: { 'x-api-version': 'v1' },
      }),
    ).toBe(false);
    expect(allowsWith({ when: [{ key: 'source.principal', values: ['cluster.local/ns/shop/sa/client'] }] })).toBe(true);
    expect(allowsWith({ when: [{ key: 'source.namespace', values: ['ops'] }] })).toBe(false);
    expect(allowsWith({ when: [{ key: 'destination.port', values: ['9090'] }] }, client, 9090)).toBe(true);
    expect(allowsWith({ when: [{ key: 'destination.port', values: ['9090'] }] }, client, 8080)).toBe(false);
    expect(allowsWith({ when: [{ key: 'source.ip', values: ['10.0.1.0/24'] }] })).toBe(true);
    expect(allowsWith({ when: [{ key: 'destination.ip', values: ['10.0.0.10'] }] })).toBe(true);
  });
});
