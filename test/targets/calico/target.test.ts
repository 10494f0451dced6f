import { calicoTarget } from '../../../src/targets/calico';
import { findTarget } from '../../../src/targets/registry';
import { Capability } from '../../../src/targets/target';

describe('calicoTarget', () => {
  test('can describe itself as a CNI layer, registered once', () => {
    expect(calicoTarget.name).toBe('calico');
    expect(calicoTarget.title).toBe('Calico NetworkPolicy');
    expect(calicoTarget.enforcementPoint).toBe('cni');
    expect(findTarget('calico')).toBe(calicoTarget);
    expect(calicoTarget.mesh).toBeUndefined();
  });

  test("can declare NetworkPolicy's capabilities plus service-account identity and guardrails", () => {
    expect([...calicoTarget.capabilities].sort()).toEqual(
      [
        Capability.ANY_PEER,
        Capability.CIDR,
        Capability.DEFAULT_DENY,
        Capability.GUARDRAILS,
        Capability.IDENTITY,
        Capability.L3_PODS,
        Capability.L4_PORTS,
        Capability.NAMED_PORTS,
        Capability.NAMESPACE_LABELS,
        Capability.PORT_RANGES,
        Capability.SCTP,
      ].sort(),
    );
  });

  test('cannot claim L7 (application layer policy needs Istio and Dikastes), DNS names (Enterprise) or entities', () => {
    for (const c of [
      Capability.FQDN,
      Capability.FQDN_SUBDOMAINS,
      Capability.ENTITIES,
      Capability.L7_HTTP,
      Capability.L7_HTTP_REGEX,
      Capability.L7_KAFKA,
      Capability.MTLS,
      Capability.ROUTES,
    ]) {
      expect(calicoTarget.capabilities.has(c)).toBe(false);
    }
  });
});
