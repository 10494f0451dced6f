import { compilePattern } from '../../../src/validation/schema/schema-node';
import { servedSchemas, valuesOfKey } from './vendored';

describe('schema patterns', () => {
  it('can compile every pattern of the vendored schemas', () => {
    const patterns = new Set(
      servedSchemas()
        .flatMap((schema) => valuesOfKey(schema, 'pattern'))
        .filter((p): p is string => typeof p === 'string'),
    );
    expect(patterns.size).toBeGreaterThan(20);
    expect([...patterns].filter((p) => compilePattern(p).regex === undefined)).toEqual([]);
  });

  it('can keep the unanchored alternation of the Cilium port pattern, which lets 70000 through', () => {
    const cilium = compilePattern(
      '^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$',
    );
    expect(cilium.regex?.test('70000')).toBe(true);
    expect(cilium.regex?.test('https')).toBe(true);
  });

  it('can translate Go one-letter Unicode classes, leaving escaped backslashes alone', () => {
    expect(compilePattern('^\\PC*$').regex?.source).toBe('^\\P{C}*$');
    expect(compilePattern('^\\\\pL$').regex?.test('\\pL')).toBe(true);
    expect(compilePattern('(').regex).toBeUndefined();
  });
});
