import type { CelInput } from '@bufbuild/cel';
import { isJsonObject, type JsonObject } from '../json-value';
import type { SchemaNode } from '../schema-node';

/**
 * Converts (defaulted) manifest values into CEL values the way the API server types them from the schema:
 * `integer` and int-or-string numbers become CEL ints, `number` stays double, objects with declared properties
 * expose only those properties under their escaped names (`namespace` → `__namespace__`), and the root's
 * `metadata` exposes only `name` and `generateName`.
 */

const CEL_RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);
const ESCAPABLE = /^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/;
const ESCAPES: Readonly<Record<string, string>> = {
  __: '__underscores__',
  '.': '__dot__',
  '-': '__dash__',
  '/': '__slash__',
};

/** The CEL name of a property (Kubernetes escaping rules), or undefined when CEL cannot address it. */
export function escapeCelPropertyName(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!ESCAPABLE.test(name)) return undefined;
  return name.replace(/__|[.\-/]/g, (match) => ESCAPES[match]);
}

function convertNumber(node: SchemaNode | undefined, value: number): CelInput {
  return Number.isInteger(value) && node?.type !== 'number' ? BigInt(value) : value;
}

/** Converts values of one document; converted objects are remembered, so a subtree is converted once. */
export class CelValueConverter {
  private readonly converted = new Map<object, CelInput>();

  /** The CEL value of `value` typed by `node` (undefined node: no schema, as under preserve-unknown-fields). */
  public convert(node: SchemaNode | undefined, value: unknown): CelInput {
    if (typeof value === 'number') return convertNumber(node, value);
    if (typeof value !== 'object' || value === null) return value as CelInput;
    let result = this.converted.get(value);
    if (result === undefined) {
      result = Array.isArray(value)
        ? value.map((item) => this.convert(node?.items, item))
        : this.convertObject(node, value as JsonObject);
      this.converted.set(value, result);
    }
    return result;
  }

  private convertObject(node: SchemaNode | undefined, value: JsonObject): CelInput {
    const entries = new Map<string, CelInput>();
    const additional = node?.additionalProperties;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      if (node !== undefined && node.declaresProperties) {
        const child = node.property(key);
        const name = escapeCelPropertyName(key);
        if (child === undefined || name === undefined) continue;
        entries.set(name, node.isRoot && key === 'metadata' ? this.rootMetadata(item) : this.convert(child, item));
      } else {
        entries.set(key, this.convert(typeof additional === 'object' ? additional : undefined, item));
      }
    }
    return entries;
  }

  private rootMetadata(metadata: unknown): CelInput {
    const entries = new Map<string, CelInput>();
    if (isJsonObject(metadata)) {
      for (const key of ['name', 'generateName']) {
        if (typeof metadata[key] === 'string') entries.set(key, metadata[key] as string);
      }
    }
    return entries;
  }
}
