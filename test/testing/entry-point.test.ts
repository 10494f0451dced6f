import * as fs from 'fs';
import * as path from 'path';
import * as root from '../../src';
import * as testing from '../../src/testing';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('the testing entry point', () => {
  test('can be imported apart from the constructs, as cdk8s-zerotrust/testing', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './package.json', './testing', './testing/jest']);
    // every export points at the compiled form of a source module
    for (const key of ['.', './testing', './testing/jest']) {
      const target: string = pkg.exports[key].default;
      expect(target).toMatch(/^\.\/lib\/.*\.js$/);
      const source = path.join(ROOT, target.replace(/^\.\/lib\//, 'src/').replace(/\.js$/, '.ts'));
      expect({ key, exists: fs.existsSync(source) }).toEqual({ key, exists: true });
      expect(pkg.exports[key].types).toBe(target.replace(/\.js$/, '.d.ts'));
    }
  });

  test('holds the expectations and the reports; the root reaches them only as the testing submodule', () => {
    expect(typeof testing.Expectations).toBe('function');
    expect(typeof testing.renderReport).toBe('function');
    expect(typeof testing.writeReports).toBe('function');
    expect(root.testing.Expectations).toBe(testing.Expectations);
    expect((root as Record<string, unknown>).Expectations).toBeUndefined();
  });
});
