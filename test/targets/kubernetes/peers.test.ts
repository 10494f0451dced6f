import { IrIndex } from '../../../src/ir/query';
import { kubernetesTarget } from '../../../src/targets/kubernetes';
import { NetworkPolicyPeer } from '../../../src/targets/kubernetes/network-policy';
import { renderPeer } from '../../../src/targets/kubernetes/peers';
import { findPolicy, kitchenSink, peer } from './ir-builders';

const CTX = { profile: 'kubernetes', profileTargets: ['kubernetes'] };
const index = new IrIndex(kitchenSink());
const inProduction = (p: Parameters<typeof renderPeer>[0]): NetworkPolicyPeer =>
  renderPeer(p, 'production', index, 'test');

function allPeers(): NetworkPolicyPeer[] {
  return kubernetesTarget.render(kitchenSink(), CTX).flatMap((m) => {
    const spec = (m as ReturnType<typeof findPolicy>).spec;
    return [...(spec.ingress ?? []).flatMap((r) => r.from ?? []), ...(spec.egress ?? []).flatMap((r) => r.to ?? [])];
  });
}

describe('kubernetes peers', () => {
  test('can select a workload of the same namespace by pod selector alone', () => {
    expect(inProduction(peer.workload('production/web'))).toEqual({ podSelector: { matchLabels: { app: 'web' } } });
  });

  test('can select a workload of another namespace with namespace AND pod selector in one element', () => {
    const out = kubernetesTarget.render(kitchenSink(), CTX);
    const fromWorker = (findPolicy(out, 'api-ingress').spec.ingress ?? []).filter((r) =>
      (r.from ?? []).some((p) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'batch'),
    );
    expect(fromWorker).toHaveLength(1);
    expect(fromWorker[0].from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'batch' } },
        podSelector: { matchLabels: { app: 'worker', tier: 'batch' } },
      },
    ]);
    const toApi = findPolicy(out, 'worker-egress').spec.egress ?? [];
    expect(toApi.map((r) => r.to)).toEqual([
      [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'production' } },
          podSelector: { matchLabels: { app: 'api' } },
        },
      ],
    ]);
  });

  test('can select pods of a namespace by name with namespace AND pod selector in one element', () => {
    expect(inProduction(peer.podsIn('monitoring', { app: 'prometheus' }))).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { app: 'prometheus' } },
    });
  });

  test("can select every pod of a namespace named as the policy's own without an empty pod selector", () => {
    expect(inProduction(peer.podsIn('production', {}))).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'production' } },
    });
  });

  test('can select every pod of namespaces chosen by label', () => {
    expect(inProduction(peer.podsWhere({ team: 'ops' }, {}))).toEqual({
      namespaceSelector: { matchLabels: { team: 'ops' } },
    });
  });

  test('can select labelled pods in every namespace only when the IR asks for every namespace', () => {
    expect(inProduction(peer.podsWhere({}, { app: 'probe' }))).toEqual({
      namespaceSelector: {},
      podSelector: { matchLabels: { app: 'probe' } },
    });
    const everyNamespace = allPeers().filter(
      (p) => p.namespaceSelector !== undefined && Object.keys(p.namespaceSelector).length === 0,
    );
    expect(everyNamespace).toEqual([{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'probe' } } }]);
  });

  test('can render an ipBlock with except, and without except when there is none', () => {
    expect(inProduction(peer.cidr('0.0.0.0/0', ['10.0.0.0/8', '192.168.0.0/16']))).toEqual({
      ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '192.168.0.0/16'] },
    });
    const bare = inProduction(peer.cidr('10.100.0.0/16'));
    expect(bare).toEqual({ ipBlock: { cidr: '10.100.0.0/16' } });
    expect(Object.keys(bare.ipBlock ?? {})).toEqual(['cidr']);
  });

  test('cannot emit an empty peer, an empty pod selector or an empty matchLabels', () => {
    const peers = allPeers();
    expect(peers.length).toBeGreaterThan(10);
    for (const p of peers) {
      expect(Object.keys(p).length).toBeGreaterThan(0);
      if (p.podSelector) expect(Object.keys(p.podSelector.matchLabels ?? {}).length).toBeGreaterThan(0);
      if (p.namespaceSelector?.matchLabels)
        expect(Object.keys(p.namespaceSelector.matchLabels).length).toBeGreaterThan(0);
    }
  });

  test('can render exactly one peer element per rule', () => {
    const out = kubernetesTarget.render(kitchenSink(), CTX).map((m) => (m as ReturnType<typeof findPolicy>).spec);
    for (const spec of out) {
      for (const r of spec.ingress ?? []) expect(r.from).toHaveLength(1);
    }
    for (const name of ['api-egress', 'web-egress', 'worker-egress']) {
      for (const r of findPolicy(kubernetesTarget.render(kitchenSink(), CTX), name).spec.egress ?? []) {
        expect(r.to).toHaveLength(1);
      }
    }
  });
});
