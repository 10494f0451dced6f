import { IstioLayer } from '../../../src/verify/istio';
import { exampleRequests } from '../../../src/verify/istio/example-requests';
import { readAuthorizationPolicies } from '../../../src/verify/istio/authorization-policy';
import { ambientWorld, client, plain, web } from './ambient-fixture';
import { authorizationPolicy, flow, peerAuthentication, waypointGateway } from './cluster-builder';
import { fixtureManifests } from './scenario-probes';

describe('determinism and robustness', () => {
  test('can give byte-identical decisions whatever the order of the manifests', () => {
    const objects = [
      waypointGateway('app', 'waypoint'),
      peerAuthentication('app', 'default', { mtls: { mode: 'STRICT' } }),
      authorizationPolicy('app', 'b', {
        targetRefs: [{ group: '', kind: 'Service', name: 'web' }],
        rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
      }),
      authorizationPolicy('app', 'a', {
        action: 'DENY',
        targetRefs: [{ group: '', kind: 'Service', name: 'web' }],
        rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }],
      }),
    ];
    const world = ambientWorld({ namespaceLabels: { 'istio.io/use-waypoint': 'waypoint' } });
    const run = (list: readonly object[]): string =>
      JSON.stringify(
        [client, plain].flatMap((source) =>
          [undefined, { method: 'GET', path: '/admin/x' }, { method: 'POST', path: '/' }].map((request) =>
            new IstioLayer(list).decide(flow(source, web, 8080, request), world),
          ),
        ),
      );
    expect(run([...objects].reverse())).toBe(run(objects));
  });

  test('can skip malformed and foreign objects without throwing', () => {
    const objects = [
      null,
      42,
      'text',
      { kind: 'AuthorizationPolicy' },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'odd', namespace: 'app' },
        spec: { rules: [null, { from: 'x', to: [{ operation: { ports: [8080] } }] }] },
      },
    ];
    const decision = new IstioLayer(objects).decide(
      flow(client, web, 8080, { method: 'GET', path: '/' }),
      ambientWorld(),
    );
    expect(decision.allowed).toBe(true);
    expect(decision.findings.at(-1)).toMatchObject({ object: 'AuthorizationPolicy app/odd', rule: 'rules[0]' });
  });

  test('can build example requests from ALLOW rules for the port, then common methods', () => {
    const policies = readAuthorizationPolicies(fixtureManifests('three-tier-istio.yaml'));
    const examples = exampleRequests(policies, 8080).map((r) => `${r.method} ${r.path}`);
    expect(examples.slice(0, 3)).toEqual(['GET /api/v1/products', 'GET /healthz', 'POST /api/v1/orders']);
    expect(examples).not.toContain('GET /metrics');
    expect(examples).toContain('DELETE /');
  });

  test('can name the only ALLOW policy when it does not match', () => {
    const decision = new IstioLayer([
      authorizationPolicy('app', 'only', {
        selector: { matchLabels: { app: 'web' } },
        rules: [{ from: [{ source: { namespaces: ['elsewhere'] } }] }],
      }),
    ]).decide(flow(client, web, 8080, { method: 'GET', path: '/' }), ambientWorld());
    expect(decision.allowed).toBe(false);
    expect(decision.findings.slice(-2)).toEqual([
      expect.objectContaining({
        object: 'AuthorizationPolicy app/only',
        message: expect.stringMatching(/not matching: rules\[0\] \(from\)$/),
      }),
      expect.objectContaining({
        object: 'AuthorizationPolicy app/only',
        message: expect.stringMatching(/none matches/),
      }),
    ]);
  });
});
