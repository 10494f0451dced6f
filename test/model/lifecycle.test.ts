import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { MeshMode, MeshMtls, MtlsMode, Peer, Port, Profile, Tier, Topology, WarningMode, Zone } from '../../src';
import { find, synthDocs } from '../util/synth';

/** A small shop: web → api on 8080. */
function smallShop(app: App): { t: Topology; prod: Zone; web: Tier; api: Tier } {
  const t = new Topology(app, 'shop', {
    profiles: [Profile.kubernetes(), Profile.cilium()],
    warnings: WarningMode.SILENT,
  });
  const prod = new Zone(t, 'prod');
  const web = new Tier(prod, 'web', { selector: { app: 'web' }, ports: [Port.tcp(80)] });
  const api = new Tier(prod, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] });
  api.allowFrom(web);
  return { t, prod, web, api };
}

describe('emitted objects before synth (escape hatches)', () => {
  test('can add an annotation to an emitted object before synth', () => {
    const docs = synthDocs((app) => {
      smallShop(app)
        .t.findObject('kubernetes', 'NetworkPolicy', 'api-ingress', 'prod')
        .metadata.addAnnotation('reviewed-by', 'security');
    });
    expect(find(docs['shop-kubernetes.k8s.yaml'], 'NetworkPolicy', 'api-ingress').metadata).toMatchObject({
      annotations: { 'reviewed-by': 'security' },
    });
    expect(find(docs['shop-cilium.k8s.yaml'], 'CiliumNetworkPolicy', 'api-ingress').metadata).not.toHaveProperty(
      'annotations',
    );
  });

  test('can add a JSON patch to an emitted object before synth', () => {
    const docs = synthDocs((app) => {
      const policy = smallShop(app).t.findObject('cilium', 'CiliumNetworkPolicy', 'api-ingress');
      ApiObject.of(policy).addJsonPatch(JsonPatch.add('/spec/description', 'api from web'));
    });
    expect(find(docs['shop-cilium.k8s.yaml'], 'CiliumNetworkPolicy', 'api-ingress').spec.description).toBe(
      'api from web',
    );
  });

  test('can remove a field of an emitted object before synth', () => {
    const docs = synthDocs((app) => {
      const { t } = smallShop(app);
      for (const o of t.objectsOf('kubernetes'))
        o.addJsonPatch(JsonPatch.remove('/metadata/labels/zerotrust.cdk8s.io~1topology'));
    });
    const k8s = docs['shop-kubernetes.k8s.yaml'];
    expect(k8s.length).toBeGreaterThan(0);
    for (const d of k8s) expect(d.metadata.labels).not.toHaveProperty(['zerotrust.cdk8s.io/topology']);
    for (const d of docs['shop-cilium.k8s.yaml'])
      expect(d.metadata.labels).toHaveProperty(['zerotrust.cdk8s.io/topology'], 'shop');
  });

  test("can list every emitted object of a profile, in output order, inside the profile's chart", () => {
    const app = new App();
    const { t } = smallShop(app);
    const objects = t.objectsOf('kubernetes');
    expect(objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'NetworkPolicy/prod-default-deny',
      'NetworkPolicy/api-ingress',
      'NetworkPolicy/web-egress',
    ]);
    expect(objects.every((o) => t.chartFor('kubernetes').node.children.includes(o))).toBe(true);
  });

  test('throws for an object the profile does not emit', () => {
    expect(() => smallShop(new App()).t.findObject('kubernetes', 'NetworkPolicy', 'nope')).toThrow(
      /no NetworkPolicy named 'nope'/,
    );
  });

  test('throws from chartFor for a topology that does not compile, with every problem', () => {
    const t = new Topology(new App(), 'shop', { profiles: [Profile.cilium()], warnings: WarningMode.SILENT });
    new Tier(new Zone(t, 'prod'), 'empty', {});
    expect(() => t.chartFor('cilium')).toThrow(/\[shop\/prod\/empty\] ZT122/);
  });
});

