import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { Port, Profile, Tier, Topology, WarningMode, Zone } from '../../src';
import { CHECK_OUTPUT_CONTEXT } from '../../src/model/output-check';
import { findTarget } from '../../src/targets/registry';
import { Manifest } from '../../src/targets/target';
import { defaultSchemaValidator } from '../../src/validation/schema';

/** A small topology in an app writing to a fresh directory. */
function shop(context: { [key: string]: unknown } = {}): { app: App; topology: Topology; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-output-check-'));
  const app = new App({ outdir });
  for (const [k, v] of Object.entries(context)) app.node.setContext(k, v);
  const topology = new Topology(app, 'shop', { profiles: [Profile.kubernetes()], warnings: WarningMode.SILENT });
  const prod = new Zone(topology, 'prod');
  const web = new Tier(prod, 'web', { selector: { app: 'web' }, ports: [Port.tcp(8080)] });
  const api = new Tier(prod, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] });
  api.allowFrom(web);
  return { app, topology, outdir };
}

const written = (outdir: string) => fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml'));

afterEach(() => jest.restoreAllMocks());

describe('the schema check of every emitted document at synth', () => {
  test('cannot write an invalid document the compiler emits: ZT160, and nothing written', () => {
    const target = findTarget('kubernetes')!;
    const render = target.render.bind(target);
    jest
      .spyOn(target, 'render')
      .mockImplementation((ir, ctx) =>
        render(ir, ctx).map((m: Manifest) =>
          m.metadata.name === 'api-ingress' ? { ...m, spec: { ...(m.spec as object), policyTypes: ['Sideways'] } } : m,
        ),
      );
    const { app, outdir } = shop();
    expect(() => app.synth()).toThrow(
      /\[shop\] at shop-kubernetes\/NetworkPolicy\.prod\.api-ingress: ZT160: the emitted NetworkPolicy 'api-ingress' fails its schema \(spec\.policyTypes\[0\]: .*\), so a cluster would reject it and nothing was written\. .*report this internal error/,
    );
    expect(written(outdir)).toEqual([]);
  });

  test('cannot write an object added to a profile chart that a JSON patch makes invalid: ZT160', () => {
    const { app, topology, outdir } = shop();
    const extra = new ApiObject(topology.chartFor('kubernetes'), 'extra', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'extra', namespace: 'prod' },
      spec: { podSelector: {} },
    });
    extra.addJsonPatch(JsonPatch.add('/spec/ingress', [{ ports: [{ port: 70000 }] }]));
    expect(() => app.synth()).toThrow(
      /at shop-kubernetes\/extra: ZT160: the emitted NetworkPolicy 'extra' fails its schema \(spec\.ingress\[0\]\.ports\[0\]\.port: /,
    );
    expect(written(outdir)).toEqual([]);
  });

  test('can validate each emitted document once per synth, though cdk8s validates the app once more per chart', () => {
    const { app, topology } = shop();
    topology.chartFor('kubernetes');
    const validate = jest.spyOn(defaultSchemaValidator(), 'validate');
    app.synthYaml();
    const documents = topology.objectsOf('kubernetes').length;
    expect(documents).toBeGreaterThan(1);
    expect(validate).toHaveBeenCalledTimes(documents);
  });

  test('cannot write an emitted object that a JSON patch added after an earlier synth makes invalid: ZT160', () => {
    const { app, topology } = shop();
    app.synthYaml();
    ApiObject.of(topology.findObject('kubernetes', 'NetworkPolicy', 'api-ingress', 'prod')).addJsonPatch(
      JsonPatch.replace('/spec/policyTypes/0', 'Sideways'),
    );
    expect(() => app.synthYaml()).toThrow(
      /at shop-kubernetes\/NetworkPolicy\.prod\.api-ingress: ZT160: the emitted NetworkPolicy 'api-ingress' fails its schema \(spec\.policyTypes\[0\]: /,
    );
  });

  test('can write valid output and kinds without a vendored schema', () => {
    const { app, topology, outdir } = shop();
    new ApiObject(topology.chartFor('kubernetes'), 'deploy', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'prod' },
      spec: { whatever: true },
    });
    app.synth();
    expect(written(outdir)).toEqual(['shop-kubernetes.k8s.yaml']);
  });

  test(`can be turned off with the context key ${CHECK_OUTPUT_CONTEXT}`, () => {
    const { app, topology, outdir } = shop({ [CHECK_OUTPUT_CONTEXT]: 'false' });
    new ApiObject(topology.chartFor('kubernetes'), 'extra', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'extra', namespace: 'prod' },
      spec: { podSelector: {}, policyTypes: ['Sideways'] },
    });
    app.synth();
    expect(written(outdir)).toEqual(['shop-kubernetes.k8s.yaml']);
  });
});
