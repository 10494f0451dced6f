import { IrDns } from '../../ir/types';
import { NetworkPolicyEgressRule, NetworkPolicyPeer } from './network-policy';
import { renderPorts } from './ports';
import { isEmptyLabels, namespaceByName, selectorOf } from './selectors';

/**
 * The egress rule that keeps DNS working under an egress default deny: the DNS pods (namespace
 * AND pod selector in one element) plus one `/32` (`/128` for IPv6) ipBlock per node-local cache
 * address, which listens on the host network where no pod selector can reach it.
 */
export function dnsEgressRule(dns: IrDns, where: string): NetworkPolicyEgressRule {
  const pods: NetworkPolicyPeer = isEmptyLabels(dns.podSelector)
    ? { namespaceSelector: namespaceByName(dns.namespace) }
    : { namespaceSelector: namespaceByName(dns.namespace), podSelector: selectorOf(dns.podSelector) };
  const nodeLocal = dns.nodeLocalAddresses.map((address): NetworkPolicyPeer => ({
    ipBlock: { cidr: hostCidr(address, where) },
  }));
  const ports = renderPorts(dns.ports, where);
  const to = [pods, ...nodeLocal];
  return ports === undefined ? { to } : { to, ports };
}

/** A single-address CIDR for an IP: `/32` for IPv4, `/128` for IPv6. */
export function hostCidr(address: string, where: string): string {
  if (address.includes('/')) {
    throw new Error(`IR invariant broken: ${where}: node-local DNS address '${address}' must be a bare IP`);
  }
  return address.includes(':') ? `${address}/128` : `${address}/32`;
}
