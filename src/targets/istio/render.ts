import { IrIndex } from '../../ir/query';
import { IrTopology } from '../../ir/types';
import { ambientIngressPolicies } from './ambient-policy';
import { authorizedWorkloads, checkIstio } from './check';
import { zoneDefaultDeny } from './default-deny';
import { formatDiagnostics } from './diagnostics';
import { IstioManifest } from './manifests';
import { renderPeerAuthentication } from './peer-authentication';
import { sidecarIngressPolicy } from './sidecar-policy';
import { waypointFor, waypointGateway } from './waypoint';

/**
 * Renders a planned topology as Istio objects, in this order: waypoint Gateways (ambient), then
 * PeerAuthentications, then zones' allow-nothing policies, then each workload's allow policies
 * (all in IR order). Only the destination side is written: Istio does not enforce egress here.
 * Pure and deterministic. Throws, listing every problem, when check finds any: Istio would
 * otherwise enforce something else than the IR states.
 */
export function renderIstio(ir: IrTopology): IstioManifest[] {
  const problems = checkIstio(ir);
  if (problems.length > 0) {
    throw new Error(`The Istio target cannot render this topology:\n${formatDiagnostics(problems)}`);
  }
  const index = new IrIndex(ir);
  const labels = ir.settings.commonLabels;
  const ambient = ir.mesh.mode === 'ambient';
  if (!ambient && ir.mesh.waypoints.length > 0) {
    throw new Error(`IR invariant broken: waypoints exist only in ambient mode, not in '${ir.mesh.mode}'`);
  }
  const out: IstioManifest[] = [];
  for (const waypoint of ir.mesh.waypoints) out.push(waypointGateway(waypoint, labels));
  for (const mtls of ir.mtls) out.push(renderPeerAuthentication(mtls, index, labels));
  for (const zone of ir.zones) {
    const deny = zoneDefaultDeny(zone, labels);
    if (deny !== undefined) out.push(deny);
  }
  for (const w of authorizedWorkloads(ir)) {
    const rules = index.ingressRules(w);
    if (rules.length === 0) continue;
    if (ambient) {
      out.push(...ambientIngressPolicies(w, rules, waypointFor(ir, w), index, labels));
    } else {
      const policy = sidecarIngressPolicy(w, rules, index, labels);
      if (policy !== undefined) out.push(policy);
    }
  }
  return out;
}
