import { compileAnchoredRegex } from '../../../src/verify/cilium/regex';

describe('RE2 regular expressions of Cilium HTTP rules', () => {
  test('can anchor a pattern to the whole value', () => {
    const re = compileAnchoredRegex('/status');
    expect(re.test('/status')).toBe(true);
    expect(re.test('/status/x')).toBe(false);
    expect(re.test('/v1/status')).toBe(false);
    expect(compileAnchoredRegex('GET|HEAD').test('GETX')).toBe(false);
  });

  test('can translate RE2 spellings: leading flags, named groups, \\A \\z, \\Q..\\E and POSIX classes', () => {
    expect(compileAnchoredRegex('(?i)/API/.*').test('/api/x')).toBe(true);
    expect(compileAnchoredRegex('/(?P<id>[0-9]+)').test('/42')).toBe(true);
    expect(compileAnchoredRegex('\\A/a\\z').test('/a')).toBe(true);
    expect(compileAnchoredRegex('\\Q/a.b\\E').test('/a.b')).toBe(true);
    expect(compileAnchoredRegex('\\Q/a.b\\E').test('/aXb')).toBe(false);
    expect(compileAnchoredRegex('/[[:digit:]]+').test('/123')).toBe(true);
  });

  test('throws on an invalid expression or inline flags it cannot translate', () => {
    expect(() => compileAnchoredRegex('/a(')).toThrow();
    expect(() => compileAnchoredRegex('/a(?i)b')).toThrow('inline flags');
  });
});
