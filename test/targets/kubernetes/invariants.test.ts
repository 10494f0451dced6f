import { kubernetesTarget } from '../../../src/targets/kubernetes';
import { IrPeer, IrTopology } from '../../../src/ir/types';
import { peer, port, rule, topology, workload, zone } from './ir-builders';

const CTX = { profile: 'kubernetes', profileTargets: ['kubernetes'] };
const render = (ir: IrTopology) => kubernetesTarget.render(ir, CTX);

/** A one-zone topology where `app` egresses to `to` (or receives from `from`). */
function withEgressTo(to: IrPeer): IrTopology {
  return topology(
    [zone({ id: 'z', namespace: 'z' })],
    [workload({ id: 'z/app', zone: 'z', namespace: 'z', selector: { app: 'app' } })],
    [rule('app->x', peer.workload('z/app'), to, [port.tcp(443)])],
  );
}

describe('kubernetes target IR invariants', () => {
  test('throws on an FQDN peer', () => {
    expect(() => render(withEgressTo({ kind: 'fqdn', names: [{ kind: 'exact', value: 'api.stripe.com' }] }))).toThrow(
      /IR invariant broken: rule 'app->x'.*FQDN/,
    );
  });

  test('throws on an entity peer', () => {
    expect(() => render(withEgressTo({ kind: 'entity', entity: 'world' }))).toThrow(
      /IR invariant broken:.*entity 'world'/,
    );
  });

  test('can render an any peer as a rule without to (every destination)', () => {
    const np = render(withEgressTo({ kind: 'any' })).find((m) => m.metadata.name === 'app-egress') as any;
    expect(np.spec.egress).toEqual([{ ports: [{ protocol: 'TCP', port: 443 }] }]);
  });

  test('throws on an L7 rule', () => {
    const ir = topology(
      [zone({ id: 'z', namespace: 'z' })],
      [
        workload({ id: 'z/a', zone: 'z', namespace: 'z', selector: { app: 'a' } }),
        workload({ id: 'z/b', zone: 'z', namespace: 'z', selector: { app: 'b' } }),
      ],
      [
        rule('a->b', peer.workload('z/a'), peer.workload('z/b'), [port.tcp(80)], {
          kind: 'http',
          rules: [{ method: 'GET', headers: [] }],
        }),
      ],
    );
    expect(() => render(ir)).toThrow(/IR invariant broken: rule 'a->b'.*http L7/);
  });

  test('throws on a pods peer with both or neither namespace forms', () => {
    const both: IrPeer = { kind: 'pods', namespace: 'x', namespaceLabels: { team: 'x' }, podLabels: {} };
    const neither: IrPeer = { kind: 'pods', podLabels: { app: 'x' } };
    expect(() => render(withEgressTo(both))).toThrow(/exactly one of namespace and namespaceLabels/);
    expect(() => render(withEgressTo(neither))).toThrow(/exactly one of namespace and namespaceLabels/);
  });

  test('throws on a workload with an empty selector instead of selecting every pod', () => {
    const ir = topology(
      [zone({ id: 'z', namespace: 'z' })],
      [workload({ id: 'z/app', zone: 'z', namespace: 'z', selector: {} })],
      [rule('app->x', peer.workload('z/app'), peer.cidr('10.0.0.0/8'), [port.tcp(443)])],
    );
    expect(() => render(ir)).toThrow(/IR invariant broken: workload 'z\/app' has an empty selector/);
  });

  test('throws on a peer naming an unknown workload', () => {
    expect(() => render(withEgressTo(peer.workload('z/ghost')))).toThrow(/IR invariant broken: unknown workload/);
  });

  test('can skip inexpressible rules of a direction the zone leaves open', () => {
    const ir = topology(
      [zone({ id: 'z', namespace: 'z', denyEgress: false })],
      [workload({ id: 'z/app', zone: 'z', namespace: 'z', selector: { app: 'app' } })],
      [rule('app->x', peer.workload('z/app'), { kind: 'entity', entity: 'world' }, [port.tcp(443)])],
    );
    expect(render(ir).map((m) => m.metadata.name)).toEqual(['z-default-deny']);
  });
});
