import { Cidr, cidrContains, coversEveryPublicAddress, IpAddress, parseIp } from '../match/ip';
import { Endpoint, isNode } from './endpoint';

/** How a CNI matches address blocks (NetworkPolicy `ipBlock`, Cilium CIDR rules) against in-cluster addresses. */
export interface AddressBlockMode {
  /** Blocks match pod IPs (upstream e2e, Calico) or never (Cilium). */
  readonly matchesPods: boolean;
  /** Blocks match node addresses. */
  readonly matchesNodes: boolean;
}

/**
 * True when an endpoint lies in `cidr` minus `except`: an external address by value; a pod or a
 * node only when the CNI matches them (`mode`); a DNS name by its resolved address, or, without
 * one, only when the block contains every public address (the name could resolve to any).
 */
export function addressBlockMatches(cidr: Cidr, except: readonly Cidr[], e: Endpoint, mode: AddressBlockMode): boolean {
  const inBlock = (a: IpAddress): boolean => cidrContains(cidr, a) && !except.some((x) => cidrContains(x, a));
  switch (e.kind) {
    case 'pod': {
      if (!mode.matchesPods || !e.pod.ip) return false;
      const ip = parseIp(e.pod.ip);
      return ip !== undefined && inBlock(ip);
    }
    case 'ip':
      return (mode.matchesNodes || !isNode(e)) && inBlock(e.address);
    case 'fqdn':
      return e.address ? inBlock(e.address) : coversEveryPublicAddress(cidr, except);
  }
}
