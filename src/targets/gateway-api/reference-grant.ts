import { IrLabels, IrRoute } from '../../ir/types';
import { compareStrings } from './lists';
import { CRD_LIMITS } from './limits';
import { CORE_GROUP, GATEWAY_API_GROUP, GATEWAY_API_VERSION, objectMeta, ReferenceGrantManifest } from './manifests';
import { RouteIndex } from './route-index';

/** Services of one namespace that routes of one kind in another namespace reference. */
interface GrantNeed {
  readonly backendNamespace: string;
  readonly routeNamespace: string;
  readonly kind: 'HTTPRoute' | 'GRPCRoute';
  readonly services: Set<string>;
}

/**
 * The ReferenceGrants that let routes reference Services in other namespaces: one per (backend
 * namespace, route namespace, route kind), in the backend's namespace, named
 * `<route-namespace>-<kind>s` (`frontend-httproutes`) and listing each Service by name (sorted,
 * deduplicated). Past 16 Services the grant is split, the later parts suffixed `-2`, `-3` ...
 * Gateway-to-route attachment and Service parents need no grant. Sorted by namespace, then name.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
export function renderReferenceGrants(
  routes: readonly IrRoute[],
  index: RouteIndex,
  labels: IrLabels,
): ReferenceGrantManifest[] {
  const needs = new Map<string, GrantNeed>();
  for (const route of routes) {
    const kind = route.kind;
    if (kind === 'Ingress') continue; // Ingress backends are never in another namespace
    for (const rule of route.rules) {
      for (const backend of rule.backends) {
        const backendNamespace = index.backendNamespace(backend);
        if (backendNamespace === route.namespace) continue;
        const key = JSON.stringify([backendNamespace, route.namespace, kind]);
        let need = needs.get(key);
        if (!need) {
          need = { backendNamespace, routeNamespace: route.namespace, kind, services: new Set() };
          needs.set(key, need);
        }
        need.services.add(backend.service);
      }
    }
  }
  const grants: ReferenceGrantManifest[] = [];
  for (const need of needs.values()) grants.push(...grantsFor(need, labels));
  return grants.sort(
    (a, b) =>
      compareStrings(a.metadata.namespace, b.metadata.namespace) || compareStrings(a.metadata.name, b.metadata.name),
  );
}

function grantsFor(need: GrantNeed, labels: IrLabels): ReferenceGrantManifest[] {
  const services = [...need.services].sort(compareStrings);
  const base = `${need.routeNamespace}-${need.kind.toLowerCase()}s`;
  const out: ReferenceGrantManifest[] = [];
  for (let start = 0; start < services.length; start += CRD_LIMITS.grantTargets) {
    const part = start / CRD_LIMITS.grantTargets + 1;
    out.push({
      apiVersion: GATEWAY_API_VERSION,
      kind: 'ReferenceGrant',
      metadata: objectMeta(part === 1 ? base : `${base}-${part}`, need.backendNamespace, labels),
      spec: {
        from: [{ group: GATEWAY_API_GROUP, kind: need.kind, namespace: need.routeNamespace }],
        to: services
          .slice(start, start + CRD_LIMITS.grantTargets)
          .map((name) => ({ group: CORE_GROUP, kind: 'Service', name })),
      },
    });
  }
  return out;
}
