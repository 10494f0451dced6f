import { parseAllDocuments } from 'yaml';
import { isJsonObject, type JsonObject } from './json-value';
import type { RawSchema } from './schema-node';

/**
 * Reading CustomResourceDefinition files: a cheap scan that finds which group and kind each file defines
 * without parsing it, and the full parse of a file when one of its kinds is needed.
 */

/** A group and kind defined by a CRD file, found by scanning its text. */
export interface CrdFileEntry {
  /** API group, e.g. `cilium.io`. */
  readonly group: string;
  /** Kind, e.g. `CiliumNetworkPolicy`. */
  readonly kind: string;
}

/** One version of a parsed CRD. */
export interface CrdVersion {
  /** Version name, e.g. `v1`. */
  readonly name: string;
  /** True when the API server serves this version. */
  readonly served: boolean;
  /** The `schema.openAPIV3Schema`. */
  readonly schema: RawSchema;
}

/** A parsed CRD. */
export interface CrdDefinition extends CrdFileEntry {
  /** True for `scope: Cluster`. */
  readonly clusterScoped: boolean;
  /** Its versions, in file order. */
  readonly versions: readonly CrdVersion[];
}

const DOCUMENT_SEPARATOR = /^---[ \t]*$/m;
const CRD_KIND = /^kind:[ \t]*["']?CustomResourceDefinition["']?[ \t]*$/m;
const GROUP = /^ {2}group:[ \t]*["']?([^"'\s]+)["']?[ \t]*$/m;
const NAMES_BLOCK = /^ {2}names:[ \t]*\n((?:(?: {4,}.*)?\n)*)/m;
const NAMES_KIND = /^ {4}kind:[ \t]*["']?([^"'\s]+)["']?[ \t]*$/m;

/**
 * Finds the group and kind of every CRD in a file's text; undefined when the text does not have the layout the
 * scan understands (the caller then parses the file).
 */
export function scanCrdFile(text: string): CrdFileEntry[] | undefined {
  const entries: CrdFileEntry[] = [];
  for (const chunk of text.split(DOCUMENT_SEPARATOR)) {
    if (!CRD_KIND.test(chunk)) continue;
    const group = GROUP.exec(chunk)?.[1];
    const names = NAMES_BLOCK.exec(chunk)?.[1];
    const kind = names === undefined ? undefined : NAMES_KIND.exec(names)?.[1];
    if (group === undefined || kind === undefined) return undefined;
    entries.push({ group, kind });
  }
  return entries;
}

function readVersion(raw: unknown): CrdVersion | undefined {
  if (!isJsonObject(raw) || typeof raw.name !== 'string') return undefined;
  const schema = isJsonObject(raw.schema) ? raw.schema.openAPIV3Schema : undefined;
  if (!isJsonObject(schema)) return undefined;
  return { name: raw.name, served: raw.served === true, schema };
}

function readDefinition(doc: JsonObject): CrdDefinition | undefined {
  const spec = doc.spec;
  if (doc.kind !== 'CustomResourceDefinition' || !isJsonObject(spec) || !isJsonObject(spec.names)) return undefined;
  if (typeof spec.group !== 'string' || typeof spec.names.kind !== 'string' || !Array.isArray(spec.versions))
    return undefined;
  const versions = spec.versions.map(readVersion).filter((v): v is CrdVersion => v !== undefined);
  return { group: spec.group, kind: spec.names.kind, clusterScoped: spec.scope === 'Cluster', versions };
}

/** Parses every CRD of a file's text. */
export function parseCrdFile(text: string, file: string): CrdDefinition[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
    const doc: unknown = document.toJS({ maxAliasCount: -1 });
    return isJsonObject(doc) ? [readDefinition(doc)].filter((d): d is CrdDefinition => d !== undefined) : [];
  });
}
