import { Diagnostic, ErrorCode } from '../validation/codes';
import { checkDnsLabel } from '../validation/names';
import { sortedLabels } from '../validation/sorted-keys';
import { GatewayClassLookup, InputGateway, InputTopology } from './input';
import { IrBackend, IrGateway, IrGatewayClass, IrPeer, IrRoute, IrWorkload, IrZone } from './types';

/** Label Gateway API implementations put on a gateway's pods. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** Gateways and routes resolved against the workloads, with their problems. */
export interface RoutesResult {
  readonly gateways: IrGateway[];
  readonly routes: IrRoute[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Resolves ingress gateways and routes: backends to workloads and their Service ports, route
 * namespaces (default: the first backend's, i.e. app-owned routes), gateway data-plane identity
 * (as the descriptor of the target implementing the gateway class tells it).
 */
export function buildRoutes(
  input: InputTopology,
  workloadByPath: ReadonlyMap<string, IrWorkload>,
  zones: readonly IrZone[],
  rel: (path: string) => string,
  gatewayClass: GatewayClassLookup,
): RoutesResult {
  const diagnostics: Diagnostic[] = [];
  const add = (path: string, code: string, message: string) => diagnostics.push({ code, path, message });
  const gateways: IrGateway[] = [];
  const gatewayByPath = new Map<string, IrGateway>();
  for (const g of [...input.gateways].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    for (const m of [checkDnsLabel('gateway name', g.name), checkDnsLabel('gateway namespace', g.namespace)])
      if (m) add(g.path, m.code, m.message);
    const facts = gatewayClass(g.className);
    const gw: IrGateway = {
      id: rel(g.path),
      path: g.path,
      name: g.name,
      namespace: g.namespace,
      className: g.className,
      listeners: g.listeners.map((l) => ({ ...l, certificateSecrets: [...l.certificateSecrets] })),
      allowedRoutes: g.allowedRoutes,
      podSelector: sortedLabels(g.podSelector ?? { [GATEWAY_NAME_LABEL]: g.name }),
      serviceAccount: g.serviceAccount ?? facts?.serviceAccount(g.name) ?? g.name,
      ingressEntity: g.ingressEntity ?? facts?.ingressEntity ?? false,
      ...(g.ingressController ? { ingressController: true } : {}),
      ...(g.gatewayClass ? gatewayClassOf(g, facts?.controllerName, add) : {}),
    };
    gateways.push(gw);
    gatewayByPath.set(g.path, gw);
  }
  checkClasses(gateways, add);
  const routes: IrRoute[] = [];
  for (const r of [...input.routes].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    let ok = true;
    const rules = r.rules.map((rule) => ({
      matches: rule.matches.map((m) => ({ ...m, headers: [...m.headers] })),
      backends: rule.backends
        .map((b): IrBackend | undefined => {
          const w = workloadByPath.get(b.tierPath);
          if (!w) {
            add(r.path, ErrorCode.UNKNOWN_TIER, `route backend '${b.tierPath}' is not a tier of this topology`);
            ok = false;
            return undefined;
          }
          if (!w.service) {
            add(r.path, ErrorCode.INVALID_ROUTE, `route backend '${w.path}' has no Service. Give the tier a 'service'`);
            ok = false;
            return undefined;
          }
          const sp = b.port === undefined ? w.service.ports[0] : w.service.ports.find((p) => p.port === b.port);
          if (!sp) {
            add(
              r.path,
              ErrorCode.INVALID_ROUTE,
              `route backend '${w.path}': Service '${w.service.name}' has no port ${b.port ?? '(none declared)'}`,
            );
            ok = false;
            return undefined;
          }
          return {
            workload: w.id,
            service: w.service.name,
            port: sp.port,
            targetPort: sp.targetPort,
            weight: b.weight,
          };
        })
        .filter((x): x is IrBackend => x !== undefined),
    }));
    let parent: IrRoute['parent'] | undefined;
    let namespace = r.namespace;
    let consumer: string | undefined;
    if (r.parent.kind === 'Gateway') {
      const gw = gatewayByPath.get(r.parent.gatewayPath);
      if (!gw) {
        add(
          r.path,
          ErrorCode.INVALID_ROUTE,
          `route parent '${r.parent.gatewayPath}' is not an ingress gateway of this topology`,
        );
        ok = false;
      } else {
        parent = {
          kind: 'Gateway',
          gateway: gw.id,
          ...(r.parent.sectionName ? { sectionName: r.parent.sectionName } : {}),
        };
      }
      const first = rules.flatMap((x) => x.backends)[0];
      namespace =
        namespace ??
        (first ? [...workloadByPath.values()].find((w) => w.id === first.workload)?.namespace : undefined) ??
        gw?.namespace;
    } else {
      const wantPort = r.parent.port;
      const w = workloadByPath.get(r.parent.tierPath);
      if (!w || !w.service) {
        add(r.path, ErrorCode.INVALID_ROUTE, `mesh route parent '${r.parent.tierPath}' must be a tier with a Service`);
        ok = false;
      } else {
        const sp = wantPort === undefined ? w.service.ports[0] : w.service.ports.find((p) => p.port === wantPort);
        if (!sp) {
          add(r.path, ErrorCode.INVALID_ROUTE, `mesh route parent Service '${w.service.name}' has no port ${wantPort}`);
          ok = false;
        } else {
          parent = { kind: 'Service', workload: w.id, service: w.service.name, port: sp.port };
          if (r.parent.fromZonePath !== undefined) {
            const scope = consumerScope(r.parent.fromZonePath, w, namespace, zones);
            if (typeof scope === 'string') {
              add(r.path, ErrorCode.INVALID_ROUTE_SCOPE, scope);
              ok = false;
            } else {
              namespace = scope.namespace;
              consumer = scope.id;
            }
          }
          namespace = namespace ?? w.namespace;
        }
      }
    }
    const nm = checkDnsLabel('route name', r.name);
    if (nm) {
      add(r.path, nm.code, nm.message);
      ok = false;
    }
    if (!ok || !parent || !namespace) continue;
    routes.push({
      id: rel(r.path),
      path: r.path,
      kind: r.kind,
      name: r.name,
      namespace,
      parent,
      hostnames: [...r.hostnames],
      rules,
      ...(consumer !== undefined ? { consumer } : {}),
      ...(r.kind === 'Ingress' && r.tls && r.tls.length > 0
        ? { tls: r.tls.map((t) => ({ secretName: t.secretName, hosts: [...(t.hosts ?? r.hostnames)] })) }
        : {}),
    });
  }
  return { gateways, routes, diagnostics };
}

/**
 * The zone a mesh route is scoped to (`MeshRoute` `fromZone`), or why it cannot be. A Service-parented
 * route in another namespace than the Service's is a GAMMA consumer route, which the mesh applies
 * to clients of the route's namespace only; in the Service's own namespace it is a producer route,
 * applied to every caller ("ParentRefs from a Route to a Service in the same namespace are
 * 'producer' routes, which apply default routing rules to inbound connections from any namespace
 * to the Service", Gateway API ParentReference). So the scope is exact only for a zone that is a
 * whole namespace other than the Service's.
 */
function consumerScope(
  zonePath: string,
  service: IrWorkload,
  namespace: string | undefined,
  zones: readonly IrZone[],
): IrZone | string {
  const zone = zones.find((z) => z.path === zonePath);
  if (!zone) return `MeshRoute 'fromZone' '${zonePath}' is not a zone of this topology. Give a Zone of the topology`;
  if (Object.keys(zone.podSelector).length > 0)
    return `MeshRoute 'fromZone' '${zone.path}' is narrowed by pod labels, but the mesh applies a consumer route to every client of namespace '${zone.namespace}': the split would reach more callers than the zone. Use a zone that is a whole namespace, or leave 'fromZone' out`;
  if (zone.namespace === service.namespace)
    return `MeshRoute 'fromZone' '${zone.path}' is in namespace '${zone.namespace}', the Service's own: a route there is a producer route, which the mesh applies to every caller. Use a zone of another namespace, or leave 'fromZone' out to split every caller`;
  if (namespace !== undefined && namespace !== zone.namespace)
    return `MeshRoute 'namespace' '${namespace}' differs from the namespace of its 'fromZone' ('${zone.namespace}'): the route must live in the calling namespace to be scoped to it. Leave 'namespace' out`;
  return zone;
}

/** The GatewayClass a gateway emits: the controller it names, else the one its implementation installs. */
function gatewayClassOf(
  g: InputGateway,
  known: string | undefined,
  add: (path: string, code: string, message: string) => void,
): { gatewayClass?: IrGatewayClass } {
  const controllerName = g.gatewayClass?.controllerName ?? known;
  if (controllerName === undefined) {
    add(
      g.path,
      ErrorCode.GATEWAY_CLASS_CONTROLLER,
      `the GatewayClass '${g.className}' to emit has no known controller: no target implements the class. Name it: gatewayClass: { controllerName: 'example.com/gateway-controller' }`,
    );
    return {};
  }
  const description = g.gatewayClass?.description;
  return { gatewayClass: { controllerName, ...(description !== undefined ? { description } : {}) } };
}

/**
 * One GatewayClass per class name (every gateway that emits it says the same), and one ingress
 * controller per ingress class (an Ingress names its controller by class only).
 */
function checkClasses(gateways: readonly IrGateway[], add: (path: string, code: string, message: string) => void) {
  const emitted = new Map<string, IrGateway>();
  const controllers = new Map<string, IrGateway>();
  for (const g of gateways) {
    if (g.ingressController) {
      const first = controllers.get(g.className);
      if (first)
        add(
          g.path,
          ErrorCode.INGRESS_CLASS_CONFLICT,
          `ingress class '${g.className}' is also the class of ${first.path}: its Ingress objects would be served by either controller. Give each controller its own class name, or add every Ingress to one controller`,
        );
      else controllers.set(g.className, g);
      continue;
    }
    if (!g.gatewayClass) continue;
    const first = emitted.get(g.className);
    if (!first) emitted.set(g.className, g);
    else if (
      first.gatewayClass!.controllerName !== g.gatewayClass.controllerName ||
      first.gatewayClass!.description !== g.gatewayClass.description
    )
      add(
        g.path,
        ErrorCode.GATEWAY_CLASS_CONFLICT,
        `GatewayClass '${g.className}' is emitted by ${first.path} with controller '${first.gatewayClass!.controllerName}'${first.gatewayClass!.description !== undefined ? ` and description '${first.gatewayClass!.description}'` : ''}, and here with controller '${g.gatewayClass.controllerName}'${g.gatewayClass.description !== undefined ? ` and description '${g.gatewayClass.description}'` : ''}. Give every gateway of the class the same gatewayClass options, or emit the class from one gateway only`,
      );
  }
}

/** The peer a gateway's data plane is, as seen by network rules: its pods by namespace and labels. */
export function gatewayPeer(g: IrGateway): IrPeer {
  return { kind: 'pods', namespace: g.namespace, podLabels: g.podSelector, serviceAccount: g.serviceAccount };
}

/**
 * True when a peer is the pods of one of the topology's ingress gateways (`gatewayPeer`): pods
 * the gateway controller deploys, which network layers name by namespace and labels; their
 * service account is the mesh's name for them, not a restriction of the model.
 */
export function isGatewayPeer(ir: { readonly gateways: readonly IrGateway[] }, peer: IrPeer): boolean {
  if (peer.kind !== 'pods' || peer.namespace === undefined) return false;
  return ir.gateways.some((g) => {
    const gp = gatewayPeer(g);
    return (
      gp.kind === 'pods' &&
      gp.namespace === peer.namespace &&
      gp.serviceAccount === peer.serviceAccount &&
      JSON.stringify(sortedLabels({ ...gp.podLabels })) === JSON.stringify(sortedLabels({ ...peer.podLabels }))
    );
  });
}
