import * as fs from 'fs';
import * as path from 'path';
import { parseCrdFile, scanCrdFile } from '../../../src/validation/schema/crd-file';
import { SCHEMAS_DIR, vendoredCrdFiles } from './vendored';

describe('CRD files', () => {
  it.each(vendoredCrdFiles().map((file) => [path.relative(SCHEMAS_DIR, file), file]))(
    'can find the group and kind of %s without parsing it, exactly as parsing does',
    (_name, file) => {
      const text = fs.readFileSync(file, 'utf8');
      const parsed = parseCrdFile(text, file).map(({ group, kind }) => ({ group, kind }));
      expect(parsed.length).toBeGreaterThan(0);
      expect(scanCrdFile(text)).toEqual(parsed);
    },
  );

  it('cannot scan a layout it does not understand, so the caller parses instead', () => {
    const flow =
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {group: example.com, names: {kind: Foo}}\n';
    expect(scanCrdFile(flow)).toBeUndefined();
    expect(parseCrdFile(flow, 'flow.yaml')).toEqual([]);
  });

  it('throws on YAML errors, naming the file', () => {
    expect(() => parseCrdFile('a: [', 'broken.yaml')).toThrow(/^broken\.yaml: /);
  });
});
