import { ClusterInfo, LabelMap, PodInfo, ServiceInfo } from '../../../src/verify/cluster';
import { cluster, namespace, pod, service } from './cluster-builder';

/** Pods of the ambient test world. */
export const web = pod('app', 'web', { ports: [[8080, 'http']], dataplane: 'ambient', ip: '10.1.0.10' });
export const client = pod('app', 'client', { dataplane: 'ambient', ip: '10.1.0.20' });
export const sidecarClient = pod('sidecars', 'client', { dataplane: 'sidecar', ip: '10.2.0.20' });
export const plain = pod('plain', 'client', { dataplane: 'none', ip: '10.3.0.20' });
export const waypointPod = pod('app', 'waypoint', {
  labels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
  serviceAccount: 'waypoint',
  dataplane: 'ambient',
  ip: '10.1.0.99',
});
export const ingress = pod('istio-system', 'ingress', {
  labels: { 'gateway.networking.k8s.io/gateway-name': 'ingress' },
  serviceAccount: 'ingress-istio',
  dataplane: 'none',
  ip: '10.0.0.5',
});

/** The Istio ingress Gateway of {@link ingress}. */
export const ingressGateway = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { namespace: 'istio-system', name: 'ingress' },
  spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
};

/** The ambient world, with optional extra labels on namespace `app` and Service `app/web`. */
export function ambientWorld(
  options: {
    namespaceLabels?: LabelMap;
    serviceLabels?: LabelMap;
    pods?: readonly PodInfo[];
    services?: readonly ServiceInfo[];
  } = {},
): ClusterInfo {
  return cluster({
    namespaces: [
      namespace('app', { 'istio.io/dataplane-mode': 'ambient', ...options.namespaceLabels }),
      namespace('sidecars', { 'istio-injection': 'enabled' }),
      namespace('plain'),
      namespace('istio-system'),
      namespace('mesh-waypoints', { 'istio.io/dataplane-mode': 'ambient' }),
    ],
    pods: [web, client, sidecarClient, plain, waypointPod, ingress, ...(options.pods ?? [])],
    services: options.services ?? [
      service(
        'app',
        'web',
        { app: 'web' },
        [{ name: 'http', port: 80, targetPort: 8080 }],
        options.serviceLabels ?? {},
      ),
    ],
  });
}

/** The principal of a pod in the default trust domain. */
export function principal(p: PodInfo): string {
  return `cluster.local/ns/${p.namespace}/sa/${p.serviceAccount}`;
}
