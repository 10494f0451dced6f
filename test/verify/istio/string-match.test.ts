import { exampleOf, istioStringMatch } from '../../../src/verify/istio/string-match';

describe('Istio string matching', () => {
  test('can match exact, prefix, suffix and presence patterns', () => {
    expect(istioStringMatch('/api', '/api')).toBe(true);
    expect(istioStringMatch('/api', '/api/v1')).toBe(false);
    expect(istioStringMatch('/api/*', '/api/v1')).toBe(true);
    expect(istioStringMatch('/api/*', '/api')).toBe(false);
    expect(istioStringMatch('*.png', '/logo.png')).toBe(true);
    expect(istioStringMatch('*.png', '/logo.jpg')).toBe(false);
    expect(istioStringMatch('*', 'anything')).toBe(true);
  });

  test('cannot match an empty value with the presence pattern', () => {
    expect(istioStringMatch('*', '')).toBe(false);
  });

  test('cannot treat a pattern as a regular expression', () => {
    expect(istioStringMatch('/api/v[0-9]+', '/api/v1')).toBe(false);
    expect(istioStringMatch('/a.c', '/abc')).toBe(false);
  });

  test('can ignore case when asked (hosts)', () => {
    expect(istioStringMatch('*.Example.com', 'api.example.COM', { ignoreCase: true })).toBe(true);
    expect(istioStringMatch('*.Example.com', 'api.example.COM')).toBe(false);
  });

  test('can produce a value each pattern matches', () => {
    for (const pattern of ['/exact', '/prefix/*', '*/suffix', '*']) {
      expect(istioStringMatch(pattern, exampleOf(pattern, '/'))).toBe(true);
    }
  });
});
