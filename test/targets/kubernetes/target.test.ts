import { kubernetesTarget } from '../../../src/targets/kubernetes';
import { Capability } from '../../../src/targets/target';

describe('kubernetesTarget', () => {
  test('can describe itself as the CNI NetworkPolicy layer', () => {
    expect(kubernetesTarget.name).toBe('kubernetes');
    expect(kubernetesTarget.title).toBe('Kubernetes NetworkPolicy');
    expect(kubernetesTarget.enforcementPoint).toBe('cni');
  });

  test('can declare exactly the L3/L4 capabilities NetworkPolicy has', () => {
    expect([...kubernetesTarget.capabilities].sort()).toEqual(
      [
        Capability.CIDR,
        Capability.DEFAULT_DENY,
        Capability.L3_PODS,
        Capability.L4_PORTS,
        Capability.NAMED_PORTS,
        Capability.NAMESPACE_LABELS,
        Capability.PORT_RANGES,
        Capability.SCTP,
        Capability.ANY_PEER,
      ].sort(),
    );
  });

  test('cannot claim names, entities, L7 or identities', () => {
    for (const c of [
      Capability.FQDN,
      Capability.FQDN_SUBDOMAINS,
      Capability.ENTITIES,
      Capability.L7_HTTP,
      Capability.L7_HTTP_REGEX,
      Capability.L7_KAFKA,
      Capability.MTLS,
      Capability.IDENTITY,
      Capability.ROUTES,
    ]) {
      expect(kubernetesTarget.capabilities.has(c)).toBe(false);
    }
  });
});
