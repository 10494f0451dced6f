import {
  CiliumNetworkPolicyManifest, EgressRule, IngressRule, PortRule,
} from '../../../src/targets/cilium/cnp';

/** Cilium's own names of the L3 fields of a rule; the agent accepts at most one per rule. */
const INGRESS_L3 = ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes', 'fromGroups'];
const EGRESS_L3 = ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toFQDNs', 'toGroups', 'toNodes'];
const ENTITIES = ['all', 'world', 'cluster', 'host', 'init', 'ingress', 'unmanaged', 'remote-node', 'health', 'none',
  'kube-apiserver'];
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9](-?[a-z0-9])*$/i;

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function ipv4Contains(cidr: string, inner: string): boolean {
  const [net, bits] = cidr.split('/');
  const [addr] = inner.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4ToInt(addr) / size) === Math.floor(ipv4ToInt(net) / size);
}

function portRuleProblems(pr: PortRule, ingress: boolean, at: string): string[] {
  const out: string[] = [];
  const rules = pr.rules as { [kind: string]: unknown[] } | undefined;
  const kinds = rules === undefined ? [] : Object.keys(rules);
  const dns = kinds.includes('dns');
  if (kinds.length > 1) out.push(`${at}: multiple L7 protocol rule types specified in single rule`);
  if (ingress && dns) out.push(`${at}: DNS rules are not allowed on ingress`);
  if (pr.ports.length > 40) out.push(`${at}: too many ports, the max is 40`);
  if (dns && pr.ports.length === 0) out.push(`${at}: Port 53 must be specified for DNS rules`);
  for (const p of pr.ports) {
    const numeric = !IANA_SVC_NAME.test(p.port);
    if (numeric && !(/^\d+$/.test(p.port) && Number(p.port) <= 65535)) out.push(`${at}: unable to parse port ${p.port}`);
    if (kinds.length > 0 && p.port === '0') out.push(`${at}: L7 rules can not be used when a port is 0`);
    if (kinds.length > 0 && !dns && p.protocol !== 'TCP') out.push(`${at}: L7 rules can only apply to TCP (not ${p.protocol})`);
    if (dns && p.endPort !== undefined && p.endPort > Number(p.port)) out.push(`${at}: DNS rules do not support port ranges`);
  }
  for (const h of (rules?.http ?? []) as { path?: string; method?: string }[]) {
    for (const re of [h.path, h.method]) {
      if (re === undefined) continue;
      try { new RegExp(re); } catch { out.push(`${at}: '${re}' is not a regular expression`); }
    }
  }
  return out;
}

function ruleProblems(rule: IngressRule | EgressRule, l3Fields: readonly string[], ingress: boolean, at: string): string[] {
  const out: string[] = [];
  const record = rule as { [key: string]: unknown };
  const present = l3Fields.filter((f) => Array.isArray(record[f]) && (record[f] as unknown[]).length > 0);
  if (present.length > 1) out.push(`${at}: Combining ${present.join(' and ')} is not supported`);
  for (const e of [...(record.fromEntities ?? []) as string[], ...(record.toEntities ?? []) as string[]]) {
    if (!ENTITIES.includes(e)) out.push(`${at}: unsupported entity: ${e}`);
  }
  for (const set of [record.fromCIDRSet, record.toCIDRSet] as ({ cidr: string; except?: string[] }[] | undefined)[]) {
    for (const c of set ?? []) {
      for (const e of c.except ?? []) {
        if (!c.cidr.includes(':') && !ipv4Contains(c.cidr, e)) out.push(`${at}: ${c.cidr} does not contain ${e}`);
      }
    }
  }
  ((record.toPorts ?? []) as PortRule[]).forEach((pr, i) => out.push(...portRuleProblems(pr, ingress, `${at}.toPorts[${i}]`)));
  return out;
}

/**
 * What the Cilium agent's own rule validation (`Rule.Sanitize`, pkg/policy/api/rule_validation.go)
 * and CNP parsing would reject although the API server accepts it: an empty direction list,
 * a namespace label in `endpointSelector`, two L3 kinds in one rule, L7 on port 0 or on a non-TCP
 * port, DNS rules on ingress or with ranges, several L7 protocols in one port rule, unknown
 * entities, `except` outside its CIDR, path or method regexes that do not compile.
 */
export function agentRuleViolations(doc: CiliumNetworkPolicyManifest): string[] {
  const out: string[] = [];
  const spec = doc.spec;
  if (Object.keys(spec.endpointSelector.matchLabels ?? {}).some((k) => k.endsWith('io.kubernetes.pod.namespace'))) {
    out.push('spec.endpointSelector: a CiliumNetworkPolicy may not select by namespace');
  }
  if ((spec.ingress?.length ?? 1) === 0 || (spec.egress?.length ?? 1) === 0) {
    out.push('spec: rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny (an empty list)');
  }
  (spec.ingress ?? []).forEach((r, i) => out.push(...ruleProblems(r, INGRESS_L3, true, `spec.ingress[${i}]`)));
  (spec.egress ?? []).forEach((r, i) => out.push(...ruleProblems(r, EGRESS_L3, false, `spec.egress[${i}]`)));
  return out;
}
