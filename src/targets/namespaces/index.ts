import { IrTopology } from '../../ir/types';
import { sortedKeys } from '../../validation/sorted-keys';
import { Manifest } from '../target';

/**
 * Namespace objects for zones that manage their namespace, with the labels the profile's
 * cluster needs (mesh enrolment, waypoint use) and the zone's Pod Security admission labels. Rendered into every profile; not an enforcement
 * layer, so not in the target registry.
 */
export function renderNamespaces(ir: IrTopology): Manifest[] {
  const seen = new Map<string, { [key: string]: string }>();
  const annotated = new Map<string, { [key: string]: string }>();
  for (const z of ir.zones) {
    if (!z.manageNamespace) continue;
    seen.set(z.namespace, { ...(seen.get(z.namespace) ?? {}), ...z.namespaceLabels, ...z.podSecurityLabels });
    if (z.namespaceAnnotations)
      annotated.set(z.namespace, { ...(annotated.get(z.namespace) ?? {}), ...z.namespaceAnnotations });
  }
  return [...seen.keys()].sort().map((ns) => {
    const labels: { [key: string]: string } = {
      ...ir.settings.commonLabels,
      ...seen.get(ns)!,
      'kubernetes.io/metadata.name': ns,
    };
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: Object.fromEntries(sortedKeys(labels).map((k) => [k, labels[k]])),
        ...(annotated.has(ns)
          ? { annotations: Object.fromEntries(sortedKeys(annotated.get(ns)!).map((k) => [k, annotated.get(ns)![k]])) }
          : {}),
      },
    };
  });
}
