import { Verifier } from '../../../src/verify/evaluate';
import { IstioLayer, IstioVerifyOptions } from '../../../src/verify/istio';
import { knownLayerNames } from '../../../src/verify/layers';
import { isKubeObject, PolicySet } from '../../../src/verify/policy-set';
import { authorizationPolicy, cluster, flow, fromPrincipals, peerAuthentication, pod } from './cluster-builder';

const api = pod('shop', 'api', { ports: [[8080, 'http']] });
const client = pod('shop', 'client');
const stranger = pod('shop', 'stranger');
const world = cluster({ pods: [api, client, stranger] });
const objects = [
  peerAuthentication('mesh', 'default', { mtls: { mode: 'STRICT' } }),
  authorizationPolicy('shop', 'api', {
    selector: { matchLabels: { app: 'api' } },
    rules: [fromPrincipals('corp.example/ns/shop/sa/client')],
  }),
].filter(isKubeObject);

describe('registration in the verify engine', () => {
  test('can be found by the engine as the istio mesh layer', () => {
    expect(knownLayerNames()).toContain('istio');
    const verifier = new Verifier(PolicySet.of(objects), world, 'istio', {
      istioTrustDomain: 'corp.example',
      istioRootNamespace: 'mesh',
    } as IstioVerifyOptions);
    expect(verifier.layers.map((layer) => [layer.name, layer.enforcementPoint, layer.l7])).toEqual([
      ['istio', 'mesh', true],
    ]);
    expect(verifier.layers[0]).toBeInstanceOf(IstioLayer);
  });

  test('can decide flows for the engine with the mesh settings of the options', () => {
    const verifier = new Verifier(PolicySet.of(objects), world, 'istio', {
      istioTrustDomain: 'corp.example',
      istioRootNamespace: 'mesh',
    } as IstioVerifyOptions);
    expect(verifier.evaluate(flow(client, api, 8080, { method: 'GET', path: '/' })).allowed).toBe(true);
    const denied = verifier.evaluate(flow(stranger, api, 8080, { method: 'GET', path: '/' }));
    expect(denied.allowed).toBe(false);
    expect(denied.layers[0]!.findings).toContainEqual(
      expect.objectContaining({
        object: 'PeerAuthentication mesh/default',
        message: expect.stringMatching(/mesh-wide policy sets STRICT/),
      }),
    );
  });
});
