import { fieldPath, indexPath, keyPath } from '../field-path';
import type { Finding } from '../finding';
import { cidrContains, parseCidr } from '../../ip';
import { isJsonObject, type JsonObject } from '../json-value';
import { checkPortName } from '../names';

/**
 * The Cilium agent's policy validation that the CRD schema misses (cilium pkg/policy/api rule_validation.go,
 * and the CNP parser). The API server accepts such a policy, but the agent marks it `Valid=False` and enforces
 * nothing, or rewrites it. Checked here: at least one non-empty rule section; one peer kind per rule (e.g.
 * `toFQDNs` not with `toEndpoints`); port numbers 0-65535, port names, `endPort` ≥ `port`; one L7 protocol per
 * port rule, L7 HTTP only on TCP, DNS rules only on egress and with a port; no `icmps` with `toPorts`; CIDR
 * exceptions inside their CIDR; no namespace label in a namespaced policy's `endpointSelector`.
 */

const SECTIONS = ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const;
const INGRESS_PEERS = ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes', 'fromGroups'] as const;
const EGRESS_PEERS = [
  'toEndpoints',
  'toCIDR',
  'toCIDRSet',
  'toEntities',
  'toServices',
  'toGroups',
  'toNodes',
  'toFQDNs',
] as const;
const L7_KINDS = ['http', 'kafka', 'dns', 'l7proto'] as const;
const NAMESPACE_LABELS: ReadonlySet<string> = new Set([
  'k8s:io.kubernetes.pod.namespace',
  'io.kubernetes.pod.namespace',
  'any:io.kubernetes.pod.namespace',
]);
const DECIMAL_PORT = /^[0-9]+$/;

function nonEmptyList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0;
}

function listAt(object: JsonObject, key: string): unknown[] {
  const value = object[key];
  return Array.isArray(value) ? value : [];
}

function checkPeerKinds(rule: JsonObject, peers: readonly string[], path: string): Finding[] {
  const present = peers.filter((key) => nonEmptyList(rule[key]));
  if (present.length <= 1) return [];
  return [
    {
      path,
      detail: `combines ${present.join(' and ')} in one rule; Cilium accepts only one peer kind per rule (split it into several rules)`,
    },
  ];
}

function checkCidrSet(rule: JsonObject, key: string, path: string): Finding[] {
  return listAt(rule, key).flatMap((entry, i) => {
    if (!isJsonObject(entry) || typeof entry.cidr !== 'string') return [];
    const outer = parseCidr(entry.cidr);
    if (outer === undefined) return [];
    return listAt(entry, 'except').flatMap((text, j) => {
      const inner = typeof text === 'string' ? parseCidr(text) : undefined;
      if (inner === undefined || cidrContains(outer, { ...inner, prefix: inner.family === 4 ? 32 : 128 })) return [];
      return [
        {
          path: indexPath(fieldPath(indexPath(fieldPath(path, key), i), 'except'), j),
          detail: `${JSON.stringify(text)} is not inside cidr ${JSON.stringify(entry.cidr)}`,
        },
      ];
    });
  });
}

/** The port of a port rule as Cilium reads it: a number, a lowercased name, or a problem. */
function readPort(port: unknown, path: string): { number?: number; name?: string; findings: Finding[] } {
  if (port === undefined) return { findings: [] };
  if (typeof port === 'number') {
    return Number.isInteger(port) && port >= 0 && port <= 65535
      ? { number: port, findings: [] }
      : { findings: [{ path, detail: `${port} is out of range 0-65535` }] };
  }
  if (typeof port !== 'string') return { findings: [] };
  if (DECIMAL_PORT.test(port)) {
    const number = Number(port);
    return number <= 65535
      ? { number, findings: [] }
      : { findings: [{ path, detail: `${JSON.stringify(port)} is out of range 0-65535` }] };
  }
  const problem = checkPortName(port.toLowerCase());
  return problem === undefined
    ? { name: port, findings: [] }
    : {
        findings: [
          { path, detail: `${JSON.stringify(port)} is neither a port number nor a valid port name: ${problem}` },
        ],
      };
}

function checkPortProtocol(
  entry: unknown,
  path: string,
  hasDnsRules: boolean,
): { number?: number; findings: Finding[] } {
  if (!isJsonObject(entry)) return { findings: [] };
  const port = readPort(entry.port, fieldPath(path, 'port'));
  const findings = [...port.findings];
  const endPort = entry.endPort;
  const endPortPath = fieldPath(path, 'endPort');
  if (typeof endPort === 'number') {
    if (entry.port === undefined)
      findings.push({ path: endPortPath, detail: 'may not be specified when port is not specified' });
    else if (port.name !== undefined)
      findings.push({ path: endPortPath, detail: 'may not be specified with a named port' });
    else if (port.number !== undefined && endPort < port.number)
      findings.push({ path: endPortPath, detail: `${endPort} must be greater than or equal to port (${port.number})` });
    else if (hasDnsRules && port.number !== undefined && endPort > port.number)
      findings.push({ path: endPortPath, detail: 'DNS rules do not support port ranges' });
  }
  return { number: port.number, findings };
}

