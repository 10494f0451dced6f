import { IstioLayer } from '../../../src/verify/istio';
import { authorizationPolicy, cluster, flow, pod, service } from './cluster-builder';

const api = pod('shop', 'api', { ports: [[8080, 'http']], labels: { app: 'api', tier: 'backend' } });
const web = pod('shop', 'web', { ports: [[8080, 'http']] });
const billing = pod('billing', 'ledger', { ports: [[8080, 'http']], labels: { app: 'ledger', tier: 'backend' } });
const client = pod('shop', 'client');
const plain = pod('shop', 'plain', { dataplane: 'none', ports: [[8080]] });
const world = cluster({
  pods: [api, web, billing, client, plain],
  services: [service('shop', 'api', { app: 'api' }, [{ port: 80, targetPort: 8080, name: 'http' }])],
});
const GET = { method: 'GET', path: '/' };
const denyAll = { action: 'DENY', rules: [{}] };

function allowed(objects: object[], to = api, options = {}): boolean {
  return new IstioLayer(objects, options).decide(flow(client, to, 8080, GET), world).allowed;
}

describe('AuthorizationPolicy scope', () => {
  test('can apply a policy without selector to every workload of its namespace only', () => {
    const objects = [authorizationPolicy('shop', 'deny-all', denyAll)];
    expect(allowed(objects, api)).toBe(false);
    expect(allowed(objects, web)).toBe(false);
    expect(allowed(objects, billing)).toBe(true);
  });

  test('can apply a policy without selector in the root namespace mesh-wide', () => {
    const objects = [authorizationPolicy('istio-system', 'deny-all', denyAll)];
    expect(allowed(objects, api)).toBe(false);
    expect(allowed(objects, billing)).toBe(false);
    expect(allowed(objects, billing, { rootNamespace: 'mesh-root' })).toBe(true);
  });

  test('can apply a root-namespace selector to matching workloads of every namespace', () => {
    const objects = [
      authorizationPolicy('istio-system', 'deny-backend', {
        ...denyAll,
        selector: { matchLabels: { tier: 'backend' } },
      }),
    ];
    expect(allowed(objects, api)).toBe(false);
    expect(allowed(objects, billing)).toBe(false);
    expect(allowed(objects, web)).toBe(true);
  });

  test('can limit a selector policy to the pods whose labels match', () => {
    const objects = [
      authorizationPolicy('shop', 'deny-api', { ...denyAll, selector: { matchLabels: { app: 'api' } } }),
    ];
    expect(allowed(objects, api)).toBe(false);
    expect(allowed(objects, web)).toBe(true);
  });

  test('cannot let a sidecar enforce a targetRefs policy, and says so', () => {
    const objects = [
      authorizationPolicy('shop', 'svc-deny', {
        ...denyAll,
        targetRefs: [{ group: '', kind: 'Service', name: 'api' }],
      }),
    ];
    const decision = new IstioLayer(objects).decide(flow(client, api, 8080, GET), world);
    expect(decision.allowed).toBe(true);
    expect(decision.findings[0]).toMatchObject({
      object: 'AuthorizationPolicy shop/svc-deny',
      message: expect.stringMatching(/sidecars ignore targetRefs policies/),
    });
  });

  test('cannot decide a flow to a pod without a proxy', () => {
    const decision = new IstioLayer([authorizationPolicy('shop', 'deny-all', denyAll)]).decide(
      flow(client, plain, 8080, GET),
      world,
    );
    expect(decision).toEqual({
      layer: 'istio',
      allowed: true,
      findings: [{ layer: 'istio', message: expect.stringMatching(/shop\/plain has no proxy/) }],
    });
  });

  test('cannot decide UDP flows or flows leaving the mesh', () => {
    const layer = new IstioLayer([authorizationPolicy('istio-system', 'deny-all', denyAll)]);
    const udp = layer.decide({ ...flow(client, api, 8080), protocol: 'UDP' }, world);
    expect(udp.allowed).toBe(true);
    expect(udp.findings[0]!.message).toMatch(/only TCP/);
    const out = layer.decide(flow(client, 'cidr:8.8.8.8', 443), world);
    expect(out.allowed).toBe(true);
    expect(out.findings[0]!.message).toMatch(/8\.8\.8\.8 is not a pod of the mesh/);
  });
});
