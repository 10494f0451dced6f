import { decidedBy } from '../../../src/cli/probe-report';
import { formatVerdict } from '../../../src/verify/format';
import { check, clusterOf, explain, pod, policies } from '../builders';

// Upstream: kubernetes-sigs/network-policy-api v0.1.8 (commit 5a62954284765fb16f2e601f11907ca0b839b89f),
// CRD descriptions in schemas/network-policy-api/policy.networking.k8s.io_{adminnetworkpolicies,
// baselineadminnetworkpolicies}.yaml and the API reference https://network-policy-api.sigs.k8s.io/reference/spec/.

const server = pod(
  'prod',
  'server',
  { app: 'server' },
  { ports: ['http:8080/TCP', '9090/TCP', 'dns:53/UDP'], ip: '10.244.1.10' },
);
const client = pod('prod', 'client', { app: 'client' }, { ip: '10.244.1.11' });
const monitor = pod('monitoring', 'prometheus', { app: 'prometheus' }, { ip: '10.244.2.10' });
const dev = pod('dev', 'tool', { app: 'tool' }, { ip: '10.244.3.10' });
const cluster = clusterOf([server, client, monitor, dev], { prod: { env: 'prod' }, dev: { env: 'dev' } });

const anp = (name: string, priority: number, body: string): string => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ${name}}
spec:
  priority: ${priority}
${body}
---`;

const banp = (body: string, name = 'default'): string => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: ${name}}
spec:
${body}
---`;

