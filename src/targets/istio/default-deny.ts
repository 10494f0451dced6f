import { IrLabels, IrZone } from '../../ir/types';
import { authorizationPolicy, AuthorizationPolicyManifest, workloadSelector } from './manifests';

/**
 * The allow-nothing policy of a meshed zone that denies ingress, `<zone>-default-deny`:
 * `spec: {}` for the whole namespace, or `spec: {selector}` for a zone narrowed by pod labels.
 * An ALLOW policy without rules matches nothing, so every workload it selects rejects what no
 * other ALLOW policy admits (B3.1, B3.2). `rules: []` is never written. `undefined` when the zone
 * is open or outside the mesh.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export function zoneDefaultDeny(zone: IrZone, labels: IrLabels): AuthorizationPolicyManifest | undefined {
  if (!zone.denyIngress || !zone.meshed) return undefined;
  const spec =
    Object.keys(zone.podSelector).length === 0
      ? {}
      : { selector: workloadSelector(zone.podSelector, `zone '${zone.id}'`) };
  return authorizationPolicy(`${zone.name}-default-deny`, zone.namespace, labels, spec);
}
