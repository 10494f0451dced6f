#!/usr/bin/env node
'use strict';
// The command line: `cdk8s-zerotrust verify|list|diff ...` (`cdk8s-zerotrust --help`).
// It runs the compiled library (`npm run build` writes lib/). Errors are one line, without a stack trace.
let runCli;
try {
  ({ runCli } = require('../lib/cli/main.js'));
} catch (err) {
  process.stderr.write(`error: cannot load the compiled library (${String(err && err.message).split('\n')[0]}). Run npm run build\n`);
  process.exit(2);
}

Promise.resolve()
  .then(() => runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }))
  .then((status) => { process.exitCode = status; }, (err) => {
    process.stderr.write(`error: ${String(err && err.message ? err.message : err).split('\n')[0]}\n`);
    process.exitCode = 2;
  });
