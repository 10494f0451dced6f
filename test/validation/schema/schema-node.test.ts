import * as fs from 'fs';
import * as path from 'path';
import { parseCrdFile } from '../../../src/validation/schema/crd-file';
import { compilePattern } from '../../../src/validation/schema/schema-node';

const SCHEMAS = path.join(__dirname, '../../../schemas');

function collectPatterns(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((child) => collectPatterns(child, into));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string') into.add(value);
      else collectPatterns(value, into);
    }
  }
  return into;
}

describe('schema patterns', () => {
  it('can compile every pattern of the vendored schemas', () => {
    const patterns = new Set<string>();
    for (const folder of fs.readdirSync(SCHEMAS).filter((f) => fs.statSync(path.join(SCHEMAS, f)).isDirectory())) {
      for (const file of fs.readdirSync(path.join(SCHEMAS, folder)).filter((f) => f.endsWith('.yaml'))) {
        for (const crd of parseCrdFile(fs.readFileSync(path.join(SCHEMAS, folder, file), 'utf8'), file)) collectPatterns(crd.versions, patterns);
      }
    }
    expect(patterns.size).toBeGreaterThan(20);
    expect([...patterns].filter((p) => compilePattern(p).regex === undefined)).toEqual([]);
  });

  it('can keep the unanchored alternation of the Cilium port pattern, which lets 70000 through', () => {
    const cilium = compilePattern('^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$');
    expect(cilium.regex?.test('70000')).toBe(true);
    expect(cilium.regex?.test('https')).toBe(true);
  });

  it('can translate Go one-letter Unicode classes, leaving escaped backslashes alone', () => {
    expect(compilePattern('^\\PC*$').regex?.source).toBe('^\\P{C}*$');
    expect(compilePattern('^\\\\pL$').regex?.test('\\pL')).toBe(true);
    expect(compilePattern('(').regex).toBeUndefined();
  });
});
