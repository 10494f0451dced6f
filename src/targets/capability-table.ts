import { allTargets } from './registry';
import { Capability } from './target';

const DESCRIPTIONS: { readonly [c in Capability]: string } = {
  [Capability.L3_PODS]: 'pods by labels (any namespace)',
  [Capability.NAMESPACE_LABELS]: 'namespaces by label',
  [Capability.ANY_PEER]: 'relaxes a peer another layer enforces',
  [Capability.CIDR]: 'CIDR with except',
  [Capability.ENTITIES]: 'entities (world, host, kube-apiserver ...)',
  [Capability.FQDN]: 'egress by DNS name / `*` pattern',
  [Capability.FQDN_SUBDOMAINS]: 'egress by `**.` subdomains',
  [Capability.L4_PORTS]: 'TCP/UDP ports',
  [Capability.PORT_RANGES]: 'port ranges',
  [Capability.NAMED_PORTS]: 'named ports',
  [Capability.SCTP]: 'SCTP',
  [Capability.L7_HTTP]: 'HTTP method/path/headers, gRPC',
  [Capability.L7_HTTP_REGEX]: 'regex paths',
  [Capability.L7_KAFKA]: 'Kafka topics',
  [Capability.MTLS]: 'mutual TLS modes',
  [Capability.IDENTITY]: 'service-account identity',
  [Capability.DEFAULT_DENY]: 'default deny per zone',
  [Capability.ROUTES]: 'ingress gateways and routes',
  [Capability.GUARDRAILS]: 'cluster-wide guardrails (deny / allow / pass by priority)',
};

/** The targets × capabilities table, in Markdown, generated from the registry (the README embeds it). */
export function capabilityTable(): string {
  const targets = allTargets();
  const head = `| capability | ${targets.map((t) => `${t.title} (\`${t.name}\`)`).join(' | ')} |`;
  const sep = `| --- | ${targets.map(() => ':---:').join(' | ')} |`;
  const rows = (Object.values(Capability) as Capability[]).map(
    (c) => `| ${DESCRIPTIONS[c]} | ${targets.map((t) => (t.capabilities.has(c) ? '✓' : '—')).join(' | ')} |`,
  );
  return [head, sep, ...rows].join('\n');
}
