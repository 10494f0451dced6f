import {
  ApiObject,
  ApiObjectMetadataDefinition,
  App,
  Chart,
  IResolver,
  JsonPatch,
  ResolutionContext,
  Testing,
} from 'cdk8s';
import { Port, Profile, Tier, Topology, WarningMode, Zone } from '../../src';
import { ManifestObject, WatchedMetadata } from '../../src/model/manifest-object';
import { Manifest } from '../../src/targets/target';

/** Manifests with what canonical rendering must get right: unsorted keys, null and empty members, annotations, extra metadata. */
const MANIFESTS: Manifest[] = [
  {
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
    metadata: { namespace: 'prod', name: 'web-ingress', labels: { z: '1', a: '2' } },
    spec: {
      policyTypes: ['Ingress'],
      podSelector: {},
      ingress: [{ ports: [{ protocol: 'TCP', port: 80 }], from: [{ podSelector: { matchLabels: { app: 'a' } } }] }],
    },
  },
  {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'empty-bits', annotations: {}, labels: {} },
    spec: { endpointSelector: {}, ingress: [], egress: null, description: undefined, list: [null, 1] },
    zeta: { b: [], a: {} },
  },
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'shop',
      annotations: { 'note/b': 'x', 'note/a': 'y' },
      finalizers: [],
      ownerReferences: [],
    } as Manifest['metadata'],
  },
];

/** The same manifest as a plain cdk8s ApiObject and as a ManifestObject, in charts alike. */
function pair(manifest: Manifest, app: App = Testing.app()): { plain: ApiObject; fast: ManifestObject } {
  const chartProps = { labels: { team: 'payments' }, namespace: 'chart-ns', disableResourceNameHashes: true };
  const plain = new ApiObject(new Chart(app, 'plain', chartProps), 'obj', JSON.parse(JSON.stringify(manifest)));
  const fast = new ManifestObject(new Chart(app, 'fast', chartProps), 'obj', manifest);
  return { plain, fast };
}

/** Both renderings as JSON text, so that key order is compared too. */
function rendered(p: { plain: ApiObject; fast: ManifestObject }): [string, string] {
  return [JSON.stringify(p.plain.toJson()), JSON.stringify(p.fast.toJson())];
}

