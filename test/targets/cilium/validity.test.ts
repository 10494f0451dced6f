import { ciliumTarget } from '../../../src/targets/cilium';
import { CiliumNetworkPolicyManifest } from '../../../src/targets/cilium/cnp';
import { defaultSchemaValidator } from '../../../src/validation/schema';
import { IrTopology } from '../../../src/ir/types';
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
  test.each(Object.keys(FIXTURES))("can pass the Cilium 1.19.3 CRD and the agent's rule checks (%s)", (name) => {
    const validator = defaultSchemaValidator();
    for (const m of render(FIXTURES[name]())) {
      expect([m.metadata.name, validator.validate(asJson(m))]).toEqual([m.metadata.name, []]);
    }
  });

  test.each(Object.keys(FIXTURES))(
    'can write HTTP methods and paths that compile as regular expressions (%s)',
    (name) => {
      for (const m of render(FIXTURES[name]())) {
        for (const r of [...(m.spec.ingress ?? []), ...(m.spec.egress ?? [])]) {
          for (const pr of r.toPorts ?? []) {
            const http = pr.rules !== undefined && 'http' in pr.rules ? pr.rules.http : [];
            for (const h of http) {
              for (const re of [h.method, h.path]) if (re !== undefined) expect(() => new RegExp(re)).not.toThrow();
            }
          }
        }
      }
    },
  );

  test('cannot pass the checks with a field real Cilium lacks or with an empty default deny', () => {
    const validator = defaultSchemaValidator();
    const doc = asJson(render(threeTier()).find((m) => m.metadata.name === 'backend-api-ingress')!);
    const withAction = asJson(doc) as unknown as { spec: { ingress: { toPorts: { rules: { http: object[] } }[] }[] } };
    withAction.spec.ingress[0].toPorts[0].rules.http[0] = { method: 'GET', action: 'DENY' };
    expect(
      validator
        .validate(withAction)
        .map((v) => v.message)
        .join(),
    ).toContain('unknown field "action"');
    const emptyDeny = validator.validate({ ...doc, spec: { endpointSelector: {}, ingress: [] } });
    expect(emptyDeny.map((v) => v.message).join()).toContain('at least one non-empty ingress');
  });
});
