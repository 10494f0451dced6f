import {
  IrHttpRule,
  IrLabels,
  IrMesh,
  IrMtls,
  IrNamedPort,
  IrPeer,
  IrPort,
  IrRule,
  IrTopology,
  IrWaypoint,
  IrWorkload,
  IrZone,
} from '../../../src/ir/types';

/** Labels every object of the fixtures carries. */
export const COMMON_LABELS: IrLabels = {
  'app.kubernetes.io/managed-by': 'cdk8s-zerotrust',
  'zerotrust.cdk8s.io/topology': 'fixture',
};

/** A meshed zone denying both directions, whole namespace, unless overridden. */
export function zone(id: string, overrides: Partial<IrZone> = {}): IrZone {
  return {
    id,
    path: `topology/${id}`,
    name: id,
    namespace: id,
    podSelector: {},
    denyIngress: true,
    denyEgress: true,
    manageNamespace: true,
    namespaceLabels: {},
    meshed: true,
    ...overrides,
  };
}

/** A meshed workload `<zone>/<name>` selected by `app: <name>`, with a service account of its name. */
export function workload(zoneId: string, name: string, overrides: Partial<IrWorkload> = {}): IrWorkload {
  return {
    id: `${zoneId}/${name}`,
    path: `topology/${zoneId}/${name}`,
    name,
    zone: zoneId,
    namespace: zoneId,
    selector: { app: name },
    serviceAccount: name,
    ports: [],
    appProtocol: 'tcp',
    meshed: true,
    ...overrides,
  };
}

/** A TCP port (usable both as a rule port and as a container port). */
export function tcp(port: number): IrPort & IrNamedPort {
  return { protocol: 'TCP', port };
}

/** A workload peer. */
export function fromWorkload(w: IrWorkload): IrPeer {
  return { kind: 'workload', workload: w.id };
}

/** An IR rule with an id and one construct path derived from it. */
export function rule(id: string, from: IrPeer, to: IrPeer, ports: readonly IrPort[], l7?: IrRule['l7']): IrRule {
  return { id, paths: [`topology/${id}`], from, to, ports, ...(l7 === undefined ? {} : { l7 }) };
}

/** An HTTP L7 restriction. */
export function http(...rules: IrHttpRule[]): IrRule['l7'] {
  return { kind: 'http', rules };
}

/** An HTTP rule on an exact path. */
export function exact(method: string | undefined, path: string): IrHttpRule {
  return { ...(method === undefined ? {} : { method }), path: { kind: 'exact', value: path }, headers: [] };
}

/** A zone-wide mTLS setting. */
export function zoneMtls(z: IrZone, mode: IrMtls['mode']): IrMtls {
  return {
    id: `${z.id}/mtls`,
    path: `${z.path}/mtls`,
    name: `${z.name}-mtls`,
    namespace: z.namespace,
    zone: z.id,
    mode,
    portModes: [],
  };
}

/** A sidecar mesh with the given trust domain. */
export function sidecarMesh(trustDomain = 'cluster.local'): IrMesh {
  return { mode: 'sidecar', trustDomain, rootNamespace: 'istio-system', waypoints: [] };
}

/** A topology around the given parts. */
export function topology(parts: Partial<IrTopology> & Pick<IrTopology, 'zones' | 'workloads' | 'rules'>): IrTopology {
  return {
    name: 'fixture',
    path: 'topology',
    mtls: [],
    mesh: sidecarMesh(),
    gateways: [],
    routes: [],
    settings: { targetVersions: { cilium: '1.19' }, commonLabels: COMMON_LABELS },
    ...parts,
  };
}

/**
 * The three-tier scenario (test/fixtures/scenarios/three-tier.yaml) in sidecar mode with STRICT
 * mTLS: frontend -> backend-api 8080 (GET products, POST orders, GET healthz), backend-api ->
 * redis 6379, monitoring/prometheus -> backend-api 9090 GET /metrics, plus the egress rules Istio
 * does not render (Postgres CIDR, public HTTPS, Stripe by name).
 */
