import { check, clusterOf, explain, pod, policies } from '../builders';

// One cluster for most tests: namespaces x (plain) and y (user=alice), pods labelled role=client / role=server.
const server = pod(
  'x',
  'server',
  { app: 'server' },
  { ports: ['http:8080/TCP', 'metrics:9090/TCP', '53/UDP'], ip: '10.244.1.10' },
);
const localClient = pod('x', 'client', { role: 'client' }, { ip: '10.244.1.11' });
const localOther = pod('x', 'other', { role: 'other' }, { ip: '10.244.1.12' });
const aliceClient = pod('y', 'client', { role: 'client' }, { ip: '10.244.2.11' });
const aliceOther = pod('y', 'other', { role: 'other' }, { ip: '10.244.2.12' });
const cluster = clusterOf([server, localClient, localOther, aliceClient, aliceOther], { y: { user: 'alice' } });

const ingressTo = (rules: string, extra = ''): string => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-ingress, namespace: x}
spec:
  podSelector: {matchLabels: {app: server}}
  policyTypes: [Ingress]
  ingress:
${rules}
${extra}`;

describe('NetworkPolicy peers (SEMANTICS B1.1, B1.2)', () => {
  test('can AND namespaceSelector and podSelector inside one peer element', () => {
    const set = policies(
      ingressTo(`  - from:
    - namespaceSelector: {matchLabels: {user: alice}}
      podSelector: {matchLabels: {role: client}}`),
    );
    expect(check(set, cluster, 'kubernetes', aliceClient, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', aliceOther, server, '8080/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', localClient, server, '8080/TCP').allowed).toBe(false);
  });

  test('can OR two peer elements: local clients, or any pod of alice namespaces', () => {
    const set = policies(
      ingressTo(`  - from:
    - namespaceSelector: {matchLabels: {user: alice}}
    - podSelector: {matchLabels: {role: client}}`),
    );
    expect(check(set, cluster, 'kubernetes', aliceOther, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localClient, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localOther, server, '8080/TCP').allowed).toBe(false);
  });

  test('can read a lone empty podSelector as every pod of the policy namespace only', () => {
    const set = policies(
      ingressTo(`  - from:
    - podSelector: {}`),
    );
    expect(check(set, cluster, 'kubernetes', localOther, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', aliceClient, server, '8080/TCP').allowed).toBe(false);
  });

  test('can read a lone empty namespaceSelector as every pod of every namespace, but not the outside', () => {
    const set = policies(
      ingressTo(`  - from:
    - namespaceSelector: {}`),
    );
    expect(check(set, cluster, 'kubernetes', aliceOther, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', 'ip:203.0.113.9', server, '8080/TCP').allowed).toBe(false);
  });

  test('cannot enforce a policy with an empty peer: the API server rejects it, and the finding says so', () => {
    const set = policies(
      ingressTo(`  - from:
    - {}`),
    );
    const v = check(set, cluster, 'kubernetes', localOther, server, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toContain('must specify a peer');
  });

  test('can allow everything with ingress: [{}] and nothing with ingress: []', () => {
    const all = policies(ingressTo('  - {}'));
    expect(check(all, cluster, 'kubernetes', 'ip:198.51.100.1', server, '1234/UDP').allowed).toBe(true);
    const none = policies(ingressTo('    []'));
    const v = check(none, cluster, 'kubernetes', localClient, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain(
      'isolated for ingress by NetworkPolicy x/server-ingress; no rule matched x/client on 8080/TCP',
    );
  });

  test('can select every pod of the namespace with spec.podSelector: {}', () => {
    const set = policies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress]}`);
    expect(check(set, cluster, 'kubernetes', aliceClient, localOther, '80/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', localClient, aliceOther, '80/TCP').allowed).toBe(true);
  });

  test('can match namespaces and pods with matchExpressions In, NotIn, Exists and DoesNotExist', () => {
    const set = policies(
      ingressTo(`  - from:
    - namespaceSelector: {matchExpressions: [{key: user, operator: Exists}]}
      podSelector: {matchExpressions: [{key: role, operator: In, values: [client, admin]}]}
    - podSelector: {matchExpressions: [{key: role, operator: NotIn, values: [client]}, {key: app, operator: DoesNotExist}]}`),
    );
    expect(check(set, cluster, 'kubernetes', aliceClient, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', aliceOther, server, '8080/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', localOther, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localClient, server, '8080/TCP').allowed).toBe(false);
  });
});

