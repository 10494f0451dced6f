import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, tempDir } from './run';

const TS_NODE = path.join(ROOT, 'node_modules', '.bin', 'ts-node');
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const SYNTH = path.join(ROOT, 'bin', 'synth.js');
const root = tempDir();

/** A program with one zone: `namespace` is its (possibly invalid) name. */
function program(namespace: string): string {
  return [
    `import { App } from ${JSON.stringify(path.join(ROOT, 'node_modules', 'cdk8s'))};`,
    `import { Port, Profile, Tier, Topology, WarningMode, Zone } from ${JSON.stringify(path.join(ROOT, 'src'))};`,
    'const app = new App();',
    "const shop = new Topology(app, 'shop', { profiles: [Profile.kubernetes()], warnings: WarningMode.SILENT });",
    `const prod = new Zone(shop, ${JSON.stringify(namespace)});`,
    "new Tier(prod, 'web', { selector: { app: 'web' }, ports: [Port.tcp(80)] });",
    'app.synth();',
  ].join('\n');
}

/** A project folder with a committed dist/ and the cdk8s.yaml of this repository, running `main.ts`. */
function project(main: string): { dir: string; dist: string } {
  const dir = fs.mkdtempSync(path.join(root, 'project-'));
  const dist = path.join(dir, 'dist');
  fs.mkdirSync(dist);
  fs.writeFileSync(path.join(dist, 'shop-kubernetes.k8s.yaml'), 'previous output\n');
  fs.writeFileSync(path.join(dir, 'main.ts'), main);
  const config = fs
    .readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')
    .replace(
      /^app: .*$/m,
      `app: node ${SYNTH} --into dist -- ${TS_NODE} --transpile-only --project ${path.join(ROOT, 'tsconfig.dev.json')} main.ts`,
    );
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), config);
  return { dir, dist };
}

describe('the synth command keeps the previous dist/ when synth fails', () => {
  test('can run the repository app through bin/synth.js, outside dist/', () => {
    const config = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8');
    expect(config).toMatch(
      /^app: node bin\/synth\.js --into dist -- npx ts-node --transpile-only examples\/main\.ts$/m,
    );
    expect(config).toMatch(/^output: \.cdk8s-out$/m);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.synth).toBe(
      'cdk8s synth --check-upgrade=false',
    );
  });

  test('cannot touch dist/ when cdk8s synth of a program with one bad line fails, and prints the ZT line first', () => {
    const { dir, dist } = project(program('BAD'));
    const out = spawnSync(CDK8S, ['synth', '--check-upgrade=false'], { cwd: dir, encoding: 'utf8' });
    expect(out.status).not.toBe(0);
    const first = out.stderr.split('\n')[0];
    expect(first).toMatch(/^\[shop\/BAD\] ZT102: zone namespace 'BAD' is not a DNS-1123 label .* Try 'bad'$/);
    expect(out.stderr.split('\n')[1]).toBe(
      'synth failed (1 problem above; the app exited with status 1): dist is unchanged.',
    );
    expect(fs.readdirSync(dist)).toEqual(['shop-kubernetes.k8s.yaml']);
    expect(fs.readFileSync(path.join(dist, 'shop-kubernetes.k8s.yaml'), 'utf8')).toBe('previous output\n');
    expect(fs.readdirSync(dir).filter((f) => f.includes('-synth-'))).toEqual([]);
  }, 120_000);

  test('can replace dist/ as a whole when the program synthesizes, with a copy in the cdk8s output folder', () => {
    const { dir, dist } = project(program('prod'));
    fs.writeFileSync(path.join(dist, 'stale.k8s.yaml'), 'from a topology since removed\n');
    const mirror = path.join(dir, '.cdk8s-out');
    const out = spawnSync(
      'node',
      [
        SYNTH,
        '--into',
        'dist',
        '--',
        TS_NODE,
        '--transpile-only',
        '--project',
        path.join(ROOT, 'tsconfig.dev.json'),
        'main.ts',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CDK8S_OUTDIR: mirror },
      },
    );
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(fs.readdirSync(dist)).toEqual(['shop-kubernetes.k8s.yaml']);
    expect(fs.readFileSync(path.join(dist, 'shop-kubernetes.k8s.yaml'), 'utf8')).toContain(
      'zerotrust.cdk8s.io/profile: kubernetes',
    );
    expect(fs.readdirSync(mirror)).toEqual(['shop-kubernetes.k8s.yaml']);
    expect(fs.readdirSync(dir).filter((f) => f.includes('-synth-'))).toEqual([]);
  }, 120_000);

  test('cannot run without the app command', () => {
    const out = spawnSync('node', [SYNTH, '--into', 'dist'], { encoding: 'utf8' });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^error: missing the app command after --/);
  });
});
