import { compileDnsSelector } from '../../../src/verify/cilium/fqdn';
import { check, clusterOf, explain, pod, policies } from '../builders';

const web = pod('prod', 'web', { app: 'web' });
const dns = pod('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, { ports: ['dns:53/UDP', 'dns-tcp:53/TCP'] });
const cluster = clusterOf([web, dns]);

const DNS_RULE = `
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]`;

const fqdnPolicy = (fqdns: string, dnsRule: string): ReturnType<typeof policies> =>
  policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-egress, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toFQDNs: ${fqdns}
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
${dnsRule}`);

describe('Cilium toFQDNs (SEMANTICS B2.1, B2.2)', () => {
  test('can reach a name allowed by toFQDNs when a DNS rule toward the DNS server exists', () => {
    const set = fqdnPolicy('[{matchName: api.github.com}]', DNS_RULE);
    const v = check(set, cluster, 'cilium', web, 'fqdn:api.github.com', '443/TCP');
    expect(v.allowed).toBe(true);
    expect(v.layers[0].findings).toContainEqual(
      expect.objectContaining({ object: 'CiliumNetworkPolicy prod/web-egress', rule: 'egress[0]' }),
    );
    expect(check(set, cluster, 'cilium', web, 'fqdn:api.github.com', '80/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'cilium', web, 'fqdn:example.com', '443/TCP').allowed).toBe(false);
  });

  test('cannot reach any name through toFQDNs without a DNS rule, and explains why', () => {
    const set = fqdnPolicy(
      '[{matchName: api.github.com}]',
      `
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}]}]`,
    );
    const v = check(set, cluster, 'cilium', web, 'fqdn:api.github.com', '443/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain(
      'toFQDNs matches nothing here: no Cilium policy selecting prod/web has an egress DNS rule',
    );
  });

  test('cannot reach a name when the DNS rule does not point at the DNS server', () => {
    const set = fqdnPolicy(
      '[{matchName: api.github.com}]',
      `
  - toEndpoints: [{matchLabels: {app: not-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]`,
    );
    const v = check(set, cluster, 'cilium', web, 'fqdn:api.github.com', '443/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('do not reach the DNS server');
  });

  test('cannot reach a name the DNS rule does not let the pod look up', () => {
    const set = fqdnPolicy(
      '[{matchName: api.github.com}]',
      DNS_RULE.replace('matchPattern: "*"', 'matchPattern: "*.cluster.local"'),
    );
    const v = check(set, cluster, 'cilium', web, 'fqdn:api.github.com', '443/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('do not allow looking up api.github.com');
  });

  test('can take the DNS rule from another policy selecting the source, such as a clusterwide visibility policy', () => {
    const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-egress, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress: [{toFQDNs: [{matchPattern: "*.googleapis.com"}]}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: dns-visibility}
spec:
  endpointSelector: {}
  enableDefaultDeny: {egress: false}
  egress:${DNS_RULE}`);
    expect(check(set, cluster, 'cilium', web, 'fqdn:storage.googleapis.com', '443/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, 'fqdn:googleapis.com', '443/TCP').allowed).toBe(false);
  });

  test('can match matchName exactly and matchPattern stars within one label', () => {
    const name = compileDnsSelector({ matchName: 'cilium.io' });
    expect(name?.matches('Cilium.IO.')).toBe(true);
    expect(name?.matches('sub.cilium.io')).toBe(false);
    const star = compileDnsSelector({ matchPattern: '*.cilium.io' });
    expect(star?.matches('sub.cilium.io')).toBe(true);
    expect(star?.matches('cilium.io')).toBe(false);
    expect(star?.matches('a.b.cilium.io')).toBe(false);
    const inner = compileDnsSelector({ matchPattern: 'api-*.example.com' });
    expect(inner?.matches('api-.example.com')).toBe(true);
    expect(inner?.matches('api-eu.example.com')).toBe(true);
    expect(inner?.matches('web.example.com')).toBe(false);
  });

  test('can match every name with a lone star and one or more labels with a leading **.', () => {
    expect(compileDnsSelector({ matchPattern: '*' })?.matches('anything.at.all')).toBe(true);
    const deep = compileDnsSelector({ matchPattern: '**.cilium.io' });
    expect(deep?.matches('app.cilium.io')).toBe(true);
    expect(deep?.matches('test.app.cilium.io')).toBe(true);
    expect(deep?.matches('cilium.io')).toBe(false);
  });

  test('can match an unresolved name by toCIDRSet only when the block holds every public address', () => {
    const set = policies(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-egress, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]
    toPorts: [{ports: [{port: "443"}]}]
  - toCIDR: [140.82.0.0/16]
    toPorts: [{ports: [{port: "8443"}]}]`);
    expect(check(set, cluster, 'cilium', web, 'fqdn:api.github.com', '443/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'cilium', web, 'fqdn:api.github.com', '8443/TCP').allowed).toBe(false);
    expect(
      check(set, cluster, 'cilium', web, 'fqdn:api.github.com', '8443/TCP', undefined, {
        resolveFqdn: () => ['140.82.112.5'],
      }).allowed,
    ).toBe(true);
  });
});
