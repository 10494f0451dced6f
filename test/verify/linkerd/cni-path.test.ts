import { allPairs } from '../../../src/verify/all-pairs';
import { ClusterInfo, LabelMap, PodInfo } from '../../../src/verify/cluster';
import { Verifier } from '../../../src/verify/evaluate';
import { groupIdentities } from '../../../src/verify/identity';
import '../../../src/verify/linkerd';
import { check, explain, pod, policies } from '../builders';

/**
 * What the CNI sees between two pods Linkerd meshes: the client's proxy connects to the server's
 * original address and port and speaks mutual TLS ("Linkerd automatically enables mutually-
 * authenticated TLS for all TCP traffic between meshed pods", https://linkerd.io/2/features/automatic-mtls/).
 * A Cilium L7 rule on that port cannot parse the payload, so only an L4 allow admits the connection;
 * an unmeshed client still speaks plain HTTP.
 */
const withAnnotations = (p: PodInfo, annotations: LabelMap): PodInfo => ({ ...p, annotations });
const api = pod('prod', 'api', { app: 'api' }, { ports: ['http:8080/TCP'], serviceAccount: 'api' });
const web = pod('prod', 'web', { app: 'web' }, { serviceAccount: 'web' });
const bare = withAnnotations(pod('prod', 'bare', { app: 'web', plain: 'yes' }, { serviceAccount: 'web' }), {
  'linkerd.io/inject': 'disabled',
});
const cluster: ClusterInfo = {
  namespaces: [
    {
      name: 'prod',
      labels: { 'kubernetes.io/metadata.name': 'prod' },
      annotations: { 'linkerd.io/inject': 'enabled' },
    },
  ],
  pods: [api, web, bare],
  services: [],
};
const l7 = policies(`
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
        - method: GET
`);

describe('Linkerd under a CNI: meshed pairs carry mTLS on the original port', () => {
  test('cannot pass the mTLS of two meshed pods through a Cilium L7 rule, which still filters an unmeshed client', () => {
    const meshed = check(l7, cluster, 'cilium+linkerd', web, api, '8080/TCP', { method: 'GET', path: '/' });
    expect(meshed.allowed).toBe(false);
    expect(explain(meshed)).toContain('the payload is mesh mTLS');
    expect(check(l7, cluster, 'cilium+linkerd', bare, api, '8080/TCP', { method: 'GET', path: '/' }).allowed).toBe(
      true,
    );
    expect(check(l7, cluster, 'cilium', web, api, '8080/TCP').allowed).toBe(false); // the proxies are there whatever the profile
  });

  test('can give allPairs the answers of decide on the Linkerd CNI path', () => {
    const verifier = new Verifier(l7, cluster, 'cilium+linkerd');
    const ports = [
      { port: 8080, protocol: 'TCP' as const },
      { port: 8080, protocol: 'UDP' as const },
    ];
    const matrix = allPairs(cluster, l7, 'cilium+linkerd', ports);
    const ids = groupIdentities(cluster.pods);
    const seen: boolean[] = [];
    ports.forEach((p, i) => {
      for (const s of ids) {
        for (const d of ids) {
          const v = verifier.evaluate({
            source: { kind: 'pod', pod: s.representative },
            destination: { kind: 'pod', pod: d.representative },
            port: p.port,
            protocol: p.protocol,
          });
          expect(matrix.allowed(s.index, d.index, i)).toBe(v.allowed);
          seen.push(v.allowed);
        }
      }
    });
    expect(seen).toContain(true);
    expect(seen).toContain(false);
  });
});
