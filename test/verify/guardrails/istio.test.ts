import '../../../src/verify/istio';
import { IstioVerifyOptions } from '../../../src/verify/istio/istio-layer';
import { check, clusterOf, explain, pod, policies } from '../builders';

// https://istio.io/latest/docs/reference/config/security/authorization-policy/ : "The CUSTOM, DENY and ALLOW actions are
// evaluated in order: If there are any CUSTOM policies that match the request, evaluate and deny the request if the
// evaluation result is deny. If there are any DENY policies that match the request, deny the request. If there are no
// ALLOW policies for the workload, allow the request. If any of the ALLOW policies match the request, allow the
// request. Deny the request." AUDIT: "The AUDIT action is used to audit a request ... It does not affect whether
// requests are allowed or denied." Root namespace: "Policies in the root namespace apply to all workloads in the mesh"
// (meshConfig.rootNamespace, istio-system by default).

const api = pod(
  'shop',
  'api',
  { app: 'api' },
  { ports: ['http:8080/TCP'], dataplane: 'sidecar', serviceAccount: 'api' },
);
const web = pod('shop', 'web', { app: 'web' }, { dataplane: 'sidecar', serviceAccount: 'web' });
const cluster = clusterOf([api, web]);
const GET = { method: 'GET', path: '/orders' };

const ap = (namespace: string, name: string, spec: string): string => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}
---`;

const ALLOW_WEB = ap(
  'shop',
  'allow-web',
  `  action: ALLOW
  rules: [{from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]}]`,
);
const DENY_ORDERS = (ns: string): string =>
  ap(
    ns,
    'deny-orders',
    `  action: DENY
  rules: [{to: [{operation: {paths: [/orders]}}]}]`,
  );

describe('AuthorizationPolicy action order', () => {
  test('can let a matching DENY win over a matching ALLOW', () => {
    const v = check(policies(ALLOW_WEB + DENY_ORDERS('shop')), cluster, 'istio', web, api, '8080/TCP', GET);
    expect(v.allowed).toBe(false);
    expect(v.layers.at(-1)!.findings.at(-1)).toMatchObject({
      object: 'AuthorizationPolicy shop/deny-orders',
      rule: 'rules[0]',
    });
  });

  test('can let a matching CUSTOM decide before DENY and ALLOW (its external answer is unknown: treated as deny)', () => {
    const custom = ap(
      'shop',
      'ext-authz',
      `  action: CUSTOM
  provider: {name: opa}
  rules: [{to: [{operation: {paths: [/orders]}}]}]`,
    );
    const v = check(policies(ALLOW_WEB + custom), cluster, 'istio', web, api, '8080/TCP', GET);
    expect(v.allowed).toBe(false);
    expect(explain(v)).toMatch(/AuthorizationPolicy shop\/ext-authz rules\[0\]: CUSTOM rule \(provider opa\)/);
  });

  test('cannot let an AUDIT policy decide anything', () => {
    const audit = ap(
      'shop',
      'audit-all',
      `  action: AUDIT
  rules: [{}]`,
    );
    expect(check(policies(audit), cluster, 'istio', web, api, '8080/TCP', GET).allowed).toBe(true);
    expect(check(policies(ALLOW_WEB + audit), cluster, 'istio', api, api, '8080/TCP', GET).allowed).toBe(false);
  });
});

describe('AuthorizationPolicy in the root namespace', () => {
  test('can apply a DENY of istio-system to every workload of the mesh', () => {
    const v = check(policies(DENY_ORDERS('istio-system')), cluster, 'istio', web, api, '8080/TCP', GET);
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('AuthorizationPolicy istio-system/deny-orders');
  });

  test('can take the root namespace from the verify options (meshConfig.rootNamespace)', () => {
    const set = policies(DENY_ORDERS('mesh-root'));
    const options: IstioVerifyOptions = { istioRootNamespace: 'mesh-root' };
    expect(check(set, cluster, 'istio', web, api, '8080/TCP', GET).allowed).toBe(true);
    expect(check(set, cluster, 'istio', web, api, '8080/TCP', GET, options).allowed).toBe(false);
  });
});
