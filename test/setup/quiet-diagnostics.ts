/**
 * Keeps the test output readable: synth prints each warning and widening of a topology to stderr
 * (`WarningMode.PRINT`, the default users get), and many tests synthesize the examples, which
 * declare widenings on purpose. Loaded by jest (`setupFilesAfterEnv`) for every test file: lines
 * starting with `[cdk8s-zerotrust] warning ` or `[cdk8s-zerotrust] widening ` are dropped from this
 * process's stderr, everything else passes through. Synth itself is unchanged, so `cdk8s synth`
 * still prints them; a test that asserts on them spies on `process.stderr.write`, which sees every
 * call before this filter.
 */

const QUIET = /^\[cdk8s-zerotrust\] (warning|widening) /;

/** True when a chunk written to stderr is a synth warning or widening line, kept out of the test output. */
export function isDiagnosticLine(chunk: unknown): boolean {
  return typeof chunk === 'string' && QUIET.test(chunk);
}

const original = process.stderr.write;
process.stderr.write = function quietDiagnostics(this: NodeJS.WriteStream, chunk: any, ...rest: any[]): boolean {
  if (isDiagnosticLine(chunk)) return true;
  return (original as (...args: any[]) => boolean).call(this, chunk, ...rest);
} as typeof process.stderr.write;

afterAll(() => {
  process.stderr.write = original;
});
