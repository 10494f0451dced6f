import * as fs from 'fs';
import * as path from 'path';
import { parseCrdFile, type CrdDefinition } from '../../../src/validation/schema/crd-file';

/** The package's vendored schemas folder. */
export const SCHEMAS_DIR = path.join(__dirname, '../../../schemas');

/** Every vendored CRD file (absolute paths), sorted. */
export function vendoredCrdFiles(): string[] {
  return fs
    .readdirSync(SCHEMAS_DIR)
    .filter((folder) => fs.statSync(path.join(SCHEMAS_DIR, folder)).isDirectory())
    .sort()
    .flatMap((folder) =>
      fs
        .readdirSync(path.join(SCHEMAS_DIR, folder))
        .filter((file) => file.endsWith('.yaml'))
        .sort()
        .map((file) => path.join(SCHEMAS_DIR, folder, file)),
    );
}

/** The served versions' schemas of every vendored CRD. */
export function servedSchemas(): unknown[] {
  return vendoredCrdFiles()
    .flatMap((file): CrdDefinition[] => parseCrdFile(fs.readFileSync(file, 'utf8'), file))
    .flatMap((crd) => crd.versions.filter((v) => v.served).map((v) => v.schema));
}

/** Every value found under `key` anywhere in a JSON tree (not looking inside those values). */
export function valuesOfKey(node: unknown, key: string, into: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((child) => valuesOfKey(child, key, into));
  else if (typeof node === 'object' && node !== null) {
    for (const [name, value] of Object.entries(node)) {
      if (name === key) into.push(value);
      else valuesOfKey(value, key, into);
    }
  }
  return into;
}
