import { IrIndex } from '../../ir/query';
import { IrRule } from '../../ir/types';
import { EgressRule, IngressRule, PortRule } from './cnp';
import { l7Rules } from './l7';
import { egressPeer, ingressPeer } from './peers';
import { isWildcardPort, toPorts } from './ports';

/**
 * Why the agent would reject this rule's L7 restriction, or `undefined` when it is fine: Cilium
 * applies L7 rules only to specific ports, never to every port (`ports: []`) nor to port `"0"`.
 */
export function l7PortProblem(rule: IrRule): string | undefined {
  if (rule.l7 === undefined) return undefined;
  if (rule.ports.length === 0 || rule.ports.some(isWildcardPort)) {
    return `Cilium applies ${rule.l7.kind} rules only to specific ports, and this rule covers every port of a protocol`;
  }
  return undefined;
}

/** The `toPorts` of a rule, with its L7 rules on every port; omitted when the rule covers every port. */
function portsOf(rule: IrRule): { readonly toPorts?: readonly PortRule[] } {
  const l7 = rule.l7;
  const problem = l7PortProblem(rule);
  if (problem !== undefined) throw new Error(`${rule.paths[0]}: ${problem}`);
  if (l7 !== undefined && rule.ports.some((p) => p.protocol !== 'TCP')) {
    throw new Error(`IR invariant broken: rule '${rule.id}' has L7 rules on a port that is not TCP`);
  }
  const ports = toPorts(rule.ports, l7 === undefined ? undefined : () => l7Rules(l7));
  return ports === undefined ? {} : { toPorts: ports };
}

/** True when the peer selects namespaces by label: only a CiliumClusterwideNetworkPolicy can say so. */
export function needsClusterwide(peer: IrRule['from']): boolean {
  return peer.kind === 'pods' && Object.keys(peer.namespaceLabels ?? {}).length > 0;
}

/** One ingress allow of the destination workload: the rule's source on the rule's ports. */
export function ingressRule(rule: IrRule, index: IrIndex, clusterwide = false): IngressRule {
  return { ...ingressPeer(rule.from, index, clusterwide), ...portsOf(rule) };
}

/** One egress allow of the source workload: the rule's destination on the rule's ports. */
export function egressRule(rule: IrRule, index: IrIndex, clusterwide = false): EgressRule {
  return { ...egressPeer(rule.to, index, clusterwide), ...portsOf(rule) };
}
