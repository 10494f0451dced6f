import { IConstruct } from 'constructs';
import { InputGateway, InputRoute } from '../ir/input';
import { IngressController, KubernetesIngress } from './ingress-controller';
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
        ...(p.gatewayClass ? { gatewayClass: { ...p.gatewayClass } } : {}),
      });
    } else if (c instanceof IngressController) {
      const k = c._props.ingressClass;
      // The controller's pods take plain HTTP and HTTPS; only their ports matter (when its namespace is a zone).
      gateways.push({
        path: c.node.path,
        id: c.node.id,
        name: c.node.id,
        namespace: k.namespace,
        className: k.className,
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', certificateSecrets: [] },
          { name: 'https', port: 443, protocol: 'HTTPS', certificateSecrets: [] },
        ],
        allowedRoutes: 'All',
        podSelector: { ...k.podLabels },
        serviceAccount: k.serviceAccount,
        ingressController: true,
        ingressEntity: k.ingressEntity,
      });
    } else if (c instanceof KubernetesIngress) {
      const p = c._props;
      routes.push({
        ...route(c.node.path, c.node.id, 'Ingress', p, { kind: 'Gateway', gatewayPath: p.controller.node.path }),
        ...(p.tls
          ? { tls: p.tls.map((t) => ({ secretName: t.secretName, ...(t.hosts ? { hosts: [...t.hosts] } : {}) })) }
          : {}),
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
  kind: 'HTTPRoute' | 'GRPCRoute' | 'Ingress',
  p: Omit<RouteProps, 'sectionName'>,
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
