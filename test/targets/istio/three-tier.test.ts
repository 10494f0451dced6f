import { stringify } from 'yaml';
import { PeerAuthenticationManifest, renderIstio } from '../../../src/targets/istio';
import { threeTier } from './ir-fixtures';
import { find, names, policy, schemaProblems } from './queries';

describe('three-tier scenario, sidecar mode, STRICT mTLS', () => {
  const docs = renderIstio(threeTier());

  test('can render the scenario (snapshot)', () => {
    expect(docs.map((d) => stringify(d)).join('---\n')).toMatchSnapshot();
  });

  test('can order objects: PeerAuthentications, default denies, then workloads in IR order', () => {
    expect(names(docs)).toEqual([
      'PeerAuthentication/production-mtls',
      'AuthorizationPolicy/production-default-deny',
      'AuthorizationPolicy/backend-api-ingress',
      'AuthorizationPolicy/redis-ingress',
    ]);
  });

  test('can require STRICT mTLS namespace-wide, without a selector', () => {
    const pa = find<PeerAuthenticationManifest>(docs, 'PeerAuthentication', 'production-mtls');
    expect(pa.metadata.namespace).toBe('production');
    expect(pa.spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  test('can deny by default with an allow-nothing policy, never rules: []', () => {
    const deny = policy(docs, 'production-default-deny');
    expect(deny.spec).toEqual({});
    expect(JSON.stringify(docs)).not.toContain('"rules":[]');
  });

  test('can allow frontend by principal to the three HTTP operations on 8080 only', () => {
    const api = policy(docs, 'backend-api-ingress');
    expect(api.spec.selector).toEqual({ matchLabels: { app: 'backend-api' } });
    expect(api.spec.action).toBe('ALLOW');
    const fromFrontend = api.spec.rules?.find(
      (r) => r.from?.[0].source.principals?.[0] === 'cluster.local/ns/production/sa/frontend',
    );
    expect(fromFrontend?.to).toEqual([
      { operation: { ports: ['8080'], methods: ['GET'], paths: ['/api/v1/products'] } },
      { operation: { ports: ['8080'], methods: ['POST'], paths: ['/api/v1/orders'] } },
      { operation: { ports: ['8080'], methods: ['GET'], paths: ['/healthz'] } },
    ]);
  });

  test('can allow the monitoring pods by their service account to GET /metrics on 9090', () => {
    const api = policy(docs, 'backend-api-ingress');
    expect(api.spec.rules).toContainEqual({
      from: [{ source: { principals: ['cluster.local/ns/monitoring/sa/prometheus'] } }],
      to: [{ operation: { ports: ['9090'], methods: ['GET'], paths: ['/metrics'] } }],
    });
    expect(api.spec.rules).toHaveLength(2);
  });

  test('can allow redis from backend-api at L4 on 6379', () => {
    expect(policy(docs, 'redis-ingress').spec.rules).toEqual([
      {
        from: [{ source: { principals: ['cluster.local/ns/production/sa/backend-api'] } }],
        to: [{ operation: { ports: ['6379'] } }],
      },
    ]);
  });

  test('cannot write anything for egress, non-mesh destinations or the frontend without inbound rules', () => {
    const text = JSON.stringify(docs);
    for (const absent of ['5432', '443', '10.100.0.0/16', 'stripe', 'frontend-ingress'])
      expect(text).not.toContain(absent);
  });

  test('can use a configured trust domain in every principal', () => {
    const custom = renderIstio(threeTier('prod.example.org'));
    const text = JSON.stringify(custom);
    expect(text).toContain('prod.example.org/ns/production/sa/frontend');
    expect(text).toContain('prod.example.org/ns/monitoring/sa/prometheus');
    expect(text).not.toContain('cluster.local');
  });

  test('can label and namespace every object', () => {
    for (const d of docs) {
      expect(d.metadata.labels).toEqual({
        'app.kubernetes.io/managed-by': 'cdk8s-zerotrust',
        'zerotrust.cdk8s.io/topology': 'fixture',
      });
      expect(d.metadata.namespace).toBe('production');
    }
  });

  test('can validate every document against the vendored CRDs, CEL rules included', () => {
    for (const d of docs)
      expect({ name: d.metadata.name, problems: schemaProblems(d) }).toEqual({ name: d.metadata.name, problems: [] });
  });
});
