import {
  ClusterInfo,
  ContainerPortInfo,
  Dataplane,
  Flow,
  FlowEndpoint,
  HttpRequest,
  LabelMap,
  NamespaceInfo,
  PodInfo,
  ServiceInfo,
} from '../../../src/verify/cluster';

/** A namespace with its `kubernetes.io/metadata.name` label. */
export function namespace(name: string, labels: LabelMap = {}): NamespaceInfo {
  return { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } };
}

/** Options of {@link pod}. */
export interface PodOptions {
  readonly labels?: LabelMap;
  readonly serviceAccount?: string;
  readonly ip?: string;
  /** `[port, name?]` pairs, TCP. */
  readonly ports?: readonly (readonly [number, string?])[];
  readonly dataplane?: Dataplane;
}

/** A pod; labels default to `app: <name>`, the service account to the name, the data plane to `sidecar`. */
export function pod(ns: string, name: string, options: PodOptions = {}): PodInfo {
  const containerPorts: ContainerPortInfo[] = (options.ports ?? []).map(([containerPort, portName]) => ({
    containerPort,
    protocol: 'TCP',
    ...(portName !== undefined ? { name: portName } : {}),
  }));
  return {
    namespace: ns,
    name,
    labels: options.labels ?? { app: name },
    serviceAccount: options.serviceAccount ?? name,
    ...(options.ip !== undefined ? { ip: options.ip } : {}),
    containerPorts,
    dataplane: options.dataplane ?? 'sidecar',
  };
}

/** A Service selecting `app: <selectorApp>`; ports are `{ port, targetPort, name? }`. */
export function service(
  ns: string,
  name: string,
  selector: LabelMap,
  ports: readonly { readonly port: number; readonly targetPort: number | string; readonly name?: string }[],
  labels: LabelMap = {},
): ServiceInfo {
  return {
    namespace: ns,
    name,
    selector,
    labels,
    ports: ports.map((p) => ({
      port: p.port,
      targetPort: p.targetPort,
      protocol: 'TCP' as const,
      ...(p.name !== undefined ? { name: p.name } : {}),
    })),
  };
}

/** A cluster from its parts. */
export function cluster(parts: {
  namespaces?: readonly NamespaceInfo[];
  pods: readonly PodInfo[];
  services?: readonly ServiceInfo[];
}): ClusterInfo {
  const namespaces =
    parts.namespaces ?? [...new Set(parts.pods.map((p) => p.namespace))].sort().map((name) => namespace(name));
  return { namespaces, pods: parts.pods, services: parts.services ?? [] };
}

/** A TCP flow between two endpoints (pods, or `ip:`/`fqdn:` strings). */
export function flow(from: PodInfo | string, to: PodInfo | string, port: number, request?: HttpRequest): Flow {
  return { source: endpoint(from), destination: endpoint(to), port, protocol: 'TCP', ...(request ? { request } : {}) };
}

function endpoint(value: PodInfo | string): FlowEndpoint {
  if (typeof value !== 'string') return { kind: 'pod', pod: value };
  if (value.startsWith('fqdn:')) return { kind: 'fqdn', name: value.slice('fqdn:'.length) };
  return { kind: 'ip', ip: value.replace(/^(ip|cidr):/, '') };
}

/** An AuthorizationPolicy manifest. */
export function authorizationPolicy(ns: string, name: string, spec: object, annotations: LabelMap = {}): object {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { namespace: ns, name, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec,
  };
}

/** A PeerAuthentication manifest. */
export function peerAuthentication(ns: string, name: string, spec: object, creationTimestamp?: string): object {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { namespace: ns, name, ...(creationTimestamp ? { creationTimestamp } : {}) },
    spec,
  };
}

/** A waypoint Gateway manifest (class `istio-waypoint`, HBONE listener on 15008). */
export function waypointGateway(
  ns: string,
  name: string,
  options: { labels?: LabelMap; allowedRoutes?: object } = {},
): object {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { namespace: ns, name, ...(options.labels ? { labels: options.labels } : {}) },
    spec: {
      gatewayClassName: 'istio-waypoint',
      listeners: [
        {
          name: 'mesh',
          port: 15008,
          protocol: 'HBONE',
          ...(options.allowedRoutes ? { allowedRoutes: options.allowedRoutes } : {}),
        },
      ],
    },
  };
}

/** The `rules[0].from[0].source.principals` shape, for brevity. */
export function fromPrincipals(...principals: string[]): object {
  return { from: [{ source: { principals } }] };
}
