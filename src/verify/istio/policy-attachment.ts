import { PodInfo, ServiceInfo } from '../cluster';
import { AuthorizationPolicyView, PolicyTargetRef } from './authorization-policy';
import { GATEWAY_API_GROUP, GatewayView, WAYPOINT_CLASS } from './gateway';
import { selectorMatches } from '../match/label-selector';

/**
 * The AuthorizationPolicies a workload's own proxy (its sidecar, or its node's ztunnel) enforces:
 * those without `targetRefs`, in the root namespace (mesh-wide) or the workload's namespace,
 * whose `selector` is absent (namespace- or mesh-wide) or matches the pod's labels. A selector
 * in the root namespace selects workloads of every namespace. Sidecars and ztunnel ignore
 * `targetRefs` policies.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export function workloadPolicies(
  policies: readonly AuthorizationPolicyView[],
  pod: PodInfo,
  rootNamespace: string,
): readonly AuthorizationPolicyView[] {
  return policies.filter(
    (policy) =>
      policy.targetRefs.length === 0 &&
      (policy.namespace === rootNamespace || policy.namespace === pod.namespace) &&
      (policy.selector === undefined || selectorMatches(policy.selector, pod.labels)),
  );
}

/**
 * The AuthorizationPolicies a waypoint enforces for traffic to `service` (or to a workload,
 * when `service` is undefined): those whose `targetRefs` name the Service (group `""` or `core`,
 * kind `Service`, same namespace), the waypoint's Gateway (same namespace), or the GatewayClass
 * `istio-waypoint` (from the root namespace). Waypoints ignore `selector` and namespace-wide
 * policies.
 *
 * @see https://istio.io/latest/docs/ambient/usage/l7-features/
 */
export function waypointPolicies(
  policies: readonly AuthorizationPolicyView[],
  waypoint: GatewayView,
  service: ServiceInfo | undefined,
  rootNamespace: string,
): readonly AuthorizationPolicyView[] {
  return policies.filter((policy) =>
    policy.targetRefs.some(
      (ref) =>
        (service !== undefined && targetsService(policy, ref, service)) ||
        (isGatewayApi(ref, 'Gateway') && policy.namespace === waypoint.namespace && ref.name === waypoint.name) ||
        (isGatewayApi(ref, 'GatewayClass') && policy.namespace === rootNamespace && ref.name === WAYPOINT_CLASS),
    ),
  );
}

/** The policies whose `targetRefs` name this Service (enforced only by a waypoint). */
export function servicePolicies(
  policies: readonly AuthorizationPolicyView[],
  service: ServiceInfo,
): readonly AuthorizationPolicyView[] {
  return policies.filter((policy) => policy.targetRefs.some((ref) => targetsService(policy, ref, service)));
}

function targetsService(policy: AuthorizationPolicyView, ref: PolicyTargetRef, service: ServiceInfo): boolean {
  return (
    (ref.group === '' || ref.group === 'core') &&
    ref.kind === 'Service' &&
    ref.name === service.name &&
    policy.namespace === service.namespace
  );
}

function isGatewayApi(ref: PolicyTargetRef, kind: string): boolean {
  return ref.group === GATEWAY_API_GROUP && ref.kind === kind;
}
