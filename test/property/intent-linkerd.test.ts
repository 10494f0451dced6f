import { checkIntentEqualsOutput, INTENT_RUNS } from './properties';

const PROFILE = 'linkerd';

describe(`profile ${PROFILE}`, () => {
  test('can emit manifests that allow exactly the declared intent, for random topologies', () => {
    const stats = checkIntentEqualsOutput(PROFILE, INTENT_RUNS[PROFILE]);
    // Not vacuous: nearly every topology was compared, on many flows each.
    expect(stats.compared).toBeGreaterThanOrEqual(INTENT_RUNS[PROFILE] * 0.9);
    expect(stats.flows).toBeGreaterThan(stats.compared * 20);
  });
});