describe('late additions are never silently dropped', () => {
  test('throws for a construct added after the objects were created', () => {
    const { t, prod, web } = smallShop(new App());
    t.chartFor('cilium');
    expect(() => new Tier(prod, 'late', { selector: { app: 'late' } })).toThrow(
      /\[shop\/prod\/late\] ZT133: .*Declare every construct before calling chartFor/,
    );
    expect(() => web.allowTo(Peer.cidr('10.0.0.0/8'))).toThrow(/ZT133/);
  });

  test('can add a tier and an edge after reading warnings: the output has them', () => {
    const docs = synthDocs((app) => {
      const { t, prod, api } = smallShop(app);
      expect(t.warnings).toEqual([]);
      expect(t.widenings).toEqual([]);
      const worker = new Tier(prod, 'worker', { selector: { app: 'worker' } });
      api.allowFrom(worker);
    });
    expect(find(docs['shop-cilium.k8s.yaml'], 'CiliumNetworkPolicy', 'worker-egress')).toBeDefined();
    expect(find(docs['shop-kubernetes.k8s.yaml'], 'NetworkPolicy', 'api-ingress').spec.ingress).toHaveLength(2);
  });
});

describe('README: escape hatches', () => {
  test('can run the README example: annotate, patch and trim emitted objects, then refuse a late tier', () => {
    const docs = synthDocs((app) => {
      const { t: shop, prod } = smallShop(app);
      // every zone, tier and edge first: the first call below compiles the topology and seals it
      const policy = shop.findObject('cilium', 'CiliumNetworkPolicy', 'api-ingress', 'prod');
      policy.metadata.addAnnotation('reviewed-by', 'security');
      ApiObject.of(policy).addJsonPatch(JsonPatch.add('/spec/description', 'api from web'));
      for (const o of shop.objectsOf('kubernetes'))
        o.addJsonPatch(JsonPatch.remove('/metadata/labels/zerotrust.cdk8s.io~1topology'));
      const chart = shop.chartFor('cilium'); // the profile's chart: add objects of your own
      expect(() => {
        new Tier(prod, 'late', { selector: { app: 'late' } }); // throws ZT133: declare every construct first
      }).toThrow(/ZT133/);
      expect(chart.node.children).toContain(policy);
    });
    const cnp = find(docs['shop-cilium.k8s.yaml'], 'CiliumNetworkPolicy', 'api-ingress');
    expect(cnp.metadata).toMatchObject({ annotations: { 'reviewed-by': 'security' } });
    expect(cnp.spec.description).toBe('api from web');
    expect(find(docs['shop-kubernetes.k8s.yaml'], 'NetworkPolicy', 'api-ingress').metadata.labels).not.toHaveProperty([
      'zerotrust.cdk8s.io/topology',
    ]);
  });

  test('can show the escape-hatch example exactly as the test above runs it', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Escape hatches'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)![1];
    const source = fs
      .readFileSync(__filename, 'utf8')
      .split('\n')
      .map((l) => l.trim());
    let at = 0;
    for (const line of block
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0)) {
      const found = source.indexOf(line, at);
      expect({ line, found: found >= 0 }).toEqual({ line, found: true });
      at = found + 1;
    }
  });
});

describe('acknowledgements after reading warnings', () => {
  test('can acknowledge a warning after reading it: the next read leaves it out', () => {
    const t = new Topology(new App(), 'shop', {
      profiles: [Profile.cilium()],
      mesh: MeshMode.SIDECAR,
      warnings: WarningMode.SILENT,
    });
    const prod = new Zone(t, 'prod');
    new MeshMtls(prod, 'mtls', { mode: MtlsMode.STRICT });
    expect(t.warnings.map((w) => w.code)).toEqual(['ZT202']);
    t.acknowledgeWarning('ZT202', prod, 'the mesh profile is emitted by another app');
    expect(t.warnings).toEqual([]);
  });
});
