import { App } from 'cdk8s';
import { buildPlusChart } from '../../bench/plus-topology';
import { generateSpec, TIER_PORT } from '../../bench/synthetic-spec';
import { buildZeroTrust } from '../../bench/zerotrust-topology';

describe('generateSpec', () => {
  const spec = generateSpec(100, 7);

  test('can generate the same topology for the same seed, and another for another seed', () => {
    expect(generateSpec(100, 7)).toEqual(spec);
    expect(generateSpec(100, 8).edges).not.toEqual(spec.edges);
  });

  test('can spread N tiers over N/20 zones of 20 tiers', () => {
    expect(spec.zones).toHaveLength(5);
    expect(spec.tiers).toHaveLength(100);
    for (let z = 0; z < spec.zones.length; z++) expect(spec.tiers.filter((t) => t.zone === z)).toHaveLength(20);
    expect(new Set(spec.tiers.map((t) => t.name)).size).toBe(100);
  });

  test('can give every tier 3 inbound edges, from 3 distinct other tiers', () => {
    for (let t = 0; t < spec.tiers.length; t++) {
      const sources = spec.edges.filter((e) => e.to === t).map((e) => e.from);
      expect(sources).toHaveLength(3);
      expect(new Set(sources).size).toBe(3);
      expect(sources).not.toContain(t);
    }
    expect(spec.edges).toHaveLength(300);
  });

  test('can put HTTP rules on 10% of edges, FQDN egress on 5% of tiers and mTLS on half the zones', () => {
    expect(spec.edges.filter((e) => e.http)).toHaveLength(30);
    expect(spec.edges.filter((e) => e.http).every((e) => e.http!.length > 0)).toBe(true);
    expect(spec.tiers.filter((t) => t.fqdn)).toHaveLength(5);
    expect(spec.zones.filter((z) => z.mtls).length).toBeGreaterThanOrEqual(2);
    expect(spec.zones.filter((z) => z.mtls).length).toBeLessThanOrEqual(3);
  });

  test('throws when too few tiers are asked for', () => {
    expect(() => generateSpec(3)).toThrow(/at least 4 tiers/);
  });
});

describe('benchmark topologies', () => {
  test('can synthesize the same NetworkPolicies with the library (kubernetes profile) and with cdk8s-plus-30', () => {
    const spec = generateSpec(100, 7);
    const ours = new App();
    buildZeroTrust(ours, spec, 'kubernetes');
    const plus = new App();
    buildPlusChart(plus, spec);
    const yaml = ours.synthYaml();
    expect(plus.synthYaml()).toBe(yaml);
    expect(yaml.split(/^---$/m)).toHaveLength(
      5 + 2 * 100 - spec.tiers.filter((_, i) => !spec.edges.some((e) => e.from === i) && !spec.tiers[i].fqdn).length,
    );
    expect(yaml).toContain(`port: ${TIER_PORT}`);
  });

  test('can synthesize all four profiles of a generated topology', () => {
    const app = new App();
    buildZeroTrust(app, generateSpec(100, 7), 'all');
    expect(app.charts.map((c) => c.node.id)).toEqual([
      'bench-kubernetes',
      'bench-cilium',
      'bench-istio',
      'bench-cilium-istio',
    ]);
    expect(app.synthYaml()).toContain('kind: AuthorizationPolicy');
  });
});
