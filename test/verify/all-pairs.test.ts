import { allPairs, PortProbe } from '../../src/verify/all-pairs';
import { ClusterInfo, Dataplane, LayerDecision, PodInfo } from '../../src/verify/cluster';
import { Verifier } from '../../src/verify/evaluate';
import { groupIdentities } from '../../src/verify/identity';
import { LayerFlow } from '../../src/verify/layer';
import { registerMeshLayer } from '../../src/verify/layers';
import { KubeObject, PolicySet } from '../../src/verify/policy-set';
import { clusterOf, pod } from './builders';

/**
 * A generated cluster of 300 workloads in 10 namespaces (3 tiers each, mixed data planes, a
 * waypoint in the ambient namespaces) and policies that use most features: default deny,
 * cross-namespace peers, named ports, ipBlocks over pod IPs, Cilium L7, deny rules, CCNP.
 */
function generated(): { cluster: ClusterInfo; policies: PolicySet } {
  const tiers = ['web', 'api', 'db'];
  const pods: PodInfo[] = [];
  const nsLabels: { [ns: string]: { [k: string]: string } } = {};
  for (let n = 0; n < 10; n++) {
    const ns = `ns${n}`;
    const dataplane: Dataplane = n < 3 ? 'ambient' : n < 6 ? 'sidecar' : 'none';
    nsLabels[ns] = { team: `t${n % 3}`, ...(n === 1 ? { 'istio.io/use-waypoint': 'wp' } : {}) };
    if (n === 1) pods.push(pod(ns, 'wp', { 'gateway.networking.k8s.io/gateway-name': 'wp' }, { ports: ['15008/TCP'] }));
    for (let w = 0; w < 30; w++) {
      const tier = tiers[w % 3];
      pods.push(
        pod(
          ns,
          `${tier}-${w}`,
          { tier, app: `${tier}-${w % 6}` },
          {
            ports: [`http:${8080 + (w % 2)}/TCP`, '5432/TCP'],
            dataplane,
            serviceAccount: tier,
            ip: `10.${n}.0.${w + 1}`,
          },
        ),
      );
    }
  }
  const objects: KubeObject[] = [];
  const meta = (name: string, namespace?: string): KubeObject['metadata'] =>
    namespace ? { name, namespace } : { name };
  for (let n = 0; n < 10; n++) {
    const ns = `ns${n}`;
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('deny', ns),
      spec: { podSelector: {}, policyTypes: n % 2 === 0 ? ['Ingress', 'Egress'] : ['Ingress'] },
    });
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('api', ns),
      spec: {
        podSelector: { matchLabels: { tier: 'api' } },
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { tier: 'web' } } },
              {
                namespaceSelector: { matchLabels: { team: `t${(n + 1) % 3}` } },
                podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web-0', 'web-3'] }] },
              },
            ],
            ports: [{ port: 'http' }, { port: 15008 }],
          },
          {
            from: [{ ipBlock: { cidr: `10.${(n + 2) % 10}.0.0/16`, except: [`10.${(n + 2) % 10}.0.0/28`] } }],
            ports: [{ port: 5432 }],
          },
        ],
        egress: [
          { to: [{ podSelector: { matchLabels: { tier: 'db' } } }], ports: [{ port: 5432 }, { port: 15008 }] },
          { to: [{ namespaceSelector: {} }], ports: [{ port: 'http' }] },
        ],
      },
    });
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('web', ns),
      spec: {
        podSelector: { matchLabels: { tier: 'web' } },
        policyTypes: ['Egress'],
        egress: [
          { to: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['t2'] }] } }] },
        ],
      },
    });
    objects.push({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: meta('db', ns),
      spec: {
        endpointSelector: { matchLabels: { tier: 'db' } },
        ingress: [
          {
            fromEndpoints: [{ matchLabels: { tier: 'api' } }],
            toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }, { port: '15008' }] }],
          },
          {
            fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': `ns${(n + 1) % 10}` } }],
            toPorts: [{ ports: [{ port: 'http' }], rules: { http: [{ method: 'GET' }] } }],
          },
        ],
        ingressDeny: [{ fromEndpoints: [{ matchLabels: { app: 'api-1' } }], toPorts: [{ ports: [{ port: '5432' }] }] }],
      },
    });
  }
  objects.push({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumClusterwideNetworkPolicy',
    metadata: meta('team-t0'),
    spec: {
      endpointSelector: { matchLabels: { 'io.cilium.k8s.namespace.labels.team': 't0', tier: 'web' } },
      ingress: [{ fromEndpoints: [{ matchLabels: { 'io.cilium.k8s.namespace.labels.team': 't0' } }] }],
    },
  });
  return { cluster: clusterOf(pods, nsLabels), policies: PolicySet.of(objects) };
}

