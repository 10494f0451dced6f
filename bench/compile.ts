import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** The folders of the repository the benchmark workers need, transpiled. */
const SOURCE_FOLDERS = ['src', 'bench'];

/**
 * Transpiles the library and the benchmark to plain JavaScript in a fresh temporary folder, so
 * that workers run on node alone: no TypeScript compiler in their memory or their timings. Type
 * checking stays with `tsc`; this only strips types (each file on its own, as ts-jest does).
 * Returns the folder; bare imports resolve through `NODE_PATH` (see `workerEnv`).
 */
export function transpileForWorkers(repoRoot: string): string {
  const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zerotrust-bench-'));
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: false,
    experimentalDecorators: true,
    sourceMap: false,
  };
  for (const folder of SOURCE_FOLDERS) {
    for (const file of tsFiles(path.join(repoRoot, folder))) {
      const out = path.join(outRoot, path.relative(repoRoot, file)).replace(/\.ts$/, '.js');
      const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
        compilerOptions: options,
        fileName: file,
      });
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, outputText);
    }
  }
  // The schema validator finds its schemas from the package root: point it at the repository's.
  fs.writeFileSync(
    path.join(outRoot, 'package.json'),
    JSON.stringify({ name: 'cdk8s-zerotrust-bench', private: true }),
  );
  fs.symlinkSync(path.join(repoRoot, 'schemas'), path.join(outRoot, 'schemas'));
  return outRoot;
}

/** The environment of a worker: the repository's node_modules on `NODE_PATH`. */
export function workerEnv(repoRoot: string): NodeJS.ProcessEnv {
  const modules = path.join(repoRoot, 'node_modules');
  return {
    ...process.env,
    NODE_PATH: process.env.NODE_PATH ? `${modules}${path.delimiter}${process.env.NODE_PATH}` : modules,
  };
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
