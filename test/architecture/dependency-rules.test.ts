import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repo = path.resolve(__dirname, '..', '..');
const depcruise = path.join(repo, 'node_modules', '.bin', 'depcruise');
const config = path.join(repo, '.dependency-cruiser.js');

/** Runs dependency-cruiser with the project's rules over `dir`'s `src/`. */
function cruise(dir: string): { status: number | null; output: string } {
  const run = spawnSync(depcruise, ['src', '--config', config, '--output-type', 'err'], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A throw-away tree with the given files, each `path -> source`, and a tsconfig. */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-deps-'));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }),
  );
  for (const [file, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), source);
  }
  return dir;
}

describe('dependency rules', () => {
  test('the library itself keeps every rule', () => {
    const result = cruise(repo);
    expect(result.output).toContain('no dependency violations');
    expect(result.status).toBe(0);
  });

  test.each([
    ['verify-engine-reads-manifests-only', 'src/verify/evaluate.ts', "import { Topology } from '../model/topology';"],
    ['ir-names-no-target', 'src/ir/build.ts', "import { render } from '../targets/cilium/render';"],
    ['plan-names-no-target', 'src/plan/cni.ts', "import { render } from '../targets/cilium/render';"],
    ['one-folder-per-target', 'src/targets/istio/check.ts', "import { render } from '../cilium/render';"],
    ['validation-is-a-leaf', 'src/validation/codes.ts', "import { Topology } from '../model/topology';"],
    [
      'only-the-entry-point-reads-assertions',
      'src/model/topology.ts',
      "import { Expectations } from '../testing/expectations';",
    ],
    ['the-cli-reads-manifests', 'src/cli/main.ts', "import { Topology } from '../model/topology';"],
    [
      'targets-see-the-descriptor-only',
      'src/targets/istio/render.ts',
      "import { planProfile } from '../../plan/index';",
    ],
    ['targets-through-the-registry', 'src/model/topology.ts', "import { render } from '../targets/cilium/render';"],
  ])('fails on a deliberate %s violation', (rule, file, line) => {
    const dir = tree({
      [file]: `${line}\nexport const x = 1;\n`,
      'src/model/topology.ts':
        file === 'src/model/topology.ts' ? `${line}\nexport class Topology {}\n` : 'export class Topology {}\n',
      'src/targets/cilium/render.ts': 'export function render(): void {}\n',
      'src/plan/index.ts': 'export function planProfile(): void {}\n',
      'src/testing/expectations.ts': 'export class Expectations {}\n',
    });
    try {
      const result = cruise(dir);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain(rule);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
