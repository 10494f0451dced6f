import { sortedKeys } from '../validation/sorted-keys';

/** How `canonicalJson` treats empty collections. */
export interface CanonicalJsonOptions {
  /**
   * Drop empty objects and arrays (as cdk8s does for metadata).
   * @default false
   */
  readonly dropEmpty?: boolean;
}

/**
 * Copies plain JSON data into the canonical form cdk8s gives every manifest: object keys sorted,
 * `null` and `undefined` members removed (recursively), and, with `dropEmpty`, empty objects and
 * arrays removed too. It is cdk8s' own `sanitizeValue` (with `sortKeys`), so output stays
 * byte-identical; it throws, as cdk8s does, on an object that is not a plain object.
 * @see https://github.com/cdk8s-team/cdk8s-core/blob/2.x/src/_util.ts
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): unknown {
  return canonical(value, options.dropEmpty === true);
}

function canonical(value: unknown, dropEmpty: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (dropEmpty && value.length === 0) return undefined;
    return value.map((item) => canonical(item, dropEmpty));
  }
  if (value.constructor.name !== 'Object')
    throw new Error(`can't render non-simple object of type '${value.constructor.name}'`);
  const source = value as { readonly [key: string]: unknown };
  const out: { [key: string]: unknown } = {};
  let size = 0;
  for (const key of sortedKeys(source)) {
    const v = canonical(source[key], dropEmpty);
    if (v !== null && v !== undefined) {
      out[key] = v;
      size++;
    }
  }
  return dropEmpty && size === 0 ? undefined : out;
}