function checkPortRule(portRule: unknown, path: string, ingress: boolean): Finding[] {
  if (!isJsonObject(portRule)) return [];
  const rules = isJsonObject(portRule.rules) ? portRule.rules : {};
  const l7 = L7_KINDS.filter((kind) => rules[kind] !== undefined && rules[kind] !== null);
  const hasDnsRules = nonEmptyList(rules.dns);
  const ports = listAt(portRule, 'ports');
  const findings: Finding[] = [];
  const rulesPath = fieldPath(path, 'rules');
  if (l7.length > 1)
    findings.push({
      path: rulesPath,
      detail: `specifies ${l7.join(' and ')}; Cilium accepts only one L7 protocol per port rule`,
    });
  if (ingress && hasDnsRules)
    findings.push({ path: fieldPath(rulesPath, 'dns'), detail: 'DNS rules are not allowed on ingress' });
  if (hasDnsRules && ports.length === 0)
    findings.push({ path: fieldPath(path, 'ports'), detail: 'a port (53) must be specified for DNS rules' });
  ports.forEach((entry, i) => {
    const entryPath = indexPath(fieldPath(path, 'ports'), i);
    const checked = checkPortProtocol(entry, entryPath, hasDnsRules);
    findings.push(...checked.findings);
    if (l7.length > 0 && !hasDnsRules && isJsonObject(entry) && entry.protocol !== 'TCP') {
      findings.push({
        path: fieldPath(entryPath, 'protocol'),
        detail: `L7 rules apply only to TCP (protocol is ${JSON.stringify(entry.protocol ?? 'ANY')}), except DNS rules`,
      });
    }
    if (l7.length > 0 && checked.number === 0)
      findings.push({ path: fieldPath(entryPath, 'port'), detail: 'L7 rules cannot be used with port 0' });
  });
  return findings;
}

function checkRule(rule: unknown, path: string, ingress: boolean): Finding[] {
  if (!isJsonObject(rule)) return [];
  const findings = [
    ...checkPeerKinds(rule, ingress ? INGRESS_PEERS : EGRESS_PEERS, path),
    ...checkCidrSet(rule, ingress ? 'fromCIDRSet' : 'toCIDRSet', path),
  ];
  const toPorts = listAt(rule, 'toPorts');
  if (toPorts.length > 0 && nonEmptyList(rule.icmps))
    findings.push({ path, detail: 'icmps may not be combined with toPorts in one rule' });
  toPorts.forEach((portRule, i) =>
    findings.push(...checkPortRule(portRule, indexPath(fieldPath(path, 'toPorts'), i), ingress)),
  );
  return findings;
}

function checkEndpointSelectorNamespace(selector: unknown, path: string): Finding[] {
  if (!isJsonObject(selector)) return [];
  const detail = 'must not select a namespace: a namespaced policy always applies to pods of its own namespace';
  const findings: Finding[] = [];
  if (isJsonObject(selector.matchLabels)) {
    for (const key of Object.keys(selector.matchLabels)) {
      if (NAMESPACE_LABELS.has(key)) findings.push({ path: keyPath(fieldPath(path, 'matchLabels'), key), detail });
    }
  }
  listAt(selector, 'matchExpressions').forEach((expression, i) => {
    if (isJsonObject(expression) && typeof expression.key === 'string' && NAMESPACE_LABELS.has(expression.key)) {
      findings.push({ path: fieldPath(indexPath(fieldPath(path, 'matchExpressions'), i), 'key'), detail });
    }
  });
  return findings;
}

function checkPolicyRule(rule: unknown, path: string, namespaced: boolean): Finding[] {
  if (!isJsonObject(rule)) return [];
  const findings: Finding[] = [];
  if (!SECTIONS.some((section) => nonEmptyList(rule[section]))) {
    findings.push({
      path,
      detail:
        'must have at least one non-empty ingress, ingressDeny, egress or egressDeny (Cilium marks it Valid=False); write ingress: [{}] for a default deny',
    });
  }
  if (namespaced)
    findings.push(...checkEndpointSelectorNamespace(rule.endpointSelector, fieldPath(path, 'endpointSelector')));
  for (const section of SECTIONS) {
    const ingress = section.startsWith('ingress');
    listAt(rule, section).forEach((entry, i) =>
      findings.push(...checkRule(entry, indexPath(fieldPath(path, section), i), ingress)),
    );
  }
  return findings;
}

/** Checks a CiliumNetworkPolicy (`namespaced`) or CiliumClusterwideNetworkPolicy manifest as the Cilium agent does. */
export function checkCiliumPolicy(doc: JsonObject, namespaced: boolean): Finding[] {
  const findings: Finding[] = [];
  if (doc.spec !== undefined) findings.push(...checkPolicyRule(doc.spec, 'spec', namespaced));
  listAt(doc, 'specs').forEach((rule, i) => findings.push(...checkPolicyRule(rule, indexPath('specs', i), namespaced)));
  if (doc.spec === undefined && listAt(doc, 'specs').length === 0)
    findings.push({ path: 'spec', detail: 'a Cilium policy needs spec or specs' });
  return findings;
}
