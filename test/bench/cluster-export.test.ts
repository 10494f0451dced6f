import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { writeClusterExport, writeProbes } from '../../bench/cluster-export';
import { readFastYaml } from '../../src/verify/yaml-fast';

function ref(o: unknown): string {
  const x = o as { kind: string; metadata: { namespace?: string; name: string } };
  return `${x.kind} ${x.metadata.namespace ?? ''}/${x.metadata.name}`;
}

describe('the cluster export generator', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-export-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes YAML the fast reader reads as the yaml package does, and the same objects as JSON', () => {
    const shape = writeClusterExport(dir, 0.3, 7);
    expect(shape.namespaces).toBeGreaterThan(0);
    const objects: unknown[] = [];
    for (const file of ['workloads.yaml', 'policies.yaml']) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const fast: unknown[] = [];
      expect(readFastYaml(text, (v) => fast.push(v))).toBe(true);
      const reference = parseAllDocuments(text).map((d) => d.toJS());
      expect(fast).toEqual(reference);
      for (const v of fast) objects.push(...((v as { items?: unknown[] }).items ?? [v]));
    }
    expect(objects).toHaveLength(shape.documents);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'export.json'), 'utf8')) as { items: unknown[] };
    const byRef = (list: unknown[]) => [...list].sort((a, b) => (ref(a) < ref(b) ? -1 : ref(a) > ref(b) ? 1 : 0));
    expect(byRef(json.items)).toEqual(byRef(objects));
  });

  test('is deterministic, and writes probes the fast reader reads', () => {
    const again = path.join(dir, 'again');
    writeClusterExport(again, 0.3, 7);
    expect(fs.readFileSync(path.join(again, 'workloads.yaml'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'workloads.yaml'), 'utf8'),
    );
    const probes = path.join(dir, 'probes.yaml');
    writeProbes(probes, 3, 50, 1);
    const text = fs.readFileSync(probes, 'utf8');
    const fast: unknown[] = [];
    expect(readFastYaml(text, (v) => fast.push(v))).toBe(true);
    expect(fast).toEqual([parseAllDocuments(text)[0].toJS()]);
  });
});
