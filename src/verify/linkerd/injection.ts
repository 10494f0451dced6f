import { ClusterInfo, PodInfo } from '../cluster';

const INJECT = 'linkerd.io/inject';

/**
 * Whether Linkerd injects its proxy into a pod: the pod's `linkerd.io/inject` annotation
 * (`enabled` or `ingress` meshes it, `disabled` opts out) overrides its namespace's.
 * @see https://linkerd.io/2/features/proxy-injection/
 */
export function linkerdMeshed(pod: PodInfo, cluster: ClusterInfo): boolean {
  const own = pod.annotations?.[INJECT];
  const value = own ?? cluster.namespaces.find((n) => n.name === pod.namespace)?.annotations?.[INJECT];
  return value === 'enabled' || value === 'ingress';
}
