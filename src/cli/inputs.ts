import * as fs from 'fs';
import * as path from 'path';
import { parseManifests } from '../verify/load';
import { KubeObject } from '../verify/policy-set';

/** A path that cannot be read: reported without the usage, exit status 2. */
export class InputError extends Error {}

/** A document and the file it came from. */
export interface InputDocument {
  readonly file: string;
  readonly object: KubeObject;
}

/** What the given paths hold. */
export interface Inputs {
  /** Files read, in order: the given order, directories expanded in sorted order. */
  readonly files: readonly string[];
  readonly documents: readonly InputDocument[];
  /** One line per file that is not valid YAML or holds a document that is not a Kubernetes object. */
  readonly unreadable: readonly string[];
}

/** Extensions read from directories (a file named explicitly is read whatever its name). */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * Reads every manifest file under the given paths. A directory is walked recursively in sorted
 * order and only its `.yaml`, `.yml` and `.json` files are read. Throws `InputError` for a path
 * that does not exist.
 */
export function readInputs(paths: readonly string[]): Inputs {
  const files: string[] = [];
  const walk = (p: string, explicit: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new InputError(`${p}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry), false);
    } else if (explicit || MANIFEST_FILE.test(p)) {
      if (!files.includes(p)) files.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  const documents: InputDocument[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      for (const object of parseManifests(fs.readFileSync(file, 'utf8'), file)) documents.push({ file, object });
    } catch (e) {
      unreadable.push((e as Error).message);
    }
  }
  return { files, documents, unreadable };
}
