import { IrIndex } from '../../ir/query';
import { IrLabels, IrRule, IrWaypoint, IrWorkload } from '../../ir/types';
import { authorizationRules, l4Rules, ruleWhere } from './authorization';
import { authorizationPolicy, AuthorizationPolicyManifest, AuthorizationRule, workloadSelector } from './manifests';
import { istioPorts } from './operations';
import { isIdentityPeer, principal, renderSource } from './principals';
import { servicePortsFor } from './waypoint';

/**
 * Whether a rule into a workload behind a waypoint is enforced by the waypoint: when its source
 * is an identity (the destination ztunnel would see the waypoint's, not the client's) or when it
 * carries L7 (ztunnel cannot see requests).
 */
export function routedViaWaypoint(rule: IrRule): boolean {
  return isIdentityPeer(rule.from) || rule.l7 !== undefined;
}

/**
 * The pod ports the waypoint must be admitted on: the union of the routed rules' ports, sorted
 * numerically; `undefined` for every port; `[]` when no routed rule names a TCP port.
 */
function admissionPorts(routed: readonly IrRule[]): readonly string[] | undefined {
  const ports = new Set<number>();
  for (const r of routed) {
    const p = istioPorts(r.ports, ruleWhere(r));
    if (p === undefined) return undefined;
    for (const port of p) ports.add(Number(port));
  }
  return [...ports].sort((a, b) => a - b).map(String);
}

/**
 * The ambient-mode policies of one workload, in this order:
 * - `<workload>-ingress` (selector, enforced by the destination ztunnel): L4 only. It admits the
 *   waypoint's principal on the ports of the waypoint-routed rules (B3.7: behind a waypoint the
 *   ztunnel sees the waypoint's identity, and admitting only it closes the bypass when the
 *   waypoint is missing), plus the rules that need no waypoint (non-identity sources without L7,
 *   or every rule when there is no waypoint).
 * - `<workload>-waypoint` (`targetRefs` to the workload's Service, enforced by the waypoint): the
 *   routed rules with full L7, on Service ports.
 * A selector policy never carries methods, paths, hosts or header conditions: ztunnel would turn
 * it into a deny (B3.6). Throws on L7 that would land there (the planner never sends L7 to a zone
 * without a waypoint) and on routed ports no Service port reaches (reported by check).
 *
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export function ambientIngressPolicies(
  w: IrWorkload,
  rules: readonly IrRule[],
  waypoint: IrWaypoint | undefined,
  index: IrIndex,
  labels: IrLabels,
): AuthorizationPolicyManifest[] {
  const routed = waypoint === undefined ? [] : rules.filter(routedViaWaypoint);
  const routedIds = new Set(routed.map((r) => r.id));
  const direct = rules.filter((r) => !routedIds.has(r.id));
  const ztunnelRules: AuthorizationRule[] = [];
  const waypointRules: AuthorizationRule[] = [];
  if (waypoint !== undefined && routed.length > 0) {
    const ports = admissionPorts(routed);
    const waypointPrincipal = principal(index.ir.mesh.trustDomain, waypoint.namespace, waypoint.serviceAccount);
    ztunnelRules.push(...l4Rules({ principals: [waypointPrincipal] }, ports));
  }
  // An L4 identity rule also holds at the ztunnel with the client's own identity: traffic
  // addressed to the pod (or to ports no Service exposes) never passes the waypoint, and there is
  // no L7 to bypass.
  for (const r of [...direct, ...routed.filter((x) => x.l7 === undefined)]) {
    const where = ruleWhere(r);
    if (r.l7 !== undefined) {
      throw new Error(`IR invariant broken: ${where}: ambient L7 rules need a waypoint in front of a Service`);
    }
    ztunnelRules.push(...authorizationRules(r, renderSource(r.from, index, where), istioPorts(r.ports, where)));
  }
  for (const r of routed) {
    const where = ruleWhere(r);
    const { ports, unreached } = servicePortsFor(w, istioPorts(r.ports, where));
    if (unreached.length > 0 && r.l7 !== undefined) {
      throw new Error(`${where}: no port of Service '${w.service?.name}' targets pod port(s) ${unreached.join(', ')}`);
    }
    if (ports !== undefined && ports.length === 0) continue; // L4 only, and held at the ztunnel
    waypointRules.push(...authorizationRules(r, renderSource(r.from, index, where), ports));
  }
  const out: AuthorizationPolicyManifest[] = [];
  if (ztunnelRules.length > 0) {
    out.push(
      authorizationPolicy(`${w.name}-ingress`, w.namespace, labels, {
        selector: workloadSelector(w.selector, `workload '${w.id}'`),
        action: 'ALLOW',
        rules: ztunnelRules,
      }),
    );
  }
  if (waypointRules.length > 0 && w.service !== undefined) {
    out.push(
      authorizationPolicy(`${w.name}-waypoint`, w.namespace, labels, {
        targetRefs: [{ kind: 'Service', group: '', name: w.service.name }],
        action: 'ALLOW',
        rules: waypointRules,
      }),
    );
  }
  return out;
}
