import * as fs from 'fs';
import * as path from 'path';
import { defaultSchemaValidator } from '../../src/validation/schema';
import { parseManifests } from '../../src/verify/load';

/** The Calico and Linkerd fixtures are valid objects under the vendored CRD schemas (schemas/calico, schemas/linkerd). */
describe('Calico and Linkerd fixtures', () => {
  const root = path.join(__dirname, '../fixtures');
  const files = ['calico/allow-tcp-6379.yaml', 'calico/global-allow-tcp-6379.yaml', 'linkerd/booksapp-per-route.yaml'];
  test.each(files)('can validate %s against the vendored schemas', (file) => {
    const docs = parseManifests(fs.readFileSync(path.join(root, file), 'utf8'), file);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(defaultSchemaValidator().validate(doc)).toEqual([]);
  });

  test('cannot accept a mistyped field of the Calico sample', () => {
    const [doc] = parseManifests(fs.readFileSync(path.join(root, 'calico/allow-tcp-6379.yaml'), 'utf8'));
    const broken = { ...doc, spec: { ...(doc.spec as object), types: ['Sideways'] } };
    expect(
      defaultSchemaValidator()
        .validate(broken)
        .map((v) => v.path),
    ).toContain('spec.types[0]');
  });
});
