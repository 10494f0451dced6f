import * as fs from 'fs';
import * as path from 'path';
import { parseCrdFile, scanCrdFile } from '../../../src/validation/schema/crd-file';

const SCHEMAS = path.join(__dirname, '../../../schemas');

function vendoredCrdFiles(): string[] {
  return fs
    .readdirSync(SCHEMAS)
    .filter((folder) => fs.statSync(path.join(SCHEMAS, folder)).isDirectory())
    .flatMap((folder) => fs.readdirSync(path.join(SCHEMAS, folder)).filter((f) => f.endsWith('.yaml')).map((f) => path.join(SCHEMAS, folder, f)));
}

describe('CRD files', () => {
  it.each(vendoredCrdFiles().map((file) => [path.relative(SCHEMAS, file), file]))(
    'can find the group and kind of %s without parsing it, exactly as parsing does',
    (_name, file) => {
      const text = fs.readFileSync(file, 'utf8');
      const parsed = parseCrdFile(text, file).map(({ group, kind }) => ({ group, kind }));
      expect(parsed.length).toBeGreaterThan(0);
      expect(scanCrdFile(text)).toEqual(parsed);
    },
  );

  it('cannot scan a layout it does not understand, so the caller parses instead', () => {
    const flow = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {group: example.com, names: {kind: Foo}}\n';
    expect(scanCrdFile(flow)).toBeUndefined();
    expect(parseCrdFile(flow, 'flow.yaml')).toEqual([]);
  });

  it('throws on YAML errors, naming the file', () => {
    expect(() => parseCrdFile('a: [', 'broken.yaml')).toThrow(/^broken\.yaml: /);
  });
});
