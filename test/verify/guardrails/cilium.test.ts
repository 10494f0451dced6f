import { check, clusterOf, explain, pod, policies } from '../builders';

const server = pod('prod', 'server', { app: 'server' }, { ports: ['8080/TCP', '9090/TCP'], ip: '10.244.1.10' });
const client = pod('prod', 'client', { app: 'client' }, { ip: '10.244.1.11' });
const dev = pod('dev', 'tool', { app: 'tool' }, { ip: '10.244.3.10' });
const cluster = clusterOf([server, client, dev], { prod: { env: 'prod' }, dev: { env: 'dev' } });

const ALLOW_ALL_TO_SERVER = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-in, namespace: prod}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress: [{from: [{namespaceSelector: {}}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server-in, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress: [{fromEntities: [cluster]}]
---`;

describe('Cilium deny rules over every allow', () => {
  // https://docs.cilium.io/en/stable/security/policy/language/#deny-policies (security/policy/deny): "Deny policies take
  // precedence over allow policies, regardless of whether they are a Cilium Network Policy, a Clusterwide Cilium Network
  // Policy or even a Kubernetes Network Policy."
  test('can let a CiliumNetworkPolicy ingressDeny win over a NetworkPolicy and a CiliumNetworkPolicy allow', () => {
    const set = policies(`${ALLOW_ALL_TO_SERVER}
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: no-dev, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingressDeny: [{fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: dev}}]}]`);
    const v = check(set, cluster, 'cilium', dev, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(v.layers[0].findings[0]).toMatchObject({
      object: 'CiliumNetworkPolicy prod/no-dev',
      rule: 'ingressDeny[0]',
    });
    expect(check(set, cluster, 'cilium', client, server, '8080/TCP').allowed).toBe(true);
  });

  test('can let a CiliumClusterwideNetworkPolicy egressDeny win over a namespaced allow', () => {
    const set = policies(`${ALLOW_ALL_TO_SERVER}
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: dev-out, namespace: dev}
spec:
  endpointSelector: {}
  egress: [{toEntities: [all]}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: no-9090}
spec:
  endpointSelector: {}
  egressDeny: [{toPorts: [{ports: [{port: "9090", protocol: TCP}]}]}]`);
    const v = check(set, cluster, 'cilium', dev, server, '9090/TCP');
    expect(v.allowed).toBe(false);
    expect(v.layers[0].findings[0]).toMatchObject({
      object: 'CiliumClusterwideNetworkPolicy no-9090',
      rule: 'egressDeny[0]',
    });
    expect(check(set, cluster, 'cilium', dev, server, '8080/TCP').allowed).toBe(true);
  });
});

describe('Cilium enableDefaultDeny', () => {
  // CRD field description (schemas/cilium, spec.enableDefaultDeny; cilium/cilium #30572): "If not specified, the default
  // is true for each traffic direction that has rules ... This is useful for creating broad-based network policies
  // that will not cause endpoints to enter default-deny."
  test('can add a guardrail deny without putting the selected pods in default deny', () => {
    const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: guardrail}
spec:
  endpointSelector: {}
  enableDefaultDeny: {ingress: false, egress: false}
  ingressDeny: [{fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: dev}}]}]
  egress: [{toEntities: [world]}]`);
    expect(check(set, cluster, 'cilium', client, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', dev, server, '8080/TCP').allowed).toBe(false);
    // The same rules without the opt-out isolate both directions.
    const isolating = policies(`
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: guardrail}
spec:
  endpointSelector: {}
  ingressDeny: [{fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: dev}}]}]
  egress: [{toEntities: [world]}]`);
    expect(explain(check(isolating, cluster, 'cilium', client, server, '8080/TCP'))).toMatch(
      /isolated for (egress|ingress)/,
    );
    expect(check(isolating, cluster, 'cilium', client, server, '8080/TCP').allowed).toBe(false);
  });
});

describe('Cilium host policies (nodeSelector)', () => {
  // https://docs.cilium.io/en/stable/security/policy/language/#host-policies: "Host policies take the form of a
  // CiliumClusterwideNetworkPolicy with a Node Selector instead of an Endpoint Selector." They apply to the host, not to
  // pods: this engine does not evaluate them and says so on flows that touch a node.
  const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: lock-nodes}
spec:
  nodeSelector: {}
  ingress: [{fromEntities: [cluster], toPorts: [{ports: [{port: "6443", protocol: TCP}]}]}]`);

  test('can flag a host policy as not evaluated on a flow to a node', () => {
    const v = check(set, cluster, 'cilium', client, 'ip:192.168.0.2', '10250/TCP', undefined, {
      remoteNodeIps: ['192.168.0.2'],
    });
    expect(v.layers[0].findings).toContainEqual({
      layer: 'cilium',
      message: expect.stringMatching(
        /^CiliumClusterwideNetworkPolicy lock-nodes is a host policy \(nodeSelector\).*not evaluated/,
      ),
    });
  });

  test('can leave pod-to-pod verdicts unaffected and unflagged', () => {
    const v = check(set, cluster, 'cilium', client, server, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).not.toContain('lock-nodes');
  });
});

describe('network-policy-api objects under Cilium', () => {
  // Cilium does not implement AdminNetworkPolicy / BaselineAdminNetworkPolicy / ClusterNetworkPolicy: the upstream
  // implementations list (kubernetes-sigs/network-policy-api site-src/implementations.md) names Cilium only by its
  // tracking issue, cilium/cilium #23380. The kubernetes profile (a CNI that implements them) enforces them.
  const set = policies(`
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-dev}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {env: prod}}}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {env: dev}}}]}]`);

  test('cannot enforce an AdminNetworkPolicy on the cilium profile, and says so', () => {
    const v = check(set, cluster, 'cilium', dev, server, '8080/TCP');
    expect(v.allowed).toBe(true);
    // The note names the object in its message but not as `object`: the object decides nothing here.
    expect(v.layers[0].findings).toContainEqual({
      layer: 'cilium',
      message: expect.stringMatching(
        /^AdminNetworkPolicy deny-dev selects prod\/server but is not enforced: Cilium does not implement the network-policy-api/,
      ),
    });
  });

  test('can enforce the same AdminNetworkPolicy on the kubernetes profile', () => {
    expect(check(set, cluster, 'kubernetes', dev, server, '8080/TCP').allowed).toBe(false);
  });
});
