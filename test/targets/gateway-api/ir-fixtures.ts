import { stringify } from 'yaml';
import {
  IrBackend,
  IrGateway,
  IrHeaderMatch,
  IrLabels,
  IrListener,
  IrRoute,
  IrRouteMatch,
  IrRouteRule,
  IrTopology,
  IrWorkload,
} from '../../../src/ir/types';
import { Manifest } from '../../../src/targets/target';

/** Labels every object of the fixtures carries. */
export const COMMON_LABELS: IrLabels = {
  'app.kubernetes.io/managed-by': 'cdk8s-zerotrust',
  'zerotrust.cdk8s.io/topology': 'lab',
};

/** A workload whose Service `service` maps `port` to `targetPort`; its name is the last segment of its id. */
export function serviceWorkload(
  id: string,
  namespace: string,
  service: string,
  port: number,
  targetPort: number = port,
): IrWorkload {
  const name = id.split('/').pop() ?? id;
  return {
    id,
    path: `lab/${id}`,
    name,
    zone: namespace,
    namespace,
    selector: { app: name },
    serviceAccount: name,
    service: { name: service, ports: [{ port, targetPort, protocol: 'TCP' }] },
    ports: [{ port: targetPort, protocol: 'TCP' }],
    appProtocol: 'http',
    meshed: false,
  };
}

/** A listener; HTTPS ones get the given certificate Secrets. */
export function listener(
  name: string,
  port: number,
  protocol: IrListener['protocol'],
  extra: Partial<IrListener> = {},
): IrListener {
  return { name, port, protocol, certificateSecrets: [], ...extra };
}

/** A gateway admitting routes from its own namespace unless told otherwise. */
export function gateway(p: Partial<IrGateway> & Pick<IrGateway, 'id' | 'name' | 'namespace' | 'listeners'>): IrGateway {
  return {
    path: `lab/${p.id}`,
    className: 'cilium',
    allowedRoutes: 'Same',
    podSelector: { 'gateway.networking.k8s.io/gateway-name': p.name },
    serviceAccount: p.name,
    ingressEntity: false,
    ...p,
  };
}

/** A backend: the workload's first Service port, with a weight. */
export function backend(w: IrWorkload, weight = 1): IrBackend {
  if (!w.service) throw new Error(`fixture workload '${w.id}' has no Service`);
  const port = w.service.ports[0];
  return { workload: w.id, service: w.service.name, port: port.port, targetPort: port.targetPort, weight };
}

/** Match factories. */
export const match = {
  prefix: (value: string, headers: readonly IrHeaderMatch[] = []): IrRouteMatch => ({
    path: { kind: 'PathPrefix', value },
    headers,
  }),
  exact: (value: string, method?: string): IrRouteMatch =>
    method === undefined
      ? { path: { kind: 'Exact', value }, headers: [] }
      : { path: { kind: 'Exact', value }, headers: [], method },
  header: (name: string, value?: string): IrRouteMatch => ({
    headers: [value === undefined ? { name } : { name, value }],
  }),
  grpc: (service: string, method?: string, headers: readonly IrHeaderMatch[] = []): IrRouteMatch => ({
    headers,
    grpc: method === undefined ? { service } : { service, method },
  }),
};

/** A rule sending the matches to the backends. */
export function rule(matches: readonly IrRouteMatch[], ...backends: IrBackend[]): IrRouteRule {
  return { matches, backends };
}

/** A route attached to a gateway (optionally one listener). */
export function gatewayRoute(
  p: Partial<IrRoute> & Pick<IrRoute, 'id' | 'name' | 'namespace' | 'rules'>,
  gatewayId: string,
  sectionName?: string,
): IrRoute {
  return {
    path: `lab/${p.id}`,
    kind: 'HTTPRoute',
    hostnames: [],
    parent:
      sectionName === undefined
        ? { kind: 'Gateway', gateway: gatewayId }
        : { kind: 'Gateway', gateway: gatewayId, sectionName },
    ...p,
  };
}

/** A topology holding only what the Gateway API target reads. */
export function topology(
  workloads: readonly IrWorkload[],
  gateways: readonly IrGateway[],
  routes: readonly IrRoute[],
  commonLabels: IrLabels = COMMON_LABELS,
): IrTopology {
  return {
    name: 'lab',
    path: 'lab',
    zones: [],
    workloads,
    rules: [],
    mtls: [],
    mesh: { mode: 'none', trustDomain: 'cluster.local', rootNamespace: 'istio-system', waypoints: [] },
    gateways,
    routes,
    settings: { targetVersions: { cilium: '1.19' }, commonLabels },
  };
}

/** Workloads of the zones-lab scenario that routes reach. */
export const ZONES_LAB = {
  backend: serviceWorkload('backend/backend', 'backend', 'backend', 8080),
  httpApi: serviceWorkload('backend/http-api', 'backend', 'http-api', 80),
};

/**
 * The zones-lab entry point (test/fixtures/scenarios/zones-lab.yaml): Gateway `api-gateway` in
 * `backend` with HTTP/80 and HTTPS/443 (`api-tls-secret`); HTTPRoute `api-routes` for
 * `api.example.com`: `/api/v1` to http-api:80, `/api/v2` to backend:8080, header
 * `x-api-version: v2` to backend:8080, `/canary` split 90/10 between http-api:80 and backend:8080.
 */
