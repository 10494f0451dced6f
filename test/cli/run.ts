import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

/** The repository root, the committed dist/ and the scenario fixtures. */
export const ROOT = path.join(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const SCENARIOS = path.join(ROOT, 'test', 'fixtures', 'scenarios');

/** What one run of the CLI printed and returned. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The last line of stdout. */
  readonly summary: string;
}

/** Runs the CLI in-process and captures its output. */
export function run(...argv: string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const status = runCli(argv, {
    stdout: {
      write: (s: string) => {
        stdout += s;
      },
    },
    stderr: {
      write: (s: string) => {
        stderr += s;
      },
    },
  });
  return { status, stdout, stderr, summary: stdout.trimEnd().split('\n').pop() ?? '' };
}

/** A fresh temporary directory, removed after the test file. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
