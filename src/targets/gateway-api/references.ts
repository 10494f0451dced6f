import { IrBackend, IrRoute } from '../../ir/types';
import { BackendRef, CORE_GROUP, GATEWAY_API_GROUP, ParentRef } from './manifests';
import { RouteIndex } from './route-index';

/**
 * The parentRef of a route. A Gateway parent names its listener in `sectionName` when the route
 * targets one; a Service parent (GAMMA mesh routing) names its port, and spells its group as
 * `""` because the field defaults to the Gateway API group. `namespace` is set only when the
 * parent lives in another namespace than the route.
 *
 * @see https://gateway-api.sigs.k8s.io/mesh/
 */
export function parentRef(route: IrRoute, index: RouteIndex): ParentRef {
  const parent = route.parent;
  const namespace = index.parentNamespace(route);
  const ns = namespace !== route.namespace ? { namespace } : {};
  if (parent.kind === 'Gateway') {
    const gateway = index.gateway(parent.gateway);
    return {
      group: GATEWAY_API_GROUP,
      kind: 'Gateway',
      name: gateway.name,
      ...ns,
      ...(parent.sectionName !== undefined ? { sectionName: parent.sectionName } : {}),
    };
  }
  return { group: CORE_GROUP, kind: 'Service', name: parent.service, ...ns, port: parent.port };
}

/**
 * The backendRef of a weighted backend. The weight is kept as given: Gateway API weights are
 * relative (`weight / sum of weights`), not percentages. `namespace` is set only when the Service
 * lives in another namespace than the route (which then needs a ReferenceGrant).
 */
export function backendRef(backend: IrBackend, routeNamespace: string, index: RouteIndex): BackendRef {
  const namespace = index.backendNamespace(backend);
  return {
    group: CORE_GROUP,
    kind: 'Service',
    name: backend.service,
    ...(namespace !== routeNamespace ? { namespace } : {}),
    port: backend.port,
    weight: backend.weight,
  };
}