describe('NetworkPolicy isolation and union (SEMANTICS B1.3, B1.6)', () => {
  test('can default policyTypes to Ingress plus Egress only when egress rules exist', () => {
    const withEgress = policies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: x}
spec:
  podSelector: {matchLabels: {role: client}}
  egress: [{to: [{podSelector: {matchLabels: {app: server}}}]}]`);
    // Ingress is isolated too (always defaulted), with no ingress rule.
    expect(check(withEgress, cluster, 'kubernetes', localOther, localClient, '80/TCP').allowed).toBe(false);
    expect(check(withEgress, cluster, 'kubernetes', localClient, server, '8080/TCP').allowed).toBe(true);
    expect(check(withEgress, cluster, 'kubernetes', localClient, localOther, '80/TCP').allowed).toBe(false);
    const emptyEgress = policies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-no-egress, namespace: x}
spec: {podSelector: {matchLabels: {role: client}}, egress: []}`);
    // `egress: []` without policyTypes does not isolate egress.
    expect(check(emptyEgress, cluster, 'kubernetes', localClient, localOther, '80/TCP').allowed).toBe(true);
    expect(check(emptyEgress, cluster, 'kubernetes', localOther, localClient, '80/TCP').allowed).toBe(false);
  });

  test('can unite the allows of every policy selecting a pod', () => {
    const set = policies(`${ingressTo(`  - from: [{podSelector: {matchLabels: {role: client}}}]`)}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-ingress-2, namespace: x}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress: [{from: [{podSelector: {matchLabels: {role: other}}}], ports: [{port: 9090}]}]`);
    expect(check(set, cluster, 'kubernetes', localClient, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localOther, server, '9090/TCP').allowed).toBe(true);
    const v = check(set, cluster, 'kubernetes', localOther, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain(
      'isolated for ingress by NetworkPolicy x/server-ingress, NetworkPolicy x/server-ingress-2',
    );
  });

  test('cannot connect when the destination allows ingress but the source denies egress', () => {
    const set = policies(`${ingressTo('  - {}')}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-deny-egress, namespace: x}
spec: {podSelector: {matchLabels: {role: client}}, policyTypes: [Egress]}`);
    const v = check(set, cluster, 'kubernetes', localClient, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(v.layers[0].findings[0].message).toContain('isolated for egress by NetworkPolicy x/client-deny-egress');
  });

  test('can name the object and rule that allowed', () => {
    const set = policies(
      ingressTo(`  - from: [{podSelector: {matchLabels: {role: other}}}]
  - from: [{podSelector: {matchLabels: {role: client}}}]`),
    );
    const v = check(set, cluster, 'kubernetes', localClient, server, '8080/TCP');
    expect(v.layers[0].findings).toContainEqual(
      expect.objectContaining({ object: 'NetworkPolicy x/server-ingress', rule: 'ingress[1]' }),
    );
  });
});

