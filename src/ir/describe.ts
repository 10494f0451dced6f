import { IrPeer, IrPort, IrRule } from './types';

/** A peer in words, for messages: `tier production/frontend`, `cidr 10.0.0.0/8`, `pods in monitoring`. */
export function describePeer(p: IrPeer): string {
  switch (p.kind) {
    case 'workload':
      return `tier ${p.workload}`;
    case 'cidr':
      return `cidr ${p.cidr}`;
    case 'fqdn':
      return `fqdn ${p.names.map((n) => (n.kind === 'subdomains' ? `**.${n.value}` : n.value)).join(',')}`;
    case 'entity':
      return `entity ${p.entity}`;
    case 'pods':
      return `pods in ${p.namespace ?? `namespaces ${JSON.stringify(p.namespaceLabels)}`}`;
    case 'any':
      return 'any peer';
  }
}

/** A port in words: `8080/TCP`, `7000-7010/TCP`, `metrics/TCP`, `all/UDP`. */
export function portText(p: IrPort): string {
  return `${p.name ?? p.port ?? 'all'}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol}`;
}

/** A rule in words, for messages (never its internal id): `the rule from tier prod/web to tier prod/api on 8080/TCP with HTTP rules`. */
export function describeRule(rule: IrRule): string {
  const ports = rule.ports.length > 0 ? rule.ports.map(portText).join(', ') : 'every port';
  const l7 = rule.l7 ? ` with ${rule.l7.kind === 'http' ? 'HTTP' : 'Kafka'} rules` : '';
  return `the rule from ${describePeer(rule.from)} to ${describePeer(rule.to)} on ${ports}${l7}`;
}
