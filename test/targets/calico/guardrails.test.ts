import {
  Guardrail,
  GuardrailAction,
  GuardrailDirection,
  GuardrailPeer,
  GuardrailSubject,
  GuardrailTier,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Zone,
} from '../../../src';
import { clusterFromScenario, loadManifests, mergeClusters } from '../../../src/verify';
import { FlowEndpoint, PodInfo } from '../../../src/verify/cluster';
import { Verifier } from '../../../src/verify/evaluate';
import { synthFiles } from '../../util/synth';

// Baseline guardrails on Calico: a tier after the default tier, reached only by pods no app
// policy selects in that direction, closed by a Pass so that what no baseline guardrail decides
// is allowed (as for a pod no policy selects at all). Proved with the verify engine's Calico layer.

const WORLD = `
name: calico-baseline
namespaces:
  - { name: a, labels: { kubernetes.io/metadata.name: a } }
  - { name: c, labels: { kubernetes.io/metadata.name: c } }
workloads:
  - { name: p, namespace: a, labels: { app: p }, ports: [80/TCP, 8080/TCP] }
  - { name: r, namespace: c, labels: { app: r }, ports: [80/TCP, 8080/TCP] }
  - { name: s, namespace: c, labels: { app: s }, ports: [80/TCP, 8080/TCP] }
`;

const files = synthFiles((app) => {
  const t = new Topology(app, 'b', { profiles: [Profile.calico()], warnings: WarningMode.SILENT });
  const p = new Tier(new Zone(t, 'a'), 'p', { selector: { app: 'p' }, ports: [Port.tcp(80), Port.tcp(8080)] });
  p.allowFrom(Peer.pods({ namespace: 'c', labels: { app: 's' } }), { ports: [Port.tcp(80)] });
  new Guardrail(t, 'baseline-no-80', {
    action: GuardrailAction.DENY,
    tier: GuardrailTier.BASELINE,
    priority: 5,
    direction: GuardrailDirection.INGRESS,
    subject: GuardrailSubject.allNamespaces(),
    peers: [GuardrailPeer.allNamespaces()],
    ports: [Port.tcp(80)],
  });
});
const docs: readonly any[] = loadManifests(files['b-calico.k8s.yaml']).policies.all();

function verdicts(mutate: (d: any[]) => any[] = (d) => d): Record<string, boolean> {
  const emitted = loadManifests(mutate(JSON.parse(JSON.stringify(docs))));
  const cluster = mergeClusters(emitted.cluster, clusterFromScenario(WORLD));
  const verifier = new Verifier(emitted.policies, cluster, ['calico']);
  const pod = (name: string): FlowEndpoint => ({
    kind: 'pod',
    pod: cluster.pods.find((x: PodInfo) => `${x.namespace}/${x.name}` === name)!,
  });
  const out: Record<string, boolean> = {};
  for (const [src, dst, port] of [
    ['c/s', 'c/r', 80],
    ['c/s', 'c/r', 8080],
    ['c/s', 'a/p', 80],
    ['c/s', 'a/p', 8080],
  ] as const) {
    out[`${src} -> ${dst} ${port}`] = verifier.evaluate({
      source: pod(src),
      destination: pod(dst),
      port,
      protocol: 'TCP',
    }).allowed;
  }
  return out;
}

describe('Calico baseline guardrails', () => {
  test('sit in a Tier ordered after the default tier (1,000,000), closed by a Pass', () => {
    expect(docs.filter((d) => d.kind === 'Tier').map((d) => [d.metadata.name, d.spec.order])).toEqual([
      ['platform-baseline', 2_000_000],
    ]);
    expect(
      docs
        .filter((d) => d.kind === 'GlobalNetworkPolicy')
        .map((d) => [d.metadata.name, d.spec.tier, d.spec.order, d.spec.types, d.spec.ingress]),
    ).toEqual([
      [
        'platform-baseline.baseline-no-80',
        'platform-baseline',
        5,
        ['Ingress'],
        [{ action: 'Deny', protocol: 'TCP', source: { namespaceSelector: 'all()' }, destination: { ports: [80] } }],
      ],
      ['platform-baseline.pass-to-next-tier', 'platform-baseline', 10000, ['Ingress'], [{ action: 'Pass' }]],
    ]);
  });

  test('decide only for pods no app policy selects; the app policies decide for the others', () => {
    expect(verdicts()).toEqual({
      'c/s -> c/r 80': false, // no app policy selects c/r: the baseline deny holds
      'c/s -> c/r 8080': true, // no baseline guardrail matches: passed on, the namespace profile allows
      'c/s -> a/p 80': true, // the app allows it: the default tier decides, the baseline is never reached
      'c/s -> a/p 8080': false, // the app's default deny: end-of-tier drop of the default tier
    });
  });

  test('need the closing Pass: without it the baseline tier drops what no guardrail decides', () => {
    const out = verdicts((d) => d.filter((x) => x.metadata.name !== 'platform-baseline.pass-to-next-tier'));
    expect(out['c/s -> c/r 8080']).toBe(false);
  });

  test('need the tier after the default tier: before it, the baseline deny beats the app allow', () => {
    const out = verdicts((d) => d.map((x) => (x.kind !== 'Tier' ? x : { ...x, spec: { order: 100 } })));
    expect(out['c/s -> a/p 80']).toBe(false);
  });
});
