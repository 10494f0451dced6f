import { IrDns } from '../../ir/types';
import { CalicoRule } from './policy';
import { portsByProtocol } from './rules';
import { labelsExpression, namespaceByName } from './selectors';

/**
 * The egress rules that keep DNS working under an egress default deny, one per protocol (UDP and
 * TCP 53 for kube-dns): to the DNS pods, selected by namespace AND labels in one entity rule, and
 * to the node-local cache addresses (`/32`, `/128`), which listen on the host network where no
 * selector reaches them.
 */
export function dnsEgressRules(dns: IrDns, where: string): CalicoRule[] {
  const hasLabels = Object.keys(dns.podSelector).length > 0;
  const pods = {
    ...(hasLabels ? { selector: labelsExpression(dns.podSelector, where) } : {}),
    namespaceSelector: namespaceByName(dns.namespace),
  };
  const nets = dns.nodeLocalAddresses.map((a) => hostCidr(a, where));
  const groups =
    dns.ports.length === 0 ? [{ protocol: undefined, ports: undefined }] : portsByProtocol(dns.ports, where);
  const out: CalicoRule[] = [];
  for (const g of groups) {
    const ports = g.ports ? { ports: [...g.ports] } : {};
    const protocol = g.protocol ? { protocol: g.protocol } : {};
    out.push({ action: 'Allow', ...protocol, destination: { ...pods, ...ports } });
    if (nets.length > 0) out.push({ action: 'Allow', ...protocol, destination: { nets, ...ports } });
  }
  return out;
}

function hostCidr(address: string, where: string): string {
  if (address.includes('/'))
    throw new Error(`IR invariant broken: ${where}: node-local DNS address '${address}' must be a bare IP`);
  return address.includes(':') ? `${address}/128` : `${address}/32`;
}
