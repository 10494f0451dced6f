import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES } from '../../examples/main';
import { clusterFromScenario, loadManifests, mergeClusters, parseProbes, runProbes } from '../../src/verify';
import { synthFiles } from '../util/synth';

// The guardrails scenario: every probe holds for each profile of examples/guardrails (the
// network-policy-api objects are evaluated by the kubernetes layer, around the NetworkPolicies).
const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'scenarios', 'guardrails.yaml'), 'utf8');
const probes = parseProbes(text);
const files = synthFiles((app) => EXAMPLES.guardrails(app));
const PROFILES: readonly [string, string][] = [
  ['kubernetes', 'kubernetes'],
  ['kubernetes-anp', 'kubernetes'],
  ['cilium', 'cilium'],
  ['calico', 'calico'],
];

function failures(profile: string, layer: string, mutate: (docs: any[]) => any[] = (d) => d): string[] {
  const emitted = loadManifests(files[`guardrails-${profile}.k8s.yaml`]);
  const docs = mutate(JSON.parse(JSON.stringify(emitted.policies.all())));
  const cluster = mergeClusters(emitted.cluster, clusterFromScenario(text));
  const results = runProbes(probes, loadManifests(docs).policies, cluster, [layer]).filter((r) => r.applies);
  expect(results.length).toBe(probes.length);
  return results.filter((r) => !r.passed).map((r) => r.explanation);
}

describe('scenario guardrails', () => {
  test('synthesizes the four profiles', () => {
    expect(Object.keys(files).sort()).toEqual([
      'guardrails-calico.k8s.yaml',
      'guardrails-cilium.k8s.yaml',
      'guardrails-kubernetes-anp.k8s.yaml',
      'guardrails-kubernetes.k8s.yaml',
    ]);
  });

  test.each(PROFILES)('holds every probe in profile %s', (profile, layer) => {
    expect(failures(profile, layer)).toEqual([]);
  });

  test.each([
    ['kubernetes', 'ClusterNetworkPolicy'],
    ['kubernetes-anp', 'AdminNetworkPolicy'],
    ['cilium', 'CiliumClusterwideNetworkPolicy'],
  ])('emits the guardrails of profile %s as %s', (profile, kind) => {
    const docs = loadManifests(files[`guardrails-${profile}.k8s.yaml`]).policies.all();
    expect(
      docs
        .filter((d) => d.kind === kind)
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual([
      'no-cloud-metadata',
      'pci-isolation',
      ...(kind === 'CiliumClusterwideNetworkPolicy' ? [] : ['pci-trusted-sources']),
      'sre-scrapes-metrics',
    ]);
  });

  test('emits the guardrails of profile calico as GlobalNetworkPolicy in a Tier before the default tier', () => {
    const docs: readonly any[] = loadManifests(files['guardrails-calico.k8s.yaml']).policies.all();
    expect(docs.filter((d) => d.kind === 'Tier').map((d) => [d.metadata.name, d.spec.order])).toEqual([
      ['platform', 100],
    ]);
    expect(
      docs
        .filter((d) => d.kind === 'GlobalNetworkPolicy')
        .sort((a, b) => a.spec.order - b.spec.order)
        .map((d) => [
          d.metadata.name,
          d.spec.tier,
          d.spec.order,
          d.spec.ingress?.[0]?.action ?? d.spec.egress[0].action,
        ]),
    ).toEqual([
      ['platform.no-cloud-metadata', 'platform', 10, 'Deny'],
      ['platform.sre-scrapes-metrics', 'platform', 20, 'Allow'],
      ['platform.pci-trusted-sources', 'platform', 30, 'Pass'],
      ['platform.pci-isolation', 'platform', 31, 'Deny'],
      ['platform.pass-to-next-tier', 'platform', 10000, 'Pass'],
    ]);
  });
});

describe('the guardrail probes catch a broken guardrail', () => {
  const without = (name: string) => (docs: any[]) =>
    docs.filter((d) => d.metadata.name !== name && d.metadata.name !== `platform.${name}`);

  test.each(PROFILES)('cannot pass in profile %s without the metadata deny', (profile, layer) => {
    expect(failures(profile, layer, without('no-cloud-metadata')).join('\n')).toMatch(
      /shop\/api -> cidr:169.254.169.254 80\/TCP expect deny/,
    );
  });

  test.each(PROFILES)('cannot pass in profile %s without the pci isolation', (profile, layer) => {
    expect(failures(profile, layer, without('pci-isolation')).join('\n')).toMatch(
      /sandbox\/tool -> payments\/ledger 8443\/TCP expect deny/,
    );
  });

  test.each(PROFILES)('cannot pass in profile %s without the monitoring allow', (profile, layer) => {
    expect(failures(profile, layer, without('sre-scrapes-metrics')).join('\n')).toMatch(
      /monitoring\/prometheus -> payments\/ledger 9090\/TCP expect allow/,
    );
  });

  test.each(PROFILES.filter(([p]) => p !== 'cilium'))(
    'cannot pass in profile %s without the pass to the app policies',
    (profile, layer) => {
      expect(failures(profile, layer, without('pci-trusted-sources')).join('\n')).toMatch(
        /shop\/api -> payments\/ledger 8443\/TCP expect allow/,
      );
    },
  );

  test('cannot pass on Calico without the pass at the end of the guardrail tier (end-of-tier drop)', () => {
    const out = failures('calico', 'calico', without('pass-to-next-tier')).join('\n');
    expect(out).toMatch(/shop\/web -> shop\/api 8080\/TCP expect allow/);
    expect(out).toMatch(/end of tier drop/);
  });

  test('cannot pass on Calico when the guardrail tier comes after the default tier', () => {
    const late = (docs: any[]) =>
      docs.map((d) => (d.kind !== 'Tier' ? d : { ...d, spec: { ...d.spec, order: 2_000_000 } }));
    expect(failures('calico', 'calico', late).join('\n')).toMatch(
      /sandbox\/tool -> payments\/ledger 8443\/TCP expect deny/,
    );
  });

  test('cannot pass on Cilium when the pci deny ignores the pass (no carve-out)', () => {
    const uncarved = (docs: any[]) =>
      docs.map((d) =>
        d.metadata.name !== 'pci-isolation'
          ? d
          : {
              ...d,
              spec: {
                ...d.spec,
                ingressDeny: [
                  {
                    fromEndpoints: [
                      { matchExpressions: [{ key: 'k8s:io.kubernetes.pod.namespace', operator: 'Exists' }] },
                    ],
                  },
                ],
              },
            },
      );
    const out = failures('cilium', 'cilium', uncarved).join('\n');
    expect(out).toMatch(/shop\/api -> payments\/ledger 8443\/TCP expect allow/);
    expect(out).toMatch(/monitoring\/prometheus -> payments\/ledger 9090\/TCP expect allow/);
  });
});
