import * as fs from 'fs';
import * as path from 'path';
import { allPairs } from '../../../src/verify/all-pairs';
import { Verifier } from '../../../src/verify/evaluate';
import { groupIdentities } from '../../../src/verify/identity';
import { layersOf, profileOf } from '../../../src/verify/layers';
import { parseManifests } from '../../../src/verify/load';
import { PolicySet } from '../../../src/verify/policy-set';
import { check, clusterOf, explain, pod, policies } from '../builders';

const FIXTURES = path.join(__dirname, '../../fixtures/calico');
const fixture = (...names: string[]): PolicySet =>
  PolicySet.of(names.flatMap((n) => parseManifests(fs.readFileSync(path.join(FIXTURES, n), 'utf8'), n)));

const frontend = pod('production', 'frontend', { role: 'frontend' }, { ip: '10.0.0.1', serviceAccount: 'fe' });
const database = pod(
  'production',
  'database',
  { role: 'database' },
  { ip: '10.0.0.2', ports: ['redis:6379/TCP', '7001/TCP'], serviceAccount: 'db' },
);
const other = pod('production', 'other', { role: 'other' }, { ip: '10.0.0.3' });
const stagingFrontend = pod('staging', 'frontend', { role: 'frontend' }, { ip: '10.1.0.1' });
const cluster = clusterOf([frontend, database, other, stagingFrontend], {
  production: { env: 'prod' },
  staging: { env: 'staging' },
});

const np = (name: string, spec: string, ns = 'production'): string => `---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: ${name}, namespace: ${ns} }
spec:
${spec.replace(/^/gm, '  ')}
`;
const gnp = (name: string, spec: string): string => `---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: ${name} }
spec:
${spec.replace(/^/gm, '  ')}
`;
const allowed = (
  set: PolicySet,
  from: Parameters<typeof check>[3],
  to: Parameters<typeof check>[4],
  port = '6379/TCP',
): boolean => check(set, cluster, 'calico', from, to, port).allowed;

describe('Calico layer: the upstream samples', () => {
  // Sample of https://docs.tigera.io/calico/latest/reference/resources/networkpolicy: "This sample
  // policy allows TCP traffic from frontend endpoints to port 6379 on database endpoints."
  test('can enforce the NetworkPolicy sample allow-tcp-6379: frontend → database 6379 only, in its own namespace', () => {
    const set = fixture('allow-tcp-6379.yaml');
    expect(allowed(set, frontend, database)).toBe(true);
    expect(allowed(set, frontend, database, '7001/TCP')).toBe(false);
    expect(allowed(set, other, database)).toBe(false);
    expect(allowed(set, frontend, database, '6379/UDP')).toBe(false);
    // A NetworkPolicy's source selector sees only its own namespace.
    expect(allowed(set, stagingFrontend, database)).toBe(false);
    // Egress of the database is Allow-all; pods the policy does not select are not isolated.
    expect(allowed(set, database, other, '80/TCP')).toBe(true);
    expect(allowed(set, other, frontend, '80/TCP')).toBe(true);
    expect(explain(check(set, cluster, 'calico', other, database, '6379/TCP'))).toContain('end of tier drop');
  });

  // Sample of https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy: the same
  // rules, non-namespaced: "GlobalNetworkPolicy applies to workload endpoint resources in all namespaces".
  test('can enforce the GlobalNetworkPolicy sample: a frontend of any namespace reaches the database', () => {
    const set = fixture('global-allow-tcp-6379.yaml');
    expect(allowed(set, frontend, database)).toBe(true);
    expect(allowed(set, stagingFrontend, database)).toBe(true);
    expect(allowed(set, other, database)).toBe(false);
  });

  // Sample of https://docs.tigera.io/calico/latest/reference/resources/tier (order 100, defaultAction Deny):
  // "If the Tier applies to the endpoint, but takes no action on the packet the packet is dropped."
  test('can run the Tier sample internal-access (order 100) before the default tier and drop what it leaves undecided', () => {
    const set = PolicySet.of([
      ...parseManifests(fs.readFileSync(path.join(FIXTURES, 'tier-internal-access.yaml'), 'utf8')),
      ...parseManifests(fs.readFileSync(path.join(FIXTURES, 'allow-tcp-6379.yaml'), 'utf8')),
      ...parseManifests(
        np(
          'internal-access.web',
          `tier: internal-access
selector: role == 'database'
ingress:
- action: Pass
  source: { selector: role == 'frontend' }
- action: Allow
  source: { selector: role == 'other' }
  destination: { ports: [7001] }
  protocol: TCP`,
        ),
      ),
    ]);
    expect(allowed(set, frontend, database)).toBe(true); // passed to the default tier, allowed there
    expect(allowed(set, other, database, '7001/TCP')).toBe(true); // allowed by the first tier
    expect(allowed(set, other, database)).toBe(false); // end of tier drop in internal-access
    expect(explain(check(set, cluster, 'calico', other, database, '6379/TCP'))).toContain(
      'no rule of tier internal-access',
    );
  });
});

