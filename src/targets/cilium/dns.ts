import { IrDns } from '../../ir/types';
import { EgressRule, L7Rules, PortRule } from './cnp';
import { k8sSourceLabels, namespacedPeer } from './endpoints';
import { isWildcardPort, toPorts } from './ports';

/**
 * The L7 DNS rule that sends a pod's lookups through Cilium's DNS proxy. `toFQDNs` learns IPs only
 * from lookups that pass the proxy; `*` keeps every lookup allowed (restricting names here breaks
 * resolvers that treat REFUSED as fatal) while the proxy observes them.
 */
export function dnsProxyRules(): L7Rules {
  return { dns: [{ matchPattern: '*' }] };
}

/**
 * Why the agent would reject these DNS ports in a rule carrying DNS L7 rules, or `undefined`
 * when they are fine: the proxy needs specific ports, never a range or a wildcard.
 */
export function dnsPortProblem(dns: IrDns): string | undefined {
  if (dns.ports.length === 0) return 'the DNS allowance lists no port, and Cilium requires one for its DNS proxy rule';
  if (dns.ports.some((p) => p.endPort !== undefined)) return 'Cilium DNS proxy rules do not support port ranges';
  if (dns.ports.some(isWildcardPort))
    return 'Cilium DNS proxy rules need a specific port, not every port of a protocol';
  return undefined;
}

/** The host route (`/32` or `/128`) of a node-local cache address; a prefix is kept as given. */
export function hostCidr(address: string): string {
  if (address.includes('/')) return address;
  return address.includes(':') ? `${address}/128` : `${address}/32`;
}

/**
 * The egress rules that keep DNS working in a default-deny-egress zone and make `toFQDNs` work:
 * to the DNS pods (namespace and pod labels from the Kubernetes label source), and to each
 * node-local cache address, on the DNS ports, all through the DNS proxy.
 */
export function dnsEgressRules(dns: IrDns): readonly EgressRule[] {
  const problem = dnsPortProblem(dns);
  if (problem !== undefined) throw new Error(problem);
  const ports = (): readonly PortRule[] => toPorts(dns.ports, dnsProxyRules) ?? [];
  return [
    { toEndpoints: [namespacedPeer(dns.namespace, k8sSourceLabels(dns.podSelector))], toPorts: ports() },
    ...dns.nodeLocalAddresses.map((address) => ({ toCIDR: [hostCidr(address)], toPorts: ports() })),
  ];
}
