import * as fs from 'fs';
import * as path from 'path';

/**
 * Finds the folder of the package this file belongs to: the nearest ancestor of `start` containing a
 * `package.json`. Works from `src/` (ts-jest) and from `lib/` (compiled) alike.
 * @throws Error when no ancestor has a package.json.
 */
export function findPackageRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
}
