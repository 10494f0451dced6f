import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import { AllowedFlow, allowedFlows, probedPorts } from '../../src/cli/flows';
import { readInputs } from '../../src/cli/inputs';
import { chooseMesh, chooseProfile } from '../../src/cli/profile';
import { ClusterInfo } from '../../src/verify/cluster';
import { clusterFromObjects, mergeClusters, parseManifests } from '../../src/verify/load';
import { KubeObject } from '../../src/verify/policy-set';
import { clusterFromScenario } from '../../src/verify/scenario';
import * as library from '../../src';
import { run } from './run';

/**
 * Runs a program `import` wrote, as `cdk8s synth` would, against the library's source:
 * transpiled with TypeScript's `transpileModule`, evaluated with a `require` that maps
 * `cdk8s-zerotrust` to src/ and gives `cdk8s` an App writing into a temporary folder. Returns
 * the objects of the YAML files written there.
 */
export function synthProgram(program: string): KubeObject[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-import-'));
  try {
    const js = ts.transpileModule(program, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true },
    }).outputText;
    class App extends cdk8s.App {
      public constructor(props?: cdk8s.AppProps) {
        super({ ...props, outdir });
      }
    }
    const modules: Record<string, unknown> = { 'cdk8s-zerotrust': library, cdk8s: { ...cdk8s, App } };
    const requireModule = (id: string): unknown => {
      if (!(id in modules)) throw new Error(`the program requires '${id}'`);
      return modules[id];
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', js)(requireModule, module, module.exports);
    return fs
      .readdirSync(outdir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .flatMap((f) => parseManifests(fs.readFileSync(path.join(outdir, f), 'utf8'), f));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * A flow as a line: source, destination, port, and for an L7 flow its rules (the deciding rules'
 * content, without the names of the objects that hold them, which the program chooses anew).
 */
export function flowText(f: AllowedFlow): string {
  const rules = [...new Set(f.l7Rules.split('\n').map((line) => line.replace(/^[A-Z]\w+ \S+ (?=\{)/, '')))].sort();
  return `${f.source} -> ${f.destination} ${f.port}/${f.protocol}${f.l7 ? ` L7 ${rules.join('\n')}` : ''}`;
}

/** What a round trip gives: the program, both sides' flows, and the counts `import` reported. */
export interface RoundTrip {
  readonly program: string;
  readonly original: readonly string[];
  readonly imported: readonly string[];
  /** `imported N policy objects: C as constructs (...), R carried as they are`. */
  readonly summary: string;
  readonly constructs: number;
  readonly carried: number;
}

/**
 * Imports the files through the CLI, synthesizes the program, and lists every allowed flow of
 * the original objects and of the synthesized ones (every pod pair of the cluster, every port a
 * workload declares or a policy of either side names, with L7 marks and rules), on the same
 * cluster: the workloads of the files, of `scenario` (a scenario file's text) and of `extra`.
 */
export function roundTrip(files: readonly string[], scenario?: string, extra?: ClusterInfo): RoundTrip {
  const out = run('import', ...files);
  if (out.status !== 0) throw new Error(`import failed: ${out.stderr}`);
  const original = readInputs(files).documents.map((d) => d.object);
  const imported = synthProgram(out.stdout);
  const { profile } = chooseProfile(undefined, original);
  const empty: ClusterInfo = { namespaces: [], pods: [], services: [] };
  const fromScenario = (mesh: 'none' | 'sidecar' | 'ambient') =>
    scenario !== undefined ? clusterFromScenario(scenario, { meshMode: mesh }) : empty;
  const { mesh } = chooseMesh(undefined, profile, original, fromScenario('none'));
  const cluster = mergeClusters(clusterFromObjects(original), fromScenario(mesh), extra ?? empty);
  const ports = [...probedPorts(cluster, original), ...probedPorts(cluster, imported)];
  const unique = [...new Map(ports.map((p) => [`${p.protocol}/${p.port}`, p])).values()];
  const flows = (objects: readonly KubeObject[]) =>
    allowedFlows(objects, cluster, profile, unique).map((f) => flowText(f));
  const m = /(\d+) as constructs .*, (\d+) carried/.exec(out.stderr);
  return {
    program: out.stdout,
    original: flows(original),
    imported: flows(imported),
    summary: out.stderr.trim(),
    constructs: Number(m?.[1] ?? NaN),
    carried: Number(m?.[2] ?? NaN),
  };
}

/**
 * A cluster for policies that come without workloads: per namespace the policies name (by
 * `metadata.namespace`, or `kubernetes.io/metadata.name` in a namespace selector), one pod per
 * pod selector a policy or a peer writes with `matchLabels`, and one pod without labels; one more
 * namespace per namespace selector's labels, with those pods too. Every pod serves every numeric
 * port the policies name.
 */
export function clusterFromSelectors(objects: readonly KubeObject[]): ClusterInfo {
  const namespaces = new Map<string, Record<string, string>>([['default', {}]]);
  const podLabels = new Set<string>(['{}']);
  const ports = new Map<string, { containerPort: number; protocol: 'TCP' | 'UDP' | 'SCTP' }>();
  const walk = (v: unknown, namespace: string): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, namespace));
    if (typeof v !== 'object' || v === null) return;
    const r = v as Record<string, unknown>;
    for (const [key, child] of Object.entries(r)) {
      const labels = (child as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
      if ((key === 'podSelector' || key === 'endpointSelector') && labels) podLabels.add(JSON.stringify(labels));
      if (key === 'namespaceSelector' && labels) {
        const name = labels['kubernetes.io/metadata.name'];
        if (name !== undefined) namespaces.set(name, namespaces.get(name) ?? {});
        else namespaces.set(`ns-${namespaces.size}`, labels);
      }
      if (key === 'port' && typeof child === 'number') {
        const protocol = r.protocol === 'UDP' || r.protocol === 'SCTP' ? r.protocol : 'TCP';
        ports.set(`${protocol}/${child}`, { containerPort: child, protocol });
      }
      walk(child, namespace);
    }
  };
  for (const o of objects) {
    if (o.metadata.namespace !== undefined)
      namespaces.set(o.metadata.namespace, namespaces.get(o.metadata.namespace) ?? {});
    walk(o.spec, o.metadata.namespace ?? 'default');
  }
  if (ports.size === 0) ports.set('TCP/80', { containerPort: 80, protocol: 'TCP' });
  const pods = [...namespaces.keys()].flatMap((namespace) =>
    [...podLabels].map((l, i) => ({
      namespace,
      name: `pod-${i}`,
      labels: JSON.parse(l) as Record<string, string>,
      containerPorts: [...ports.values()],
      serviceAccount: 'default',
      dataplane: 'none' as const,
    })),
  );
  return {
    namespaces: [...namespaces.entries()].map(([name, labels]) => ({
      name,
      labels: { ...labels, 'kubernetes.io/metadata.name': name },
    })),
    pods,
    services: [],
  };
}