export function threeTier(trustDomain = 'cluster.local'): IrTopology {
  const production = zone('production');
  const frontend = workload('production', 'frontend', { ports: [tcp(80)], appProtocol: 'http' });
  const api = workload('production', 'backend-api', {
    ports: [tcp(8080), tcp(9090)],
    appProtocol: 'http',
    service: { name: 'backend-api', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
  });
  const redis = workload('production', 'redis', { ports: [tcp(6379)] });
  const prometheus: IrPeer = {
    kind: 'pods',
    namespace: 'monitoring',
    podLabels: { app: 'prometheus' },
    serviceAccount: 'prometheus',
  };
  return topology({
    zones: [production],
    workloads: [api, frontend, redis],
    rules: [
      rule('api-to-postgres', fromWorkload(api), { kind: 'cidr', cidr: '10.100.0.0/16', except: [] }, [tcp(5432)]),
      rule('api-to-redis', fromWorkload(api), fromWorkload(redis), [tcp(6379)]),
      rule('api-to-stripe', fromWorkload(api), { kind: 'fqdn', names: [{ kind: 'exact', value: 'api.stripe.com' }] }, [
        tcp(443),
      ]),
      rule(
        'api-to-world',
        fromWorkload(api),
        {
          kind: 'cidr',
          cidr: '0.0.0.0/0',
          except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
        },
        [tcp(443)],
      ),
      rule(
        'frontend-to-api',
        fromWorkload(frontend),
        fromWorkload(api),
        [tcp(8080)],
        http(exact('GET', '/api/v1/products'), exact('POST', '/api/v1/orders'), exact('GET', '/healthz')),
      ),
      rule('prometheus-to-api', prometheus, fromWorkload(api), [tcp(9090)], http(exact('GET', '/metrics'))),
    ],
    mtls: [zoneMtls(production, 'STRICT')],
    mesh: sidecarMesh(trustDomain),
  });
}

/** The waypoint of the ambient scenario. */
export const NS_TEST_WAYPOINT: IrWaypoint = {
  name: 'waypoint',
  namespace: 'ns-test',
  zone: 'ns-test',
  serviceAccount: 'waypoint',
  podSelector: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
  for: 'service',
};

/**
 * The ambient-waypoint scenario (test/fixtures/scenarios/ambient-waypoint.yaml): ns-test in
 * ambient mode with a waypoint and STRICT mTLS; the Istio ingress gateway pods in istio-system
 * (service account `istio-gateway-istio`) reach web-test (Service port 80 -> pod 8080) with
 * `GET /` only. The gateway and waypoint data planes are system workloads.
 */
export function ambientWaypoint(waypoint: IrWaypoint = NS_TEST_WAYPOINT): IrTopology {
  const nsTest = zone('ns-test', {
    namespaceLabels: { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': waypoint.name },
  });
  const istioSystem = zone('istio-system', { denyIngress: false, denyEgress: false, manageNamespace: false });
  const web = workload('ns-test', 'web-test', {
    ports: [tcp(8080)],
    appProtocol: 'http',
    service: { name: 'web-test-service', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
  });
  const gateway = workload('istio-system', 'istio-gateway', {
    selector: { 'gateway.networking.k8s.io/gateway-name': 'istio-gateway' },
    serviceAccount: 'istio-gateway-istio',
    system: 'gateway',
  });
  const waypointPods = workload('ns-test', waypoint.name, {
    selector: waypoint.podSelector,
    serviceAccount: waypoint.serviceAccount,
    ports: [{ protocol: 'TCP', port: 15008 }],
    system: 'waypoint',
  });
  return topology({
    zones: [istioSystem, nsTest],
    workloads: [gateway, waypointPods, web],
    rules: [
      rule('gateway-to-waypoint', fromWorkload(gateway), fromWorkload(waypointPods), [tcp(15008)]),
      rule('gateway-to-web', fromWorkload(gateway), fromWorkload(web), [tcp(8080)], http(exact('GET', '/'))),
      rule('web-to-httpbin', fromWorkload(web), { kind: 'fqdn', names: [{ kind: 'exact', value: 'httpbin.org' }] }, [
        tcp(443),
      ]),
    ],
    mtls: [zoneMtls(nsTest, 'STRICT')],
    mesh: { mode: 'ambient', trustDomain: 'cluster.local', rootNamespace: 'istio-system', waypoints: [waypoint] },
  });
}
