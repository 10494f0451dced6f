import { allPairs } from '../../src/verify/all-pairs';
import { PodInfo } from '../../src/verify/cluster';
import { Verifier } from '../../src/verify/evaluate';
import { groupIdentities } from '../../src/verify/identity';
import { Payload } from '../../src/verify/layer';
import { clusterOf, pod, policies } from './builders';

/** Pods in two namespaces, out of the mesh and with sidecars, one with a pod IP (loopback). */
function cluster() {
  const pods: PodInfo[] = [];
  for (const ns of ['a', 'b']) {
    for (let i = 0; i < 12; i++) {
      pods.push(
        pod(
          ns,
          `w${i}`,
          { app: `w${i % 4}`, tier: i % 2 === 0 ? 'web' : 'api' },
          {
            ports: ['8080/TCP', 'http:9090/TCP'],
            dataplane: ns === 'b' && i % 3 === 0 ? 'sidecar' : 'none',
            ...(i === 5 ? { ip: `10.0.${ns === 'a' ? 1 : 2}.5` } : {}),
          },
        ),
      );
    }
  }
  return clusterOf(pods, { a: { team: 'x' }, b: { team: 'y' } });
}

const POLICIES = policies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: a }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-in, namespace: a }
spec:
  podSelector: { matchLabels: { tier: api } }
  ingress: [{ from: [{ podSelector: { matchLabels: { tier: web } } }, { namespaceSelector: { matchLabels: { team: y } } }], ports: [{ port: 8080 }] }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-out, namespace: a }
spec:
  podSelector: { matchLabels: { tier: web } }
  policyTypes: [Egress]
  egress: [{ to: [{ podSelector: { matchLabels: { tier: api } } }] }, { to: [{ ipBlock: { cidr: 10.0.2.0/24 } }], ports: [{ port: http }] }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: b-in, namespace: b }
spec:
  podSelector: { matchLabels: { app: w1 } }
  ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }, { port: 9090 }] }]
`);

describe('BulkDecider.destinations', () => {
  const c = cluster();
  const identities = groupIdentities(c.pods);
  const layer = new Verifier(POLICIES, c, 'kubernetes').layers[0];

  test.each([
    [8080, 'plain'],
    [9090, 'plain'],
    [8080, 'mtls'],
  ] as const)(
    "can give a source's destinations at once exactly as pair by pair (port %d, %s)",
    (port, payload: Payload) => {
      const bulk = layer.bulk!(identities, c, port, 'TCP');
      let allowed = 0;
      for (let s = 0; s < identities.length; s++) {
        const expected = identities.map((_, d) => d).filter((d) => bulk.allows(s, d, payload));
        expect(bulk.destinations!(s, payload).members()).toEqual(expected);
        allowed += expected.length;
      }
      expect(allowed).toBeGreaterThan(0);
      expect(allowed).toBeLessThan(identities.length ** 2);
    },
  );

  test('can make allPairs agree with evaluate for every pair, in and out of the mesh', () => {
    const matrix = allPairs(c, POLICIES, 'kubernetes', [
      { port: 8080, protocol: 'TCP' },
      { port: 9090, protocol: 'TCP' },
    ]);
    const verifier = new Verifier(POLICIES, c, 'kubernetes');
    const wrong: string[] = [];
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
        }
      }
    });
    expect(wrong).toEqual([]);
    expect(matrix.allowedCount(0)).toBeGreaterThan(0);
  });
});
