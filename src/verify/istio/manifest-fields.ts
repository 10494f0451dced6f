import { recordOf, stringMapOf, stringOf } from '../json';

/**
 * Readers for untyped manifest fields that the engine's JSON readers (`../json`) do not cover:
 * every reader returns `undefined` (or an empty value) instead of throwing, so that one malformed
 * object never stops the evaluation of the others.
 */

/** The value as a list of strings, or `undefined` when absent; non-string entries are dropped. */
export function asStringList(value: unknown): readonly string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map(stringOf).filter((entry): entry is string => entry !== undefined);
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
export function readMeta(object: Record<string, unknown>): ManifestMeta {
  const metadata = recordOf(object.metadata);
  const creationTimestamp = stringOf(metadata.creationTimestamp);
  return {
    namespace: stringOf(metadata.namespace) ?? 'default',
    name: stringOf(metadata.name) ?? '',
    labels: stringMapOf(metadata.labels),
    annotations: stringMapOf(metadata.annotations),
    ...(creationTimestamp !== undefined ? { creationTimestamp } : {}),
  };
}

/** Whether a manifest has the given API group (any version) and kind. */
export function isKind(object: Record<string, unknown>, group: string, kind: string): boolean {
  const apiVersion = stringOf(object.apiVersion) ?? '';
  const objectGroup = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return objectGroup === group && object.kind === kind;
}

/** Orders objects by namespace, then name (the order used for every report). */
export function byNamespaceAndName<T extends { readonly namespace: string; readonly name: string }>(
  a: T,
  b: T,
): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return 0;
}
