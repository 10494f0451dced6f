import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseManifests } from '../verify/load';
import { DEFAULT_MAX_FILE_SIZE, InputDocument, InputError, Inputs } from './inputs';

/** Extensions read from directories (a file named explicitly is read whatever its name). */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * Reads the manifests of `paths` as committed at git revision `rev`, without checking anything
 * out: the files are listed with `git ls-tree` and read with `git show`. A directory is read
 * recursively (its `.yaml`, `.yml` and `.json` files, in sorted order). Files are named
 * `<rev>:<path>`. Throws `InputError` when git is missing, a path is outside a repository, the
 * revision is unknown, or a path does not exist at that revision.
 */
export function readGitInputs(rev: string, paths: readonly string[], maxFileSize = DEFAULT_MAX_FILE_SIZE): Inputs {
  if (rev.startsWith('-')) throw new InputError(`--base '${rev}' is not a git revision`);
  const files: string[] = [];
  const documents: InputDocument[] = [];
  const unreadable: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    const top = repositoryOf(abs, p);
    const commit = git(
      top,
      ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`],
      `--base ${rev}: not a revision of the git repository at ${top}. Fetch it (git fetch) or name a commit, branch or tag`,
    ).trim();
    const rel = path.relative(top, realOrSelf(abs)).split(path.sep).join('/');
    const listing = git(
      top,
      ['ls-tree', '-r', '-l', '-z', '--full-name', commit, '--', rel === '' ? '.' : rel],
      `${p}: cannot list it at ${rev}`,
    );
    const entries = listing
      .split('\0')
      .filter((e) => e !== '')
      .map((e) => {
        const tab = e.indexOf('\t');
        const [, type, object, size] = e.slice(0, tab).split(/\s+/);
        return { type, object, size: Number(size), file: e.slice(tab + 1) };
      })
      .filter((e) => e.type === 'blob');
    if (entries.length === 0)
      throw new InputError(`${p}: does not exist at ${rev}. Give a path that is committed at that revision`);
    const explicit = entries.length === 1 && entries[0].file === rel;
    const chosen = explicit
      ? entries
      : entries
          .filter((e) => MANIFEST_FILE.test(e.file))
          .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    if (chosen.length === 0)
      throw new InputError(`${p}: no .yaml, .yml or .json file in this directory at ${rev}: nothing to compare`);
    for (const e of chosen) {
      const name = `${rev}:${e.file}`;
      if (e.size > maxFileSize)
        throw new InputError(`${name}: ${e.size} bytes, more than the limit of ${maxFileSize} bytes. Split the file`);
      if (files.includes(name)) continue;
      files.push(name);
      const bytes = gitBytes(top, ['show', e.object], `${name}: cannot read it`);
      if (bytes.includes(0)) {
        unreadable.push(`${name}: binary data (a NUL byte), not YAML or JSON`);
        continue;
      }
      try {
        for (const object of parseManifests(bytes.toString('utf8'), name)) documents.push({ file: name, object });
      } catch (e2) {
        unreadable.push((e2 as Error).message);
      }
    }
  }
  return { files, documents, unreadable };
}

/** The top directory of the git work tree holding `abs` (or its nearest existing parent). */
function repositoryOf(abs: string, given: string): string {
  let dir = abs;
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  const top = git(
    dir,
    ['rev-parse', '--show-toplevel'],
    `${given}: not inside a git work tree, so --base cannot read it. Compare two paths instead (diff <old> <new>)`,
  ).trim();
  return realOrSelf(top);
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function git(cwd: string, args: readonly string[], failure: string): string {
  return gitBytes(cwd, args, failure).toString('utf8');
}

function gitBytes(cwd: string, args: readonly string[], failure: string): Buffer {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1024 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') throw new InputError('git is not installed (or not on PATH): --base needs it');
    const detail = err.stderr?.toString('utf8').trim().split('\n')[0];
    throw new InputError(`${failure}${detail ? ` (git: ${detail})` : ''}`);
  }
}

/**
 * The text of the files under `paths` at revision `rev` whose names match `pattern` (none when a
 * path has no such file there), named `<rev>:<path>`.
 */
export function readGitTextFiles(
  rev: string,
  paths: readonly string[],
  pattern: RegExp,
): { readonly file: string; readonly text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    const top = repositoryOf(abs, p);
    const rel = path.relative(top, realOrSelf(abs)).split(path.sep).join('/');
    const listing = git(
      top,
      ['ls-tree', '-r', '-z', '--full-name', rev, '--', rel === '' ? '.' : rel],
      `${p}: cannot list it at ${rev}`,
    );
    for (const e of listing.split('\0').filter((x) => x !== '')) {
      const tab = e.indexOf('\t');
      const [, type, object] = e.slice(0, tab).split(/\s+/);
      const file = e.slice(tab + 1);
      if (type !== 'blob' || !pattern.test(file) || out.some((o) => o.file === `${rev}:${file}`)) continue;
      out.push({ file: `${rev}:${file}`, text: git(top, ['show', object], `${rev}:${file}: cannot read it`) });
    }
  }
  return out;
}
