import { check, clusterOf, explain, pod, policies } from '../builders';

// Upstream: kubernetes-sigs/network-policy-api v0.2.0 (commit a17adecd0316b8ff1c3f83939ec0441d68cd6cce), CRD
// descriptions in schemas/network-policy-api/policy.networking.k8s.io_clusternetworkpolicies.yaml (spec.tier,
// spec.priority, ingress/egress action, protocols, networks).

const server = pod('prod', 'server', { app: 'server' }, { ports: ['web:8080/TCP', 'dns:53/UDP'], ip: '10.244.1.10' });
const client = pod('prod', 'client', { app: 'client' }, { ip: '10.244.1.11' });
const dev = pod('dev', 'tool', { app: 'tool' }, { ip: '10.244.3.10' });
const cluster = clusterOf([server, client, dev], { prod: { env: 'prod' }, dev: { env: 'dev' } });

const cnp = (name: string, tier: string, priority: number, body: string): string => `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier}
  priority: ${priority}
  subject: {namespaces: {matchLabels: {env: prod}}}
${body}
---`;

const NP_SERVER = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-in, namespace: prod}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress: [{from: [{podSelector: {matchLabels: {app: client}}}], ports: [{port: 8080}]}]
---`;

describe('ClusterNetworkPolicy tiers', () => {
  // spec.tier: "If Admin tier has made a final decision (Accept or Deny) on a connection, then no further evaluation is
  // done." Action: "Accept: Accepts the selected traffic ... No further ClusterNetworkPolicy or NetworkPolicy rules will
  // be processed."
  test('can accept in the Admin tier what a NetworkPolicy denies', () => {
    const set = policies(
      NP_SERVER +
        cnp(
          'accept-dev',
          'Admin',
          10,
          `
  ingress: [{name: dev-in, action: Accept, from: [{namespaces: {matchLabels: {env: dev}}}]}]`,
        ),
    );
    const v = check(set, cluster, 'kubernetes', dev, server, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toMatch(
      /ClusterNetworkPolicy accept-dev ingress\[0\] "dev-in": Accept \(admin tier, priority 10\)/,
    );
  });

  // spec.tier: "v1.NetworkPolicy always makes a final decision for selected pods. Further evaluation only happens for
  // Pods not selected by a v1.NetworkPolicy."
  test('can apply the Baseline tier only to pods no NetworkPolicy selects', () => {
    const baseline = cnp(
      'baseline-deny',
      'Baseline',
      10,
      `
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
    );
    expect(check(policies(baseline), cluster, 'kubernetes', client, server, '8080/TCP').allowed).toBe(false);
    expect(check(policies(NP_SERVER + baseline), cluster, 'kubernetes', client, server, '8080/TCP').allowed).toBe(true);
  });

  // Action: "Pass: Skips all further ClusterNetworkPolicy rules in the current tier for the selected traffic, and passes
  // evaluation to the next tier."
  test('can pass from the Admin tier to the NetworkPolicy tier and from the Baseline tier to the default', () => {
    const set = policies(
      cnp(
        'pass-prod',
        'Admin',
        5,
        `
  ingress: [{action: Pass, from: [{namespaces: {matchLabels: {env: prod}}}]}]`,
      ) +
        cnp(
          'deny-admin',
          'Admin',
          10,
          `
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
        ) +
        cnp(
          'pass-base',
          'Baseline',
          5,
          `
  ingress: [{action: Pass, from: [{namespaces: {matchLabels: {env: prod}}}]}]`,
        ) +
        cnp(
          'deny-base',
          'Baseline',
          10,
          `
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
        ),
    );
    const v = check(set, cluster, 'kubernetes', client, server, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toContain('ClusterNetworkPolicy pass-base');
    expect(check(set, cluster, 'kubernetes', dev, server, '8080/TCP').layers[0].findings[0].object).toBe(
      'ClusterNetworkPolicy deny-admin',
    );
  });

  // spec.priority: "If two (or more) policies in the same tier with the same priority could match a connection, then
  // the implementation can apply any of the matching policies".
  test('can report equal priorities in one tier that both match, but not across tiers', () => {
    const set = policies(
      cnp(
        'x',
        'Admin',
        7,
        `
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
      ) +
        cnp(
          'y',
          'Admin',
          7,
          `
  ingress: [{action: Accept, from: [{namespaces: {}}]}]`,
        ) +
        cnp(
          'z',
          'Baseline',
          7,
          `
  ingress: [{action: Accept, from: [{namespaces: {}}]}]`,
        ),
    );
    const v = check(set, cluster, 'kubernetes', client, server, '8080/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toMatch(
      /undefined order: ClusterNetworkPolicy x \(Deny\) and ClusterNetworkPolicy y \(Accept\) have the same priority 7/,
    );
  });
});

describe('ClusterNetworkPolicy protocols', () => {
  // protocols: one of tcp / udp / sctp (destinationPort number or range; none = every port of it) or destinationNamedPort.
  test.each([
    ['tcp number', '{tcp: {destinationPort: {number: 8080}}}', ['8080/TCP'], ['8081/TCP', '53/UDP']],
    [
      'tcp range',
      '{tcp: {destinationPort: {range: {start: 8000, end: 8080}}}}',
      ['8000/TCP', '8080/TCP'],
      ['8081/TCP'],
    ],
    ['every udp port', '{udp: {}}', ['53/UDP'], ['8080/TCP']],
    ['destinationNamedPort', '{destinationNamedPort: web}', ['8080/TCP'], ['53/UDP', '9090/TCP']],
  ])('can match %s', (_what, protocol, denied, allowed) => {
    const set = policies(
      cnp(
        'deny',
        'Admin',
        1,
        `
  ingress: [{action: Deny, from: [{namespaces: {}}], protocols: [${protocol}]}]`,
      ),
    );
    for (const p of denied)
      expect([p, check(set, cluster, 'kubernetes', client, server, p).allowed]).toEqual([p, false]);
    for (const p of allowed)
      expect([p, check(set, cluster, 'kubernetes', client, server, p).allowed]).toEqual([p, true]);
  });

  test('cannot enforce a ClusterNetworkPolicy of another API group (Antrea reuses the kind name)', () => {
    const set = policies(`
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata: {name: antrea}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`);
    expect(check(set, cluster, 'kubernetes', client, server, '8080/TCP').allowed).toBe(true);
  });
});

describe('ClusterNetworkPolicy peers this engine does not evaluate', () => {
  // v0.2.0 experimental channel: egress peer `domainNames`. Reported on every verdict of the subject; it matches nothing.
  test('can report a domainNames peer as not evaluated instead of rejecting the policy', () => {
    const set = policies(
      cnp(
        'fqdn',
        'Admin',
        1,
        `
  egress:
  - {action: Accept, to: [{domainNames: [api.example.com]}]}
  - {action: Deny, to: [{networks: [0.0.0.0/0]}]}`,
      ),
    );
    const v = check(set, cluster, 'kubernetes', server, 'ip:203.0.113.9', '443/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toMatch(
      /ClusterNetworkPolicy fqdn : not evaluated: egress\[0\]\.to\[0\]\.domainNames: this peer kind is not evaluated/,
    );
    expect(v.layers[0].findings.at(-1)!.object).toBe('ClusterNetworkPolicy fqdn');
    expect(v.layers[0].findings.at(-1)!.rule).toBe('egress[1]');
  });

  // Experimental channel: egress peer `nodes` (a node label selector). The cluster description has no node labels.
  test('can report a nodes peer with labels as not evaluated; it never allows', () => {
    const set = policies(
      cnp(
        'kubelet',
        'Admin',
        1,
        `
  egress:
  - {action: Accept, to: [{nodes: {matchLabels: {node-role.kubernetes.io/control-plane: ''}}}]}
  - {action: Deny, to: [{networks: [0.0.0.0/0]}]}`,
      ),
    );
    const v = check(set, cluster, 'kubernetes', server, 'ip:10.0.0.5', '10250/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toMatch(
      /ClusterNetworkPolicy kubelet : not evaluated: egress\[0\]\.to\[0\]\.nodes: node labels are not known here/,
    );
  });
});

describe('port ranges', () => {
  // CNP CRD CEL rule on destinationPort.range: "Start port must be less than End port" (self.start < self.end); the
  // ANP CRD's portRange.end: "the End value must be greater than Start". A range of one port is rejected.
  test('cannot enforce a range whose start equals its end, in either API version', () => {
    const v2 = policies(
      cnp(
        'one-port',
        'Admin',
        1,
        `
  ingress: [{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {range: {start: 8080, end: 8080}}}}]}]`,
      ),
    );
    const v = check(v2, cluster, 'kubernetes', client, server, '8080/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toMatch(/ClusterNetworkPolicy one-port : is invalid .*range needs start < end/);
    const v1 = policies(`
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: one-port}
spec:
  priority: 1
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{portRange: {protocol: TCP, start: 8080, end: 8080}}]}]`);
    expect(check(v1, cluster, 'kubernetes', client, server, '8080/TCP').allowed).toBe(true);
  });
});
