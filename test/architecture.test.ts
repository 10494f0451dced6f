import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

/** Every relative import of every source file, as `layer/rest` paths (`plan/index`, `targets/registry`). */
function imports(): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) { walk(file); continue; }
      if (!entry.name.endsWith('.ts')) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import) '(\.[^']*)'/g)) {
        const target = path.relative(SRC, path.resolve(path.dirname(file), m[1])).split(path.sep).join('/');
        out.push({ from: path.relative(SRC, file).split(path.sep).join('/'), to: target });
      }
    }
  };
  walk(SRC);
  return out;
}

const layerOf = (p: string) => (p.includes('/') ? p.slice(0, p.indexOf('/')) : p.replace(/\.ts$/, ''));

/** Which layers each layer may import (besides itself). `validation` is open to every layer. */
const ALLOWED: { readonly [layer: string]: readonly string[] } = {
  index: ['model', 'values', 'validation', 'testing'],
  cli: ['verify', 'validation'],
  testing: ['model', 'values', 'ir', 'plan', 'targets', 'verify', 'validation'],
  model: ['values', 'ir', 'plan', 'targets', 'validation'],
  targets: ['ir', 'plan', 'validation'],
  plan: ['ir', 'validation'],
  values: ['ir', 'validation'],
  ir: ['validation'],
  verify: ['validation'],
  validation: [],
};

describe('architecture', () => {
  const all = imports().filter((i) => layerOf(i.from) !== layerOf(i.to));

  test('can list every layer of src/ in the table of allowed imports', () => {
    const layers = new Set(fs.readdirSync(SRC).map((e) => e.replace(/\.ts$/, '')));
    expect([...layers].sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  test('cannot import a layer the architecture does not allow', () => {
    const bad = all.filter((i) => !ALLOWED[layerOf(i.from)].includes(layerOf(i.to))).map((i) => `${i.from} -> ${i.to}`);
    expect(bad).toEqual([]);
  });

  test('cannot let targets reach into the planner beyond the descriptor interface', () => {
    const bad = all.filter((i) => layerOf(i.from) === 'targets' && layerOf(i.to) === 'plan' && i.to !== 'plan/target-descriptor');
    expect(bad).toEqual([]);
  });

  test('cannot let the model or the assertions reach into a target folder (only the registry and shared modules)', () => {
    const bad = all.filter((i) => ['model', 'testing'].includes(layerOf(i.from)) && layerOf(i.to) === 'targets'
      && !['targets/registry', 'targets/namespaces', 'targets/target'].includes(i.to));
    expect(bad).toEqual([]);
  });

  test('cannot name a target in the IR or the planner', () => {
    const named: string[] = [];
    for (const dir of ['ir', 'plan']) {
      for (const f of fs.readdirSync(path.join(SRC, dir))) {
        const code = fs.readFileSync(path.join(SRC, dir, f), 'utf8').split('\n')
          .filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l)); // comments may cite examples
        for (const line of code) if (/'(cilium|istio|kubernetes|gateway-api)'|15008|15012/.test(line)) named.push(`${dir}/${f}: ${line.trim()}`);
      }
    }
    expect(named).toEqual([]);
  });
});
