import * as fs from 'fs';
import * as path from 'path';
import { writeClusterExport, writeProbes } from '../../bench/cluster-export';
import { readInputs } from '../../src/cli/inputs';
import { evaluatedFields, readManifestText } from '../../src/verify/load';
import { DIST, run, SCENARIOS, tempDir } from './run';

/** The same text with a tab in a first comment line: outside the fast reader's subset, so the `yaml` package reads it. */
const slowPath = (text: string): string => `# read by the yaml package:\t(a tab)\n${text}`;

/** The same text with CRLF line ends (read by the fast reader, as LF). */
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
      fs.writeFileSync(path.join(slow, f), slowPath(fs.readFileSync(path.join(fast, f), 'utf8')));
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
    const slow = path.join(dir, `slow-${name}`);
    fs.mkdirSync(slow);
    for (const f of files) fs.writeFileSync(path.join(slow, f), slowPath(fs.readFileSync(path.join(DIST, f), 'utf8')));
    const scenario = path.join(SCENARIOS, `${name}.yaml`);
    const a = run('verify', ...files.map((f) => path.join(DIST, f)), '--probes', scenario);
    const b = run('verify', ...files.map((f) => path.join(slow, f)), '--probes', scenario);
    expect(a.stdout.split(`${DIST}/`).join('<dir>/')).toBe(b.stdout.split(`${slow}/`).join('<dir>/'));
    expect(a.status).toBe(b.status);
  });
});

describe('verify reads a file in blocks, whatever its size and line ends', () => {
  const dir = tempDir();

  test('a cluster export of several blocks, LF and CRLF: the same objects as the whole text gives', () => {
    const lf = path.join(dir, 'lf');
    writeClusterExport(lf, 3, 5);
    const windows = path.join(dir, 'crlf');
    fs.mkdirSync(windows);
    const files = ['workloads.yaml', 'policies.yaml'];
    for (const f of files) fs.writeFileSync(path.join(windows, f), crlf(fs.readFileSync(path.join(lf, f), 'utf8')));
    expect(fs.statSync(path.join(lf, 'workloads.yaml')).size).toBeGreaterThan(2 * 1024 * 1024);
    const whole = files.flatMap((f) => readManifestText(fs.readFileSync(path.join(lf, f), 'utf8'), f, evaluatedFields));
    expect(whole.length).toBeGreaterThan(100);
    for (const d of [lf, windows]) {
      const inputs = readInputs(
        files.map((f) => path.join(d, f)),
        { maxFileSize: 2 ** 30, evaluatedFieldsOnly: true },
      );
      expect(inputs.unreadable).toEqual([]);
      expect(inputs.documents.map((x) => x.object)).toEqual(whole);
    }
  });

  test('a file with a NUL byte past the first block: binary data, as before', () => {
    const file = path.join(dir, 'binary.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('a: b\n'.repeat(400000)), Buffer.from([0]), Buffer.from('\n')]));
    expect(readInputs([file]).unreadable).toEqual([`${file}: binary data (a NUL byte), not YAML or JSON`]);
  });

  test('a multi-byte character cut between two blocks', () => {
    const file = path.join(dir, 'accents.yaml');
    const value = 'é'.repeat(10);
    const body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\ndata:\n  pad: "`;
    // the first 'é' (two bytes in UTF-8) starts on the last byte of the first 1 MiB block
    const pad = 'x'.repeat(1024 * 1024 - Buffer.byteLength(body) - 1);
    fs.writeFileSync(file, `${body}${pad}${value}"\n`);
    const [doc] = readInputs([file]).documents;
    expect((doc.object as unknown as { data: { pad: string } }).data.pad).toBe(`${pad}${value}`);
  });
});
