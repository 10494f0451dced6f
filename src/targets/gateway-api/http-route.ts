import { IrLabels, IrRoute, IrRouteMatch } from '../../ir/types';
import { renderHeaders } from './header-match';
import { GATEWAY_API_VERSION, HttpRouteManifest, HttpRouteMatch, objectMeta } from './manifests';
import { RouteIndex } from './route-index';
import { routeSpec } from './route-spec';

/**
 * Renders an IR route of kind `HTTPRoute`. Path matches keep their type (`Exact` is
 * case-sensitive, `PathPrefix` matches whole path elements); header matches are `Exact`.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export function renderHttpRoute(route: IrRoute, index: RouteIndex, labels: IrLabels): HttpRouteManifest {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'HTTPRoute',
    metadata: objectMeta(route.name, route.namespace, labels),
    spec: routeSpec(route, index, renderHttpMatch),
  };
}

/**
 * Renders one HTTPRoute match: path, then headers, then method, each only when set. A gRPC
 * condition belongs to a GRPCRoute: rendering it here throws rather than drop it.
 */
export function renderHttpMatch(match: IrRouteMatch): HttpRouteMatch {
  if (match.grpc !== undefined) {
    throw new Error(`an HTTPRoute cannot match the gRPC service '${match.grpc.service}'; use a GRPCRoute`);
  }
  return {
    ...(match.path !== undefined ? { path: { type: match.path.kind, value: match.path.value } } : {}),
    ...renderHeaders(match.headers),
    ...(match.method !== undefined ? { method: match.method } : {}),
  };
}