/** A NetworkPolicy of prod/server allowing only prod/client on 8080. */
const NP_SERVER = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-in, namespace: prod}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress: [{from: [{podSelector: {matchLabels: {app: client}}}], ports: [{port: 8080}]}]
---`;

const toServer = `
  subject: {pods: {namespaceSelector: {matchLabels: {env: prod}}, podSelector: {matchLabels: {app: server}}}}`;

describe('AdminNetworkPolicy actions', () => {
  // Spec, action: "Allow: allows the selected traffic (even if it would otherwise have been denied by NetworkPolicy)".
  test('can allow traffic a NetworkPolicy of the pod denies (Allow skips the NetworkPolicy tier)', () => {
    const set = policies(
      NP_SERVER +
        anp(
          'allow-monitoring',
          10,
          `${toServer}
  ingress: [{name: scrape, action: Allow, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]}]`,
        ),
    );
    const v = check(set, cluster, 'kubernetes', monitor, server, '9090/TCP');
    expect(v.allowed).toBe(true);
    expect(v.layers[0].findings).toContainEqual(
      expect.objectContaining({ object: 'AdminNetworkPolicy allow-monitoring', rule: 'ingress[0] "scrape"' }),
    );
    expect(explain(v)).toMatch(
      /Allow \(admin tier, priority 10\): matches monitoring\/prometheus on 9090\/TCP and allows it/,
    );
    // Without the ANP the NetworkPolicy denies it.
    expect(check(policies(NP_SERVER), cluster, 'kubernetes', monitor, server, '9090/TCP').allowed).toBe(false);
  });

  // Spec, action: "Deny: denies the selected traffic"; "All AdminNetworkPolicy rules have higher precedence than NetworkPolicy".
  test('can deny traffic a NetworkPolicy of the pod allows (Deny wins over the NetworkPolicy tier)', () => {
    const set = policies(
      NP_SERVER +
        anp(
          'deny-all-in',
          10,
          `${toServer}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
        ),
    );
    const v = check(set, cluster, 'kubernetes', client, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(v.layers[0].findings[0]).toMatchObject({ object: 'AdminNetworkPolicy deny-all-in', rule: 'ingress[0]' });
  });

  // Spec, action: "Pass: instructs the selected traffic to skip any remaining ANP rules, and then pass execution to any
  // NetworkPolicies that select the pod. If the pod is not selected by any NetworkPolicies then execution is passed to
  // any BaselineAdminNetworkPolicies that select the pod."
  test('can pass traffic to the NetworkPolicies of the pod, skipping lower-priority AdminNetworkPolicies', () => {
    const set = policies(
      NP_SERVER +
        anp(
          'pass-prod',
          5,
          `${toServer}
  ingress: [{action: Pass, from: [{namespaces: {matchLabels: {env: prod}}}]}]`,
        ) +
        anp(
          'deny-all-in',
          10,
          `${toServer}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
        ),
    );
    const allowed = check(set, cluster, 'kubernetes', client, server, '8080/TCP');
    expect(allowed.allowed).toBe(true);
    expect(explain(allowed)).toMatch(
      /AdminNetworkPolicy pass-prod ingress\[0\]: Pass .* passes it to the NetworkPolicies of the pod/,
    );
    expect(explain(allowed)).toContain('NetworkPolicy prod/server-in');
    // Passed, and the NetworkPolicy does not allow 9090: denied by the NetworkPolicy, not by the ANP.
    expect(check(set, cluster, 'kubernetes', client, server, '9090/TCP').allowed).toBe(false);
    // Not passed (other namespace): the lower-priority Deny decides.
    const denied = check(set, cluster, 'kubernetes', dev, server, '8080/TCP');
    expect(denied.allowed).toBe(false);
    expect(denied.layers[0].findings[0].object).toBe('AdminNetworkPolicy deny-all-in');
  });

  test('can pass to the BaselineAdminNetworkPolicy when no NetworkPolicy selects the pod', () => {
    const set = policies(
      anp(
        'pass-all',
        5,
        `${toServer}
  ingress: [{action: Pass, from: [{namespaces: {}}]}]`,
      ) +
        banp(`${toServer}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`),
    );
    const v = check(set, cluster, 'kubernetes', client, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toMatch(/BaselineAdminNetworkPolicy default ingress\[0\]: Deny \(baseline tier/);
  });
});

describe('AdminNetworkPolicy priorities and rule order', () => {
  // Spec, priority: "Policies with lower priority values have higher precedence, and are checked before policies with
  // higher priority values."
  test('can let the lower priority number decide, whatever the names', () => {
    const body = (action: string): string => `${toServer}
  ingress: [{action: ${action}, from: [{namespaces: {}}]}]`;
    const denyFirst = policies(anp('a-allow', 20, body('Allow')) + anp('z-deny', 10, body('Deny')));
    expect(check(denyFirst, cluster, 'kubernetes', client, server, '8080/TCP').allowed).toBe(false);
    const allowFirst = policies(anp('a-allow', 10, body('Allow')) + anp('z-deny', 20, body('Deny')));
    expect(check(allowFirst, cluster, 'kubernetes', client, server, '8080/TCP').allowed).toBe(true);
  });

  // Spec, ingress: "The relative precedence of ingress rules within a single ANP object ... will be determined by the
  // order in which the rule is written."
  test('can let the first matching rule of a policy decide', () => {
    const set = policies(
      anp(
        'ordered',
        10,
        `${toServer}
  ingress:
  - {name: allow-client, action: Allow, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}]}
  - {name: deny-rest, action: Deny, from: [{namespaces: {}}]}`,
      ),
    );
    expect(check(set, cluster, 'kubernetes', client, server, '9090/TCP').allowed).toBe(true);
    const v = check(set, cluster, 'kubernetes', dev, server, '9090/TCP');
    expect(v.allowed).toBe(false);
    expect(v.layers[0].findings[0].rule).toBe('ingress[1] "deny-rest"');
  });

  // Spec, priority: "If two (or more) policies with the same priority could both match a connection, then the
  // implementation can apply any of the matching policies to the connection".
  test('can report equal priorities that both match a flow instead of choosing silently', () => {
    const body = (action: string): string => `${toServer}
  ingress: [{action: ${action}, from: [{namespaces: {}}]}]`;
    const set = policies(anp('b-deny', 10, body('Deny')) + anp('a-allow', 10, body('Allow')));
    const v = check(set, cluster, 'kubernetes', client, server, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toMatch(
      /undefined order: AdminNetworkPolicy a-allow \(Allow\) and AdminNetworkPolicy b-deny \(Deny\) have the same priority 10/,
    );
    // Equal priorities that do not both match the flow are not reported.
    const disjoint = policies(
      anp(
        'b-deny',
        10,
        `${toServer}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {env: dev}}}]}]`,
      ) + anp('a-allow', 10, body('Allow')),
    );
    expect(explain(check(disjoint, cluster, 'kubernetes', client, server, '8080/TCP'))).not.toContain(
      'undefined order',
    );
  });

  test('cannot enforce a priority outside 0-1000: the API server rejects it, and the finding says so', () => {
    const set = policies(
      anp(
        'too-high',
        1001,
        `${toServer}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
      ),
    );
    const v = check(set, cluster, 'kubernetes', client, server, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toMatch(
      /AdminNetworkPolicy too-high : is invalid and enforces nothing .*priority: must be an integer from 0 to 1000/,
    );
  });
});

