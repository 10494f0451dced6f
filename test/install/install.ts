/**
 * The real install path, checked on every change. `.ci/run` runs it after jest (it takes a minute or
 * two, so it is not a jest test): `node_modules/.bin/ts-node --transpile-only test/install/install.ts`.
 *
 * It packs this library (`npm pack`, which builds it through `prepack`), installs the tarball into a
 * fresh cdk8s app in a temporary directory outside the repository, and there does exactly what the
 * README section "Use it in your cdk8s app" shows: its commands in order, its cdk8s.yaml and its
 * main.ts. One rewrite only: `npm install` gets the tarball for `cdk8s-zerotrust` and, for every
 * other package, the version of this repository's package-lock (a README range must be the one
 * package.json requires), so the run works from the npm cache. Prints `PASS install: ...` or
 * `FAIL install: ...` and exits 1 on failure.
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const SECTION = '## Use it in your cdk8s app';
const NAME = 'cdk8s-zerotrust';

/** A step of the README section: commands to run, or a file to write. */
type Step =
  | { readonly kind: 'commands'; readonly commands: string[] }
  | { readonly kind: 'file'; readonly name: string; readonly text: string };

class InstallFailure extends Error {}

function fail(message: string): never {
  throw new InstallFailure(message);
}

/** The section's code blocks in order: `sh` blocks are commands, the others files named by their first line (`// main.ts`). */
export function readmeSteps(readme: string): Step[] {
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) fail(`README.md has no section "${SECTION}"`);
  const end = readme.indexOf('\n## ', start + SECTION.length + 2);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const steps: Step[] = [];
  for (const [, lang, body] of section.matchAll(/```(\w+)\n([\s\S]*?)```/g)) {
    if (lang === 'sh') {
      const commands = body
        .split('\n')
        .map((l) => l.replace(/\s+#.*$/, '').trim())
        .filter((l) => l.length > 0 && !l.startsWith('#'));
      steps.push({ kind: 'commands', commands });
      continue;
    }
    const [first, ...rest] = body.split('\n');
    const name = /^(?:\/\/|#)\s*([\w.-]+)\s*$/.exec(first)?.[1];
    if (!name)
      fail(`README "${SECTION}": a \`\`\`${lang} block must start with a comment naming its file, e.g. "// main.ts"`);
    steps.push({ kind: 'file', name, text: rest.join('\n') });
  }
  return steps;
}

/** `npm install` of the README, made to install the tarball and the versions of this repository's package-lock. */
export function pinInstall(
  command: string,
  tarball: string,
  lock: any,
  peers: Record<string, string>,
  seen: Set<string>,
): string {
  const words = command.split(/\s+/);
  if (words[0] !== 'npm' || (words[1] !== 'install' && words[1] !== 'i')) return command;
  return words
    .map((word, i) => {
      if (i < 2 || word.startsWith('-')) return word;
      const at = word.lastIndexOf('@');
      const name = at > 0 ? word.slice(0, at) : word;
      const range = at > 0 ? word.slice(at + 1) : undefined;
      seen.add(name);
      if (name === NAME) {
        if (range !== undefined) fail(`README installs ${word}: install ${NAME} without a version`);
        return tarball;
      }
      if (range !== undefined && range !== peers[name]) {
        fail(
          `README installs ${word}, but package.json requires ${name}@${peers[name] ?? '(nothing)'}: show the peerDependencies range`,
        );
      }
      const version = lock.packages?.[`node_modules/${name}`]?.version;
      if (!version) fail(`README installs ${name}, which is not in package-lock.json: add it to devDependencies`);
      return `${name}@${version}`;
    })
    .join(' ');
}

/** The environment of a user's shell: no npm script variables from this repository; the npm cache first, no update checks. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !/^npm_config_(cache|registry|userconfig)$/i.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    CDK8S_CHECK_UPGRADE: 'false',
  };
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv): string {
  process.stdout.write(`install: $ ${command}\n`);
  try {
    return execSync(command, {
      cwd,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    process.stdout.write(`${err.stdout ?? ''}${err.stderr ?? ''}`);
    return fail(`\`${command}\` exited with status ${err.status ?? 'unknown'}`);
  }
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-install-'));
  const started = Date.now();
  try {
    const env = cleanEnv();
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const steps = readmeSteps(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));

    // 1. The tarball, as `npm publish` would upload it: built by prepack, with lib/ and .jsii.
    run(`npm pack --pack-destination ${work}`, ROOT, env);
    const tarball = path.join(work, `${NAME}-${pkg.version}.tgz`);
    if (!fs.existsSync(tarball)) fail(`npm pack wrote no ${path.basename(tarball)}`);
    const contents = new Set(run(`tar tzf ${tarball}`, work, env).split('\n'));
    for (const f of [
      'lib/index.js',
      'lib/index.d.ts',
      'lib/cli/main.js',
      '.jsii',
      'bin/cdk8s-zerotrust.js',
      'LICENSE',
      'README.md',
      'package.json',
    ]) {
      if (!contents.has(`package/${f}`)) fail(`the tarball has no ${f}`);
    }

    // 2. A fresh app outside the repository, set up as the README says.
    const app = path.join(work, 'my-app');
    fs.mkdirSync(app);
    const seen = new Set<string>();
    for (const step of steps) {
      if (step.kind === 'file') {
        process.stdout.write(`install: write ${step.name}\n`);
        fs.writeFileSync(path.join(app, step.name), step.text);
        continue;
      }
      for (const command of step.commands) {
        const out = run(pinInstall(command, tarball, lock, pkg.peerDependencies ?? {}, seen), app, env);
        if (/^npx cdk8s-zerotrust verify\b/.test(command)) {
          process.stdout.write(out);
          if (!/ 0 invalid\./.test(out)) fail(`\`${command}\` found invalid documents`);
        }
      }
    }
    for (const name of [NAME, ...Object.keys(pkg.peerDependencies ?? {})]) {
      if (!seen.has(name)) fail(`README "${SECTION}" never installs ${name}`);
    }

    // 3. Installing ran no build: the installed package has no install-time scripts, and it is the packed one.
    const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', NAME, 'package.json'), 'utf8'));
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
      if (installed.scripts?.[script]) fail(`the package runs "${script}" on install: ${installed.scripts[script]}`);
    }
    if (!fs.existsSync(path.join(app, 'node_modules', NAME, '.jsii'))) fail('the installed package has no .jsii');
    const written = fs.existsSync(path.join(app, 'dist'))
      ? fs.readdirSync(path.join(app, 'dist')).filter((f) => f.endsWith('.k8s.yaml'))
      : [];
    if (written.length === 0) fail('cdk8s synth wrote no manifests to dist/');

    const seconds = Math.round((Date.now() - started) / 1000);
    process.stdout.write(
      `PASS install: packed, installed into a fresh cdk8s app, synthesized ${written.sort().join(', ')} and verified them (${seconds} s)\n`,
    );
  } catch (e) {
    process.stdout.write(`FAIL install: ${e instanceof InstallFailure ? e.message : (e as Error).stack}\n`);
    process.exitCode = 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
