/**
 * Defensive readers for untyped manifest fields: every reader returns `undefined` (or an empty
 * value) instead of throwing, so that one malformed object never stops the evaluation of the
 * others.
 */

/** A plain object read from a manifest. */
export type ManifestRecord = { readonly [key: string]: unknown };

/** The value as an object, or `undefined` when it is not a plain object. */
export function asRecord(value: unknown): ManifestRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ManifestRecord) : undefined;
}

/** The value as a string, or `undefined`. Numbers are rendered as decimal strings (ports in YAML). */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The value as a list of strings, or `undefined` when absent; non-string entries are dropped. */
export function asStringList(value: unknown): readonly string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map(asString).filter((entry): entry is string => entry !== undefined);
}

/** The value as an array (empty when it is not one). */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value as a string map (labels), keeping only string values. */
export function asStringMap(value: unknown): { readonly [key: string]: string } {
  const record = asRecord(value);
  const result: { [key: string]: string } = {};
  if (!record) return result;
  for (const key of Object.keys(record).sort()) {
    const entry = asString(record[key]);
    if (entry !== undefined) result[key] = entry;
  }
  return result;
}

/** `metadata.namespace` / `metadata.name` / labels / annotations of a manifest. */
export interface ManifestMeta {
  readonly namespace: string;
  readonly name: string;
  readonly labels: { readonly [key: string]: string };
  readonly annotations: { readonly [key: string]: string };
  readonly creationTimestamp?: string;
}

/** Reads the metadata of a namespaced manifest; the namespace defaults to `default`. */
export function readMeta(object: ManifestRecord): ManifestMeta {
  const metadata = asRecord(object.metadata) ?? {};
  const creationTimestamp = asString(metadata.creationTimestamp);
  return {
    namespace: asString(metadata.namespace) ?? 'default',
    name: asString(metadata.name) ?? '',
    labels: asStringMap(metadata.labels),
    annotations: asStringMap(metadata.annotations),
    ...(creationTimestamp !== undefined ? { creationTimestamp } : {}),
  };
}

/** Whether a manifest has the given API group (any version) and kind. */
export function isKind(object: ManifestRecord, group: string, kind: string): boolean {
  const apiVersion = asString(object.apiVersion) ?? '';
  const objectGroup = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return objectGroup === group && object.kind === kind;
}

/** Orders objects by namespace, then name (the order used for every report). */
export function byNamespaceAndName<T extends { readonly namespace: string; readonly name: string }>(a: T, b: T): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return 0;
}
