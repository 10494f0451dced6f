import { IrPeer, IrPort } from './types';

/** A peer in words, for messages: `tier production/frontend`, `cidr 10.0.0.0/8`, `pods in monitoring`. */
export function describePeer(p: IrPeer): string {
  switch (p.kind) {
    case 'workload': return `tier ${p.workload}`;
    case 'cidr': return `cidr ${p.cidr}`;
    case 'fqdn': return `fqdn ${p.names.map((n) => (n.kind === 'subdomains' ? `**.${n.value}` : n.value)).join(',')}`;
    case 'entity': return `entity ${p.entity}`;
    case 'pods': return `pods in ${p.namespace ?? `namespaces ${JSON.stringify(p.namespaceLabels)}`}`;
    case 'any': return 'any peer';
  }
}

/** A port in words: `8080/TCP`, `7000-7010/TCP`, `metrics/TCP`, `all/UDP`. */
export function portText(p: IrPort): string {
  return `${p.name ?? p.port ?? 'all'}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol}`;
}
