#!/usr/bin/env node
'use strict';
// The command line: `cdk8s-zerotrust verify <files or dirs> [--probes <file>] [--profile <name>] [--mesh <mode>]`.
// It runs the compiled library (`npm run build` writes lib/).
const { runCli } = require('../lib/cli/main.js');

Promise.resolve()
  .then(() => runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }))
  .then((status) => { process.exitCode = status; }, (err) => {
    process.stderr.write(`error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  });