describe('Calico layer: ordering, actions and tiers', () => {
  // https://docs.tigera.io/calico/latest/reference/resources/networkpolicy: "order: Controls the order of
  // precedence. Calico applies the policy with the lowest value first."; a policy without order comes last.
  test('can let the lower order decide first, a policy without order last', () => {
    const deny = (order: string): string =>
      np('deny', `${order}selector: role == 'database'\ningress:\n- action: Deny`);
    const allow = (order: string): string =>
      np('allow', `${order}selector: role == 'database'\ningress:\n- action: Allow`);
    expect(allowed(policies(deny('order: 10\n') + allow('order: 20\n')), frontend, database)).toBe(false);
    expect(allowed(policies(deny('order: 30\n') + allow('order: 20\n')), frontend, database)).toBe(true);
    expect(allowed(policies(deny('') + allow('order: 5000\n')), frontend, database)).toBe(true);
    expect(allowed(policies(deny('order: 1\n') + allow('')), frontend, database)).toBe(false);
    // Same order: by name (allow < deny).
    expect(allowed(policies(deny('order: 1\n') + allow('order: 1\n')), frontend, database)).toBe(true);
  });

  // Rule actions (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule): Allow,
  // Deny, Log ("Log the packet and continue processing"), Pass (skip to the next tier).
  test('cannot decide with Log: the next rule does', () => {
    const set = policies(
      np(
        'p',
        `selector: role == 'database'\ningress:\n- action: Log\n- action: Deny\n  source: { selector: role == 'other' }\n- action: Allow`,
      ),
    );
    expect(allowed(set, frontend, database)).toBe(true);
    expect(allowed(set, other, database)).toBe(false);
    expect(explain(check(set, cluster, 'calico', frontend, database, '6379/TCP'))).toContain(
      'logs production/frontend',
    );
  });

  // https://docs.tigera.io/calico/latest/reference/resources/tier: "If the last Tier applying to the
  // endpoint Passes the packet, that endpoint's Profiles are evaluated" (the Kubernetes profiles allow).
  test('can Pass over the rest of the tier; passing the last tier reaches the profile, which allows', () => {
    const set = policies(
      `---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: { name: security }
spec: { order: 10 }
` +
        np(
          'security.p',
          `tier: security\norder: 1\nselector: all()\ningress:\n- action: Pass\n  source: { selector: role == 'frontend' }\n- action: Deny`,
        ) +
        np('later', `tier: security\norder: 100\nselector: all()\ningress:\n- action: Allow`),
    );
    expect(allowed(set, frontend, database)).toBe(true);
    expect(allowed(set, other, database)).toBe(false);
    expect(explain(check(set, cluster, 'calico', frontend, database, '6379/TCP'))).toContain('every tier passed');
  });

  test('can hand undecided packets to the next tier with a Tier defaultAction Pass', () => {
    const tier = (action: string): string => `---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: { name: platform }
spec: { order: 50, defaultAction: ${action} }
`;
    const rules =
      np(
        'platform.p',
        `tier: platform\nselector: all()\ningress:\n- action: Deny\n  source: { selector: role == 'other' }`,
      ) +
      np('app', `selector: role == 'database'\ningress:\n- action: Allow\n  source: { selector: role == 'frontend' }`);
    expect(allowed(policies(tier('Pass') + rules), frontend, database)).toBe(true);
    expect(allowed(policies(tier('Deny') + rules), frontend, database)).toBe(false);
    expect(allowed(policies(tier('Pass') + rules), other, database)).toBe(false);
  });

  test('can run tiers in order: a lower-order tier decides before a higher one', () => {
    const tiers = `---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: { name: first }
spec: { order: 1 }
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: { name: second }
spec: { order: 2 }
`;
    const set = (a: string, b: string): PolicySet =>
      policies(
        tiers +
          np('a', `tier: first\nselector: all()\ningress:\n- action: ${a}`) +
          np('b', `tier: second\nselector: all()\ningress:\n- action: ${b}`),
      );
    expect(allowed(set('Deny', 'Allow'), frontend, database)).toBe(false);
    expect(allowed(set('Allow', 'Deny'), frontend, database)).toBe(true);
    expect(allowed(set('Pass', 'Allow'), frontend, database)).toBe(true);
    expect(allowed(set('Pass', 'Deny'), frontend, database)).toBe(false);
  });

  // libcalico-go K8sNetworkPolicyToCalico: "We insert all the NetworkPolicy Policies at order 1000.0
  // after conversion" (name knp.default.<name>), in the default tier.
  test('can enforce Kubernetes NetworkPolicies in the default tier at order 1000', () => {
    const knp = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-frontend, namespace: production }
spec:
  podSelector: { matchLabels: { role: database } }
  ingress:
  - from: [ { podSelector: { matchLabels: { role: frontend } } } ]
`;
    expect(allowed(policies(knp), frontend, database)).toBe(true);
    expect(allowed(policies(knp), other, database)).toBe(false);
    // A Calico Deny at order 100 runs before it; at order 2000, after it.
    const deny = (order: number): string =>
      np(
        'deny-frontend',
        `order: ${order}\nselector: role == 'database'\ningress:\n- action: Deny\n  source: { selector: role == 'frontend' }`,
      );
    expect(allowed(policies(knp + deny(100)), frontend, database)).toBe(false);
    expect(allowed(policies(knp + deny(2000)), frontend, database)).toBe(true);
    // Same tier: a later Calico Allow still gets its turn when the NetworkPolicy does not match.
    const allowOther = np(
      'allow-other',
      `order: 2000\nselector: role == 'database'\ningress:\n- action: Allow\n  source: { selector: role == 'other' }`,
    );
    expect(allowed(policies(knp + allowOther), other, database)).toBe(true);
    expect(
      explain(check(policies(knp + deny(100)), cluster, 'calico+kubernetes', frontend, database, '6379/TCP')),
    ).toContain('NetworkPolicy production/deny-frontend');
  });

  test('can allow an endpoint no policy applies to (Kubernetes default)', () => {
    expect(allowed(PolicySet.empty(), frontend, database)).toBe(true);
    expect(explain(check(PolicySet.empty(), cluster, 'calico', frontend, database, '6379/TCP'))).toContain(
      'no Calico or Kubernetes policy applies',
    );
  });

  // https://docs.tigera.io/calico/latest/reference/resources/tier: a policy names an existing tier; the
  // API server rejects a policy of a tier that does not exist.
  test('cannot enforce a policy of a tier that does not exist, or with a bad selector, and says so', () => {
    const set = policies(
      np('ghost.p', `tier: ghost\nselector: all()\ningress:\n- action: Deny`) +
        np('bad', `selector: role = 'database'\ningress:\n- action: Deny`),
    );
    const v = check(set, cluster, 'calico', frontend, database, '6379/TCP');
    expect(v.allowed).toBe(true);
    expect(explain(v)).toContain("tier 'ghost' does not exist");
    expect(explain(v)).toContain(`invalid Calico selector "role = 'database'"`);
  });
});

describe('Calico layer: policy scope and types', () => {
  // https://docs.tigera.io/calico/latest/reference/resources/networkpolicy, "types" default table:
  // no rules → Ingress; ingress only → Ingress; egress only → Egress; both → Ingress, Egress.
  test('can default types from the rules present', () => {
    const egressOnly = policies(
      np('e', `selector: role == 'frontend'\negress:\n- action: Deny\n  destination: { selector: role == 'other' }`),
    );
    expect(allowed(egressOnly, frontend, other, '80/TCP')).toBe(false);
    expect(allowed(egressOnly, frontend, database, '80/TCP')).toBe(false); // end of tier drop for the egress
    expect(allowed(egressOnly, other, frontend, '80/TCP')).toBe(true); // ingress of frontend untouched
    const none = policies(np('n', `selector: role == 'frontend'`));
    expect(allowed(none, other, frontend, '80/TCP')).toBe(false); // Ingress isolation
    expect(allowed(none, frontend, other, '80/TCP')).toBe(true); // egress free
    const explicit = policies(np('t', `selector: role == 'frontend'\ntypes: [Egress]`));
    expect(allowed(explicit, other, frontend, '80/TCP')).toBe(true);
    expect(allowed(explicit, frontend, other, '80/TCP')).toBe(false);
  });

  // https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy: namespaceSelector
  // "Selects the namespace(s) to which this policy applies"; selectors may use projectcalico.org/namespace.
  test('can pick endpoints by GlobalNetworkPolicy namespaceSelector and the projectcalico.org/namespace label', () => {
    const byNamespace = policies(
      gnp('deny-staging', `namespaceSelector: env == 'staging'\nselector: all()\ningress:\n- action: Deny`),
    );
    expect(allowed(byNamespace, frontend, stagingFrontend, '80/TCP')).toBe(false);
    expect(allowed(byNamespace, frontend, other, '80/TCP')).toBe(true);
    const byLabel = policies(
      gnp('deny-prod', `selector: projectcalico.org/namespace == 'production'\ningress:\n- action: Deny`),
    );
    expect(allowed(byLabel, stagingFrontend, other, '80/TCP')).toBe(false);
    expect(allowed(byLabel, frontend, stagingFrontend, '80/TCP')).toBe(true);
    const byName = policies(
      gnp('deny-prod', `namespaceSelector: projectcalico.org/name == 'production'\ningress:\n- action: Deny`),
    );
    expect(allowed(byName, stagingFrontend, other, '80/TCP')).toBe(false);
  });

  // serviceAccountSelector: "Selects the service account(s) to which this policy applies. Select a specific
  // service account by name using the projectcalico.org/name label."
  test('can select endpoints by serviceAccountSelector: service account name and labels', () => {
    const sa = `---
apiVersion: v1
kind: ServiceAccount
metadata: { name: db, namespace: production, labels: { tier: data } }
`;
    const byName = policies(
      np('p', `serviceAccountSelector: projectcalico.org/name == 'db'\ningress:\n- action: Deny`),
    );
    expect(allowed(byName, frontend, database)).toBe(false);
    expect(allowed(byName, database, frontend, '80/TCP')).toBe(true);
    const byLabel = policies(sa + np('p', `serviceAccountSelector: tier == 'data'\ningress:\n- action: Deny`));
    expect(allowed(byLabel, frontend, database)).toBe(false);
    expect(allowed(byLabel, database, frontend, '80/TCP')).toBe(true);
  });
});

describe('Calico layer: entity rules', () => {
  const ingress = (rule: string): PolicySet =>
    policies(np('p', `selector: role == 'database'\ningress:\n${rule.replace(/^/gm, '  ').replace(/^ {2}/, '- ')}`));

  // EntityRule (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule):
  // namespaceSelector widens a NetworkPolicy's selector to the selected namespaces.
  test('can reach other namespaces with namespaceSelector in an entity rule', () => {
    const set = ingress(
      `action: Allow\nsource:\n  namespaceSelector: env == 'staging'\n  selector: role == 'frontend'`,
    );
    expect(allowed(set, stagingFrontend, database)).toBe(true);
    expect(allowed(set, frontend, database)).toBe(false);
    const all = ingress(`action: Allow\nsource:\n  namespaceSelector: all()`);
    expect(allowed(all, stagingFrontend, database)).toBe(true);
    expect(allowed(all, 'ip:10.9.9.9', database)).toBe(false);
  });

  test('can exclude matching pods with notSelector', () => {
    const set = ingress(`action: Allow\nsource:\n  notSelector: role == 'other'`);
    expect(allowed(set, frontend, database)).toBe(true);
    expect(allowed(set, other, database)).toBe(false);
  });

  // ServiceAccountMatch: names and selector of the source's service account.
  test('can match the peer service account by name and selector', () => {
    const set = ingress(`action: Allow\nsource:\n  serviceAccounts:\n    names: [fe]`);
    expect(allowed(set, frontend, database)).toBe(true);
    expect(allowed(set, other, database)).toBe(false);
    const bySelector = ingress(
      `action: Allow\nsource:\n  serviceAccounts:\n    selector: projectcalico.org/name == 'fe'`,
    );
    expect(allowed(bySelector, frontend, database)).toBe(true);
    expect(allowed(bySelector, other, database)).toBe(false);
  });

  // nets / notNets: CIDRs of the peer's address (pods by their IP).
  test('can match addresses with nets and notNets, pod IPs included', () => {
    const set = ingress(`action: Allow\nsource:\n  nets: [10.0.0.0/30, 203.0.113.0/24]\n  notNets: [10.0.0.3/32]`);
    expect(allowed(set, frontend, database)).toBe(true); // 10.0.0.1
    expect(allowed(set, other, database)).toBe(false); // 10.0.0.3, in notNets
    expect(allowed(set, 'ip:203.0.113.5', database)).toBe(true);
    expect(allowed(set, 'ip:198.51.100.1', database)).toBe(false);
    const not = ingress(`action: Allow\nsource:\n  notNets: [10.0.0.0/8]`);
    expect(allowed(not, frontend, database)).toBe(false);
    expect(allowed(not, 'ip:203.0.113.5', database)).toBe(true);
  });

  // Ports: "a port number, a range "start:end", or a named port"; protocol required for ports.
  test('can match ports: numbers, ranges, named ports; notPorts', () => {
    const set = ingress(`action: Allow\nprotocol: TCP\ndestination:\n  ports: ['7000:7010', redis]`);
    expect(allowed(set, frontend, database, '7001/TCP')).toBe(true);
    expect(allowed(set, frontend, database, '6379/TCP')).toBe(true); // named port redis
    expect(allowed(set, frontend, database, '7011/TCP')).toBe(false);
    const not = ingress(`action: Allow\nprotocol: TCP\ndestination:\n  notPorts: [6379]`);
    expect(allowed(not, frontend, database, '6379/TCP')).toBe(false);
    expect(allowed(not, frontend, database, '7001/TCP')).toBe(true);
    const noProtocol = ingress(`action: Deny\ndestination:\n  ports: [6379]`);
    expect(explain(check(noProtocol, cluster, 'calico', frontend, database, '6379/TCP'))).toContain(
      'ports and notPorts need protocol',
    );
  });

  test('can match protocol (names and numbers) and notProtocol', () => {
    expect(allowed(ingress('action: Allow\nprotocol: UDP'), frontend, database, '6379/TCP')).toBe(false);
    expect(allowed(ingress('action: Allow\nprotocol: 6'), frontend, database, '6379/TCP')).toBe(true);
    expect(allowed(ingress('action: Allow\nprotocol: sctp'), frontend, database, '6379/SCTP')).toBe(true);
    expect(allowed(ingress('action: Allow\nnotProtocol: UDP'), frontend, database, '53/UDP')).toBe(false);
    expect(allowed(ingress('action: Allow\nnotProtocol: UDP'), frontend, database, '6379/TCP')).toBe(true);
  });

  test('can match the destination entity of egress rules against the peer', () => {
    const set = policies(
      np(
        'e',
        `selector: role == 'frontend'\negress:\n- action: Allow\n  protocol: TCP\n  destination:\n    selector: role == 'database'\n    ports: [redis]\n- action: Allow\n  destination:\n    nets: [0.0.0.0/0]\n    notNets: [10.0.0.0/8]`,
      ),
    );
    expect(allowed(set, frontend, database)).toBe(true);
    expect(allowed(set, frontend, database, '7001/TCP')).toBe(false);
    expect(allowed(set, frontend, 'ip:93.184.216.34', '443/TCP')).toBe(true);
    expect(allowed(set, frontend, other, '80/TCP')).toBe(false);
  });

  // A DNS name without a known address may resolve to any public address: like an ipBlock with
  // `except`, `nets` minus `notNets` matches it only when that set holds every public address.
  test('cannot match an unresolved DNS name with nets whose notNets exclude public addresses', () => {
    const egressTo = (dest: string) =>
      policies(
        np(
          'e',
          `selector: role == 'frontend'\negress:\n- action: Allow\n  destination:\n${dest.replace(/^/gm, '    ')}`,
        ),
      );
    expect(
      allowed(egressTo('nets: [0.0.0.0/0]\nnotNets: [52.0.0.0/8]'), frontend, 'fqdn:unrelated.example.org', '443/TCP'),
    ).toBe(false);
    expect(
      allowed(egressTo('nets: [0.0.0.0/0]\nnotNets: [10.0.0.0/8]'), frontend, 'fqdn:unrelated.example.org', '443/TCP'),
    ).toBe(true);
    expect(allowed(egressTo('nets: [0.0.0.0/0]'), frontend, 'fqdn:unrelated.example.org', '443/TCP')).toBe(true);
    expect(allowed(egressTo('notNets: [52.0.0.0/8]'), frontend, 'fqdn:unrelated.example.org', '443/TCP')).toBe(false);
    expect(allowed(egressTo('notNets: [10.0.0.0/8]'), frontend, 'fqdn:unrelated.example.org', '443/TCP')).toBe(true);
  });
});

describe('Calico profiles', () => {
  test('can parse calico, calico-linkerd and kubernetes-calico, with calico as the CNI', () => {
    expect(profileOf('calico').layers).toEqual(['calico']);
    expect(profileOf('calico-linkerd').layers).toEqual(['calico', 'linkerd']);
    const layers = layersOf(profileOf('kubernetes-calico'), PolicySet.empty(), {});
    expect(layers.map((l) => l.name)).toEqual(['calico']);
  });

  test('can give allPairs the answers of decide for the Calico layer (it has no bulk path)', () => {
    const set = PolicySet.of([
      ...parseManifests(fs.readFileSync(path.join(FIXTURES, 'allow-tcp-6379.yaml'), 'utf8')),
      ...parseManifests(
        np(
          'deny-other',
          `order: 1\nselector: all()\negress:\n- action: Deny\n  destination: { selector: role == 'other' }\n- action: Pass`,
        ),
      ),
    ]);
    const verifier = new Verifier(set, cluster, 'calico');
    expect(verifier.layers[0].bulk).toBeUndefined();
    const ports = [
      { port: 6379, protocol: 'TCP' as const },
      { port: 80, protocol: 'TCP' as const },
    ];
    const matrix = allPairs(cluster, set, 'calico', ports);
    const ids = groupIdentities(cluster.pods);
    let allowedPairs = 0;
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
          if (v.allowed) allowedPairs++;
        }
      }
    });
    expect(allowedPairs).toBeGreaterThan(0);
    expect(allowedPairs).toBeLessThan(ports.length * ids.length * ids.length);
  });
});

describe('Calico layer: criteria this engine does not model', () => {
  // HTTP match criteria need application layer policy (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#application-layer-policy);
  // the rule is valid for the API server, but is not evaluated here: it never matches, and the verdict says so.
  test('cannot match a rule with http or services, and says so; the rest of the policy applies', () => {
    const set = policies(
      np(
        'p',
        `selector: role == 'database'\ningress:\n- action: Allow\n  http: { methods: [GET] }\n- action: Allow\n  source: { services: { name: web, namespace: production } }\n- action: Allow\n  source: { selector: role == 'frontend' }`,
      ),
    );
    expect(allowed(set, frontend, database)).toBe(true);
    const v = check(set, cluster, 'calico', other, database, '6379/TCP');
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain(
      'does not model, so those rules never match here: ingress[0].http (application layer policy), ingress[1].source.services',
    );
  });
});
