import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES } from '../../../examples/main';
import '../../../src/verify/linkerd';
import {
  ClusterInfo,
  clusterFromScenario,
  loadManifests,
  mergeClusters,
  parseProbes,
  Probe,
  runProbes,
} from '../../../src/verify';
import { synthFiles } from '../../util/synth';

const SCENARIOS = path.join(__dirname, '..', '..', 'fixtures', 'scenarios');
const INJECT = { 'linkerd.io/inject': 'enabled' };

/**
 * The scenario's cluster as Linkerd runs it: the pods the scenario meshes carry Linkerd's
 * injection annotation, and the namespaces keep the annotations the profile emits (injection,
 * default inbound policy).
 */
function linkerdCluster(text: string, emitted: ClusterInfo): ClusterInfo {
  const meshed = clusterFromScenario(text, { meshMode: 'sidecar' });
  const world = clusterFromScenario(text);
  const meshedPods = new Set(meshed.pods.filter((p) => p.dataplane !== 'none').map((p) => `${p.namespace}/${p.name}`));
  const annotated: ClusterInfo = {
    ...world,
    pods: world.pods.map((p) =>
      meshedPods.has(`${p.namespace}/${p.name}`) ? { ...p, annotations: { ...p.annotations, ...INJECT } } : p,
    ),
  };
  const merged = mergeClusters(emitted, annotated);
  const nsAnnotations = new Map(emitted.namespaces.map((n) => [n.name, n.annotations] as const));
  return {
    ...merged,
    namespaces: merged.namespaces.map((n) =>
      nsAnnotations.get(n.name) ? { ...n, annotations: nsAnnotations.get(n.name) } : n,
    ),
  };
}

/** The probes of the scenario's `istio` layer, for the `linkerd` layer instead. */
function meshProbes(probes: readonly Probe[]): Probe[] {
  return probes
    .filter((p) => p.targets.includes('istio'))
    .map((p) => ({ ...p, targets: p.targets.map((t) => (t === 'istio' ? 'linkerd' : t)) }));
}

describe('three-tier on Linkerd: the identity and L7 probes of the istio layer hold', () => {
  const text = fs.readFileSync(path.join(SCENARIOS, 'three-tier.yaml'), 'utf8');
  const probes = meshProbes(parseProbes(text));
  const files = synthFiles((app) => EXAMPLES['three-tier-linkerd'](app));
  const profiles = Object.keys(files).map((f) => f.slice('three-tier-linkerd-'.length, -'.k8s.yaml'.length));

  test('has the three Linkerd profiles', () => {
    expect(profiles).toEqual(['cilium-linkerd', 'kubernetes-linkerd', 'linkerd']);
  });

  test.each(['cilium-linkerd', 'kubernetes-linkerd', 'linkerd'])('holds every istio probe in profile %s', (profile) => {
    const emitted = loadManifests(files[`three-tier-linkerd-${profile}.k8s.yaml`]);
    const cluster = linkerdCluster(text, emitted.cluster);
    const results = runProbes(probes, emitted.policies, cluster, profile.split('-'));
    const applicable = results.filter((r) => r.applies);
    expect(applicable.length).toBe(probes.length);
    expect(applicable.filter((r) => !r.passed).map((r) => r.explanation)).toEqual([]);
  });

  test('the probes catch an L7 rule lifted to the Server', () => {
    const emitted = loadManifests(files['three-tier-linkerd-linkerd.k8s.yaml']);
    const docs = (JSON.parse(JSON.stringify(emitted.policies.all())) as any[])
      .filter((d) => !(d.kind === 'HTTPRoute' && d.metadata.name === 'backend-api-9090-0'))
      .map((d) =>
        d.kind === 'AuthorizationPolicy' && d.metadata.name === 'backend-api-9090-0'
          ? {
              ...d,
              spec: { ...d.spec, targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'backend-api-9090' } },
            }
          : d,
      );
    const broken = loadManifests(docs);
    const cluster = linkerdCluster(text, emitted.cluster);
    const failed = runProbes(probes, broken.policies, cluster, ['linkerd'])
      .filter((r) => r.applies && !r.passed)
      .map((r) => r.explanation);
    expect(failed.join('\n')).toMatch(
      /monitoring\/prometheus -> production\/backend-api 9090\/TCP POST \/metrics expect deny/,
    );
  });
});
