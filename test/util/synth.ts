import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Topology } from '../../src';
import { defaultSchemaValidator } from '../../src/validation/schema';

/** Fails when any document this library emitted violates the vendored schemas: every test validates what it synthesizes. */
function assertValid(files: Record<string, string>): void {
  const validator = defaultSchemaValidator();
  const problems: string[] = [];
  for (const [f, text] of Object.entries(files)) {
    for (const doc of parseDocs(text)) {
      if (doc.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'cdk8s-zerotrust') continue; // only what this library emits
      for (const v of validator.validate(doc))
        problems.push(
          `${f}: ${doc.kind} ${doc.metadata.namespace ?? ''}/${doc.metadata.name}: ${v.path}: ${v.message}`,
        );
    }
  }
  if (problems.length > 0) throw new Error(`synthesized documents violate the schemas:\n${problems.join('\n')}`);
}

/** A synthesized manifest (plain JSON). */
export type Doc = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  [k: string]: any;
};

/** Synthesizes an app into a temporary directory; returns file name → YAML text. */
export function synthFiles(build: (app: App) => unknown): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-'));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    const out: Record<string, string> = {};
    for (const f of fs.readdirSync(outdir).sort()) {
      if (f.endsWith('.k8s.yaml')) out[f] = fs.readFileSync(path.join(outdir, f), 'utf8');
    }
    assertValid(out);
    return out;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Parses multi-document YAML into plain objects. */
export function parseDocs(text: string): Doc[] {
  return parseAllDocuments(text)
    .map((d) => d.toJSON())
    .filter((d) => d) as Doc[];
}

/** Synthesizes and returns the documents of every profile file, keyed by file name. */
export function synthDocs(build: (app: App) => unknown): Record<string, Doc[]> {
  const files = synthFiles(build);
  return Object.fromEntries(Object.entries(files).map(([f, t]) => [f, parseDocs(t)]));
}

/** Finds one document by kind and name (and namespace); fails the test when absent or ambiguous. */
export function find(docs: Doc[], kind: string, name: string, namespace?: string): Doc {
  const hits = docs.filter(
    (d) =>
      d.kind === kind && d.metadata.name === name && (namespace === undefined || d.metadata.namespace === namespace),
  );
  if (hits.length !== 1)
    throw new Error(
      `expected one ${kind} ${namespace ?? '*'}/${name}, found ${hits.length}: ${docs.map((d) => `${d.kind} ${d.metadata.namespace}/${d.metadata.name}`).join(', ')}`,
    );
  return hits[0];
}

/** Runs synth and returns the thrown message (fails when synth succeeds); checks nothing was written. */
export function synthError(build: (app: App) => unknown): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-'));
  try {
    const app = new App({ outdir });
    build(app);
    let message: string | undefined;
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    if (message === undefined) throw new Error('expected synth to fail, but it succeeded');
    const written = fs.readdirSync(outdir);
    if (written.length > 0) throw new Error(`synth failed but wrote ${written.join(', ')}`);
    return message;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A topology with warnings silenced, for tests. */
export function quiet(): { warnings: any } {
  return { warnings: 'SILENT' };
}

export { Topology };
