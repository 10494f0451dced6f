import * as fs from 'fs';
import * as path from 'path';
import { defaultSchemaValidator } from '../../../src/validation/schema';
import { parseManifests } from '../../../src/verify/load';
import { KubeObject, PolicySet } from '../../../src/verify/policy-set';
import { check, clusterOf, pod } from '../builders';

// Two conformance tests of kubernetes-sigs/network-policy-api v0.1.8 (commit 5a62954284765fb16f2e601f11907ca0b839b89f),
// replayed over their manifests (copied verbatim into test/fixtures/network-policy-api/v0.1.8/conformance/):
// - conformance/tests/admin-network-policy-standard-integration.go over base/api_integration/standard-anp-np-banp.yaml;
// - conformance/tests/admin-network-policy-standard-priority.go over base/admin_network_policy/standard-priority-field.yaml.
// Each step's mutation (an action patched to Pass, a priority patched, a NetworkPolicy deleted) and the expected
// PokeServer outcome (true = connects) are taken from the Go test. Pods and namespaces follow conformance/base/manifests.yaml.

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'network-policy-api', 'v0.1.8', 'conformance');
const read = (file: string): KubeObject[] => parseManifests(fs.readFileSync(path.join(DIR, file), 'utf8'));
const GRYFFINDOR = 'network-policy-conformance-gryffindor';
const SLYTHERIN = 'network-policy-conformance-slytherin';
const ports = ['web:80/TCP', '8080/TCP', '5353/TCP', 'dns:53/UDP', '9003/SCTP', '9005/SCTP'];
const harry = [0, 1].map((i) => pod(GRYFFINDOR, `harry-potter-${i}`, { 'conformance-house': 'gryffindor' }, { ports }));
const draco = [0, 1].map((i) => pod(SLYTHERIN, `draco-malfoy-${i}`, { 'conformance-house': 'slytherin' }, { ports }));
const cluster = clusterOf([...harry, ...draco], {
  [GRYFFINDOR]: { 'conformance-house': 'gryffindor' },
  [SLYTHERIN]: { 'conformance-house': 'slytherin' },
});

/** The PokeServer calls of each step: client 0 on port 80, client 1 on port 8080. */
function pokes(set: PolicySet): { slytherinToGryffindor: boolean[]; gryffindorToSlytherin: boolean[] } {
  return {
    slytherinToGryffindor: [
      check(set, cluster, 'kubernetes', draco[0], harry[0], '80/TCP').allowed,
      check(set, cluster, 'kubernetes', draco[1], harry[0], '8080/TCP').allowed,
    ],
    gryffindorToSlytherin: [
      check(set, cluster, 'kubernetes', harry[0], draco[0], '80/TCP').allowed,
      check(set, cluster, 'kubernetes', harry[1], draco[0], '8080/TCP').allowed,
    ],
  };
}

function patched(objects: readonly KubeObject[], name: string, patch: (spec: any) => void): KubeObject[] {
  return objects.map((o) => {
    if (o.metadata.name !== name) return o;
    const copy = JSON.parse(JSON.stringify(o));
    patch(copy.spec);
    return copy;
  });
}

describe('network-policy-api conformance v0.1.8: AdminNetworkPolicyIntegration', () => {
  const base = read('standard-anp-np-banp.yaml');

  test('can validate its manifests against the vendored schemas', () => {
    expect(base.flatMap((o) => defaultSchemaValidator().validate(o))).toEqual([]);
  });

  test('follows every step of the test', () => {
    // "Should Deny traffic from slytherin to gryffindor respecting ANP" / "Should Deny traffic to slytherin from gryffindor".
    expect(pokes(PolicySet.of(base))).toEqual({
      slytherinToGryffindor: [false, false],
      gryffindorToSlytherin: [false, false],
    });
    // "Should support a 'pass-ingress' policy for ANP and respect the match for network policy": ingress[0] -> Pass.
    const passIngress = patched(base, 'pass-example', (spec) => {
      spec.ingress[0].action = 'Pass';
    });
    expect(pokes(PolicySet.of(passIngress)).slytherinToGryffindor).toEqual([true, true]);
    // "Should support a 'pass-egress' policy for ANP and respect the match for network policy": egress[0] -> Pass.
    const passBoth = patched(passIngress, 'pass-example', (spec) => {
      spec.egress[0].action = 'Pass';
    });
    expect(pokes(PolicySet.of(passBoth)).gryffindorToSlytherin).toEqual([true, true]);
    // "... respect the match for baseline admin network policy": the NetworkPolicy is deleted, the BANP Deny decides.
    const withoutNp = passBoth.filter((o) => o.kind !== 'NetworkPolicy');
    expect(pokes(PolicySet.of(withoutNp))).toEqual({
      slytherinToGryffindor: [false, false],
      gryffindorToSlytherin: [false, false],
    });
    expect(
      check(PolicySet.of(withoutNp), cluster, 'kubernetes', draco[0], harry[0], '80/TCP').layers[0].findings.map(
        (f) => f.object,
      ),
    ).toContain('BaselineAdminNetworkPolicy default');
  });
});

describe('network-policy-api conformance v0.1.8: AdminNetworkPolicyPriorityField', () => {
  const base = read('standard-priority-field.yaml');

  test('can validate its manifests against the vendored schemas', () => {
    expect(base.flatMap((o) => defaultSchemaValidator().validate(o))).toEqual([]);
  });

  test('follows every step of the test', () => {
    // "Should Deny traffic from/to slytherin ... respecting ANP": priority 50 (Deny) before 60 (Pass).
    expect(pokes(PolicySet.of(base))).toEqual({
      slytherinToGryffindor: [false, false],
      gryffindorToSlytherin: [false, false],
    });
    // "Should respect ANP priority field; thus passing both ingress and egress traffic over to BANP": 60 -> 40.
    const reprioritized = patched(base, 'old-priority-60-new-priority-40-example', (spec) => {
      spec.priority = 40;
    });
    expect(pokes(PolicySet.of(reprioritized))).toEqual({
      slytherinToGryffindor: [true, true],
      gryffindorToSlytherin: [true, true],
    });
  });
});
