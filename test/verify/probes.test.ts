import * as fs from 'fs';
import * as path from 'path';
import { parseManifests } from '../../src/verify/load';
import { PolicySet } from '../../src/verify/policy-set';
import { parseProbes, probeApplies, runProbes } from '../../src/verify/probes';
import { parseProfile } from '../../src/verify/profile';
import { clusterFromScenario } from '../../src/verify/scenario';

const scenarioText = (name: string): string =>
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'scenarios', `${name}.yaml`), 'utf8');
const fixture = (name: string): PolicySet =>
  PolicySet.of(parseManifests(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')));
const known = ['cilium', 'istio', 'kubernetes'];

describe('probes', () => {
  test('can parse the probes of a scenario, with ports, requests and targets', () => {
    const probes = parseProbes(scenarioText('zones-lab'));
    expect(probes).toHaveLength(18);
    expect(probes).toContainEqual({
      from: 'frontend/frontend',
      to: 'backend/http-api',
      port: 80,
      protocol: 'TCP',
      request: { method: 'GET', path: '/api/users', headers: { 'X-API-Version': 'v1' } },
      expect: 'allow',
      targets: ['cilium'],
    });
    expect(probes.filter((p) => p.to.startsWith('fqdn:'))).toHaveLength(5);
  });

  test('throws on a probe without expect, or with an empty or malformed targets list', () => {
    expect(() => parseProbes([{ from: 'a/b', to: 'c/d', port: '80/TCP', targets: ['cilium'] }])).toThrow(
      "probes[0]: 'expect' must be allow or deny",
    );
    expect(() => parseProbes([{ from: 'a/b', to: 'c/d', port: '80/TCP', expect: 'deny', targets: [] }])).toThrow(
      "probes[0]: 'targets' must list layer names",
    );
    expect(() => parseProbes([{ from: 'a/b', to: 'c/d', port: '80/TCP', expect: 'deny', targets: 'cilium' }])).toThrow(
      "probes[0]: 'targets' must list layer names",
    );
  });

  test('can read how a probe addresses its destination, and refuse anything but service or pod', () => {
    const [probe] = parseProbes([{ from: 'a/b', to: 'c/d', port: '80/TCP', addressing: 'pod', expect: 'deny' }]);
    expect(probe.addressing).toBe('pod');
    expect(() => parseProbes([{ from: 'a/b', to: 'c/d', port: '80/TCP', addressing: 'ip', expect: 'deny' }])).toThrow(
      "probes[0]: 'addressing' must be service or pod",
    );
  });

  test('can apply a probe without targets to every layer', () => {
    const [probe] = parseProbes([{ from: 'a/b', to: 'c/d', port: '80/TCP', expect: 'deny' }]);
    for (const profile of ['kubernetes', 'cilium', 'istio', 'cilium+istio'])
      expect(probeApplies(probe, parseProfile(profile, known))).toBe(true);
  });

  test('can apply a probe to a profile when one of the profile layers is a probe target', () => {
    const [probe] = parseProbes([{ from: 'a/b', to: 'c/d', port: '80/TCP', expect: 'deny', targets: ['cilium'] }]);
    expect(probeApplies(probe, parseProfile('cilium', known))).toBe(true);
    expect(probeApplies(probe, parseProfile('cilium+istio', known))).toBe(true);
    expect(probeApplies(probe, parseProfile('kubernetes', known))).toBe(false);
  });

  test.each([
    ['three-tier', 'kubernetes', 'three-tier.kubernetes.yaml', 14],
    ['three-tier', 'cilium', 'three-tier.cilium.yaml', 20],
    ['zones-lab', 'cilium', 'zones-lab.cilium.yaml', 18],
    ['ambient-waypoint', 'cilium', 'ambient-waypoint.cilium.yaml', 7],
  ])(
    'can pass every %s probe for %s against hand-written policies of the intent',
    (scenario, profile, policyFile, applicable) => {
      const text = scenarioText(scenario);
      const results = runProbes(parseProbes(text), fixture(policyFile), clusterFromScenario(text), profile);
      expect(results.filter((r) => r.applies)).toHaveLength(applicable);
      expect(results.filter((r) => !r.passed).map((r) => r.explanation)).toEqual([]);
    },
  );

  test('can fail a probe and explain which object decided', () => {
    const text = scenarioText('three-tier');
    const withoutRedisRule = PolicySet.of(
      fixture('three-tier.kubernetes.yaml')
        .all()
        .filter((o) => o.metadata.name !== 'backend-api-egress'),
    );
    const results = runProbes(parseProbes(text), withoutRedisRule, clusterFromScenario(text), 'kubernetes');
    const failed = results.filter((r) => !r.passed);
    expect(failed.map((r) => `${r.probe.from} -> ${r.probe.to}`)).toContain(
      'production/backend-api -> production/redis',
    );
    const redis = failed.find((r) => r.probe.to === 'production/redis');
    expect(redis?.explanation).toContain('FAIL production/backend-api -> production/redis 6379/TCP expect allow');
    expect(redis?.explanation).toContain('isolated for egress by NetworkPolicy production/default-deny');
  });

  test('can expand ns/* to every pod there and a pod with no labels, and external to an outside address', () => {
    const text = scenarioText('three-tier');
    const probes = parseProbes([
      { from: 'monitoring/*', to: 'production/backend-api', port: '9090/TCP', expect: 'deny', targets: ['kubernetes'] },
      { from: 'external', to: 'production/frontend', port: '80/TCP', expect: 'deny', targets: ['kubernetes'] },
    ]);
    const [anyMonitoring, external] = runProbes(
      probes,
      fixture('three-tier.kubernetes.yaml'),
      clusterFromScenario(text),
      'kubernetes',
    );
    expect(anyMonitoring.verdicts.map((v) => [v.source, v.verdict.allowed])).toEqual([
      ['monitoring/prometheus', true],
      ['monitoring/*', false],
    ]);
    expect(anyMonitoring.passed).toBe(false);
    expect(external.verdicts.map((v) => v.source)).toEqual(['external']);
    expect(external.passed).toBe(true);
  });

  test('throws on a probe endpoint that names no workload', () => {
    const text = scenarioText('three-tier');
    const probes = parseProbes([
      { from: 'production/nope', to: 'production/frontend', port: '80/TCP', expect: 'deny', targets: ['kubernetes'] },
    ]);
    expect(() => runProbes(probes, PolicySet.empty(), clusterFromScenario(text), 'kubernetes')).toThrow(
      'no workload nope in namespace production',
    );
  });
});
