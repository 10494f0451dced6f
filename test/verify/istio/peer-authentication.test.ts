import { IstioLayer } from '../../../src/verify/istio';
import { resolveMtls } from '../../../src/verify/istio/effective-mtls';
import { readPeerAuthentications } from '../../../src/verify/istio/peer-authentication';
import { authorizationPolicy, cluster, flow, fromPrincipals, peerAuthentication, pod } from './cluster-builder';

const api = pod('shop', 'api', { ports: [[8080], [9090]] });
const client = pod('shop', 'client');
const legacy = pod('legacy', 'legacy', { dataplane: 'none' });
const world = cluster({ pods: [api, client, legacy] });

function modeOf(objects: object[], port = 8080, target = api): string {
  return resolveMtls(readPeerAuthentications(objects), target, port, 'istio-system').mode;
}

describe('PeerAuthentication', () => {
  test('can default to PERMISSIVE when no policy applies', () => {
    const result = resolveMtls([], api, 8080, 'istio-system');
    expect(result.mode).toBe('PERMISSIVE');
    expect(result.findings[0]!.message).toMatch(/defaults to PERMISSIVE/);
  });

  test('can apply a mesh-wide policy from the root namespace', () => {
    expect(modeOf([peerAuthentication('istio-system', 'default', { mtls: { mode: 'STRICT' } })])).toBe('STRICT');
  });

  test('can let a namespace-wide policy override the mesh-wide one', () => {
    expect(
      modeOf([
        peerAuthentication('istio-system', 'default', { mtls: { mode: 'STRICT' } }),
        peerAuthentication('shop', 'default', { mtls: { mode: 'PERMISSIVE' } }),
      ]),
    ).toBe('PERMISSIVE');
  });

  test('can let a workload policy override the namespace-wide one', () => {
    expect(
      modeOf([
        peerAuthentication('shop', 'default', { mtls: { mode: 'PERMISSIVE' } }),
        peerAuthentication('shop', 'api', { selector: { matchLabels: { app: 'api' } }, mtls: { mode: 'STRICT' } }),
      ]),
    ).toBe('STRICT');
  });

  test('can inherit through UNSET', () => {
    expect(
      modeOf([
        peerAuthentication('istio-system', 'default', { mtls: { mode: 'STRICT' } }),
        peerAuthentication('shop', 'default', { mtls: { mode: 'UNSET' } }),
        peerAuthentication('shop', 'api', { selector: { matchLabels: { app: 'api' } } }),
      ]),
    ).toBe('STRICT');
  });

  test('can set a port-level mode keyed by the workload port, inheriting elsewhere', () => {
    const objects = [
      peerAuthentication('shop', 'default', { mtls: { mode: 'STRICT' } }),
      peerAuthentication('shop', 'api', {
        selector: { matchLabels: { app: 'api' } },
        mtls: { mode: 'UNSET' },
        portLevelMtls: { 9090: { mode: 'PERMISSIVE' } },
      }),
    ];
    expect(modeOf(objects, 9090)).toBe('PERMISSIVE');
    expect(modeOf(objects, 8080)).toBe('STRICT');
    const finding = resolveMtls(readPeerAuthentications(objects), api, 9090, 'istio-system').findings.at(-1)!;
    expect(finding).toMatchObject({ object: 'PeerAuthentication shop/api', rule: 'portLevelMtls[9090]' });
  });

  test('cannot apply portLevelMtls of a policy without a selector', () => {
    const result = resolveMtls(
      readPeerAuthentications([
        peerAuthentication('shop', 'default', {
          mtls: { mode: 'STRICT' },
          portLevelMtls: { 9090: { mode: 'DISABLE' } },
        }),
      ]),
      api,
      9090,
      'istio-system',
    );
    expect(result.mode).toBe('STRICT');
    expect(
      result.findings.some(
        (f) => f.rule === 'portLevelMtls[9090]' && /only applies to a policy with a selector/.test(f.message),
      ),
    ).toBe(true);
  });

  test('cannot apply a policy with a selector in the root namespace', () => {
    const result = resolveMtls(
      readPeerAuthentications([
        peerAuthentication('istio-system', 'api-strict', {
          selector: { matchLabels: { app: 'api' } },
          mtls: { mode: 'STRICT' },
        }),
      ]),
      api,
      8080,
      'istio-system',
    );
    expect(result.mode).toBe('PERMISSIVE');
    expect(result.findings.find((f) => f.object === 'PeerAuthentication istio-system/api-strict')!.message).toMatch(
      /root namespace .* no effect/,
    );
  });

  test('can honour a custom root namespace', () => {
    const objects = [peerAuthentication('mesh-root', 'default', { mtls: { mode: 'STRICT' } })];
    expect(resolveMtls(readPeerAuthentications(objects), api, 8080, 'mesh-root').mode).toBe('STRICT');
    expect(resolveMtls(readPeerAuthentications(objects), api, 8080, 'istio-system').mode).toBe('PERMISSIVE');
  });

  test('can keep the oldest of competing workload policies', () => {
    const objects = [
      peerAuthentication(
        'shop',
        'b-newer',
        { selector: { matchLabels: { app: 'api' } }, mtls: { mode: 'STRICT' } },
        '2024-02-01T00:00:00Z',
      ),
      peerAuthentication(
        'shop',
        'a-older',
        { selector: { matchLabels: { app: 'api' } }, mtls: { mode: 'PERMISSIVE' } },
        '2024-01-01T00:00:00Z',
      ),
    ];
    const result = resolveMtls(readPeerAuthentications(objects), api, 8080, 'istio-system');
    expect(result.mode).toBe('PERMISSIVE');
    expect(result.decidedBy).toBe('PeerAuthentication shop/a-older');
  });

  test('can reject plaintext from a source without a proxy under STRICT', () => {
    const layer = new IstioLayer([peerAuthentication('shop', 'default', { mtls: { mode: 'STRICT' } })]);
    const decision = layer.decide(flow(legacy, api, 8080), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings.at(-1)).toMatchObject({
      layer: 'istio',
      object: 'PeerAuthentication shop/default',
      message: expect.stringMatching(/^STRICT mTLS rejects plaintext from legacy\/legacy/),
    });
    expect(layer.decide(flow(client, api, 8080), world).allowed).toBe(true);
  });

  test('can accept plaintext under PERMISSIVE, where it carries no principal', () => {
    const layer = new IstioLayer([
      peerAuthentication('shop', 'default', { mtls: { mode: 'PERMISSIVE' } }),
      authorizationPolicy('shop', 'api', { selector: { matchLabels: { app: 'api' } }, rules: [fromPrincipals('*')] }),
    ]);
    expect(layer.decide(flow(client, api, 8080), world).allowed).toBe(true);
    expect(layer.decide(flow(legacy, api, 8080), world).allowed).toBe(false);
  });

  test('can make a client proxy send plaintext to a DISABLE port', () => {
    const layer = new IstioLayer([
      peerAuthentication('shop', 'api', { selector: { matchLabels: { app: 'api' } }, mtls: { mode: 'DISABLE' } }),
      authorizationPolicy('shop', 'api', {
        selector: { matchLabels: { app: 'api' } },
        rules: [fromPrincipals('cluster.local/ns/shop/sa/client')],
      }),
    ]);
    const decision = layer.decide(flow(client, api, 8080), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings.some((f) => /DISABLE: the proxy of shop\/client sends plaintext/.test(f.message))).toBe(
      true,
    );
  });

  test('can ignore DISABLE in ambient mode (treated as PERMISSIVE)', () => {
    const ambientApi = pod('shop', 'api', { ports: [[8080]], dataplane: 'ambient' });
    const result = resolveMtls(
      readPeerAuthentications([
        peerAuthentication('shop', 'default', { mtls: { mode: 'STRICT' } }),
        peerAuthentication('shop', 'api', { selector: { matchLabels: { app: 'api' } }, mtls: { mode: 'DISABLE' } }),
      ]),
      ambientApi,
      8080,
      'istio-system',
    );
    expect(result.mode).toBe('PERMISSIVE');
    expect(result.findings.at(-1)!.message).toMatch(/DISABLE is ignored in ambient mode/);
  });
});
