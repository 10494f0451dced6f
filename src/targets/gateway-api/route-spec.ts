import { IrRoute, IrRouteMatch } from '../../ir/types';
import { RouteSpec } from './manifests';
import { backendRef, parentRef } from './references';
import { RouteIndex } from './route-index';

/**
 * The spec shared by HTTPRoute and GRPCRoute, with each match rendered by `renderMatch`. Empty
 * lists are omitted: a rule without matches matches every request of the route.
 */
export function routeSpec<M>(route: IrRoute, index: RouteIndex, renderMatch: (match: IrRouteMatch) => M): RouteSpec<M> {
  return {
    parentRefs: [parentRef(route, index)],
    ...(route.hostnames.length > 0 ? { hostnames: [...route.hostnames] } : {}),
    rules: route.rules.map((rule) => ({
      ...(rule.matches.length > 0 ? { matches: rule.matches.map(renderMatch) } : {}),
      ...(rule.backends.length > 0
        ? { backendRefs: rule.backends.map((b) => backendRef(b, route.namespace, index)) }
        : {}),
    })),
  };
}