describe('NetworkPolicy ports (SEMANTICS B1.5, B1.8, B1.11)', () => {
  test('can default the protocol to TCP and allow every port when ports are absent', () => {
    const set = policies(
      ingressTo(`  - ports: [{port: 53}]
  - from: [{podSelector: {matchLabels: {role: other}}}]`),
    );
    expect(check(set, cluster, 'kubernetes', localClient, server, '53/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localClient, server, '53/UDP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', localOther, server, '12345/SCTP').allowed).toBe(true);
  });

  test('can match a port range with endPort, inclusive', () => {
    const set = policies(ingressTo('  - ports: [{port: 7000, endPort: 7010, protocol: TCP}]'));
    expect(check(set, cluster, 'kubernetes', localClient, server, '7000/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localClient, server, '7010/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localClient, server, '7011/TCP').allowed).toBe(false);
  });

  test('cannot enforce endPort without port, below port, or with a named port', () => {
    for (const ports of ['[{endPort: 90}]', '[{port: 90, endPort: 80}]', '[{port: http, endPort: 9000}]']) {
      const v = check(
        policies(ingressTo(`  - ports: ${ports}`)),
        cluster,
        'kubernetes',
        localClient,
        server,
        '8080/TCP',
      );
      expect(v.allowed).toBe(true);
      expect(explain(v)).toMatch(/invalid and enforces nothing.*endPort/);
    }
  });

  test('can resolve a named port against the destination pod: the selected pod on ingress', () => {
    const set = policies(ingressTo('  - ports: [{port: metrics}]'));
    expect(check(set, cluster, 'kubernetes', localClient, server, '9090/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localClient, server, '8080/TCP').allowed).toBe(false);
  });

  test('can resolve a named port against the peer pod on egress, and never against an ipBlock', () => {
    const set = policies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: x}
spec:
  podSelector: {matchLabels: {role: client}}
  policyTypes: [Egress]
  egress:
  - ports: [{port: http}]`);
    expect(check(set, cluster, 'kubernetes', localClient, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localClient, localOther, '8080/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', localClient, 'ip:93.184.216.34', '8080/TCP').allowed).toBe(false);
  });

  test('cannot mistake SCTP or UDP for TCP', () => {
    const set = policies(ingressTo('  - ports: [{port: 8080, protocol: SCTP}]'));
    expect(check(set, cluster, 'kubernetes', localClient, server, '8080/SCTP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localClient, server, '8080/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', localClient, server, '8080/UDP').allowed).toBe(false);
  });
});

describe('NetworkPolicy ipBlock (SEMANTICS B1.4)', () => {
  const egressTo = (block: string): string => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: x}
spec:
  podSelector: {matchLabels: {role: client}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: ${block}}]}]`;

  test('can subtract except blocks from an IPv4 cidr', () => {
    const set = policies(egressTo('{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}'));
    expect(check(set, cluster, 'kubernetes', localClient, 'ip:10.2.3.4', '443/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localClient, 'ip:10.1.3.4', '443/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', localClient, 'ip:11.0.0.1', '443/TCP').allowed).toBe(false);
  });

  test('can subtract except blocks from an IPv6 cidr', () => {
    const set = policies(egressTo('{cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}'));
    expect(check(set, cluster, 'kubernetes', localClient, 'ip:2001:db8:2::1', '443/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', localClient, 'ip:2001:db8:1::1', '443/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', localClient, 'ip:10.0.0.1', '443/TCP').allowed).toBe(false);
  });

  test('cannot enforce an except that is not a strict subset of its cidr', () => {
    const v = check(
      policies(egressTo('{cidr: 10.0.0.0/16, except: [10.0.0.0/8]}')),
      cluster,
      'kubernetes',
      localClient,
      'ip:172.16.0.1',
      '443/TCP',
    );
    expect(v.allowed).toBe(true);
    expect(explain(v)).toContain('must be a strict subset of cidr');
  });

  test('can match pod IPs on the generic profile, and not when the CNI does not', () => {
    const set = policies(egressTo('{cidr: 10.244.1.10/32}'));
    expect(check(set, cluster, 'kubernetes', localClient, server, '8080/TCP').allowed).toBe(true);
    expect(
      check(set, cluster, 'kubernetes', localClient, server, '8080/TCP', undefined, { ipBlockMatchesPods: false })
        .allowed,
    ).toBe(false);
  });

  test('can match an unresolved DNS name only by a block that contains every public address', () => {
    const publicInternet = policies(egressTo('{cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}'));
    expect(check(publicInternet, cluster, 'kubernetes', localClient, 'fqdn:api.example.com', '443/TCP').allowed).toBe(
      true,
    );
    const narrower = policies(egressTo('{cidr: 0.0.0.0/0, except: [8.8.8.8/32]}'));
    expect(check(narrower, cluster, 'kubernetes', localClient, 'fqdn:api.example.com', '443/TCP').allowed).toBe(false);
    const oneHost = policies(egressTo('{cidr: 93.184.216.34/32}'));
    expect(check(oneHost, cluster, 'kubernetes', localClient, 'fqdn:api.example.com', '443/TCP').allowed).toBe(false);
  });

  test('can match a DNS name through a caller-provided resolver, requiring every address', () => {
    const oneHost = policies(egressTo('{cidr: 93.184.216.34/32}'));
    const resolveFqdn = (name: string): string[] =>
      name === 'api.example.com' ? ['93.184.216.34'] : ['93.184.216.34', '93.184.216.35'];
    expect(
      check(oneHost, cluster, 'kubernetes', localClient, 'fqdn:api.example.com', '443/TCP', undefined, { resolveFqdn })
        .allowed,
    ).toBe(true);
    expect(
      check(oneHost, cluster, 'kubernetes', localClient, 'fqdn:two.example.com', '443/TCP', undefined, { resolveFqdn })
        .allowed,
    ).toBe(false);
  });
});

describe('NetworkPolicy node traffic (SEMANTICS B1.10)', () => {
  test('can always admit traffic from the pod own node', () => {
    const set = policies(ingressTo('    []'));
    expect(
      check(set, cluster, 'kubernetes', 'ip:192.168.0.10', server, '8080/TCP', undefined, { hostIps: ['192.168.0.10'] })
        .allowed,
    ).toBe(true);
    expect(
      check(set, cluster, 'kubernetes', 'ip:192.168.0.11', server, '8080/TCP', undefined, { hostIps: ['192.168.0.10'] })
        .allowed,
    ).toBe(false);
  });

  test('can judge a request at L4 only', () => {
    const set = policies(ingressTo('  - ports: [{port: 8080}]'));
    expect(
      check(set, cluster, 'kubernetes', localClient, server, '8080/TCP', { method: 'DELETE', path: '/admin' }).allowed,
    ).toBe(true);
  });
});
