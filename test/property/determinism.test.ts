import fc from 'fast-check';
import { topologySpec } from './arbitraries';
import { runs, SEED, synthYaml } from './properties';
import { PROFILES } from './spec';

describe.each(PROFILES)('profile %s', (profile) => {
  test('can synthesize byte-identical YAML twice, whatever the order edges are declared in', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(topologySpec(profile), (spec) => {
        const first = synthYaml(spec);
        if (first.length > 0) nonEmpty++;
        expect(synthYaml(spec)).toBe(first);
        expect(synthYaml({ ...spec, edges: [...spec.edges].reverse() })).toBe(first);
      }),
      { seed: SEED, numRuns: runs(50) },
    );
    expect(nonEmpty).toBeGreaterThan(40);
  });
});
