import { IrLabels, IrRoute, IrRouteMatch } from '../../ir/types';
import { renderHeaders } from './header-match';
import { GATEWAY_API_VERSION, GrpcRouteManifest, GrpcRouteMatch, objectMeta } from './manifests';
import { RouteIndex } from './route-index';
import { routeSpec } from './route-spec';

/**
 * Renders an IR route of kind `GRPCRoute`: matches on the gRPC service and, optionally, method
 * (`Exact`), plus header matches.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/grpcroute/
 */
export function renderGrpcRoute(route: IrRoute, index: RouteIndex, labels: IrLabels): GrpcRouteManifest {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'GRPCRoute',
    metadata: objectMeta(route.name, route.namespace, labels),
    spec: routeSpec(route, index, renderGrpcMatch),
  };
}

/**
 * Renders one GRPCRoute match: method (service and optional method), then headers, each only
 * when set. An HTTP path or method condition has no GRPCRoute form: rendering one throws rather
 * than drop it.
 */
export function renderGrpcMatch(match: IrRouteMatch): GrpcRouteMatch {
  if (match.path !== undefined || match.method !== undefined) {
    throw new Error('a GRPCRoute cannot match an HTTP path or method; match the gRPC service and method instead');
  }
  const grpc = match.grpc;
  return {
    ...(grpc !== undefined
      ? {
          method: {
            type: 'Exact',
            service: grpc.service,
            ...(grpc.method !== undefined ? { method: grpc.method } : {}),
          },
        }
      : {}),
    ...renderHeaders(match.headers),
  };
}
