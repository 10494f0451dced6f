import { FlowEndpoint, PodInfo } from '../cluster';
import { GATEWAY_NAME_LABEL, GatewayView, ISTIO_GATEWAY_CLASS, WAYPOINT_CLASS } from './gateway';

/** Which Istio proxy, if any, sends a source's traffic. */
export type SourceProxy = 'sidecar' | 'ambient' | 'ingress-gateway' | 'waypoint' | 'none';

/** The source of a flow as the mesh sees it. */
export interface MeshSource {
  /** `namespace/workload`, or the IP / DNS name of an outside source. */
  readonly label: string;
  readonly proxy: SourceProxy;
  readonly pod?: PodInfo;
  readonly ip?: string;
}

/** What an enforcement point knows about the peer of a connection. */
export interface PeerIdentity {
  /** For messages: `production/frontend`, `waypoint ns-test/waypoint`, `10.1.2.3`. */
  readonly label: string;
  /** Whether the connection is mutual TLS; only then are `principal`, `namespace` and `serviceAccount` set. */
  readonly mtls: boolean;
  /** `<trust-domain>/ns/<namespace>/sa/<service-account>`, or `''` for plaintext. */
  readonly principal: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The source address of the connection, when known. */
  readonly ip?: string;
  /** The original client address (`remoteIpBlocks`, `remote.ip`), when known. */
  readonly remoteIp?: string;
}

/**
 * Classifies the source of a flow. A pod has a proxy when its data plane is `sidecar` or
 * `ambient`; a pod labelled `gateway.networking.k8s.io/gateway-name` whose Gateway (among the
 * manifests) has class `istio` is an Istio ingress gateway, and one of class `istio-waypoint` a
 * waypoint: both are Envoy proxies with a mesh identity whatever their `dataplane` says.
 */
export function classifySource(endpoint: FlowEndpoint, gateways: readonly GatewayView[]): MeshSource {
  if (endpoint.kind === 'ip') return { label: endpoint.ip, proxy: 'none', ip: endpoint.ip };
  if (endpoint.kind === 'fqdn') return { label: endpoint.name, proxy: 'none' };
  const pod = endpoint.pod;
  const label = `${pod.namespace}/${pod.name}`;
  const base = { label, pod, ...(pod.ip !== undefined ? { ip: pod.ip } : {}) };
  const gatewayName = pod.labels[GATEWAY_NAME_LABEL];
  const gateway =
    gatewayName === undefined
      ? undefined
      : gateways.find((gw) => gw.namespace === pod.namespace && gw.name === gatewayName);
  if (gateway?.className === ISTIO_GATEWAY_CLASS) return { ...base, proxy: 'ingress-gateway' };
  if (gateway?.className === WAYPOINT_CLASS) return { ...base, proxy: 'waypoint' };
  return { ...base, proxy: pod.dataplane === 'none' ? 'none' : pod.dataplane };
}

/** The SPIFFE-derived principal Istio matches: `<trust-domain>/ns/<namespace>/sa/<service-account>`. */
export function principalOf(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** The identity a source presents: its service account under mTLS, nothing under plaintext. */
export function identityOfSource(source: MeshSource, trustDomain: string, mtls: boolean): PeerIdentity {
  const ips = source.ip !== undefined ? { ip: source.ip, remoteIp: source.ip } : {};
  if (!mtls || !source.pod) {
    return {
      label: `${source.label} (plaintext)`,
      mtls: false,
      principal: '',
      namespace: '',
      serviceAccount: '',
      ...ips,
    };
  }
  const principal = principalOf(trustDomain, source.pod.namespace, source.pod.serviceAccount);
  return {
    label: `${source.label} (mTLS ${principal})`,
    mtls: true,
    principal,
    namespace: source.pod.namespace,
    serviceAccount: source.pod.serviceAccount,
    ...ips,
  };
}
