import fc from 'fast-check';
import { lostFlows, runs, SEED, withAndWithoutAnEdge } from './properties';
import { PROFILES } from './spec';

describe.each(PROFILES)('profile %s', (profile) => {
  test('cannot lose a flow by adding an allow edge', () => {
    let withEdge = 0;
    fc.assert(
      fc.property(withAndWithoutAnEdge(profile), ({ base, extended }) => {
        if (extended.edges.length > 0) withEdge++;
        expect(lostFlows(base, extended)).toEqual([]);
      }),
      { seed: SEED, numRuns: runs(80) },
    );
    expect(withEdge).toBeGreaterThan(60);
  });
});
