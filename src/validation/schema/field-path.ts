/**
 * Builds JSON paths inside a manifest in the notation of Kubernetes field errors:
 * `spec.ingress[0].ports[1].port` for fields and list indices, `metadata.labels[app]` for map keys.
 */

/** Path of the declared field `name` under `parent` (the empty path is the document root). */
export function fieldPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}

/** Path of the list element `index` under `parent`. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Path of the map entry `key` under `parent`. */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${key}]`;
}
