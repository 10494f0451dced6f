import { ClusterInfo, LabelMap } from '../cluster';
import { isRecord, recordOf, stringMapOf, stringOf } from '../json';
import { isKind } from './manifest-fields';

/** Reads the labels of every `v1` Namespace manifest, keyed by namespace name. */
export function readNamespaceLabels(objects: readonly unknown[]): ReadonlyMap<string, LabelMap> {
  const result = new Map<string, LabelMap>();
  for (const candidate of objects) {
    if (!isRecord(candidate) || !isKind(candidate, '', 'Namespace')) continue;
    const metadata = recordOf(candidate.metadata);
    const name = stringOf(metadata.name);
    if (name !== undefined) result.set(name, { ...(result.get(name) ?? {}), ...stringMapOf(metadata.labels) });
  }
  return result;
}

/**
 * The labels of a namespace as the mesh sees them: the cluster's labels, overlaid with the labels
 * of a `v1` Namespace manifest among the evaluated objects (which is how ambient enrolment and
 * `istio.io/use-waypoint` are usually shipped).
 */
export function effectiveNamespaceLabels(
  cluster: ClusterInfo,
  manifestLabels: ReadonlyMap<string, LabelMap>,
  namespace: string,
): LabelMap {
  const known = cluster.namespaces.find((ns) => ns.name === namespace)?.labels ?? {};
  return { ...known, ...(manifestLabels.get(namespace) ?? {}) };
}
