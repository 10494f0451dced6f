import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES } from '../../examples/main';
import { defaultSchemaValidator } from '../../src/validation/schema';
import { parseDocs, synthFiles } from '../util/synth';

const DIST = path.join(__dirname, '..', '..', 'dist');

describe.each(Object.entries(EXAMPLES))('example %s', (name, build) => {
  const files = synthFiles((app) => build(app));

  test('can synthesize one file per profile', () => {
    expect(Object.keys(files).length).toBeGreaterThan(0);
    for (const f of Object.keys(files)) expect(f.startsWith(`${name}-`)).toBe(true);
  });

  test('matches the committed dist/ output (re-run `npm run synth` when this fails)', () => {
    for (const [f, text] of Object.entries(files)) {
      const committed = path.join(DIST, f);
      expect(fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : `<missing ${f}>`).toBe(text);
    }
  });

  test('matches the snapshot', () => {
    for (const [f, text] of Object.entries(files)) expect(text).toMatchSnapshot(f);
  });

  test('validates every document against the official schemas', () => {
    const validator = defaultSchemaValidator();
    const problems: string[] = [];
    for (const [f, text] of Object.entries(files)) {
      for (const doc of parseDocs(text)) {
        for (const v of validator.validate(doc))
          problems.push(`${f}: ${doc.kind} ${doc.metadata.namespace}/${doc.metadata.name}: ${v.path}: ${v.message}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

test('dist/ holds no file that no example produces', () => {
  const produced = new Set<string>();
  for (const [name, build] of Object.entries(EXAMPLES)) {
    for (const f of Object.keys(synthFiles((app) => build(app)))) produced.add(f);
    produced.add(`${name}.report.md`); // written by writeReports after synth (test/testing/report checks it is current)
  }
  expect(fs.readdirSync(DIST).filter((f) => !produced.has(f))).toEqual([]);
});
