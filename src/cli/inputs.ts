import * as fs from 'fs';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import { evaluatedFields, readManifestPieces, readManifestText } from '../verify/load';
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

/** How inputs are read. */
export interface ReadOptions {
  /** Files larger than this are refused before they are read. */
  readonly maxFileSize: number;
  /**
   * Keep of workloads and Services only the fields verify reads (`evaluatedFields`), as each is
   * read, so that a whole cluster export is never held in full. @default false
   */
  readonly evaluatedFieldsOnly?: boolean;
}

/** The default size limit of one input file: 256 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024;

/** Bytes read at a time: a file is read a block at a time, so memory does not grow with its size. */
const READ_BLOCK = 1024 * 1024;

/** Extensions read from directories (a file named explicitly is read whatever its name). */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * Reads every manifest file under the given paths. A directory is walked recursively in sorted
 * order and only its `.yaml`, `.yml` and `.json` files are read. Throws `InputError`, before
 * reading anything, for a path that does not exist or cannot be read, a symbolic link loop, a
 * directory without any manifest file, something that is not a regular file (a FIFO, a device,
 * a socket), and a file past the size limit. A file that holds no object, binary data or a YAML
 * error is listed in `unreadable`.
 */
export function readInputs(
  paths: readonly string[],
  options: ReadOptions = { maxFileSize: DEFAULT_MAX_FILE_SIZE },
): Inputs {
  const files: string[] = [];
  const explicitFiles = new Set<string>();
  const walk = (p: string, explicit: boolean, visited: ReadonlySet<string>): void => {
    const stat = statOf(p);
    if (stat.isDirectory()) {
      const real = fs.realpathSync(p);
      if (visited.has(real))
        throw new InputError(
          `${p}: directory loop through a symbolic link (ELOOP). Remove the link or name the files directly`,
        );
      const before = files.length;
      for (const entry of readDir(p)) walk(path.join(p, entry), false, new Set([...visited, real]));
      if (explicit && files.length === before)
        throw new InputError(
          `${p}: no .yaml, .yml or .json file in this directory: nothing to verify. Give the directory that holds the manifests`,
        );
      return;
    }
    if (!explicit && !MANIFEST_FILE.test(p)) return;
    if (!stat.isFile()) throw new InputError(`${p}: not a regular file (${fileType(stat)}): give a manifest file`);
    if (stat.size > options.maxFileSize) {
      throw new InputError(
        `${p}: ${stat.size} bytes, more than the limit of ${options.maxFileSize} bytes. Split the file, or raise the limit with --max-file-size`,
      );
    }
    if (explicit) explicitFiles.add(p);
    if (!files.includes(p)) files.push(p);
  };
  for (const p of paths) walk(p, true, new Set());
  const documents: InputDocument[] = [];
  const unreadable: string[] = [];
  const keep = options.evaluatedFieldsOnly === true ? evaluatedFields : undefined;
  for (const file of files) {
    const streamed = readInBlocks(file, keep);
    if (streamed !== undefined) {
      if (streamed.length === 0 && explicitFiles.has(file))
        unreadable.push(`${file}: no Kubernetes object in this file: nothing to verify`);
      for (const object of streamed) documents.push({ file, object });
      continue;
    }
    // Outside the fast reader's subset, binary data, or a problem to name: read it whole, as before.
    let text: string;
    {
      const bytes = readFile(file);
      if (bytes.includes(0)) {
        unreadable.push(`${file}: binary data (a NUL byte), not YAML or JSON`);
        continue;
      }
      text = bytes.toString('utf8');
    }
    try {
      const objects = readManifestText(text, file, keep);
      if (objects.length === 0 && explicitFiles.has(file))
        unreadable.push(`${file}: no Kubernetes object in this file: nothing to verify`);
      for (const object of objects) documents.push({ file, object });
    } catch (e) {
      unreadable.push((e as Error).message);
    }
  }
  return { files, documents, unreadable };
}

/**
 * The objects of a file read a block at a time by the fast reader (`readManifestPieces`), so that
 * neither its bytes nor its text are ever held whole; undefined when the file is not for it (it
 * leaves the fast reader's subset, holds something other than Kubernetes objects, or a NUL byte):
 * the caller then reads it whole, and names any problem.
 */
function readInBlocks(file: string, keep: ((o: KubeObject) => KubeObject) | undefined): KubeObject[] | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new InputError(`${file}: ${describeError(e)}`);
  }
  try {
    const block = Buffer.allocUnsafe(READ_BLOCK);
    const decoder = new StringDecoder('utf8');
    let ended = false;
    let binary = false;
    const objects = readManifestPieces(() => {
      if (ended) return undefined;
      const n = readBlock(file, fd, block);
      if (n === 0 || block.subarray(0, n).includes(0)) {
        ended = true;
        binary = n > 0;
        const rest = binary ? '' : decoder.end();
        return rest === '' ? undefined : rest;
      }
      return decoder.write(block.subarray(0, n));
    }, keep);
    return binary ? undefined : objects;
  } finally {
    fs.closeSync(fd);
  }
}

function readBlock(file: string, fd: number, block: Buffer): number {
  try {
    return fs.readSync(fd, block, 0, block.length, null);
  } catch (e) {
    throw new InputError(`${file}: ${describeError(e)}`);
  }
}

function statOf(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch (e) {
    throw new InputError(`${p}: ${describeError(e)}`);
  }
}

function readDir(p: string): string[] {
  try {
    return fs.readdirSync(p).sort();
  } catch (e) {
    throw new InputError(`${p}: ${describeError(e)}`);
  }
}

function readFile(p: string): Buffer {
  try {
    return fs.readFileSync(p);
  } catch (e) {
    throw new InputError(`${p}: ${describeError(e)}`);
  }
}

/** A file system error in words, with its code. */
export function describeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ELOOP':
      return 'too many levels of symbolic links (ELOOP): a symbolic link loop. Fix or remove the link';
    case 'EACCES':
      return 'permission denied (EACCES)';
    case 'ENOTDIR':
      return 'a part of the path is not a directory (ENOTDIR)';
    case 'EISDIR':
      return 'is a directory (EISDIR)';
    default:
      return `cannot be read (${code ?? (e as Error).message})`;
  }
}

function fileType(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}
