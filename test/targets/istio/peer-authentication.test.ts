import { IrMtls } from '../../../src/ir/types';
import { PeerAuthenticationManifest, renderIstio } from '../../../src/targets/istio';
import { tcp, topology, workload, zone, zoneMtls } from './ir-fixtures';
import { find, schemaProblems } from './queries';

const shop = zone('shop');
const api = workload('shop', 'api', { ports: [tcp(8080), tcp(9090)] });

function render(...mtls: IrMtls[]): PeerAuthenticationManifest[] {
  const docs = renderIstio(topology({ zones: [shop], workloads: [api], rules: [], mtls }));
  for (const d of docs) expect(schemaProblems(d)).toEqual([]);
  return docs.filter((d): d is PeerAuthenticationManifest => d.kind === 'PeerAuthentication');
}

const apiMtls: IrMtls = {
  id: 'shop/api/mtls',
  path: 'topology/shop/api/mtls',
  name: 'api-mtls',
  namespace: 'shop',
  zone: 'shop/api',
  workload: 'shop/api',
  mode: 'STRICT',
  portModes: [
    { port: 9090, mode: 'PERMISSIVE' },
    { port: 8080, mode: 'DISABLE' },
  ],
};

describe('PeerAuthentication', () => {
  test('can set a namespace-wide mode without a selector', () => {
    expect(
      find<PeerAuthenticationManifest>(render(zoneMtls(shop, 'PERMISSIVE')), 'PeerAuthentication', 'shop-mtls').spec,
    ).toEqual({ mtls: { mode: 'PERMISSIVE' } });
  });

  test('can set a workload-level mode with port exceptions keyed by workload port, under a selector', () => {
    const pa = find<PeerAuthenticationManifest>(render(apiMtls), 'PeerAuthentication', 'api-mtls');
    expect(pa.spec).toEqual({
      selector: { matchLabels: { app: 'api' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { 8080: { mode: 'DISABLE' }, 9090: { mode: 'PERMISSIVE' } },
    });
    expect(Object.keys(pa.spec.portLevelMtls ?? {})).toEqual(['8080', '9090']);
  });

  test('can stage a migration: PERMISSIVE on the zone, STRICT on one workload', () => {
    const pas = render(zoneMtls(shop, 'PERMISSIVE'), { ...apiMtls, portModes: [] });
    expect(pas.map((p) => [p.metadata.name, p.spec.mtls.mode, p.spec.selector !== undefined])).toEqual([
      ['shop-mtls', 'PERMISSIVE', false],
      ['api-mtls', 'STRICT', true],
    ]);
  });

  test('can select the pods of a zone narrowed by labels', () => {
    const blue = zone('shop', { name: 'blue', podSelector: { color: 'blue' } });
    const docs = renderIstio(topology({ zones: [blue], workloads: [], rules: [], mtls: [zoneMtls(blue, 'STRICT')] }));
    expect(find<PeerAuthenticationManifest>(docs, 'PeerAuthentication', 'blue-mtls').spec.selector).toEqual({
      matchLabels: { color: 'blue' },
    });
  });

  test("cannot drop the selector of port-level modes: the CRD's CEL rule rejects it (B3.9)", () => {
    const pa = find<PeerAuthenticationManifest>(render(apiMtls), 'PeerAuthentication', 'api-mtls');
    const { selector, ...withoutSelector } = pa.spec;
    expect(selector).toBeDefined();
    expect(schemaProblems({ ...pa, spec: withoutSelector }).join('\n')).toMatch(/portLevelMtls requires selector/);
  });

  test('throws on port modes without a selector rather than dropping them (B3.9)', () => {
    expect(() => render({ ...zoneMtls(shop, 'STRICT'), portModes: [{ port: 8080, mode: 'PERMISSIVE' }] })).toThrow(
      /IR invariant broken: .*port-level modes need a workload selector/,
    );
  });
});