describe('AdminNetworkPolicy subjects, peers and ports', () => {
  // Spec, AdminNetworkPolicySubject: exactly one of namespaces (a namespace label selector) or pods.
  test('can select every pod of the namespaces a subject names', () => {
    const set = policies(
      anp(
        'deny-dev-egress',
        10,
        `
  subject: {namespaces: {matchLabels: {env: dev}}}
  egress: [{action: Deny, to: [{namespaces: {matchLabels: {env: prod}}}]}]`,
      ),
    );
    expect(check(set, cluster, 'kubernetes', dev, server, '8080/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', monitor, server, '8080/TCP').allowed).toBe(true);
  });

  // Spec, AdminNetworkPolicyPort: portNumber (protocol, port), portRange (start, end inclusive), namedPort.
  test.each([
    ['portNumber', '{portNumber: {protocol: TCP, port: 8080}}', ['8080/TCP'], ['9090/TCP', '8080/UDP']],
    [
      'portRange',
      '{portRange: {protocol: TCP, start: 8000, end: 9000}}',
      ['8080/TCP', '9000/TCP'],
      ['9090/TCP', '7999/TCP'],
    ],
    ['namedPort', '{namedPort: dns}', ['53/UDP'], ['53/TCP', '8080/TCP']],
  ])('can match ports by %s', (_kind, port, denied, allowed) => {
    const set = policies(
      anp(
        'deny-port',
        10,
        `${toServer}
  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [${port}]}]`,
      ),
    );
    for (const p of denied)
      expect([p, check(set, cluster, 'kubernetes', client, server, p).allowed]).toEqual([p, false]);
    for (const p of allowed)
      expect([p, check(set, cluster, 'kubernetes', client, server, p).allowed]).toEqual([p, true]);
  });

  // Spec, AdminNetworkPolicyEgressPeer.networks: "cluster-internal traffic will be checked against the rule as well. So
  // if you Allow or Deny traffic to "0.0.0.0/0", that will allow or deny all IPv4 pod-to-pod traffic as well."
  test('can match egress networks against outside addresses and pod addresses', () => {
    const set = policies(
      anp(
        'deny-egress',
        10,
        `
  subject: {namespaces: {matchLabels: {env: dev}}}
  egress: [{action: Deny, to: [{networks: [0.0.0.0/0]}]}]`,
      ),
    );
    expect(check(set, cluster, 'kubernetes', dev, 'ip:203.0.113.9', '443/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', dev, server, '8080/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', dev, 'ip:2001:db8::1', '443/TCP').allowed).toBe(true);
  });

  test('can leave pods no subject selects to their NetworkPolicies', () => {
    const set = policies(
      NP_SERVER +
        anp(
          'allow-all',
          10,
          `
  subject: {namespaces: {matchLabels: {env: dev}}}
  ingress: [{action: Allow, from: [{namespaces: {}}]}]`,
        ),
    );
    expect(check(set, cluster, 'kubernetes', monitor, server, '8080/TCP').allowed).toBe(false);
  });
});

describe('BaselineAdminNetworkPolicy', () => {
  // Spec, BANP ingress: "rules to be applied to the selected pods if they are not matched by any AdminNetworkPolicy or
  // NetworkPolicy rules".
  test('can deny what no NetworkPolicy isolates, and yield to a NetworkPolicy that selects the pod', () => {
    const set = policies(
      banp(`
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`),
    );
    const v = check(set, cluster, 'kubernetes', client, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(v.layers[0].findings[0]).toMatchObject({ object: 'BaselineAdminNetworkPolicy default', rule: 'ingress[0]' });
    const withNp = policies(
      NP_SERVER +
        banp(`
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`),
    );
    expect(check(withNp, cluster, 'kubernetes', client, server, '8080/TCP').allowed).toBe(true);
    // A NetworkPolicy for ingress only leaves egress to the baseline.
    const egress = policies(
      NP_SERVER +
        banp(`
  subject: {namespaces: {matchLabels: {env: prod}}}
  egress: [{action: Deny, to: [{networks: [0.0.0.0/0]}]}]`),
    );
    expect(check(egress, cluster, 'kubernetes', server, 'ip:203.0.113.9', '443/TCP').allowed).toBe(false);
  });

  test('can allow by default what neither tier matches', () => {
    const set = policies(
      banp(`
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {env: dev}}}]}]`),
    );
    expect(check(set, cluster, 'kubernetes', client, server, '8080/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', dev, server, '8080/TCP').allowed).toBe(false);
  });

  // CRD validation: "Only one baseline admin network policy with metadata.name="default" can be created in the cluster".
  test('cannot enforce a BaselineAdminNetworkPolicy not named default: the API server rejects it', () => {
    const set = policies(
      banp(
        `
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
        'strict',
      ),
    );
    const v = check(set, cluster, 'kubernetes', client, server, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toContain("must be named 'default'");
  });
});

describe('explanations', () => {
  // Like a NetworkPolicy verdict, a tier verdict names the deciding object and rule, also when an invalid cluster-wide
  // policy is reported next to it.
  test('can name the deciding AdminNetworkPolicy and rule in the text and in the probe table', () => {
    const set = policies(
      anp(
        'deny-dev',
        10,
        `${toServer}
  ingress: [{name: no-dev, action: Deny, from: [{namespaces: {matchLabels: {env: dev}}}]}]`,
      ) +
        anp(
          'broken',
          20,
          `${toServer}
  ingress: [{action: Reject, from: [{namespaces: {}}]}]`,
        ),
    );
    const v = check(set, cluster, 'kubernetes', dev, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(decidedBy(v)).toBe('AdminNetworkPolicy deny-dev ingress[0] "no-dev"');
    expect(formatVerdict(v)).toContain(
      'AdminNetworkPolicy deny-dev ingress[0] "no-dev": Deny (admin tier, priority 10): matches dev/tool on 8080/TCP and denies it (ingress of prod/server)',
    );
    expect(formatVerdict(v)).toContain(
      "AdminNetworkPolicy broken: is invalid and enforces nothing (the API server rejects it): ingress[0].action: must be one of Allow, Deny, Pass, got 'Reject'",
    );
  });
});
