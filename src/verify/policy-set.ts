import { isRecord, stringMapOf, stringOf } from './json';

/** A Kubernetes object as plain JSON, as read from a manifest. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: { readonly [key: string]: string };
    readonly annotations?: { readonly [key: string]: string };
  };
  readonly [key: string]: unknown;
}

/** Narrows a parsed YAML document to a Kubernetes object (apiVersion, kind, metadata.name). */
export function isKubeObject(v: unknown): v is KubeObject {
  return (
    isRecord(v) &&
    typeof v.apiVersion === 'string' &&
    typeof v.kind === 'string' &&
    isRecord(v.metadata) &&
    typeof v.metadata.name === 'string'
  );
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped objects), as findings name objects. */
export function objectRef(o: KubeObject): string {
  return o.metadata.namespace ? `${o.kind} ${o.metadata.namespace}/${o.metadata.name}` : `${o.kind} ${o.metadata.name}`;
}

/** Labels of an object's metadata, sorted by key. */
export function labelsOf(o: KubeObject): { [key: string]: string } {
  return stringMapOf(o.metadata.labels);
}

/** Namespace of a namespaced object, `default` when metadata leaves it out (as kubectl applies it). */
export function namespaceOf(o: KubeObject): string {
  return stringOf(o.metadata.namespace) ?? 'default';
}

/**
 * The policy objects a verdict is computed from, grouped by kind. Within a kind, objects are
 * sorted by namespace then name, so every evaluation (and every explanation) is deterministic
 * whatever order the manifests were read in.
 */
export class PolicySet {
  /** Groups objects by kind. */
  public static of(objects: readonly KubeObject[]): PolicySet {
    return new PolicySet(objects);
  }

  /** An empty set (no policy: every layer allows everything). */
  public static empty(): PolicySet {
    return new PolicySet([]);
  }

  private readonly byKind = new Map<string, KubeObject[]>();

  private constructor(objects: readonly KubeObject[]) {
    for (const o of objects) {
      const list = this.byKind.get(o.kind) ?? [];
      list.push(o);
      this.byKind.set(o.kind, list);
    }
    for (const list of this.byKind.values()) list.sort(compareObjects);
  }

  /** Objects of one kind (`NetworkPolicy`, `CiliumNetworkPolicy`, `AuthorizationPolicy`, ...). */
  public ofKind(kind: string): readonly KubeObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Every kind present, sorted. */
  public kinds(): readonly string[] {
    return [...this.byKind.keys()].sort();
  }

  /** Every object, by kind then namespace then name. */
  public all(): readonly KubeObject[] {
    return this.kinds().flatMap((k) => this.ofKind(k));
  }
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