describe('ManifestObject', () => {
  test.each(MANIFESTS.map((m) => [m.metadata.name, m]))(
    'can render %s byte for byte as a plain ApiObject does',
    (_, manifest) => {
      const [plain, fast] = rendered(pair(manifest));
      expect(fast).toBe(plain);
      expect(fast.startsWith('{"apiVersion"')).toBe(true);
    },
  );

  test('can apply JSON patches added through ApiObject.of(x).addJsonPatch, as a plain ApiObject does', () => {
    const p = pair(MANIFESTS[0]);
    const patches = [
      JsonPatch.add('/metadata/annotations', { owner: 'team-a' }),
      JsonPatch.replace('/spec/policyTypes/0', 'Egress'),
      JsonPatch.remove('/spec/ingress'),
      JsonPatch.add('/aaa', { late: true }),
    ];
    ApiObject.of(p.plain).addJsonPatch(...patches);
    ApiObject.of(p.fast).addJsonPatch(...patches);
    const [plain, fast] = rendered(p);
    expect(fast).toBe(plain);
    expect(JSON.parse(fast)).toMatchObject({
      metadata: { annotations: { owner: 'team-a' } },
      spec: { policyTypes: ['Egress'] },
      aaa: { late: true },
    });
  });

  test('can apply metadata changes made through its API after creation', () => {
    const p = pair(MANIFESTS[0]);
    for (const o of [p.plain, p.fast]) {
      o.metadata.addLabel('tier', 'web');
      o.metadata.addAnnotation('note', 'changed');
      o.metadata.add('generation', 3);
    }
    const [plain, fast] = rendered(p);
    expect(fast).toBe(plain);
    expect(JSON.parse(fast).metadata).toMatchObject({
      labels: { tier: 'web' },
      annotations: { note: 'changed' },
      generation: 3,
    });
  });

  test('can apply the resolvers of the app, as a plain ApiObject does', () => {
    const lowerProtocols: IResolver = {
      resolve: (context: ResolutionContext) => {
        const v = context.value;
        if (typeof v === 'string' && context.key[context.key.length - 1] === 'protocol' && v !== v.toLowerCase())
          context.replaceValue(v.toLowerCase());
      },
    };
    const p = pair(MANIFESTS[0], Testing.app({ resolvers: [lowerProtocols] }));
    const [plain, fast] = rendered(p);
    expect(fast).toBe(plain);
    expect(fast).toContain('"protocol":"tcp"');
  });

  test('can leave keys unsorted when CDK8S_DISABLE_SORT is set, as a plain ApiObject does', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const [plain, fast] = rendered(pair(MANIFESTS[0]));
      expect(fast).toBe(plain);
      expect(fast).toContain('"policyTypes":["Ingress"],"podSelector"');
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('can return a fresh copy on every call', () => {
    const { fast } = pair(MANIFESTS[0]);
    const first = fast.toJson() as { spec: { policyTypes: string[] } };
    first.spec.policyTypes.push('Egress');
    expect((fast.toJson() as { spec: { policyTypes: string[] } }).spec.policyTypes).toEqual(['Ingress']);
  });

  test('can hand the JSON rendered for the output check to the next toJson call only, and only while unchanged', () => {
    const { fast } = pair(MANIFESTS[0]);
    const checked = fast._jsonForCheck();
    expect(fast.toJson()).toBe(checked);
    const again = fast.toJson();
    expect(again).not.toBe(checked);
    expect(again).toEqual(checked);
    const patched = pair(MANIFESTS[0]).fast;
    const before = patched._jsonForCheck();
    ApiObject.of(patched).addJsonPatch(JsonPatch.add('/metadata/annotations', { late: 'yes' }));
    expect(patched.toJson()).not.toBe(before);
    expect((patched.toJson() as { metadata: { annotations: object } }).metadata.annotations).toEqual({ late: 'yes' });
    const relabelled = pair(MANIFESTS[0]).fast;
    relabelled._jsonForCheck();
    relabelled.metadata.addLabel('late', 'yes');
    expect(relabelled._renderStamp()).toBeUndefined();
    expect((relabelled.toJson() as { metadata: { labels: object } }).metadata.labels).toMatchObject({ late: 'yes' });
  });

  test('can patch an object a Topology emitted (the escape hatch)', () => {
    const app = Testing.app();
    const shop = new Topology(app, 'shop', { profiles: [Profile.kubernetes()], warnings: WarningMode.SILENT });
    const prod = new Zone(shop, 'prod');
    const web = new Tier(prod, 'web', { selector: { app: 'web' }, ports: [Port.tcp(80)] });
    new Tier(prod, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] }).allowFrom(web);
    const before = app.synthYaml();
    const chart = shop.chartFor('kubernetes');
    const policy = chart.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && c.name === 'api-ingress');
    if (!policy) throw new Error('api-ingress was not emitted');
    ApiObject.of(policy).addJsonPatch(JsonPatch.add('/metadata/annotations', { reviewed: 'yes' }));
    policy.metadata.addLabel('owner', 'team-a');
    const after = Testing.synth(chart).find((d: { metadata: { name: string } }) => d.metadata.name === 'api-ingress');
    expect(before).not.toContain('reviewed');
    expect(after.metadata.annotations).toEqual({ reviewed: 'yes' });
    expect(after.metadata.labels).toMatchObject({ owner: 'team-a', 'app.kubernetes.io/managed-by': 'cdk8s-zerotrust' });
  });
});

describe('WatchedMetadata', () => {
  test('can note a change made through any method that changes metadata', () => {
    const readers = new Set(['constructor', 'getLabel', 'toJson']);
    const writers = Object.getOwnPropertyNames(ApiObjectMetadataDefinition.prototype).filter((m) => !readers.has(m));
    expect(writers.length).toBeGreaterThan(0);
    expect(writers.filter((m) => !Object.prototype.hasOwnProperty.call(WatchedMetadata.prototype, m))).toEqual([]);
  });
});
