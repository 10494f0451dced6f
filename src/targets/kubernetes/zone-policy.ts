import { IrLabels, IrZone } from '../../ir/types';
import { dnsEgressRule } from './dns';
import { networkPolicy, NetworkPolicyManifest, PolicyType } from './network-policy';
import { selectorOf } from './selectors';

/**
 * The default-deny policy of a zone, `<zone>-default-deny`, or `undefined` when the zone denies
 * neither direction. It lists the denied directions in `policyTypes` and no rules for them,
 * except that a zone denying egress keeps its DNS allowance when `zone.dns` is set.
 */
export function zoneDefaultDeny(zone: IrZone, labels: IrLabels): NetworkPolicyManifest | undefined {
  const policyTypes: PolicyType[] = [];
  if (zone.denyIngress) policyTypes.push('Ingress');
  if (zone.denyEgress) policyTypes.push('Egress');
  if (policyTypes.length === 0) return undefined;
  const podSelector = selectorOf(zone.podSelector);
  const dns = zone.denyEgress && zone.dns !== undefined ? dnsEgressRule(zone.dns, `zone '${zone.id}'`) : undefined;
  const spec = dns === undefined ? { podSelector, policyTypes } : { podSelector, policyTypes, egress: [dns] };
  return networkPolicy(`${zone.name}-default-deny`, zone.namespace, labels, spec);
}
