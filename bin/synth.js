#!/usr/bin/env node
'use strict';
// Runs a cdk8s app into a fresh temporary folder and swaps it in for the output folder only when
// the app succeeds, so a failed synth keeps the previous output (the cdk8s CLI empties its own
// output folder before the app runs). On failure the ZT problem lines are printed first.
//
//   node bin/synth.js [--into <dir>] -- <command> [args...]
//
// --into defaults to dist. When the cdk8s CLI runs this script (cdk8s.yaml `app:`), it sets
// CDK8S_OUTDIR to its own output folder; the result is copied there too, so the CLI lists it.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

/** A ZT problem line: a code of the catalog (ZT101) or a target check (ZT_CILIUM_...). */
const PROBLEM = /\bZT(\d{3}|_[A-Z0-9_]+)\b/;
/** A stack frame line of a Node.js error. */
const FRAME = /^\s+at .+/;

function main(argv) {
  const sep = argv.indexOf('--');
  const options = sep < 0 ? argv : argv.slice(0, sep);
  const command = sep < 0 ? [] : argv.slice(sep + 1);
  let into = 'dist';
  for (let i = 0; i < options.length; i++) {
    if (options[i] === '--into' && options[i + 1]) into = options[++i];
    else return fail(`unknown option '${options[i]}' (usage: node bin/synth.js [--into <dir>] -- <command> [args...])`);
  }
  if (command.length === 0) return fail('missing the app command after -- (usage: node bin/synth.js [--into <dir>] -- <command> [args...])');
  const target = path.resolve(into);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}-synth-`));
  const result = spawnSync(command[0], command.slice(1), {
    env: { ...process.env, CDK8S_OUTDIR: staging },
    stdio: ['inherit', 'inherit', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  const stderr = result.stderr ? result.stderr.toString('utf8') : '';
  if (result.error || result.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    const lines = stderr.split('\n');
    const problems = [...new Set(lines.filter((l) => PROBLEM.test(l) && !FRAME.test(l)).map((l) => l.trim()))];
    for (const p of problems) process.stderr.write(`${p}\n`);
    const why = result.error ? `cannot run '${command.join(' ')}': ${result.error.message}` : `the app exited with status ${result.status ?? result.signal}`;
    process.stderr.write(`synth failed (${problems.length} problem${problems.length === 1 ? '' : 's'}${problems.length > 0 ? ' above' : ''}; ${why}): ${into} is unchanged.\n`);
    const rest = lines.filter((l) => !FRAME.test(l) && !problems.includes(l.trim()) && l.trim() !== '');
    if (rest.length > 0) process.stderr.write(`Other output of the app:\n${rest.join('\n')}\n`);
    return 1;
  }
  process.stderr.write(stderr);
  const backup = `${staging}-previous`;
  if (fs.existsSync(target)) fs.renameSync(target, backup);
  fs.renameSync(staging, target);
  fs.rmSync(backup, { recursive: true, force: true });
  const mirror = process.env.CDK8S_OUTDIR;
  if (mirror && path.resolve(mirror) !== target) {
    fs.rmSync(mirror, { recursive: true, force: true });
    fs.cpSync(target, mirror, { recursive: true });
  }
  return 0;
}

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
