import { IrLabels, IrZone } from '../../ir/types';
import { CiliumNetworkPolicyManifest, ciliumNetworkPolicy } from './cnp';
import { dnsEgressRules } from './dns';
import { subjectSelector } from './endpoints';

/**
 * The default deny of a zone, `<zone>-default-deny`, selecting every pod of the zone; `undefined`
 * when the zone denies nothing. A denied direction is written `[{}]` (a rule that allows nothing):
 * an empty list would fail the agent's validation and enforce nothing. When egress is denied and
 * the zone keeps DNS, the egress list holds the DNS-proxy rules instead, so every pod of the zone
 * (and so every workload with `toFQDNs` rules) is selected by a policy carrying `rules.dns`.
 */
export function zonePolicy(zone: IrZone, labels: IrLabels): CiliumNetworkPolicyManifest | undefined {
  if (!zone.denyIngress && !zone.denyEgress) return undefined;
  return ciliumNetworkPolicy(`${zone.name}-default-deny`, zone.namespace, labels, {
    endpointSelector: subjectSelector(zone.podSelector),
    ...(zone.denyIngress ? { ingress: [{}] } : {}),
    ...(zone.denyEgress ? { egress: zone.dns === undefined ? [{}] : dnsEgressRules(zone.dns) } : {}),
  });
}
