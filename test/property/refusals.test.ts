import fc from 'fast-check';
import { anyTopology, compileOrThrown, DOCUMENTED_INPUT_REFUSALS, runs, SEED } from './properties';
import { PROFILES } from './spec';

describe.each(PROFILES)('profile %s', (profile) => {
  test('can refuse what the profile cannot express only with documented diagnostics, never with a crash', () => {
    let refused = 0;
    fc.assert(
      fc.property(anyTopology(profile), (spec) => {
        const { compiled, thrown } = compileOrThrown(spec);
        expect(thrown).toBeUndefined();
        const codes = compiled!.diagnostics.map((d) => d.code);
        if (codes.length > 0) refused++;
        expect(codes.filter((c) => !DOCUMENTED_INPUT_REFUSALS.test(c))).toEqual([]);
      }),
      { seed: SEED, numRuns: runs(300) },
    );
    // Not vacuous: random topologies often ask for what the profile cannot express.
    expect(refused).toBeGreaterThan(30);
  });
});

describe('overlapping tier selectors', () => {
  test.each(['cilium', 'kubernetes'] as const)(
    'profile %s: can refuse an overlap not opted into, and compile a carved one',
    (profile) => {
      let refused = 0;
      let carved = 0;
      fc.assert(
        fc.property(anyTopology(profile), (spec) => {
          const overlaps = spec.zones.flatMap((z) => z.tiers.slice(1).map((t) => t.overlap));
          const { compiled } = compileOrThrown(spec);
          const codes = compiled!.diagnostics.map((d) => d.code);
          if (overlaps.includes('refused')) {
            expect(codes).toContain('ZT127');
            refused++;
          } else {
            expect(codes).not.toContain('ZT127');
            if (overlaps.includes('carved') && codes.length === 0) carved++;
          }
        }),
        { seed: SEED, numRuns: runs(200) },
      );
      // Not vacuous, on any seed (`npm run test:fresh`): refusals in at least 5% of the runs and a
      // compiled carve-out in at least 1% (the intent properties check carved overlaps in depth).
      expect(refused).toBeGreaterThanOrEqual(Math.ceil(runs(200) * 0.05));
      expect(carved).toBeGreaterThanOrEqual(Math.ceil(runs(200) * 0.01));
    },
  );
});
