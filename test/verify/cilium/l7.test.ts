import { check, clusterOf, explain, pod, policies } from '../builders';

const api = pod('prod', 'api', { app: 'api' }, { ports: ['http:8080/TCP'] });
const web = pod('prod', 'web', { app: 'web' });
const cluster = clusterOf([api, web]);

const l7 = (http: string, extraRules = '', extraDocs = ''): ReturnType<typeof policies> =>
  policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-l7, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts:
    - ports: [{port: "8080", protocol: TCP}]
      rules:
        http:
${http}
${extraRules}
${extraDocs}`);

const get = (
  path: string,
  headers?: Record<string, string>,
): { method: string; path: string; headers?: Record<string, string> } =>
  headers ? { method: 'GET', path, headers } : { method: 'GET', path };

describe('Cilium L7 HTTP rules (SEMANTICS B2.9)', () => {
  test('can match the path regex against the whole path: /status is not /status/x', () => {
    const set = l7('        - {method: GET, path: /status}');
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', get('/status')).allowed).toBe(true);
    const v = check(set, cluster, 'cilium', web, api, '8080/TCP', get('/status/x'));
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('HTTP 403');
    expect(
      check(l7('        - {path: "/status.*"}'), cluster, 'cilium', web, api, '8080/TCP', get('/status/x')).allowed,
    ).toBe(true);
  });

  test('can match method as an anchored regex', () => {
    const set = l7('        - {method: "GET|HEAD", path: "/api/.*"}');
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', { method: 'HEAD', path: '/api/x' }).allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', { method: 'GETX', path: '/api/x' }).allowed).toBe(false);
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', { method: 'POST', path: '/api/x' }).allowed).toBe(false);
  });

  test('can require headers written as `Name: value` or `Name`, case-insensitively by name', () => {
    const set = l7('        - {path: "/api/.*", headers: ["X-API-Version: v1", "X-Trace"]}');
    expect(
      check(set, cluster, 'cilium', web, api, '8080/TCP', get('/api/users', { 'x-api-version': 'v1', 'X-TRACE': '1' }))
        .allowed,
    ).toBe(true);
    expect(
      check(set, cluster, 'cilium', web, api, '8080/TCP', get('/api/users', { 'X-API-Version': 'v2', 'X-Trace': '1' }))
        .allowed,
    ).toBe(false);
    expect(
      check(set, cluster, 'cilium', web, api, '8080/TCP', get('/api/users', { 'X-API-Version': 'v1' })).allowed,
    ).toBe(false);
  });

  test('can require headerMatches values, and never deny on a header match with a mismatch action', () => {
    const set = l7(
      '        - {path: "/a", headerMatches: [{name: X-Tenant, value: blue}]}\n        - {path: "/b", headerMatches: [{name: X-Tenant, value: blue, mismatch: LOG}]}',
    );
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', get('/a', { 'X-Tenant': 'blue' })).allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', get('/a', { 'X-Tenant': 'red' })).allowed).toBe(false);
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', get('/b', { 'X-Tenant': 'red' })).allowed).toBe(true);
  });

  test('can match host as an anchored regex against the authority', () => {
    const set = l7('        - {host: "api\\\\.example\\\\.com"}');
    expect(
      check(set, cluster, 'cilium', web, api, '8080/TCP', { method: 'GET', path: '/', host: 'api.example.com' })
        .allowed,
    ).toBe(true);
    expect(
      check(set, cluster, 'cilium', web, api, '8080/TCP', { method: 'GET', path: '/', host: 'api.example.com.evil' })
        .allowed,
    ).toBe(false);
  });

  test('can allow a request when any one rule matches, and name that rule', () => {
    const set = l7('        - {method: GET, path: /a}\n        - {method: POST, path: /b}');
    const v = check(set, cluster, 'cilium', web, api, '8080/TCP', { method: 'POST', path: '/b' });
    expect(v.allowed).toBe(true);
    expect(v.layers[0].findings).toContainEqual(
      expect.objectContaining({
        object: 'CiliumNetworkPolicy prod/api-l7',
        rule: 'ingress[0].toPorts[0].rules.http[1]',
      }),
    );
  });

  test('can allow a flow without request at L4 through L7 rules, saying that requests are filtered', () => {
    const v = check(l7('        - {method: GET, path: /a}'), cluster, 'cilium', web, api, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toContain('requests are then filtered by its HTTP rules');
  });

  test('can let an L4-only rule on the same peer and port lift the L7 rules (same policy)', () => {
    const set = l7(
      '        - {method: GET, path: /a}',
      `  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: "8080", protocol: TCP}]}]`,
    );
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', { method: 'DELETE', path: '/admin' }).allowed).toBe(
      true,
    );
  });

  test('can let a NetworkPolicy L4 allow lift CiliumNetworkPolicy L7 rules (one enforcement point)', () => {
    const set = l7(
      '        - {method: GET, path: /a}',
      '',
      `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-l4, namespace: prod}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}]}]`,
    );
    const v = check(set, cluster, 'cilium', web, api, '8080/TCP', { method: 'DELETE', path: '/admin' });
    expect(v.allowed).toBe(true);
    expect(v.layers[0].findings).toContainEqual(
      expect.objectContaining({ object: 'NetworkPolicy prod/api-l4', rule: 'ingress[0]' }),
    );
  });

  test('can judge L7 rules on egress too', () => {
    const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-egress, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toEndpoints: [{matchLabels: {app: api}}]
    toPorts: [{ports: [{port: "8080"}], rules: {http: [{method: GET}]}}]`);
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', get('/anything')).allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', { method: 'PUT', path: '/x' }).allowed).toBe(false);
  });

  test('can treat a Kafka port as L4-allowed for a flow without request, and report it', () => {
    const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: kafka, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: "9092"}], rules: {kafka: [{role: produce, topic: orders}]}}]`);
    const v = check(set, cluster, 'cilium', web, api, '9092/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toContain('Kafka rules are not evaluated');
    expect(check(set, cluster, 'cilium', web, api, '9092/TCP', get('/')).allowed).toBe(false);
  });

  test('cannot enforce a policy whose path is not a valid regular expression', () => {
    const v = check(l7('        - {path: "/a("}'), cluster, 'cilium', web, api, '8080/TCP', get('/a('));
    expect(explain(v)).toContain('is rejected by Cilium');
    expect(v.allowed).toBe(true);
  });
});
