import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  APP_PORT,
  DEPLOYMENTS_PER_NAMESPACE,
  REPLICAS,
  UNNAMED_PORT,
  writeClusterExportOfPods,
} from '../../bench/cluster-export';
import { LIST_BEGIN, LIST_END } from '../../bench/list';
import { spliceSection } from '../../bench/results-file';
import { readFastYaml } from '../../src/verify/yaml-fast';

interface Item {
  readonly kind: string;
  readonly metadata: { readonly namespace?: string; readonly name: string };
  readonly spec?: {
    readonly containers?: { readonly ports: { readonly containerPort: number; readonly name?: string }[] }[];
  };
}

function read(file: string): Item[] {
  const out: Item[] = [];
  expect(
    readFastYaml(fs.readFileSync(file, 'utf8'), (v) => out.push(...((v as { items?: Item[] }).items ?? [v as Item]))),
  ).toBe(true);
  return out;
}

describe('the export of the list case (sized in Pods)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'list-export-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('is deterministic', () => {
    const a = writeClusterExportOfPods(path.join(dir, 'a'), 100, 11);
    const b = writeClusterExportOfPods(path.join(dir, 'b'), 100, 11);
    expect({ ...b, dir: a.dir }).toEqual(a);
    for (const f of ['workloads.yaml', 'policies.yaml', 'export.json'])
      expect(fs.readFileSync(path.join(dir, 'b', f), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'a', f), 'utf8'));
    const other = writeClusterExportOfPods(path.join(dir, 'c'), 100, 12);
    expect(fs.readFileSync(path.join(other.dir, 'workloads.yaml'), 'utf8')).not.toBe(
      fs.readFileSync(path.join(dir, 'a', 'workloads.yaml'), 'utf8'),
    );
  });

  test('has whole namespaces of Pods, policies of both kinds, and named and unnamed ports', () => {
    const perNamespace = DEPLOYMENTS_PER_NAMESPACE * REPLICAS;
    const shape = writeClusterExportOfPods(path.join(dir, 'shape'), 100, 3);
    const namespaces = Math.ceil(100 / perNamespace);
    expect(shape).toMatchObject({
      namespaces,
      deployments: namespaces * DEPLOYMENTS_PER_NAMESPACE,
      pods: namespaces * perNamespace,
      networkPolicies: namespaces * (DEPLOYMENTS_PER_NAMESPACE + 1),
      ciliumPolicies: namespaces * 2,
    });
    const workloads = read(path.join(shape.dir, 'workloads.yaml'));
    const policies = read(path.join(shape.dir, 'policies.yaml'));
    const count = (items: Item[], kind: string) => items.filter((i) => i.kind === kind).length;
    expect(count(workloads, 'Namespace')).toBe(namespaces + 1); // and `monitoring`, without workloads
    expect(count(workloads, 'Deployment')).toBe(shape.deployments);
    expect(count(workloads, 'Pod')).toBe(shape.pods);
    expect(count(policies, 'NetworkPolicy')).toBe(shape.networkPolicies);
    expect(count(policies, 'CiliumNetworkPolicy')).toBe(shape.ciliumPolicies);
    expect(workloads.length + policies.length).toBe(shape.documents);
    const ports = workloads.filter((i) => i.kind === 'Pod').flatMap((p) => p.spec!.containers!.flatMap((c) => c.ports));
    expect(ports.filter((p) => p.containerPort === APP_PORT && p.name === 'http')).toHaveLength(shape.pods);
    expect(ports.filter((p) => p.containerPort === UNNAMED_PORT && p.name === undefined)).toHaveLength(
      namespaces * REPLICAS,
    );
    // Exactly the Pods asked for when they fill whole namespaces.
    expect(writeClusterExportOfPods(path.join(dir, 'exact'), 2 * perNamespace, 3).pods).toBe(2 * perNamespace);
  });

  test('its results section replaces only itself', () => {
    const first = spliceSection('# Results\n\nbefore\n', 'run 1', { begin: LIST_BEGIN, end: LIST_END });
    expect(first).toBe(`# Results\n\nbefore\n\n${LIST_BEGIN}\nrun 1\n${LIST_END}\n`);
    expect(spliceSection(`${first}after\n`, 'run 2', { begin: LIST_BEGIN, end: LIST_END })).toBe(
      `# Results\n\nbefore\n\n${LIST_BEGIN}\nrun 2\n${LIST_END}\nafter\n`,
    );
  });
});
