import { check, clusterOf, explain, pod, policies } from '../builders';

const api = pod('prod', 'api', { app: 'api' }, { ports: ['http:8080/TCP'], ip: '10.0.1.10', serviceAccount: 'api' });
const web = pod('prod', 'web', { app: 'web' }, { ip: '10.0.1.11', serviceAccount: 'web' });
const monWeb = pod('mon', 'web', { app: 'web' }, { ip: '10.0.2.11' });
const prom = pod('mon', 'prometheus', { app: 'prometheus' }, { ip: '10.0.2.12', serviceAccount: 'prometheus' });
const cluster = clusterOf([api, web, monWeb, prom], { mon: { team: 'monitoring' } });

const cnp = (ingress: string, kind = 'CiliumNetworkPolicy'): string => `
apiVersion: cilium.io/v2
kind: ${kind}
metadata: {name: api-ingress${kind === 'CiliumNetworkPolicy' ? ', namespace: prod' : ''}}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
${ingress}`;

describe('Cilium endpoint selectors and namespaces (SEMANTICS B2.7)', () => {
  test('can read fromEndpoints without a namespace label as the policy namespace in a CNP', () => {
    const set = policies(cnp('  - fromEndpoints: [{matchLabels: {app: web}}]'));
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', monWeb, api, '8080/TCP').allowed).toBe(false);
  });

  test('can read an empty fromEndpoints selector as this namespace in a CNP and every pod in a CCNP', () => {
    const namespaced = policies(cnp('  - fromEndpoints: [{}]'));
    expect(check(namespaced, cluster, 'cilium', web, api, '8080/TCP').allowed).toBe(true);
    expect(check(namespaced, cluster, 'cilium', prom, api, '8080/TCP').allowed).toBe(false);
    const clusterwide = policies(cnp('  - fromEndpoints: [{}]', 'CiliumClusterwideNetworkPolicy'));
    expect(check(clusterwide, cluster, 'cilium', prom, api, '8080/TCP').allowed).toBe(true);
    expect(check(clusterwide, cluster, 'cilium', 'ip:203.0.113.5', api, '8080/TCP').allowed).toBe(false);
  });

  test('can select another namespace with k8s:io.kubernetes.pod.namespace, with or without a prefix', () => {
    for (const key of [
      'k8s:io.kubernetes.pod.namespace',
      'io.kubernetes.pod.namespace',
      'any:io.kubernetes.pod.namespace',
    ]) {
      const set = policies(cnp(`  - fromEndpoints: [{matchLabels: {"${key}": mon, "k8s:app": prometheus}}]`));
      expect(check(set, cluster, 'cilium', prom, api, '8080/TCP').allowed).toBe(true);
      expect(check(set, cluster, 'cilium', monWeb, api, '8080/TCP').allowed).toBe(false);
      expect(check(set, cluster, 'cilium', web, api, '8080/TCP').allowed).toBe(false);
    }
  });

  test('cannot select other namespaces by namespace labels in a CNP, but can in a CCNP', () => {
    const peer = '  - fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: monitoring}}]';
    expect(check(policies(cnp(peer)), cluster, 'cilium', prom, api, '8080/TCP').allowed).toBe(false);
    expect(
      check(policies(cnp(peer, 'CiliumClusterwideNetworkPolicy')), cluster, 'cilium', prom, api, '8080/TCP').allowed,
    ).toBe(true);
  });

  test('can AND matchExpressions and match service accounts', () => {
    const set = policies(
      cnp(`  - fromEndpoints:
    - matchLabels: {io.kubernetes.pod.namespace: mon}
      matchExpressions:
      - {key: app, operator: NotIn, values: [web]}
      - {key: io.cilium.k8s.policy.serviceaccount, operator: In, values: [prometheus]}`),
    );
    expect(check(set, cluster, 'cilium', prom, api, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', monWeb, api, '8080/TCP').allowed).toBe(false);
  });

  test('can apply a CCNP endpointSelector across namespaces and a CNP only in its own', () => {
    const deny = (kind: string): string => `
apiVersion: cilium.io/v2
kind: ${kind}
metadata: {name: isolate-web${kind === 'CiliumNetworkPolicy' ? ', namespace: prod' : ''}}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress: [{}]`;
    const namespaced = policies(deny('CiliumNetworkPolicy'));
    expect(check(namespaced, cluster, 'cilium', api, web, '80/TCP').allowed).toBe(false);
    expect(check(namespaced, cluster, 'cilium', api, monWeb, '80/TCP').allowed).toBe(true);
    const clusterwide = policies(deny('CiliumClusterwideNetworkPolicy'));
    expect(check(clusterwide, cluster, 'cilium', api, monWeb, '80/TCP').allowed).toBe(false);
  });
});

describe('Cilium default deny (SEMANTICS B2.5, B2.6)', () => {
  test('can isolate a direction by any selecting rule with that section, including a deny section', () => {
    const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: deny-metadata}
spec:
  endpointSelector: {}
  egressDeny: [{toCIDR: [169.254.169.254/32]}]`);
    const v = check(set, cluster, 'cilium', web, api, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('isolated for egress by CiliumClusterwideNetworkPolicy deny-metadata');
    // Ingress stays open: the policy has no ingress section.
    expect(check(set, cluster, 'cilium', 'ip:203.0.113.5', api, '8080/TCP').allowed).toBe(true);
  });

  test('can add allows without isolating when enableDefaultDeny is false', () => {
    const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: dns-visibility}
spec:
  endpointSelector: {}
  enableDefaultDeny: {egress: false, ingress: false}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]`);
    expect(check(set, cluster, 'cilium', web, api, '8080/TCP').allowed).toBe(true);
  });

  test('cannot enforce a rule whose every section is empty (Valid=False)', () => {
    const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: bare, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress: []`);
    const v = check(set, cluster, 'cilium', web, api, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toContain('rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny');
  });

  test('can deny everything with ingress: [{}]', () => {
    const v = check(policies(cnp('  - {}')), cluster, 'cilium', web, api, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('isolated for ingress by CiliumNetworkPolicy prod/api-ingress');
  });

  test('can read every spec of a multi-rule policy (specs)', () => {
    const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: two, namespace: prod}
specs:
- endpointSelector: {matchLabels: {app: api}}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
- endpointSelector: {matchLabels: {app: web}}
  egress: [{toEndpoints: [{matchLabels: {app: nothing}}]}]`);
    const v = check(set, cluster, 'cilium', web, api, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('isolated for egress by CiliumNetworkPolicy prod/two');
  });
});
