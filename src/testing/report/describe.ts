import {
  IrFqdn,
  IrGateway,
  IrHttpRule,
  IrKafkaRule,
  IrL7,
  IrLabels,
  IrPeer,
  IrPort,
  IrRule,
  IrTopology,
} from '../../ir/types';

/** A port as a report shows it: `8080` for TCP, `53/UDP`, `7000-7010`, `metrics`, `all TCP`. */
export function describePort(p: IrPort): string {
  const number =
    p.name ?? (p.port === undefined ? undefined : p.endPort !== undefined ? `${p.port}-${p.endPort}` : `${p.port}`);
  if (number === undefined) return `all ${p.protocol}`;
  return p.protocol === 'TCP' ? number : `${number}/${p.protocol}`;
}

/** The ports of a rule: `8080, 9090`, or `any port` when the rule names none. */
export function describePorts(ports: readonly IrPort[]): string {
  return ports.length === 0 ? 'any port' : ports.map(describePort).join(', ');
}

/** One L7 condition: `GET /api/v1/products`, `POST /api/*`, `gRPC shop.Cart/AddItem`, `produce orders`. */
export function describeL7Rule(rule: IrHttpRule | IrKafkaRule): string {
  if ('role' in rule) return `${rule.role} ${rule.topic}${rule.clientId ? ` (client ${rule.clientId})` : ''}`;
  if (rule.grpc) return `gRPC ${rule.grpc.service}/${rule.grpc.method ?? '*'}`;
  const path =
    rule.path === undefined
      ? '*'
      : rule.path.kind === 'exact'
        ? rule.path.value
        : rule.path.kind === 'prefix'
          ? `${rule.path.value}*`
          : `~${rule.path.value}`;
  const headers = rule.headers.map((h) =>
    h.value === undefined
      ? h.name
      : h.kind === 'prefix'
        ? `${h.name}: ${h.value}*`
        : h.kind === 'regex'
          ? `${h.name}: ~${h.value}`
          : `${h.name}: ${h.value}`,
  );
  const not = [
    ...(rule.notMethods ?? []),
    ...(rule.notPaths ?? []).map((p) =>
      p.kind === 'exact' ? p.value : p.kind === 'prefix' ? `${p.value}*` : `~${p.value}`,
    ),
  ];
  const hosts = rule.hosts ? ` on ${rule.hosts.join(', ')}` : '';
  return `${rule.method ?? 'ANY'} ${path}${headers.length > 0 ? ` [${headers.join(', ')}]` : ''}${not.length > 0 ? ` except ${not.join(', ')}` : ''}${hosts}`;
}

/** Every L7 condition of an edge, in IR order. */
export function describeL7(l7: IrL7 | undefined): string[] {
  if (!l7) return [];
  return l7.kind === 'http' ? l7.rules.map(describeL7Rule) : l7.rules.map(describeL7Rule);
}

/** A rule's ports and L7 conditions, shortened after the first condition: `8080 GET /api/v1/products … (+2)`. */
export function describeEdge(rule: IrRule): string {
  const l7 = describeL7(rule.l7);
  const ports = describePorts(rule.ports);
  if (l7.length === 0) return ports;
  return `${ports} ${l7[0]}${l7.length > 1 ? ` … (+${l7.length - 1})` : ''}`;
}

/** A DNS name or pattern as written: `api.stripe.com`, `*.example.com`, `**.example.com`. */
export function describeFqdn(f: IrFqdn): string {
  return f.kind === 'subdomains' ? `**.${f.value}` : f.value;
}

/** A label map: `{app=prometheus}`. */
export function describeLabels(labels: IrLabels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',')}}`;
}

/**
 * A peer as a report names it. Workloads are named by id through `workloadName`; the others by
 * what selects them: `cidr 10.0.0.0/8 except …`, `fqdn api.stripe.com`, `entity world`,
 * `pods monitoring {app=prometheus}`.
 */
export function describePeer(peer: IrPeer, workloadName: (id: string) => string = (id) => id): string {
  switch (peer.kind) {
    case 'workload':
      return workloadName(peer.workload);
    case 'cidr':
      return `cidr ${peer.cidr}${peer.except.length > 0 ? ` except ${peer.except.join(', ')}` : ''}`;
    case 'fqdn':
      return `fqdn ${peer.names.map(describeFqdn).join(', ')}`;
    case 'entity':
      return `entity ${peer.entity}`;
    case 'any':
      return 'any peer';
    case 'pods': {
      const where =
        peer.namespace ??
        (Object.keys(peer.namespaceLabels ?? {}).length === 0
          ? 'every namespace'
          : `namespaces ${describeLabels(peer.namespaceLabels ?? {})}`);
      return `pods ${where}${Object.keys(peer.podLabels).length > 0 ? ` ${describeLabels(peer.podLabels)}` : ''}`;
    }
  }
}

/** True for peers outside the cluster: CIDRs, DNS names and entities. */
export function isExternal(peer: IrPeer): boolean {
  return peer.kind === 'cidr' || peer.kind === 'fqdn' || peer.kind === 'entity';
}

/** The ingress gateway whose pods a `pods` peer selects exactly (same namespace, same labels), if any. */
export function gatewayOf(ir: IrTopology, peer: IrPeer): IrGateway | undefined {
  if (peer.kind !== 'pods' || peer.namespace === undefined) return undefined;
  const labels = describeLabels(peer.podLabels);
  return ir.gateways.find((g) => g.namespace === peer.namespace && describeLabels(g.podSelector) === labels);
}
