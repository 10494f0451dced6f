import fc from 'fast-check';
import { anyTopology, compileOrThrown, DOCUMENTED_INPUT_REFUSALS, SEED } from './properties';
import { PROFILES } from './spec';

describe.each(PROFILES)('profile %s', (profile) => {
  test('can refuse what the profile cannot express only with documented diagnostics, never with a crash', () => {
    let refused = 0;
    fc.assert(fc.property(anyTopology(profile), (spec) => {
      const { compiled, thrown } = compileOrThrown(spec);
      expect(thrown).toBeUndefined();
      const codes = compiled!.diagnostics.map((d) => d.code);
      if (codes.length > 0) refused++;
      expect(codes.filter((c) => !DOCUMENTED_INPUT_REFUSALS.test(c))).toEqual([]);
    }), { seed: SEED, numRuns: 300 });
    // Not vacuous: random topologies often ask for what the profile cannot express.
    expect(refused).toBeGreaterThan(30);
  });
});
