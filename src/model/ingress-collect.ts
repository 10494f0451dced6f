import { IConstruct } from 'constructs';
import { InputGateway, InputRoute } from '../ir/input';
import { GrpcRoute, HttpRoute, IngressGateway, MeshRoute, RouteProps } from './ingress-gateway';

/** Flattens ingress gateways and routes into plain input. */
export function collectIngress(
  all: readonly IConstruct[],
  problems: { code: string; path: string; message: string }[],
): { gateways: InputGateway[]; routes: InputRoute[] } {
  void problems;
  const gateways: InputGateway[] = [];
  const routes: InputRoute[] = [];
  for (const c of all) {
    if (c instanceof IngressGateway) {
      const p = c._props;
      gateways.push({
        path: c.node.path,
        id: c.node.id,
        name: p.name ?? c.node.id,
        namespace: p.namespace,
        className: p.className,
        listeners: p.listeners.map((l) => ({
          name: l.name,
          port: l.port,
          protocol: l.protocol as 'HTTP' | 'HTTPS',
          ...(l.hostname ? { hostname: l.hostname } : {}),
          certificateSecrets: l.certificateSecrets,
        })),
        allowedRoutes: (p.allowedRoutes ?? 'Same') as 'Same' | 'All',
        ...(p.podLabels ? { podSelector: p.podLabels } : {}),
        ...(p.serviceAccount ? { serviceAccount: p.serviceAccount } : {}),
      });
    } else if (c instanceof HttpRoute || c instanceof GrpcRoute) {
      routes.push(
        route(c.node.path, c.node.id, c instanceof HttpRoute ? 'HTTPRoute' : 'GRPCRoute', c._props, {
          kind: 'Gateway',
          gatewayPath: c._props.gateway.node.path,
          ...(c._props.sectionName ? { sectionName: c._props.sectionName } : {}),
        }),
      );
    } else if (c instanceof MeshRoute) {
      routes.push(
        route(c.node.path, c.node.id, 'HTTPRoute', c._props, {
          kind: 'Service',
          tierPath: c._props.service.node.path,
          ...(c._props.port ? { port: c._props.port } : {}),
          ...(c._props.fromZone ? { fromZonePath: c._props.fromZone.node.path } : {}),
        }),
      );
    }
  }
  return { gateways, routes };
}

function route(
  path: string,
  id: string,
  kind: 'HTTPRoute' | 'GRPCRoute',
  p: RouteProps,
  parent: InputRoute['parent'],
): InputRoute {
  return {
    path,
    id,
    kind,
    name: p.name ?? id,
    ...(p.namespace ? { namespace: p.namespace } : {}),
    parent,
    hostnames: [...(p.hostnames ?? [])],
    rules: p.rules.map((r) => ({
      matches: (r.matches ?? []).map((m) => m._data),
      backends: r.backends.map((b) => ({
        tierPath: b.tier.node.path,
        ...(b.port ? { port: b.port } : {}),
        weight: b.weight ?? 1,
      })),
    })),
  };
}
