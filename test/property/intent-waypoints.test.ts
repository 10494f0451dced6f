import fc from 'fast-check';
import { topologySpec } from './arbitraries';
import { compare, mismatchReport } from './compare';
import { runs, SEED } from './properties';
import { ProfileName, TopologySpec } from './spec';

/** The ambient profiles, and how many random topologies each. */
const AMBIENT: readonly ProfileName[] = ['cilium-istio', 'calico-istio', 'kubernetes-istio', 'istio'];
const RUNS = 60;

const traffic = fc.constantFrom<'service' | 'workload' | 'all' | undefined>(
  undefined,
  undefined,
  'service',
  'service',
  'service',
  'workload',
  'all',
);

/**
 * Ambient topologies with random named waypoints: zones bound to one (`zone.useWaypoint`), tiers
 * with one of their own for Service, workload or all traffic (`tier.useWaypoint`), probed with
 * Service- and pod-addressed flows.
 */
function ambientWithWaypoints(profile: ProfileName): fc.Arbitrary<TopologySpec> {
  return fc
    .tuple(
      topologySpec(profile).filter((s) => s.mesh === 'ambient'),
      fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      fc.array(fc.array(traffic, { minLength: 5, maxLength: 5 }), { minLength: 3, maxLength: 3 }),
    )
    .map(([spec, zoneWaypoints, tierWaypoints]) => ({
      ...spec,
      podAddressed: true,
      zones: spec.zones.map((z, zi) => ({
        ...z,
        waypoint: zoneWaypoints[zi],
        tiers: z.tiers.map((t, ti) =>
          tierWaypoints[zi][ti] && !t.unmeshed ? { ...t, waypoint: tierWaypoints[zi][ti] } : t,
        ),
      })),
    }));
}

describe.each(AMBIENT)('profile %s with named waypoints', (profile) => {
  test('can emit manifests that allow exactly the declared intent, Service- and pod-addressed', () => {
    const stats = { compared: 0, refused: 0, flows: 0, podAddressed: 0, named: 0 };
    fc.assert(
      fc.property(ambientWithWaypoints(profile), (spec) => {
        const c = compare(spec);
        if (c.refused) {
          stats.refused++;
          return;
        }
        if (c.mismatches.length > 0) throw new Error(mismatchReport(spec, c));
        stats.compared++;
        stats.flows += c.flows;
        if (spec.zones.some((z) => z.waypoint || z.tiers.some((t) => t.waypoint))) stats.named++;
      }),
      { seed: SEED, numRuns: runs(RUNS) },
    );
    // Not vacuous: most topologies were compared, most with named waypoints, on many flows each.
    expect(stats.compared).toBeGreaterThanOrEqual(RUNS * 0.6);
    expect(stats.named).toBeGreaterThanOrEqual(stats.compared * 0.6);
    expect(stats.flows).toBeGreaterThan(stats.compared * 20);
  });
});