export function zonesLab(): IrTopology {
  const { backend: api, httpApi } = ZONES_LAB;
  return topology(
    [api, httpApi],
    [
      gateway({
        id: 'backend/api-gateway',
        name: 'api-gateway',
        namespace: 'backend',
        ingressEntity: true,
        listeners: [
          listener('http', 80, 'HTTP'),
          listener('https', 443, 'HTTPS', { certificateSecrets: ['api-tls-secret'] }),
        ],
      }),
    ],
    [
      gatewayRoute(
        {
          id: 'backend/api-routes',
          name: 'api-routes',
          namespace: 'backend',
          hostnames: ['api.example.com'],
          rules: [
            rule([match.prefix('/api/v1')], backend(httpApi)),
            rule([match.prefix('/api/v2')], backend(api)),
            rule([match.header('x-api-version', 'v2')], backend(api)),
            rule([match.prefix('/canary')], backend(httpApi, 90), backend(api, 10)),
          ],
        },
        'backend/api-gateway',
      ),
    ],
  );
}

/** The ambient-waypoint scenario's backend: `web-test-service:80` in front of port 8080. */
export const WEB_TEST = serviceWorkload('ns-test/web-test', 'ns-test', 'web-test-service', 80, 8080);

/**
 * The ambient-waypoint ingress (test/fixtures/scenarios/ambient-waypoint.yaml): Gateway
 * `istio-gateway` in `istio-system`, class `istio`, HTTP/80 for `test.test`; its HTTPRoute in
 * `istio-system` sends `/` to `web-test-service:80` in `ns-test`, across namespaces.
 */
export function ambientIngress(): IrTopology {
  return topology(
    [WEB_TEST],
    [
      gateway({
        id: 'istio-system/istio-gateway',
        name: 'istio-gateway',
        namespace: 'istio-system',
        className: 'istio',
        serviceAccount: 'istio-gateway-istio',
        listeners: [listener('http', 80, 'HTTP', { hostname: 'test.test' })],
      }),
    ],
    [
      gatewayRoute(
        {
          id: 'istio-system/web-test',
          name: 'web-test',
          namespace: 'istio-system',
          hostnames: ['test.test'],
          rules: [rule([match.prefix('/')], backend(WEB_TEST))],
        },
        'istio-system/istio-gateway',
        'http',
      ),
    ],
  );
}

/** Workloads of the east-west canary: `reviews:9080` and its two versions. */
export const REVIEWS = {
  reviews: serviceWorkload('shop/reviews', 'shop', 'reviews', 9080),
  v1: serviceWorkload('shop/reviews-v1', 'shop', 'reviews-v1', 9080),
  v2: serviceWorkload('shop/reviews-v2', 'shop', 'reviews-v2', 9080),
};

/** A GAMMA east-west canary: an HTTPRoute on Service `reviews:9080` splitting 90/10 between v1 and v2. */
export function gammaCanary(): IrTopology {
  const { reviews, v1, v2 } = REVIEWS;
  return topology(
    [reviews, v1, v2],
    [],
    [
      {
        id: 'shop/reviews-canary',
        path: 'lab/shop/reviews-canary',
        kind: 'HTTPRoute',
        name: 'reviews-canary',
        namespace: 'shop',
        parent: { kind: 'Service', workload: reviews.id, service: 'reviews', port: 9080 },
        hostnames: [],
        rules: [rule([], backend(v1, 90), backend(v2, 10))],
      },
    ],
  );
}

/** The gRPC user service in namespace `users`, port 9090. */
export const USERS = serviceWorkload('users/user-service', 'users', 'user-service', 9090);

/**
 * The zones-lab gateway plus a GRPCRoute in `backend` on its HTTPS listener: `GetUser` of
 * `users.v1.UserService` with header `x-tenant: acme`, and any method of `users.v1.Admin`, to
 * `user-service:9090` in namespace `users` (so a ReferenceGrant is needed).
 */
export function grpcIngress(): IrTopology {
  const base = zonesLab();
  const grpc: IrRoute = gatewayRoute(
    {
      id: 'backend/users-grpc',
      name: 'users-grpc',
      namespace: 'backend',
      kind: 'GRPCRoute',
      hostnames: ['api.example.com'],
      rules: [
        rule(
          [
            match.grpc('users.v1.UserService', 'GetUser', [{ name: 'x-tenant', value: 'acme' }]),
            match.grpc('users.v1.Admin'),
          ],
          backend(USERS),
        ),
      ],
    },
    'backend/api-gateway',
    'https',
  );
  return { ...base, workloads: [...base.workloads, USERS], routes: [...base.routes, grpc] };
}

/** The manifest of that kind and name among the manifests; throws when absent. */
export function find<T extends Manifest = Manifest>(
  manifests: readonly Manifest[],
  kind: string,
  name: string,
  namespace?: string,
): T {
  const found = manifests.find(
    (m) =>
      m.kind === kind && m.metadata.name === name && (namespace === undefined || m.metadata.namespace === namespace),
  );
  if (!found) {
    throw new Error(`no ${kind} '${name}' among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  }
  return found as T;
}

/** The manifests as one multi-document YAML stream. */
export function toYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => stringify(m)).join('---\n');
}
