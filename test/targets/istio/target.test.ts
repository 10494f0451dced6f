import { Capability } from '../../../src/targets/target';
import { istioTarget } from '../../../src/targets/istio';
import { threeTier } from './ir-fixtures';

const CTX = { profile: 'cilium-istio', profileTargets: ['cilium', 'istio'] };

describe('istioTarget', () => {
  test('can describe itself as the mesh enforcement point', () => {
    expect(istioTarget.name).toBe('istio');
    expect(istioTarget.title).toBe('Istio');
    expect(istioTarget.enforcementPoint).toBe('mesh');
  });

  test('can declare exactly what AuthorizationPolicy and PeerAuthentication express', () => {
    expect([...istioTarget.capabilities].sort()).toEqual(
      [
        Capability.ANY_PEER,
        Capability.CIDR,
        Capability.DEFAULT_DENY,
        Capability.IDENTITY,
        Capability.L3_PODS,
        Capability.L4_PORTS,
        Capability.L7_HTTP,
        Capability.MTLS,
        // ingress denies by namespace, in the mesh root namespace
        Capability.GUARDRAILS,
      ].sort(),
    );
  });

  test('cannot claim namespaces by label, regex paths, port ranges, named ports, DNS names, entities, SCTP or Kafka', () => {
    for (const c of [
      Capability.NAMESPACE_LABELS,
      Capability.L7_HTTP_REGEX,
      Capability.PORT_RANGES,
      Capability.NAMED_PORTS,
      Capability.FQDN,
      Capability.FQDN_SUBDOMAINS,
      Capability.ENTITIES,
      Capability.SCTP,
      Capability.L7_KAFKA,
      Capability.ROUTES,
    ]) {
      expect(istioTarget.capabilities.has(c)).toBe(false);
    }
  });

  test('can check and render through the Target interface', () => {
    const ir = threeTier();
    expect(istioTarget.check?.(ir, CTX)).toEqual([]);
    expect(istioTarget.render(ir, CTX).map((d) => d.kind)).toContain('AuthorizationPolicy');
  });
});
