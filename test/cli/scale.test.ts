import * as fs from 'fs';
import * as path from 'path';
import { writeClusterExport, writeProbes } from '../../bench/cluster-export';
import { DIST, run, SCENARIOS, tempDir } from './run';

/** The same text with CRLF line ends: outside the fast reader's subset, so the `yaml` package reads it. */
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

describe('verify reads a file the same through the fast reader and the yaml package', () => {
  const dir = tempDir();

  test('a cluster export as kubectl writes it: the same output, file names aside', () => {
    const fast = path.join(dir, 'fast');
    const shape = writeClusterExport(fast, 0.4, 11);
    const probes = path.join(dir, 'probes.yaml');
    writeProbes(probes, shape.namespaces, 120, 3);
    const slow = path.join(dir, 'slow');
    fs.mkdirSync(slow);
    for (const f of ['workloads.yaml', 'policies.yaml'])
      fs.writeFileSync(path.join(slow, f), crlf(fs.readFileSync(path.join(fast, f), 'utf8')));
    const args = (d: string) => [
      'verify',
      path.join(d, 'workloads.yaml'),
      path.join(d, 'policies.yaml'),
      '--probes',
      probes,
    ];
    const a = run(...args(fast));
    const b = run(...args(slow));
    expect(a.status).toBe(0);
    expect(a.summary).toBe('120 passed, 0 failed');
    expect(a.stdout.split(fast).join('<dir>')).toBe(b.stdout.split(slow).join('<dir>'));
    expect(a.stderr).toBe(b.stderr);
    // wrong expectations: the failures and their explanations are the same too
    const flipped = path.join(dir, 'flipped.yaml');
    fs.writeFileSync(flipped, fs.readFileSync(probes, 'utf8').replace(/expect: allow/g, 'expect: deny'));
    const c = run('verify', path.join(fast, 'workloads.yaml'), path.join(fast, 'policies.yaml'), '--probes', flipped);
    const d = run('verify', path.join(slow, 'workloads.yaml'), path.join(slow, 'policies.yaml'), '--probes', flipped);
    expect(c.status).toBe(1);
    expect(c.stdout).toContain('Failures:');
    expect(c.stdout.split(fast).join('<dir>')).toBe(d.stdout.split(slow).join('<dir>'));
  });

  test.each(['three-tier', 'zones-lab', 'ambient-waypoint'])('the %s files of dist/ with their scenario', (name) => {
    const files = fs
      .readdirSync(DIST)
      .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.yaml'))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    const slow = path.join(dir, `crlf-${name}`);
    fs.mkdirSync(slow);
    for (const f of files) fs.writeFileSync(path.join(slow, f), crlf(fs.readFileSync(path.join(DIST, f), 'utf8')));
    const scenario = path.join(SCENARIOS, `${name}.yaml`);
    const a = run('verify', ...files.map((f) => path.join(DIST, f)), '--probes', scenario);
    const b = run('verify', ...files.map((f) => path.join(slow, f)), '--probes', scenario);
    expect(a.stdout.split(`${DIST}/`).join('<dir>/')).toBe(b.stdout.split(`${slow}/`).join('<dir>/'));
    expect(a.status).toBe(b.status);
  });
});
