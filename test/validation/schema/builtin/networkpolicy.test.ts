import { checkNetworkPolicy } from '../../../../src/validation/schema/builtin/networkpolicy';
import { fixture, type Manifest } from '../fixtures';

function findings(mutate: (doc: Manifest) => void): string[] {
  const doc = fixture('NetworkPolicy', 'api-egress');
  mutate(doc);
  return checkNetworkPolicy(doc).map((f) => `${f.path}: ${f.detail}`);
}

describe('NetworkPolicy built-in validation', () => {
  it('can accept the valid fixtures', () => {
    expect(findings(() => undefined)).toEqual([]);
    expect(checkNetworkPolicy(fixture('NetworkPolicy', 'api-ingress'))).toEqual([]);
  });

  it('cannot accept an endPort beyond 65535', () => {
    expect(findings((d) => (d.spec.egress[1].ports[0].endPort = 70000))).toEqual([
      'spec.egress[1].ports[0].endPort: 70000 is out of range 1-65535',
    ]);
  });

  it('can accept endPort equal to port', () => {
    expect(findings((d) => (d.spec.egress[1].ports[0].endPort = 7000))).toEqual([]);
  });

  it('cannot accept an IPv4-mapped IPv6 cidr', () => {
    expect(findings((d) => (d.spec.egress[1].to[1].ipBlock = { cidr: '::ffff:10.0.0.0/104' }))).toEqual([
      'spec.egress[1].to[1].ipBlock.cidr: "::ffff:10.0.0.0/104" must not be an IPv4-mapped IPv6 address',
    ]);
  });

  it('cannot accept an empty cidr or an except with host bits', () => {
    expect(findings((d) => (d.spec.egress[1].to[0].ipBlock.cidr = ''))).toEqual([
      'spec.egress[1].to[0].ipBlock.cidr: required field is missing',
    ]);
    expect(findings((d) => (d.spec.egress[1].to[0].ipBlock.except = ['10.96.0.1/12']))).toEqual([
      'spec.egress[1].to[0].ipBlock.except[0]: "10.96.0.1/12" must not have bits set beyond the prefix length (did you mean 10.96.0.0/12?)',
    ]);
  });

  it('cannot accept more than two policyTypes', () => {
    expect(findings((d) => (d.spec.policyTypes = ['Ingress', 'Egress', 'Ingress']))).toContain(
      'spec.policyTypes: may not specify more than two policyTypes',
    );
  });

  it('can check the label selectors of peers', () => {
    expect(findings((d) => (d.spec.egress[0].to[0].namespaceSelector.matchLabels = { 'bad key!': 'x' }))).toEqual([
      "spec.egress[0].to[0].namespaceSelector.matchLabels[bad key!]: invalid label key \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    ]);
  });

  it('can ignore what the schema walk reports (wrong types)', () => {
    expect(findings((d) => (d.spec.egress = 'none'))).toEqual([]);
    expect(findings((d) => (d.spec.egress[1].to = [null, 3]))).toEqual([]);
  });
});
