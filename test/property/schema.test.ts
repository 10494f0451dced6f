import fc from 'fast-check';
import { topologySpec } from './arbitraries';
import { compileSpec } from './compare';
import { schemaViolations, runs, SEED } from './properties';
import { PROFILES } from './spec';

describe.each(PROFILES)('profile %s', (profile) => {
  test('can emit only documents that validate against the vendored schemas', () => {
    let validated = 0;
    fc.assert(
      fc.property(topologySpec(profile), (spec) => {
        const compiled = compileSpec(spec);
        if (compiled.diagnostics.length > 0) return;
        validated++;
        expect(schemaViolations(compiled)).toEqual([]);
      }),
      { seed: SEED, numRuns: runs(60) },
    );
    expect(validated).toBeGreaterThan(50);
  });
});
