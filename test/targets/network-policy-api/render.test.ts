import { IrGuardrail, IrTopology } from '../../../src/ir/types';
import { networkPolicyApiTarget } from '../../../src/targets/network-policy-api';
import { defaultSchemaValidator } from '../../../src/validation/schema';
import { topology } from '../../util/ir-builders';

const ctx = { profile: 'kubernetes-network-policy-api', profileTargets: ['kubernetes', 'network-policy-api'] };

const guardrail = (p: Partial<IrGuardrail> & Pick<IrGuardrail, 'name' | 'priority'>): IrGuardrail => ({
  id: p.name,
  path: `shop/${p.name}`,
  tier: 'admin',
  action: 'deny',
  direction: 'egress',
  subject: { namespaceLabels: {} },
  peers: [{ kind: 'cidr', cidr: '169.254.169.254/32' }],
  ports: [],
  ...p,
});

const GUARDRAILS: readonly IrGuardrail[] = [
  guardrail({
    name: 'web-ports',
    priority: 5,
    direction: 'ingress',
    action: 'allow',
    subject: { namespaceLabels: { zone: 'app' }, podLabels: { app: 'web' } },
    peers: [
      { kind: 'pods', namespaceLabels: { team: 'sre' }, podLabels: { app: 'prometheus' } },
      { kind: 'pods', namespaceLabels: { zone: 'app' } },
    ],
    ports: [
      { protocol: 'TCP', port: 9090 },
      { protocol: 'TCP', port: 7000, endPort: 7010 },
      { protocol: 'UDP', port: 1, endPort: 65535 },
    ],
  }),
  guardrail({ name: 'no-metadata', priority: 10 }),
  guardrail({
    name: 'baseline-out',
    priority: 1,
    tier: 'baseline',
    peers: [
      { kind: 'cidr', cidr: '10.0.0.0/8' },
      { kind: 'cidr', cidr: '192.168.0.0/16' },
    ],
  }),
];

const ir = (version?: string): IrTopology => ({
  ...topology([], [], [], version ? { targetVersions: { 'network-policy-api': version } } : {}),
  guardrails: GUARDRAILS,
});

function valid(docs: readonly any[]): void {
  const validator = defaultSchemaValidator();
  expect(
    docs.flatMap((d) => validator.validate(d).map((v) => `${d.kind} ${d.metadata.name}: ${v.path}: ${v.message}`)),
  ).toEqual([]);
}

describe('network-policy-api target', () => {
  test('can write each guardrail as a ClusterNetworkPolicy (v1alpha2), ports as protocols', () => {
    const out = networkPolicyApiTarget.render(ir(), ctx) as any[];
    valid(out);
    expect(out.map((d) => `${d.kind} ${d.metadata.name} ${d.spec.tier} ${d.spec.priority}`)).toEqual([
      'ClusterNetworkPolicy web-ports Admin 5',
      'ClusterNetworkPolicy no-metadata Admin 10',
      'ClusterNetworkPolicy baseline-out Baseline 1',
    ]);
    expect(out[0].spec).toEqual({
      tier: 'Admin',
      priority: 5,
      subject: {
        pods: { namespaceSelector: { matchLabels: { zone: 'app' } }, podSelector: { matchLabels: { app: 'web' } } },
      },
      ingress: [
        {
          name: 'web-ports',
          action: 'Accept',
          from: [
            {
              pods: {
                namespaceSelector: { matchLabels: { team: 'sre' } },
                podSelector: { matchLabels: { app: 'prometheus' } },
              },
            },
            { namespaces: { matchLabels: { zone: 'app' } } },
          ],
          protocols: [
            { tcp: { destinationPort: { number: 9090 } } },
            { tcp: { destinationPort: { range: { start: 7000, end: 7010 } } } },
            { udp: { destinationPort: { range: { start: 1, end: 65535 } } } },
          ],
        },
      ],
    });
    expect(out[2].spec.egress).toEqual([
      { name: 'baseline-out', action: 'Deny', to: [{ networks: ['10.0.0.0/8', '192.168.0.0/16'] }] },
    ]);
  });

  test('can write AdminNetworkPolicy and the BaselineAdminNetworkPolicy singleton (v1alpha1), ports as portNumber / portRange', () => {
    const out = networkPolicyApiTarget.render(ir('v1alpha1'), ctx) as any[];
    valid(out);
    expect(out.map((d) => `${d.kind} ${d.metadata.name}`)).toEqual([
      'AdminNetworkPolicy web-ports',
      'AdminNetworkPolicy no-metadata',
      'BaselineAdminNetworkPolicy default',
    ]);
    expect(out[0].spec.ingress[0].ports).toEqual([
      { portNumber: { protocol: 'TCP', port: 9090 } },
      { portRange: { protocol: 'TCP', start: 7000, end: 7010 } },
      { portRange: { protocol: 'UDP', start: 1, end: 65535 } },
    ]);
    expect(out[0].spec.ingress[0].action).toBe('Allow');
    expect(out[2].spec).toEqual({
      subject: { namespaces: {} },
      egress: [{ name: 'baseline-out', action: 'Deny', to: [{ networks: ['10.0.0.0/8', '192.168.0.0/16'] }] }],
    });
  });

  test('can render nothing for a topology without guardrails', () => {
    expect(networkPolicyApiTarget.render(topology([], [], []), ctx)).toEqual([]);
  });

  test('cannot join Cilium, which does not implement the API', () => {
    const problems = networkPolicyApiTarget.check!(ir(), {
      profile: 'x',
      profileTargets: ['cilium', 'network-policy-api'],
    });
    expect(problems.map((p) => p.code)).toEqual(['ZT391']);
  });
});
