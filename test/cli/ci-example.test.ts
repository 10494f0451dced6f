import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { parseArgs } from '../../src/cli/args';
import { ROOT, run } from './run';

const WORKFLOW = path.join(ROOT, 'examples', 'ci', 'github-actions.yml');

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
}
const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8')) as { jobs: { [job: string]: { steps: Step[] } } };
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
/** Shell lines of the steps, continuation lines joined. */
const scripts = steps.flatMap((s) => (s.run ?? '').replace(/\\\n\s*/g, ' ').split('\n'));

/** The words of a shell command line up to the first redirection, pipe or list operator. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const word = m[1] ?? m[2] ?? m[3];
    if (m[3] !== undefined && /^(>|>>|\||\|\||&&|;|#)/.test(word)) break;
    out.push(word);
  }
  return out;
}

/** Every `cdk8s-zerotrust` command line of the workflow, as the arguments after the program name. */
const commands = scripts
  .filter((l) => /\bcdk8s-zerotrust\s/.test(l))
  .map((l) => {
    const w = words(l.trim());
    return w.slice(w.indexOf('cdk8s-zerotrust') + 1);
  });

/** Runs on this repository: relative paths from its root, and HEAD for the base branch (nothing to fetch here). */
function local(argv: readonly string[]): string[] {
  return argv.map((a) =>
    a === 'origin/main' ? 'HEAD' : !a.startsWith('-') && fs.existsSync(path.join(ROOT, a)) ? path.join(ROOT, a) : a,
  );
}

describe('examples/ci/github-actions.yml', () => {
  test('can synthesize, fail on a stale dist/, verify, and post the diff in Markdown', () => {
    expect(scripts.some((l) => l.includes('cdk8s synth --check-upgrade=false'))).toBe(true);
    expect(scripts.some((l) => l.includes('git status --porcelain -- dist/'))).toBe(true);
    expect(commands.filter((c) => c[0] === 'verify').length).toBeGreaterThanOrEqual(1);
    const diff = commands.filter((c) => c[0] === 'diff');
    expect(diff).toHaveLength(1);
    expect(diff[0]).toEqual(expect.arrayContaining(['--base', 'origin/main', '--output', 'md']));
    expect(scripts.some((l) => l.includes('gh pr comment') && l.includes('--body-file policy-diff.md'))).toBe(true);
  });

  test('can parse every cdk8s-zerotrust command line it holds', () => {
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const argv of commands) expect(() => parseArgs(argv)).not.toThrow();
  });

  test('can run every cdk8s-zerotrust command line it holds on this repository', () => {
    for (const argv of commands) {
      const out = run(...local(argv));
      expect({ argv, stderr: out.stderr.split('\n').filter((l) => l.startsWith('error:')) }).toEqual({
        argv,
        stderr: [],
      });
      // verify passes on the committed dist/; diff against HEAD finds nothing that opens.
      expect({ argv, status: out.status }).toEqual({ argv, status: 0 });
    }
  });
});
