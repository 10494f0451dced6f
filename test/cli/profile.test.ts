import { chooseMesh, chooseProfile } from '../../src/cli/profile';
import { ClusterInfo } from '../../src/verify';

const object = (apiVersion: string, kind: string, extra: Record<string, unknown> = {}) => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'ns' },
  ...extra,
});
const NO_SCENARIO: ClusterInfo = { namespaces: [], pods: [], services: [] };

describe('chooseProfile', () => {
  test.each([
    [[object('networking.k8s.io/v1', 'NetworkPolicy')], 'kubernetes'],
    [[object('networking.k8s.io/v1', 'NetworkPolicy'), object('cilium.io/v2', 'CiliumNetworkPolicy')], 'cilium'],
    [
      [object('cilium.io/v2', 'CiliumClusterwideNetworkPolicy'), object('security.istio.io/v1', 'PeerAuthentication')],
      'cilium+istio',
    ],
    [[object('security.istio.io/v1', 'AuthorizationPolicy')], 'istio'],
    [[object('gateway.networking.k8s.io/v1', 'HTTPRoute')], 'kubernetes'],
  ])('can infer the profile from the kinds present (%#)', (objects, profile) => {
    expect(chooseProfile(undefined, objects).profile.name).toBe(profile);
  });

  test('cannot mistake same-named kinds of other API groups for Kubernetes or Istio policies', () => {
    const chosen = chooseProfile(undefined, [
      object('policy.linkerd.io/v1alpha1', 'AuthorizationPolicy'),
      object('projectcalico.org/v3', 'NetworkPolicy'),
    ]);
    expect(chosen.profile).toEqual({ name: 'calico+linkerd', layers: ['calico', 'linkerd'] });
    expect(chosen.reason).toBe('inferred from the kinds present: AuthorizationPolicy, NetworkPolicy');
  });

  test('can take a profile name with - or + separators, without gateway-api', () => {
    expect(chooseProfile('cilium-istio', []).profile.name).toBe('cilium+istio');
    expect(chooseProfile('gateway-api+kubernetes', []).profile.name).toBe('kubernetes');
    expect(chooseProfile('cilium-gateway-api-ingress', []).profile.name).toBe('cilium');
    expect(() => chooseProfile('gateway-api', [])).toThrow(/names no layer/);
  });
});

describe('chooseMesh', () => {
  const istio = chooseProfile('istio', []).profile;

  test('can choose no mesh for a profile without istio, whatever the files say', () => {
    expect(
      chooseMesh(
        undefined,
        chooseProfile('cilium', []).profile,
        [object('v1', 'Namespace', { metadata: { name: 'a', labels: { 'istio.io/dataplane-mode': 'ambient' } } })],
        NO_SCENARIO,
      ).mesh,
    ).toBe('none');
  });

  test('can infer ambient from a namespace label, a scenario namespace or a waypoint, and sidecar otherwise', () => {
    expect(
      chooseMesh(
        undefined,
        istio,
        [object('v1', 'Namespace', { metadata: { name: 'a', labels: { 'istio.io/dataplane-mode': 'ambient' } } })],
        NO_SCENARIO,
      ).mesh,
    ).toBe('ambient');
    expect(
      chooseMesh(undefined, istio, [], {
        ...NO_SCENARIO,
        namespaces: [{ name: 'a', labels: { 'istio.io/dataplane-mode': 'ambient' } }],
      }).mesh,
    ).toBe('ambient');
    expect(
      chooseMesh(
        undefined,
        istio,
        [object('gateway.networking.k8s.io/v1', 'Gateway', { spec: { gatewayClassName: 'istio-waypoint' } })],
        NO_SCENARIO,
      ),
    ).toEqual({ mesh: 'ambient', reason: 'a waypoint is declared' });
    expect(
      chooseMesh(
        undefined,
        istio,
        [object('gateway.networking.k8s.io/v1', 'Gateway', { spec: { gatewayClassName: 'istio' } })],
        NO_SCENARIO,
      ).mesh,
    ).toBe('sidecar');
    expect(chooseMesh('none', istio, [], NO_SCENARIO)).toEqual({ mesh: 'none', reason: 'given' });
  });
});
