import { checkCiliumPolicy } from '../../../../src/validation/schema/builtin/cilium';
import { fixture, type Manifest } from '../fixtures';

function findings(name: string, mutate: (doc: Manifest) => void, namespaced = true): string[] {
  const doc = fixture(namespaced ? 'CiliumNetworkPolicy' : 'CiliumClusterwideNetworkPolicy', name);
  mutate(doc);
  return checkCiliumPolicy(doc, namespaced).map((f) => `${f.path}: ${f.detail}`);
}

describe('Cilium agent checks', () => {
  it('can accept the valid fixtures', () => {
    for (const name of ['api-ingress', 'api-egress', 'default-deny', 'deny-metadata'])
      expect(findings(name, () => undefined)).toEqual([]);
    expect(findings('dns-visibility', () => undefined, false)).toEqual([]);
  });

  it('can accept a namespace in the endpointSelector of a clusterwide policy only', () => {
    const select = (d: Manifest): void => {
      d.spec.endpointSelector = { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'shop' } };
    };
    expect(findings('dns-visibility', select, false)).toEqual([]);
    expect(findings('api-ingress', select)).toEqual([
      'spec.endpointSelector.matchLabels[k8s:io.kubernetes.pod.namespace]: must not select a namespace: a namespaced policy always applies to pods of its own namespace',
    ]);
    expect(
      findings(
        'api-ingress',
        (d) =>
          (d.spec.endpointSelector = {
            matchExpressions: [{ key: 'io.kubernetes.pod.namespace', operator: 'Exists' }],
          }),
      ),
    ).toEqual([
      'spec.endpointSelector.matchExpressions[0].key: must not select a namespace: a namespaced policy always applies to pods of its own namespace',
    ]);
  });

  it('can check every rule of specs, with its own path', () => {
    expect(
      findings('default-deny', (d) => {
        d.specs = [{ endpointSelector: {}, egress: [] }];
      }),
    ).toEqual([
      'specs[0]: must have at least one non-empty ingress, ingressDeny, egress or egressDeny (Cilium marks it Valid=False); write ingress: [{}] for a default deny',
    ]);
  });

  it('cannot accept a policy with neither spec nor specs', () => {
    expect(findings('default-deny', (d) => delete d.spec)).toEqual(['spec: a Cilium policy needs spec or specs']);
  });

  it('cannot accept two peer kinds in one ingress rule', () => {
    expect(findings('api-ingress', (d) => (d.spec.ingress[1].fromCIDR = ['10.0.0.0/8']))).toEqual([
      'spec.ingress[1]: combines fromCIDR and fromEntities in one rule; Cilium accepts only one peer kind per rule (split it into several rules)',
    ]);
  });

  it('cannot accept DNS rules without a port or over a port range', () => {
    expect(findings('api-egress', (d) => (d.spec.egress[0].toPorts[0].ports = []))).toEqual([
      'spec.egress[0].toPorts[0].ports: a port (53) must be specified for DNS rules',
    ]);
    expect(findings('api-egress', (d) => (d.spec.egress[0].toPorts[0].ports[0].endPort = 54))).toEqual([
      'spec.egress[0].toPorts[0].ports[0].endPort: DNS rules do not support port ranges',
    ]);
  });

  it('cannot accept L7 rules on port 0', () => {
    expect(findings('api-ingress', (d) => (d.spec.ingress[0].toPorts[0].ports[0].port = '0'))).toEqual([
      'spec.ingress[0].toPorts[0].ports[0].port: L7 rules cannot be used with port 0',
    ]);
  });

  it('cannot accept icmps together with toPorts', () => {
    expect(findings('api-ingress', (d) => (d.spec.ingress[1].icmps = [{ fields: [{ type: 8 }] }]))).toEqual([
      'spec.ingress[1]: icmps may not be combined with toPorts in one rule',
    ]);
  });

  it('can accept named ports but not with endPort, and cannot accept bad names', () => {
    expect(findings('api-ingress', (d) => (d.spec.ingress[1].toPorts[0].ports[0].port = 'Metrics'))).toEqual([]);
    expect(
      findings('api-ingress', (d) =>
        Object.assign(d.spec.ingress[1].toPorts[0].ports[0], { port: 'metrics', endPort: 9100 }),
      ),
    ).toEqual(['spec.ingress[1].toPorts[0].ports[0].endPort: may not be specified with a named port']);
    expect(findings('api-ingress', (d) => (d.spec.ingress[1].toPorts[0].ports[0].port = 'metrics--x'))).toEqual([
      'spec.ingress[1].toPorts[0].ports[0].port: "metrics--x" is neither a port number nor a valid port name: must not contain consecutive hyphens (IANA service name)',
    ]);
  });

  it('cannot accept endPort without port', () => {
    expect(
      findings('api-ingress', (d) => (d.spec.ingress[1].toPorts[0].ports[0] = { endPort: 9100, protocol: 'TCP' })),
    ).toEqual(['spec.ingress[1].toPorts[0].ports[0].endPort: may not be specified when port is not specified']);
  });

  it('can check integer ports for range even though the schema wants strings', () => {
    expect(findings('api-ingress', (d) => (d.spec.ingress[1].toPorts[0].ports[0].port = 65536))).toEqual([
      'spec.ingress[1].toPorts[0].ports[0].port: 65536 is out of range 0-65535',
    ]);
  });

  it('cannot accept HTTP rules without protocol TCP', () => {
    expect(findings('api-ingress', (d) => delete d.spec.ingress[0].toPorts[0].ports[0].protocol)).toEqual([
      'spec.ingress[0].toPorts[0].ports[0].protocol: L7 rules apply only to TCP (protocol is "ANY"), except DNS rules',
    ]);
  });
});
