import { parseAllDocuments } from 'yaml';
import { kubernetesTarget } from '../../../src/targets/kubernetes';
import { NetworkPolicyManifest } from '../../../src/targets/kubernetes/network-policy';
import { IrLabels, IrTopology } from '../../../src/ir/types';
import { COMMON_LABELS, findPolicy, kitchenSink, threeTier, toYaml, topology, zone } from './ir-builders';
import { defaultSchemaValidator } from '../../../src/validation/schema';

const CTX = { profile: 'kubernetes', profileTargets: ['kubernetes'] };

function render(ir: IrTopology): readonly NetworkPolicyManifest[] {
  return kubernetesTarget.render(ir, CTX) as readonly NetworkPolicyManifest[];
}

/** A deep copy with every object's keys in reverse order (same meaning, different insertion order). */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as unknown as T;
  if (typeof value === 'object' && value !== null) {
    const out: { [key: string]: unknown } = {};
    for (const key of Object.keys(value).reverse()) out[key] = reverseKeys((value as { [key: string]: unknown })[key]);
    return out as T;
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('kubernetes target rendering', () => {
  test('can render every feature (snapshot)', () => {
    expect(toYaml(render(kitchenSink()))).toMatchSnapshot();
  });

  test("can render zones' default denies first, then each workload's ingress then egress, in IR order", () => {
    expect(render(kitchenSink()).map((m) => m.metadata.name)).toEqual([
      'batch-default-deny',
      'production-default-deny',
      'worker-egress',
      'api-ingress',
      'api-egress',
      'web-egress',
    ]);
  });

  test('can put the common labels, a namespace and explicit policyTypes on every object', () => {
    for (const m of [...render(kitchenSink()), ...render(threeTier())]) {
      expect(m.apiVersion).toBe('networking.k8s.io/v1');
      expect(m.kind).toBe('NetworkPolicy');
      expect(m.metadata.labels).toEqual(COMMON_LABELS);
      expect(m.metadata.namespace).toMatch(/^[a-z0-9-]+$/);
      expect(m.spec.policyTypes.length).toBeGreaterThan(0);
    }
  });

  test('can render objects in their own namespace', () => {
    const out = render(kitchenSink());
    expect(findPolicy(out, 'batch-default-deny').metadata.namespace).toBe('batch');
    expect(findPolicy(out, 'worker-egress').metadata.namespace).toBe('batch');
    expect(findPolicy(out, 'api-ingress').metadata.namespace).toBe('production');
  });

  test("can select a workload's pods by its selector in its own policies", () => {
    const out = render(kitchenSink());
    expect(findPolicy(out, 'worker-egress').spec.podSelector).toEqual({
      matchLabels: { app: 'worker', tier: 'batch' },
    });
    expect(findPolicy(out, 'api-ingress').spec.podSelector).toEqual({ matchLabels: { app: 'api' } });
    expect(findPolicy(out, 'api-ingress').spec.policyTypes).toEqual(['Ingress']);
    expect(findPolicy(out, 'api-egress').spec.policyTypes).toEqual(['Egress']);
  });

  test('can render one rule per IR rule, in IR order', () => {
    const out = render(kitchenSink());
    const ingress = findPolicy(out, 'api-ingress').spec.ingress ?? [];
    expect(ingress).toHaveLength(6);
    expect(ingress.every((r) => r.from?.length === 1)).toBe(true);
    expect(ingress[0].from![0].podSelector).toEqual({ matchLabels: { app: 'probe' } });
    expect(ingress[5].from![0].podSelector).toEqual({ matchLabels: { app: 'worker', tier: 'batch' } });
    const egress = findPolicy(out, 'api-egress').spec.egress ?? [];
    expect(egress.map((r) => r.to![0].ipBlock?.cidr ?? 'pods')).toEqual([
      '192.0.2.0/24',
      '0.0.0.0/0',
      '10.100.0.0/16',
      '198.51.100.0/24',
      'pods',
    ]);
  });

  test('cannot emit rules for a direction its zone leaves open', () => {
    const names = render(kitchenSink()).map((m) => m.metadata.name);
    // edge denies nothing: no default deny, and proxy->api allows nothing on the proxy side
    expect(names).not.toContain('edge-default-deny');
    expect(names).not.toContain('proxy-egress');
    expect(names).not.toContain('proxy-ingress');
    // batch denies egress only: api->worker is allowed on api's egress, not on worker's ingress
    expect(names).not.toContain('worker-ingress');
    expect(findPolicy(render(kitchenSink()), 'worker-egress').spec.ingress).toBeUndefined();
  });

  test('can render nothing for a topology that denies nothing', () => {
    const ir = topology([zone({ id: 'open', namespace: 'open', denyIngress: false, denyEgress: false })], [], []);
    expect(render(ir)).toEqual([]);
  });

  test('can render byte-identical YAML twice', () => {
    expect(toYaml(render(kitchenSink()))).toBe(toYaml(render(kitchenSink())));
    expect(toYaml(render(threeTier()))).toBe(toYaml(render(threeTier())));
  });

  test("can render the same YAML whatever the key order of the IR's objects", () => {
    expect(toYaml(render(reverseKeys(kitchenSink())))).toBe(toYaml(render(kitchenSink())));
  });

  test('can render without mutating the IR', () => {
    const ir = deepFreeze(kitchenSink());
    expect(() => render(ir)).not.toThrow();
    expect(ir).toEqual(kitchenSink());
  });

  test('can render plain YAML without anchors or aliases', () => {
    const ir = kitchenSink();
    const yaml = toYaml(render(ir));
    expect(yaml).not.toMatch(/[&*][a-z]+\d+/);
    const docs = parseAllDocuments(yaml).map((d) => d.toJS() as unknown);
    expect(docs).toEqual(JSON.parse(JSON.stringify(render(ir))));
  });

  test('can render with empty common labels', () => {
    const ir = { ...threeTier(), settings: { targetVersions: { cilium: '1.19' }, commonLabels: {} as IrLabels } };
    for (const m of render(ir)) expect(m.metadata.labels).toEqual({});
  });

  test('can render documents the API server accepts (schema and built-in NetworkPolicy validation)', () => {
    for (const m of [...render(kitchenSink()), ...render(threeTier())]) {
      expect(defaultSchemaValidator().validate(JSON.parse(JSON.stringify(m)))).toEqual([]);
    }
  });
});
