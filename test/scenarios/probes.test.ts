import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES } from '../../examples/main';
import '../../src/verify/istio';
import { clusterFromScenario, loadManifests, mergeClusters, parseProbes, Probe, runProbes } from '../../src/verify';
import { synthFiles } from '../util/synth';

const SCENARIOS = path.join(__dirname, '..', 'fixtures', 'scenarios');

/** Each scenario, its example, and the mesh its mesh profiles run. */
const CASES: { scenario: string; mesh: 'none' | 'sidecar' | 'ambient' }[] = [
  { scenario: 'three-tier', mesh: 'sidecar' },
  { scenario: 'zones-lab', mesh: 'none' },
  { scenario: 'ambient-waypoint', mesh: 'ambient' },
];

/**
 * The scenarios name no Calico target: every L3/L4 probe of the `kubernetes` layer must hold for
 * `calico` too (Calico is a CNI with at least NetworkPolicy's reach), L7 probes excepted.
 */
function asCalico(probes: readonly Probe[]): Probe[] {
  return probes.map((p) =>
    p.targets.includes('kubernetes') && !p.request ? { ...p, targets: [...p.targets, 'calico'] } : p,
  );
}

describe.each(CASES)('scenario $scenario', ({ scenario, mesh }) => {
  const text = fs.readFileSync(path.join(SCENARIOS, `${scenario}.yaml`), 'utf8');
  const probes = parseProbes(text);
  const files = synthFiles((app) => EXAMPLES[scenario as keyof typeof EXAMPLES](app));
  const profiles = Object.keys(files).map((f) => f.slice(scenario.length + 1, -'.k8s.yaml'.length));

  test('has a profile for every target its probes name', () => {
    const targets = new Set(probes.flatMap((p) => p.targets));
    for (const t of targets) expect(profiles.some((p) => p.split('-').includes(t))).toBe(true);
  });

  test.each(profiles)('holds every applicable probe in profile %s', (profile) => {
    const layers = profile.split('-');
    const emitted = loadManifests(files[`${scenario}-${profile}.k8s.yaml`]);
    const world = clusterFromScenario(text, { meshMode: layers.includes('istio') ? mesh : 'none' });
    const cluster = mergeClusters(emitted.cluster, world);
    const results = runProbes(layers.includes('calico') ? asCalico(probes) : probes, emitted.policies, cluster, layers);
    const applicable = results.filter((r) => r.applies);
    expect(applicable.length).toBeGreaterThan(0);
    expect(applicable.filter((r) => !r.passed).map((r) => r.explanation)).toEqual([]);
  });
});

describe('the probes catch a broken policy', () => {
  const text = fs.readFileSync(path.join(SCENARIOS, 'three-tier.yaml'), 'utf8');
  const probes = parseProbes(text);
  const files = synthFiles((app) => EXAMPLES['three-tier'](app));
  const failures = (mutate: (docs: any[]) => any[], profile: string) => {
    const emitted = loadManifests(files[`three-tier-${profile}.k8s.yaml`]);
    const docs = mutate(JSON.parse(JSON.stringify(emitted.policies.all())));
    const broken = loadManifests(docs);
    const cluster = mergeClusters(emitted.cluster, clusterFromScenario(text));
    return runProbes(probes, broken.policies, cluster, profile.split('-'))
      .filter((r) => r.applies && !r.passed)
      .map((r) => r.explanation);
  };

  test('cannot pass when an allow is removed (missing flow)', () => {
    const out = failures((docs) => docs.filter((d) => d.metadata.name !== 'backend-api-ingress'), 'cilium');
    expect(out.join('\n')).toMatch(/production\/frontend -> production\/backend-api 8080\/TCP expect allow/);
  });

  test('cannot pass when a policy is widened (extra flow)', () => {
    const widen = (d: any) => ({
      ...d,
      spec: { ...d.spec, ingress: [...d.spec.ingress, { fromEntities: ['cluster'] }] },
    });
    const out = failures(
      (docs) => docs.map((d) => (d.metadata.name === 'backend-api-ingress' ? widen(d) : d)),
      'cilium',
    );
    expect(out.join('\n')).toMatch(/legacy\/legacy-client -> production\/backend-api 8080\/TCP expect deny/);
  });

  test('cannot pass when an L7 rule is lifted by an L4 allow', () => {
    const out = failures(
      (docs) =>
        docs.map((d) => {
          if (d.metadata.name !== 'backend-api-ingress') return d;
          const ingress = d.spec.ingress.map((r: any) => ({
            ...r,
            toPorts: r.toPorts.map((tp: any) => ({ ports: tp.ports })),
          }));
          return { ...d, spec: { ...d.spec, ingress } };
        }),
      'cilium',
    );
    // The frontend's own egress policy still enforces its L7 rules; Prometheus has no egress policy here.
    expect(out.join('\n')).toMatch(
      /monitoring\/prometheus -> production\/backend-api 9090\/TCP POST \/metrics expect deny/,
    );
  });
});
