import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ciliumTarget } from '../../../src/targets/cilium';
import { Capability } from '../../../src/targets/target';

/** The served `v2` schema of the vendored Cilium 1.19.3 CiliumNetworkPolicy CRD. */
const CNP_SCHEMA = (
  parse(readFileSync(join(__dirname, '../../../schemas/cilium/ciliumnetworkpolicies.yaml'), 'utf8')) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: unknown } }[] };
  }
).spec.versions.find((v) => v.name === 'v2')?.schema.openAPIV3Schema;

/** The schema node at a path of property names through the vendored CRD (arrays step into `items`). */
function node(...path: string[]): { [key: string]: unknown } {
  let at: { [key: string]: unknown } = CNP_SCHEMA as unknown as { [key: string]: unknown };
  for (const key of path) {
    const props = at.properties as { [key: string]: { [key: string]: unknown } } | undefined;
    if (!props?.[key]) throw new Error(`no '${key}' in the CRD schema`);
    at = props[key];
    while (at.type === 'array') at = at.items as { [key: string]: unknown };
  }
  return at;
}

describe('ciliumTarget', () => {
  test('can describe itself as the CNI CiliumNetworkPolicy layer', () => {
    expect(ciliumTarget.name).toBe('cilium');
    expect(ciliumTarget.title).toBe('CiliumNetworkPolicy');
    expect(ciliumTarget.enforcementPoint).toBe('cni');
  });

  test('can declare exactly the capabilities of CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy', () => {
    expect([...ciliumTarget.capabilities].sort()).toEqual(
      [
        Capability.ANY_PEER,
        Capability.CIDR,
        Capability.DEFAULT_DENY,
        Capability.ENTITIES,
        Capability.FQDN,
        Capability.FQDN_SUBDOMAINS,
        Capability.L3_PODS,
        Capability.L4_PORTS,
        Capability.L7_HTTP,
        Capability.L7_HTTP_REGEX,
        Capability.L7_KAFKA,
        Capability.NAMED_PORTS,
        Capability.PORT_RANGES,
        Capability.SCTP,
        // namespaces by label and guardrails: in CiliumClusterwideNetworkPolicy (SEMANTICS §7)
        Capability.NAMESPACE_LABELS,
        Capability.GUARDRAILS,
        // service accounts: the `io.cilium.k8s.policy.serviceaccount` identity label
        Capability.IDENTITY,
      ].sort(),
    );
  });

  test('cannot enforce mTLS or routes', () => {
    for (const c of [Capability.MTLS, Capability.ROUTES]) {
      expect(ciliumTarget.capabilities.has(c)).toBe(false);
    }
  });
});

describe('the vendored Cilium 1.19 CRD backs those capabilities', () => {
  test('can accept a "**." multi-level pattern in toFQDNs and in DNS rules (FQDN_SUBDOMAINS)', () => {
    const fqdnPattern = new RegExp(node('spec', 'egress', 'toFQDNs', 'matchPattern').pattern as string);
    const dnsPattern = new RegExp(node('spec', 'egress', 'toPorts', 'rules', 'dns', 'matchPattern').pattern as string);
    for (const re of [fqdnPattern, dnsPattern]) {
      expect(re.test('**.example.com')).toBe(true);
      expect(re.test('*.googleapis.com')).toBe(true);
      expect(re.test('api-*.example.net')).toBe(true);
      expect(re.test('bad name.com')).toBe(false);
    }
    expect(node('spec', 'egress', 'toFQDNs', 'matchPattern').description).toContain('"**." is a special prefix');
  });

  test('can take SCTP as a port protocol', () => {
    expect(node('spec', 'ingress', 'toPorts', 'ports', 'protocol').enum).toEqual(
      expect.arrayContaining(['TCP', 'UDP', 'SCTP']),
    );
  });

  test('can still take Kafka rules under toPorts.rules (removed only in 1.20)', () => {
    const kafka = node('spec', 'ingress', 'toPorts', 'rules', 'kafka');
    expect(Object.keys(kafka.properties as object)).toEqual(expect.arrayContaining(['role', 'topic', 'clientID']));
    expect((kafka.properties as { role: { enum: string[] } }).role.enum).toEqual(['produce', 'consume']);
  });

  test('cannot take fields that blog posts show but Cilium lacks', () => {
    expect(Object.keys(node('spec', 'ingress', 'toPorts', 'rules', 'http').properties as object)).not.toContain(
      'action',
    );
    expect(Object.keys(node('spec').properties as object)).not.toContain('policyEnforcement');
    expect(Object.keys(node('spec').properties as object)).not.toContain('policyAuditMode');
  });
});
