import { check, clusterOf, explain, pod, policies } from '../builders';

const api = pod('prod', 'api', { app: 'api' }, { ports: ['http:8080/TCP', '9000/UDP'], ip: '10.0.1.10' });
const web = pod('prod', 'web', { app: 'web' }, { ip: '10.0.1.11' });
const other = pod('other', 'intruder', { app: 'intruder' }, { ip: '10.0.9.9' });
const cluster = clusterOf([api, web, other]);
const nodes = { hostIps: ['192.168.0.10'], remoteNodeIps: ['192.168.0.11'], kubeApiserverIps: ['192.168.0.100'] };

const egressOfWeb = (rules: string): string => `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-egress, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
${rules}`;

describe('Cilium CIDR rules (SEMANTICS B1.4, B2)', () => {
  test('cannot match a pod IP with toCIDR, toCIDRSet or a NetworkPolicy ipBlock', () => {
    const cnp = policies(egressOfWeb('  - toCIDR: [10.0.0.0/8]\n  - toCIDRSet: [{cidr: 10.0.1.10/32}]'));
    expect(check(cnp, cluster, 'cilium', web, api, '8080/TCP').allowed).toBe(false);
    expect(check(cnp, cluster, 'cilium', web, 'ip:10.9.9.9', '8080/TCP').allowed).toBe(true);
    const np = policies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]`);
    expect(check(np, cluster, 'cilium', web, api, '8080/TCP').allowed).toBe(false);
    expect(check(np, cluster, 'cilium', web, 'ip:8.8.8.8', '8080/TCP').allowed).toBe(true);
    // The same NetworkPolicy on the generic CNI matches the pod.
    expect(check(np, cluster, 'kubernetes', web, api, '8080/TCP').allowed).toBe(true);
  });

  test('can subtract except blocks in toCIDRSet', () => {
    const set = policies(
      egressOfWeb('  - toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}]'),
    );
    expect(check(set, cluster, 'cilium', web, 'ip:8.8.8.8', '443/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, 'ip:192.168.1.10', '443/TCP').allowed).toBe(false);
  });

  test('cannot match node addresses with CIDR rules unless policyCIDRMatchMode includes nodes', () => {
    const set = policies(egressOfWeb('  - toCIDR: [192.168.0.0/16]'));
    expect(check(set, cluster, 'cilium', web, 'ip:192.168.0.11', '10250/TCP', undefined, nodes).allowed).toBe(false);
    expect(
      check(set, cluster, 'cilium', web, 'ip:192.168.0.11', '10250/TCP', undefined, {
        ...nodes,
        ciliumCidrMatchesNodes: true,
      }).allowed,
    ).toBe(true);
  });
});

describe('Cilium entities (SEMANTICS B2.8)', () => {
  const entity = (name: string): ReturnType<typeof policies> => policies(egressOfWeb(`  - toEntities: [${name}]`));

  test('can match world as everything outside the cluster, DNS names included', () => {
    const set = entity('world');
    expect(check(set, cluster, 'cilium', web, 'ip:8.8.8.8', '443/TCP', undefined, nodes).allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, 'fqdn:example.com', '443/TCP', undefined, nodes).allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP', undefined, nodes).allowed).toBe(false);
    expect(check(set, cluster, 'cilium', web, 'ip:192.168.0.11', '443/TCP', undefined, nodes).allowed).toBe(false);
  });

  test('can match cluster as pods, nodes and the API server, never the outside', () => {
    const set = entity('cluster');
    expect(check(set, cluster, 'cilium', web, other, '80/TCP', undefined, nodes).allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, 'ip:192.168.0.11', '10250/TCP', undefined, nodes).allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, 'ip:8.8.8.8', '443/TCP', undefined, nodes).allowed).toBe(false);
  });

  test('can match host, remote-node and kube-apiserver only by the addresses the options declare', () => {
    expect(
      check(entity('host'), cluster, 'cilium', web, 'ip:192.168.0.10', '10250/TCP', undefined, nodes).allowed,
    ).toBe(true);
    expect(
      check(entity('host'), cluster, 'cilium', web, 'ip:192.168.0.11', '10250/TCP', undefined, nodes).allowed,
    ).toBe(false);
    expect(
      check(entity('remote-node'), cluster, 'cilium', web, 'ip:192.168.0.11', '10250/TCP', undefined, nodes).allowed,
    ).toBe(true);
    expect(
      check(entity('kube-apiserver'), cluster, 'cilium', web, 'ip:192.168.0.100', '6443/TCP', undefined, nodes).allowed,
    ).toBe(true);
    expect(check(entity('kube-apiserver'), cluster, 'cilium', web, 'ip:192.168.0.100', '6443/TCP').allowed).toBe(false);
  });

  test('can match all as everything', () => {
    const set = entity('all');
    for (const to of [api, other, 'ip:8.8.8.8', 'fqdn:example.com', 'ip:192.168.0.11'] as const) {
      expect(check(set, cluster, 'cilium', web, to, '443/TCP', undefined, nodes).allowed).toBe(true);
    }
  });

  test('can always admit the local host into a pod (allow-localhost)', () => {
    const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-deny, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress: [{}]`);
    const v = check(set, cluster, 'cilium', 'ip:192.168.0.10', api, '8080/TCP', undefined, nodes);
    expect(v.allowed).toBe(true);
    expect(explain(v)).toContain('allow-localhost');
  });
});

describe('Cilium ports (SEMANTICS B2.13)', () => {
  test('can match port ranges, ANY protocol and named ports', () => {
    const set = policies(
      egressOfWeb(`  - toEndpoints: [{matchLabels: {app: api}}]
    toPorts:
    - ports: [{port: "7000", endPort: 7010, protocol: TCP}, {port: "9000", protocol: ANY}, {port: http}]`),
    );
    expect(check(set, cluster, 'cilium', web, api, '7005/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, api, '7011/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'cilium', web, api, '9000/UDP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, api, '8081/TCP').allowed).toBe(false);
  });

  test('can admit every peer on a port with a rule that has only toPorts', () => {
    const set = policies(egressOfWeb('  - toPorts: [{ports: [{port: "443", protocol: TCP}]}]'));
    expect(check(set, cluster, 'cilium', web, 'ip:8.8.8.8', '443/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, other, '443/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, other, '80/TCP').allowed).toBe(false);
  });
});

describe('Cilium deny rules (SEMANTICS B2.10)', () => {
  test('can deny over every allow, NetworkPolicy allows included', () => {
    const set = policies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: prod}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-allow-and-deny, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
  ingressDeny:
  - fromEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: "9000", protocol: UDP}]}]`);
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP').allowed).toBe(true);
    const v = check(set, cluster, 'cilium', web, api, '9000/UDP');
    expect(v.allowed).toBe(false);
    expect(v.layers[0].findings[0]).toEqual(
      expect.objectContaining({ object: 'CiliumNetworkPolicy prod/api-allow-and-deny', rule: 'ingressDeny[0]' }),
    );
    expect(v.layers[0].findings[0].message).toContain('deny rules take precedence over every allow');
  });
});
