import { kubernetesTarget } from '../../../src/targets/kubernetes';
import { findPolicy, threeTier, toYaml } from './ir-builders';

const CTX = { profile: 'kubernetes', profileTargets: ['kubernetes'] };
const out = kubernetesTarget.render(threeTier(), CTX);

describe('kubernetes target on the three-tier scenario', () => {
  test('can render the three-tier topology (snapshot)', () => {
    expect(toYaml(out)).toMatchSnapshot();
  });

  test('can render one default deny and the allows each tier needs', () => {
    expect(out.map((m) => m.metadata.name)).toEqual([
      'production-default-deny',
      'backend-api-ingress',
      'backend-api-egress',
      'frontend-egress',
      'redis-ingress',
    ]);
  });

  test('can admit frontend on 8080 and prometheus of monitoring on 9090 to backend-api, nothing more', () => {
    expect(findPolicy(out, 'backend-api-ingress').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { app: 'prometheus' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 9090 }],
      },
    ]);
  });

  test('can let backend-api reach the internet on 443 but never private ranges', () => {
    const internet = (findPolicy(out, 'backend-api-egress').spec.egress ?? []).find(
      (r) => r.to![0].ipBlock?.cidr === '0.0.0.0/0',
    );
    expect(internet).toEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    });
  });

  test('can let backend-api reach redis on 6379 and postgres on 5432 only', () => {
    expect(findPolicy(out, 'backend-api-egress').spec.egress?.map((r) => [r.to, r.ports])).toEqual([
      [
        [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
        [{ protocol: 'TCP', port: 443 }],
      ],
      [[{ ipBlock: { cidr: '10.100.0.0/16' } }], [{ protocol: 'TCP', port: 5432 }]],
      [[{ podSelector: { matchLabels: { app: 'redis' } } }], [{ protocol: 'TCP', port: 6379 }]],
    ]);
    expect(findPolicy(out, 'redis-ingress').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { app: 'backend-api' } } }], ports: [{ protocol: 'TCP', port: 6379 }] },
    ]);
  });

  test('cannot let frontend reach anything but backend-api on 8080 (and DNS)', () => {
    expect(findPolicy(out, 'frontend-egress').spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: { app: 'backend-api' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    expect(out.map((m) => m.metadata.name)).not.toContain('frontend-ingress');
    expect(out.map((m) => m.metadata.name)).not.toContain('redis-egress');
  });

  test('can keep DNS to kube-dns over UDP and TCP for every production pod', () => {
    const deny = findPolicy(out, 'production-default-deny');
    expect(deny.spec.podSelector).toEqual({});
    expect(deny.spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ]);
  });
});
