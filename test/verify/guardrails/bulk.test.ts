import '../../../src/verify/istio';
import { allPairs } from '../../../src/verify/all-pairs';
import { PodInfo } from '../../../src/verify/cluster';
import { Verifier } from '../../../src/verify/evaluate';
import { groupIdentities } from '../../../src/verify/identity';
import { clusterOf, pod, policies } from '../builders';

// allPairs must give, for every pair, the answer evaluate gives (PolicyLayer.bulk contract). A mixed set: NetworkPolicy,
// AdminNetworkPolicy (Allow / Deny / Pass, two at the same priority, a named port, networks), BaselineAdminNetworkPolicy
// and ClusterNetworkPolicy in both tiers.

function cluster() {
  const pods: PodInfo[] = [];
  ['a', 'b', 'c'].forEach((ns, n) => {
    for (let i = 0; i < 8; i++) {
      pods.push(
        pod(
          ns,
          `w${i}`,
          { app: `w${i % 4}`, tier: i % 2 === 0 ? 'web' : 'api' },
          {
            ports: ['8080/TCP', 'metrics:9090/TCP'],
            ...(i % 3 === 0 ? { ip: `10.${n}.0.${i + 1}` } : {}),
            dataplane: ns === 'b' && i % 2 === 1 ? 'sidecar' : 'none',
          },
        ),
      );
    }
  });
  return clusterOf(pods, { a: { env: 'prod' }, b: { env: 'prod' }, c: { env: 'dev' } });
}

const MIXED = policies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-in, namespace: a}
spec:
  podSelector: {matchLabels: {tier: api}}
  ingress: [{from: [{podSelector: {matchLabels: {tier: web}}}], ports: [{port: 8080}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: b}
spec:
  podSelector: {matchLabels: {tier: web}}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {matchLabels: {env: prod}}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: pass-prod}
spec:
  priority: 5
  subject: {namespaces: {matchLabels: {env: prod}}}
  ingress: [{action: Pass, from: [{namespaces: {matchLabels: {env: prod}}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: metrics-from-w0}
spec:
  priority: 10
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {tier: api}}}}
  ingress: [{action: Allow, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: w0}}}}], ports: [{namedPort: metrics}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-dev}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {env: prod}}}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {env: dev}}}]}]
  egress: [{action: Deny, to: [{networks: [10.2.0.0/16]}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {protocol: TCP, port: 9090}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: dev-egress}
spec:
  tier: Admin
  priority: 20
  subject: {namespaces: {matchLabels: {env: dev}}}
  egress: [{action: Deny, to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: w3}}}}], protocols: [{tcp: {destinationPort: {range: {start: 8000, end: 8999}}}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: dev-baseline}
spec:
  tier: Baseline
  priority: 1
  subject: {namespaces: {matchLabels: {env: dev}}}
  ingress: [{action: Accept, from: [{namespaces: {}}]}]
`);

describe('allPairs with cluster-wide tiers', () => {
  const c = cluster();
  const ports = [
    { port: 8080, protocol: 'TCP' as const },
    { port: 9090, protocol: 'TCP' as const },
  ];

  test.each(['kubernetes', 'cilium', 'kubernetes+istio'])(
    'can agree with evaluate for every pair on a mixed policy set (%s)',
    (profile) => {
      const matrix = allPairs(c, MIXED, profile, ports);
      const verifier = new Verifier(MIXED, c, profile);
      const wrong: string[] = [];
      let allowed = 0;
      matrix.ports.forEach((p, pi) => {
        for (const s of matrix.identities) {
          for (const d of matrix.identities) {
            const v = verifier.evaluate({
              source: { kind: 'pod', pod: s.representative },
              destination: { kind: 'pod', pod: d.representative },
              port: p.port,
              protocol: p.protocol,
            });
            if (v.allowed !== matrix.allowed(s.index, d.index, pi)) wrong.push(`${s.key} -> ${d.key} ${p.port}`);
            if (v.allowed) allowed++;
          }
        }
      });
      expect(wrong).toEqual([]);
      expect(allowed).toBeGreaterThan(0);
      expect(allowed).toBeLessThan(matrix.identities.length ** 2 * ports.length);
    },
  );

  test("can give a source's destinations at once exactly as pair by pair", () => {
    const identities = groupIdentities(c.pods);
    const layer = new Verifier(MIXED, c, 'kubernetes').layers[0];
    for (const port of [8080, 9090]) {
      const bulk = layer.bulk!(identities, c, port, 'TCP');
      for (let s = 0; s < identities.length; s++) {
        const expected = identities.map((_, d) => d).filter((d) => bulk.allows(s, d, 'plain'));
        expect(bulk.destinations!(s, 'plain').members()).toEqual(expected);
      }
    }
  });

  test('can make the tiers change the matrix (the comparison is not vacuous)', () => {
    const withTiers = allPairs(c, MIXED, 'kubernetes', ports);
    const npOnly = allPairs(
      c,
      policies(
        MIXED.ofKind('NetworkPolicy')
          .map((o) => JSON.stringify(o))
          .join('\n---\n'),
      ),
      'kubernetes',
      ports,
    );
    expect(withTiers.allowedCount(0)).not.toBe(npOnly.allowedCount(0));
    expect(withTiers.allowedCount(1)).not.toBe(npOnly.allowedCount(1));
  });
});
