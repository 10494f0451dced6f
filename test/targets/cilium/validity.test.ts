import { ciliumTarget } from '../../../src/targets/cilium';
import { CiliumNetworkPolicyManifest } from '../../../src/targets/cilium/cnp';
import { IrTopology } from '../../../src/ir/types';
import { agentRuleViolations } from './agent-rules';
import { cnpStructureViolations } from './crd-structure';
import { features, threeTier, zonesLab } from './ir-fixtures';

const CTX = { profile: 'cilium', profileTargets: ['cilium'] };
const FIXTURES: { readonly [name: string]: () => IrTopology } = { threeTier, zonesLab, features };

function render(ir: IrTopology): readonly CiliumNetworkPolicyManifest[] {
  return ciliumTarget.render(ir, CTX) as readonly CiliumNetworkPolicyManifest[];
}

/** A JSON round trip: what the API server receives. */
function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('validity of rendered CiliumNetworkPolicies', () => {
  test.each(Object.keys(FIXTURES))('can pass the Cilium 1.19.3 CRD schema (%s)', (name) => {
    for (const m of render(FIXTURES[name]())) {
      expect([m.metadata.name, cnpStructureViolations(asJson(m))]).toEqual([m.metadata.name, []]);
    }
  });

  test.each(Object.keys(FIXTURES))('can pass the agent\'s own rule validation (%s)', (name) => {
    for (const m of render(FIXTURES[name]())) {
      expect([m.metadata.name, agentRuleViolations(m)]).toEqual([m.metadata.name, []]);
    }
  });

  describe('the checks themselves', () => {
    const base = (): CiliumNetworkPolicyManifest => asJson(render(threeTier())[0]);

    test('cannot accept an unknown field such as an HTTP action', () => {
      const doc = render(threeTier()).find((m) => m.metadata.name === 'backend-api-ingress')!;
      const bad = asJson(doc) as unknown as { spec: { ingress: { toPorts: { rules: { http: object[] } }[] }[] } };
      bad.spec.ingress[0].toPorts[0].rules.http[0] = { method: 'GET', action: 'DENY' };
      expect(cnpStructureViolations(bad).join()).toContain("unknown field 'action'");
    });

    test('cannot accept a spec without a direction, nor an unknown protocol', () => {
      const noDirection = { ...base(), spec: { endpointSelector: {} } };
      expect(cnpStructureViolations(noDirection).join()).toContain('must have one of ingress');
      const icmp = asJson(base()) as unknown as { spec: { egress: { toPorts: { ports: { protocol: string }[] }[] }[] } };
      icmp.spec.egress[0].toPorts[0].ports[0].protocol = 'ICMP';
      expect(cnpStructureViolations(icmp).join()).toContain('not in enum');
    });

    test('cannot accept an empty default deny, which the agent rejects', () => {
      const empty = { ...base(), spec: { endpointSelector: {}, egress: [] } };
      expect(agentRuleViolations(empty).join()).toContain('at least one of Ingress');
    });

    test('cannot accept L7 on port 0, nor two destination kinds in one rule', () => {
      const doc = base();
      const bad: CiliumNetworkPolicyManifest = { ...doc, spec: { endpointSelector: {}, egress: [{
        toFQDNs: [{ matchName: 'a.example' }],
        toCIDR: ['192.0.2.1/32'],
        toPorts: [{ ports: [{ port: '0', protocol: 'TCP' }], rules: { http: [{ method: 'GET' }] } }],
      }] } };
      const found = agentRuleViolations(bad).join('\n');
      expect(found).toContain('Combining');
      expect(found).toContain('L7 rules can not be used when a port is 0');
    });
  });
});