describe('allPairs', () => {
  const { cluster, policies } = generated();
  const ports: PortProbe[] = [
    { port: 8080, protocol: 'TCP' },
    { port: 5432, protocol: 'TCP' },
  ];
  const meshLayer = {
    name: 'pairs-mesh',
    enforcementPoint: 'mesh' as const,
    l7: false,
    decide: (flow: LayerFlow): LayerDecision => {
      const allowed = !(flow.source.kind === 'pod' && flow.source.pod.namespace === 'ns3');
      return { layer: 'pairs-mesh', allowed, findings: [] };
    },
  };
  registerMeshLayer('pairs-mesh', () => meshLayer);

  test('can group pods into identities by namespace, labels, service account, data plane, ports and IP', () => {
    const ids = groupIdentities([
      pod('a', 'x', { k: 'v' }),
      pod('a', 'y', { k: 'v' }),
      pod('a', 'z', { k: 'v' }, { serviceAccount: 'z' }),
      pod('b', 'x', { k: 'v' }),
    ]);
    expect(ids.map((i) => i.pods.map((p) => `${p.namespace}/${p.name}`))).toEqual([['a/x', 'a/y'], ['a/z'], ['b/x']]);
  });

  test.each(['kubernetes', 'cilium', 'cilium+pairs-mesh'])(
    'can agree with evaluate on a sample of pairs (%s)',
    (profile) => {
      const matrix = allPairs(cluster, policies, profile, ports);
      expect(matrix.identities.length).toBe(301);
      const verifier = new Verifier(policies, cluster, profile);
      const n = matrix.identities.length;
      const disagreements: string[] = [];
      let allowed = 0;
      let sampled = 0;
      for (let s = 0; s < n; s++) {
        for (let d = 0; d < n; d++) {
          if ((s * 31 + d * 17) % 61 !== 0 && !(s < 40 && d < 40)) continue;
          ports.forEach((p, pi) => {
            const src = matrix.identities[s].representative;
            const dst = matrix.identities[d].representative;
            const v = verifier.evaluate({
              source: { kind: 'pod', pod: src },
              destination: { kind: 'pod', pod: dst },
              port: p.port,
              protocol: p.protocol,
            });
            sampled++;
            if (v.allowed) allowed++;
            if (v.allowed !== matrix.allowed(s, d, pi))
              disagreements.push(
                `${src.namespace}/${src.name} -> ${dst.namespace}/${dst.name} ${p.port}: evaluate ${v.allowed}`,
              );
          });
        }
      }
      expect(disagreements).toEqual([]);
      expect(sampled).toBeGreaterThan(5000);
      expect(allowed).toBeGreaterThan(sampled / 20);
      expect(allowed).toBeLessThan(sampled);
    },
  );

  test('can list the destinations of a source identity per port', () => {
    const matrix = allPairs(cluster, policies, 'kubernetes', ports);
    const web = matrix.identityOf('ns0', 'web-0');
    const api = matrix.identityOf('ns0', 'api-1');
    expect(web && api).toBeDefined();
    if (!web || !api) return;
    expect(matrix.destinations(web.index, 0)).toContain(api.index);
    expect(matrix.allowedCount(0)).toBeGreaterThan(0);
  });
});
