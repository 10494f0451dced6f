/**
 * Runs the property tests on fresh seeds, longer than CI does: `npm run test:fresh -- --seeds 3
 * --scale 2 [--only test/property/intent-cilium]`. Each seed runs the property suite once with
 * `ZT_PROPERTY_SEED` set to it and each property's runs multiplied by `ZT_PROPERTY_RUNS_SCALE`.
 * Prints, for each failing seed, the failing tests and fast-check's counterexamples, with the
 * command that reproduces them; exits 1 when any seed fails. A counterexample it finds becomes a
 * regression test in test/property/regressions.test.ts (CI keeps its fixed seed).
 */
import { spawnSync } from 'child_process';
import { randomInt } from 'crypto';

interface Options {
  readonly seeds: number;
  readonly scale: number;
  readonly only: string;
  readonly given: readonly number[];
}

function parse(argv: readonly string[]): Options {
  let seeds = 3;
  let scale = 2;
  let only = 'test/property';
  const given: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    const int = (name: string) => {
      const n = Number(value);
      if (value === undefined || !Number.isSafeInteger(n) || n < 1) throw new Error(`${name} takes a positive integer`);
      i++;
      return n;
    };
    if (argv[i] === '--seeds') seeds = int('--seeds');
    else if (argv[i] === '--scale') scale = int('--scale');
    else if (argv[i] === '--seed') given.push(int('--seed'));
    else if (argv[i] === '--only' && value !== undefined) {
      only = value;
      i++;
    } else throw new Error(`unknown option '${argv[i]}' (--seeds N, --scale K, --seed S, --only PATH)`);
  }
  return { seeds, scale, only, given };
}

function main(): number {
  const options = parse(process.argv.slice(2));
  const seeds = options.given.length > 0 ? options.given : [...Array(options.seeds)].map(() => randomInt(2 ** 31 - 1));
  const failed: number[] = [];
  for (const seed of seeds) {
    const started = Date.now();
    const run = spawnSync('npx', ['jest', options.only, '--maxWorkers=2', '--silent'], {
      env: { ...process.env, ZT_PROPERTY_SEED: String(seed), ZT_PROPERTY_RUNS_SCALE: String(options.scale) },
      encoding: 'utf8',
      maxBuffer: 256 * 2 ** 20,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    const summary = /^Tests:.*$/m.exec(output)?.[0] ?? 'no test summary';
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`seed ${seed} (runs x${options.scale}): ${summary} (${seconds} s)`);
    if (run.status === 0) continue;
    failed.push(seed);
    for (const line of output.split('\n')) {
      if (/^\s*● /.test(line) || /Counterexample:|Property failed after/.test(line)) console.log(`  ${line.trim()}`);
    }
    console.log(
      `  reproduce: ZT_PROPERTY_SEED=${seed} ZT_PROPERTY_RUNS_SCALE=${options.scale} npx jest ${options.only}`,
    );
  }
  console.log(`${seeds.length - failed.length} seeds passed, ${failed.length} failed`);
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = main();
