import { kubernetesTarget } from '../../../src/targets/kubernetes';
import { hostCidr } from '../../../src/targets/kubernetes/dns';
import { IrTopology } from '../../../src/ir/types';
import { findPolicy, kitchenSink, kubeDns, port, topology, zone } from './ir-builders';

const CTX = { profile: 'kubernetes', profileTargets: ['kubernetes'] };
const render = (ir: IrTopology) => kubernetesTarget.render(ir, CTX);

describe('kubernetes zone default deny', () => {
  test('can deny both directions for the whole namespace with an empty pod selector and no ingress rules', () => {
    const deny = findPolicy(render(kitchenSink()), 'production-default-deny');
    expect(deny.spec.podSelector).toEqual({});
    expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect('ingress' in deny.spec).toBe(false);
  });

  test('can deny egress only, with policyTypes listing Egress explicitly', () => {
    const deny = findPolicy(render(kitchenSink()), 'batch-default-deny');
    expect(deny.spec.policyTypes).toEqual(['Egress']);
    expect(deny.spec.podSelector).toEqual({ matchLabels: { tier: 'batch' } });
    expect('ingress' in deny.spec).toBe(false);
  });

  test('can deny ingress only, without a DNS rule', () => {
    const ir = topology([zone({ id: 'in', namespace: 'in', denyEgress: false })], [], []);
    const deny = findPolicy(render(ir), 'in-default-deny');
    expect(deny.spec.policyTypes).toEqual(['Ingress']);
    expect('egress' in deny.spec).toBe(false);
  });

  test('can keep DNS over UDP and TCP to the DNS pods, namespace AND pod selector in one element', () => {
    const [dns] = findPolicy(render(kitchenSink()), 'batch-default-deny').spec.egress ?? [];
    expect(dns.to).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
    ]);
    expect(dns.ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
  });

  test('can reach node-local DNS caches by /32 and /128 ipBlocks', () => {
    const egress = findPolicy(render(kitchenSink()), 'production-default-deny').spec.egress ?? [];
    expect(egress).toHaveLength(1);
    expect(egress[0].to!.slice(1)).toEqual([
      { ipBlock: { cidr: '169.254.20.10/32' } },
      { ipBlock: { cidr: 'fd00::a/128' } },
    ]);
    expect(egress[0].to![0].podSelector).toEqual({ matchLabels: { 'k8s-app': 'kube-dns' } });
  });

  test('can render a configured DNS service (OpenShift: openshift-dns on 5353)', () => {
    const dns = {
      namespace: 'openshift-dns',
      podSelector: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
      ports: [port.udp(5353), port.tcp(5353)],
      nodeLocalAddresses: [],
    };
    const ir = topology([zone({ id: 'app', namespace: 'app', dns })], [], []);
    const [rule] = findPolicy(render(ir), 'app-default-deny').spec.egress ?? [];
    expect(rule.to![0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } });
    expect(rule.ports).toEqual([
      { protocol: 'UDP', port: 5353 },
      { protocol: 'TCP', port: 5353 },
    ]);
  });

  test('can deny all egress, DNS included, when the zone turns DNS off', () => {
    const ir = topology([zone({ id: 'sealed', namespace: 'sealed', dns: undefined })], [], []);
    const deny = findPolicy(render(ir), 'sealed-default-deny');
    expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect('egress' in deny.spec).toBe(false);
  });

  test('can render one default deny per denying zone, in IR order', () => {
    const ir = topology(
      [
        zone({ id: 'b', namespace: 'shared', podSelector: { zone: 'b' } }),
        zone({ id: 'a', namespace: 'shared', podSelector: { zone: 'a' }, dns: kubeDns() }),
      ],
      [],
      [],
    );
    expect(render(ir).map((m) => [m.metadata.name, m.metadata.namespace])).toEqual([
      ['b-default-deny', 'shared'],
      ['a-default-deny', 'shared'],
    ]);
  });

  test('throws on a node-local DNS address that is not a bare IP', () => {
    expect(hostCidr('10.0.0.10', 'zone z')).toBe('10.0.0.10/32');
    expect(() => hostCidr('169.254.20.10/32', 'zone z')).toThrow(/IR invariant broken: zone z/);
  });
});
