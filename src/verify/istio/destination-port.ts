import { PodInfo, ServiceInfo } from '../cluster';
import { parseLabelSelector, selectorMatches } from '../match/label-selector';

/** A Service port in front of a pod port. */
export interface ServicePortMatch {
  readonly service: ServiceInfo;
  readonly port: ServiceInfo['ports'][number];
}

/** How Istio treats the traffic on a port: HTTP (parsed) or TCP (opaque); `unknown` when nothing declares it. */
export type AppProtocol = 'http' | 'tcp' | 'unknown';

const HTTP_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'http2', 'grpc', 'grpc-web', 'h2c']);
const TCP_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'tls', 'https', 'mongo', 'mysql', 'redis', 'udp']);

/**
 * The Service of the pod's namespace that selects the pod and exposes `port` (a numeric
 * `targetPort` equal to it, or a named one naming the container port); the first by name when
 * several do. Traffic "addressed to the Service" reaches the pod through it.
 */
export function serviceForPodPort(
  pod: PodInfo,
  port: number,
  protocol: string,
  services: readonly ServiceInfo[],
): ServicePortMatch | undefined {
  const candidates = services
    .filter((service) => service.namespace === pod.namespace && Object.keys(service.selector).length > 0)
    .filter((service) => selectorMatches(parseLabelSelector({ matchLabels: service.selector }), pod.labels))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const service of candidates) {
    const match = service.ports.find(
      (servicePort) => servicePort.protocol === protocol && targetsPort(pod, servicePort.targetPort, port),
    );
    if (match) return { service, port: match };
  }
  return undefined;
}

function targetsPort(pod: PodInfo, targetPort: number | string, port: number): boolean {
  if (typeof targetPort === 'number') return targetPort === port;
  if (/^\d+$/.test(targetPort)) return Number(targetPort) === port;
  return pod.containerPorts.some(
    (containerPort) => containerPort.name === targetPort && containerPort.containerPort === port,
  );
}

/**
 * The application protocol Istio assumes on a pod port, from Istio's port naming convention
 * `<protocol>[-<suffix>]`: the Service port's name first, then the container port's name.
 * `http`, `http2`, `grpc`, `grpc-web` are HTTP; `tcp`, `tls`, `https`, `mongo`, `mysql`, `redis`
 * are opaque TCP; anything else is left to protocol sniffing (`unknown`).
 *
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export function appProtocolOf(
  pod: PodInfo,
  port: number,
  servicePort: ServicePortMatch | undefined,
): { readonly protocol: AppProtocol; readonly reason: string } {
  const named = (name: string | undefined, where: string): { protocol: AppProtocol; reason: string } | undefined => {
    if (!name) return undefined;
    const lower = name.toLowerCase();
    const prefix = lower.startsWith('grpc-web') ? 'grpc-web' : lower.split('-')[0]!;
    if (HTTP_PROTOCOLS.has(prefix)) return { protocol: 'http', reason: `${where} is named '${name}'` };
    if (TCP_PROTOCOLS.has(prefix)) return { protocol: 'tcp', reason: `${where} is named '${name}'` };
    return undefined;
  };
  const containerPort = pod.containerPorts.find((candidate) => candidate.containerPort === port);
  return (
    named(
      servicePort?.port.name,
      `port ${servicePort?.port.port} of Service ${servicePort?.service.namespace}/${servicePort?.service.name}`,
    ) ??
    named(containerPort?.name, `container port ${port} of ${pod.namespace}/${pod.name}`) ?? {
      protocol: 'unknown',
      reason: `no Service or container port name declares the protocol of port ${port} of ${pod.namespace}/${pod.name}`,
    }
  );
}
