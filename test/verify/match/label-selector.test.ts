import { parseLabelSelector, selectorMatches } from '../../../src/verify/match/label-selector';

describe('Kubernetes label selectors', () => {
  test('can select everything with an empty selector', () => {
    expect(selectorMatches(parseLabelSelector({}), {})).toBe(true);
    expect(parseLabelSelector({}).text).toBe('{}');
  });

  test('can AND matchLabels and matchExpressions; NotIn and DoesNotExist hold for absent keys', () => {
    const s = parseLabelSelector({
      matchLabels: { app: 'api' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(selectorMatches(s, { app: 'api' })).toBe(true);
    expect(selectorMatches(s, { app: 'api', env: 'prod' })).toBe(true);
    expect(selectorMatches(s, { app: 'api', env: 'dev' })).toBe(false);
    expect(selectorMatches(s, { app: 'api', legacy: '' })).toBe(false);
    expect(selectorMatches(s, { app: 'web' })).toBe(false);
    expect(s.text).toBe('app=api, env notin (dev), !legacy');
  });

  test('throws on an unknown operator', () => {
    expect(() => parseLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] })).toThrow(
      "unknown label selector operator 'Equals'",
    );
  });
});
