import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SchemaValidator } from '../../../src/validation/schema';
import { SCHEMAS_DIR } from './vendored';

/**
 * A schemas folder made of the vendored Kubernetes OpenAPI document and the synthetic CRDs under
 * fixtures/synthetic, loaded as a validator. The folder is built in the OS temp folder and removed once every
 * file has been read.
 */
export function syntheticValidator(): SchemaValidator {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-validator-'));
  const kubernetes = path.join(SCHEMAS_DIR, 'kubernetes');
  fs.mkdirSync(path.join(dir, 'kubernetes'));
  for (const file of fs.readdirSync(kubernetes))
    fs.copyFileSync(path.join(kubernetes, file), path.join(dir, 'kubernetes', file));
  const synthetic = path.join(__dirname, 'fixtures/synthetic');
  for (const file of fs.readdirSync(synthetic)) fs.copyFileSync(path.join(synthetic, file), path.join(dir, file));
  try {
    const validator = SchemaValidator.load(dir);
    expect(validator.knownKinds).toContain('example.com/v1 Widget');
    return validator;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A valid Widget with the given spec fields. */
export function widget(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'ns', ...metadata },
    spec: { size: 2, ...spec },
  };
}
