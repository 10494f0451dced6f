import * as fc from 'fast-check';
import { kubernetesTarget } from '../../../src/targets/kubernetes';
import { NetworkPolicyManifest, NetworkPolicyPeer } from '../../../src/targets/kubernetes/network-policy';
import { IrPeer, IrPort, IrRule, IrTopology } from '../../../src/ir/types';
import { COMMON_LABELS, kubeDns, peer, port, rule, toYaml, topology, workload, zone } from './ir-builders';
import { defaultSchemaValidator } from '../../../src/validation/schema';

const CTX = { profile: 'kubernetes', profileTargets: ['kubernetes'] };
const WORKLOADS = ['a/one', 'a/two', 'b/three', 'c/four'];

const portArb: fc.Arbitrary<IrPort> = fc.oneof(
  fc.integer({ min: 1, max: 65535 }).map(port.tcp),
  fc.integer({ min: 1, max: 65535 }).map(port.udp),
  fc.integer({ min: 1, max: 65535 }).map(port.sctp),
  fc
    .tuple(fc.integer({ min: 1, max: 60000 }), fc.integer({ min: 0, max: 5000 }))
    .map(([p, n]) => port.tcpRange(p, p + n)),
  fc.constantFrom('http', 'metrics', 'grpc').map(port.named),
  fc.constant(port.allUdp()),
);

const otherPeerArb: fc.Arbitrary<IrPeer> = fc.oneof(
  fc.constantFrom(...WORKLOADS).map(peer.workload),
  fc.constantFrom('monitoring', 'a', 'kube-system').map((ns) => peer.podsIn(ns, { app: 'x' })),
  fc.constant(peer.podsIn('legacy', {})),
  fc.constant(peer.podsWhere({ team: 'ops' }, {})),
  fc.constant(peer.podsWhere({}, { app: 'probe' })),
  fc.constant(peer.cidr('10.100.0.0/16')),
  fc.constant(peer.cidr('0.0.0.0/0', ['10.0.0.0/8'])),
);

const ruleArb: fc.Arbitrary<Omit<IrRule, 'id' | 'paths'>> = fc
  .tuple(fc.constantFrom(...WORKLOADS), otherPeerArb, fc.boolean(), fc.array(portArb, { maxLength: 3 }))
  .map(([w, other, outbound, ports]) =>
    outbound ? { from: peer.workload(w), to: other, ports } : { from: other, to: peer.workload(w), ports },
  );

const irArb: fc.Arbitrary<IrTopology> = fc
  .tuple(
    fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()), { minLength: 3, maxLength: 3 }),
    fc.array(ruleArb, { maxLength: 12 }),
  )
  .map(([flags, rules]) =>
    topology(
      ['a', 'b', 'c'].map((ns, i) =>
        zone({
          id: ns,
          namespace: ns,
          denyIngress: flags[i][0],
          denyEgress: flags[i][1],
          dns: flags[i][2] ? kubeDns(['169.254.20.10']) : undefined,
        }),
      ),
      WORKLOADS.map((id) =>
        workload({ id, zone: id.split('/')[0], namespace: id.split('/')[0], selector: { app: id.split('/')[1] } }),
      ),
      rules.map((r, i) => rule(`r${String(i).padStart(2, '0')}`, r.from, r.to, r.ports)),
    ),
  );

function render(ir: IrTopology): readonly NetworkPolicyManifest[] {
  return kubernetesTarget.render(ir, CTX) as readonly NetworkPolicyManifest[];
}

function deniesOf(ir: IrTopology, id: string, dir: 'denyIngress' | 'denyEgress'): boolean {
  return ir.zones.find((z) => z.id === id.split('/')[0])?.[dir] ?? false;
}

describe('kubernetes target properties', () => {
  test('can render any planned IR deterministically', () => {
    fc.assert(fc.property(irArb, (ir) => toYaml(render(ir)) === toYaml(render(JSON.parse(JSON.stringify(ir))))));
  });

  test('cannot drop or invent a rule: one NetworkPolicy rule per IR rule of each denied direction', () => {
    fc.assert(
      fc.property(irArb, (ir) => {
        const out = render(ir).filter((m) => !m.metadata.name.endsWith('-default-deny'));
        const ingress = out.flatMap((m) => m.spec.ingress ?? []).length;
        const egress = out.flatMap((m) => m.spec.egress ?? []).length;
        const expectIn = ir.rules.filter((r) => r.to.kind === 'workload' && deniesOf(ir, r.to.workload, 'denyIngress'));
        const expectOut = ir.rules.filter(
          (r) => r.from.kind === 'workload' && deniesOf(ir, r.from.workload, 'denyEgress'),
        );
        expect(ingress).toBe(expectIn.length);
        expect(egress).toBe(expectOut.length);
      }),
    );
  });

  test('can keep every document well-formed: labels, explicit policyTypes, no empty peer, endPort only on numbers', () => {
    fc.assert(
      fc.property(irArb, (ir) => {
        for (const m of render(ir)) {
          expect(m.metadata.labels).toEqual(COMMON_LABELS);
          expect(m.spec.policyTypes.length).toBeGreaterThan(0);
          expect(defaultSchemaValidator().validate(JSON.parse(JSON.stringify(m)))).toEqual([]);
          const rules = [...(m.spec.ingress ?? []), ...(m.spec.egress ?? [])];
          const peers: NetworkPolicyPeer[] = [
            ...(m.spec.ingress ?? []).flatMap((r) => r.from ?? []),
            ...(m.spec.egress ?? []).flatMap((r) => r.to ?? []),
          ];
          for (const p of peers) expect(Object.keys(p).length).toBeGreaterThan(0);
          for (const p of rules.flatMap((r) => r.ports ?? [])) {
            if (p.endPort !== undefined) expect(typeof p.port).toBe('number');
          }
          if (m.spec.ingress) expect(m.spec.policyTypes).toContain('Ingress');
          if (m.spec.egress) expect(m.spec.policyTypes).toContain('Egress');
        }
      }),
    );
  });
});
