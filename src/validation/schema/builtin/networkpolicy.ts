import { fieldPath, indexPath } from '../field-path';
import type { Finding } from '../finding';
import { isJsonObject, type JsonObject } from '../json-value';
import { cidrContains, formatNetwork, hasHostBits, parseCidr, type Cidr } from '../../ip';
import { checkPortName } from '../names';
import { checkLabelSelector } from './label-selector';

/**
 * The API server's built-in validation of networking.k8s.io/v1 NetworkPolicy, which its OpenAPI schema does not
 * carry (kubernetes pkg/apis/networking/validation ValidateNetworkPolicy, with strict IP/CIDR validation):
 * ports and protocols, endPort, peers, ipBlock CIDRs, label selectors and policyTypes.
 */

const PROTOCOLS: ReadonlySet<string> = new Set(['TCP', 'UDP', 'SCTP']);
const POLICY_TYPES: ReadonlySet<string> = new Set(['Ingress', 'Egress']);

function checkPortNumber(value: number, path: string): Finding[] {
  return value >= 1 && value <= 65535 ? [] : [{ path, detail: `${value} is out of range 1-65535` }];
}

function checkPort(port: unknown, path: string): Finding[] {
  if (!isJsonObject(port)) return [];
  const findings: Finding[] = [];
  const { protocol, port: number, endPort } = port;
  if (typeof protocol === 'string' && !PROTOCOLS.has(protocol)) {
    findings.push({
      path: fieldPath(path, 'protocol'),
      detail: `unsupported value ${JSON.stringify(protocol)}; supported values: "TCP", "UDP", "SCTP"`,
    });
  }
  const endPortPath = fieldPath(path, 'endPort');
  if (typeof number === 'number') {
    findings.push(...checkPortNumber(number, fieldPath(path, 'port')));
    if (typeof endPort === 'number') {
      if (endPort < number)
        findings.push({ path: endPortPath, detail: `${endPort} must be greater than or equal to port (${number})` });
      findings.push(...checkPortNumber(endPort, endPortPath));
    }
  } else if (typeof number === 'string') {
    if (endPort !== undefined)
      findings.push({ path: endPortPath, detail: 'may not be specified when port is a named port' });
    const problem = checkPortName(number);
    if (problem !== undefined)
      findings.push({
        path: fieldPath(path, 'port'),
        detail: `${JSON.stringify(number)} is not a valid named port: ${problem}`,
      });
  } else if (number === undefined && endPort !== undefined) {
    findings.push({ path: endPortPath, detail: 'may not be specified when port is not specified' });
  }
  return findings;
}

function checkStrictCidr(text: unknown, path: string): { cidr?: Cidr; findings: Finding[] } {
  if (typeof text !== 'string') return { findings: [] };
  const cidr = parseCidr(text);
  if (cidr === undefined) return { findings: [{ path, detail: `${JSON.stringify(text)} is not a valid CIDR` }] };
  if (cidr.ipv4Mapped)
    return { cidr, findings: [{ path, detail: `${JSON.stringify(text)} must not be an IPv4-mapped IPv6 address` }] };
  if (hasHostBits(cidr)) {
    return {
      cidr,
      findings: [
        {
          path,
          detail: `${JSON.stringify(text)} must not have bits set beyond the prefix length (did you mean ${formatNetwork(cidr)}?)`,
        },
      ],
    };
  }
  return { cidr, findings: [] };
}

function checkIpBlock(ipBlock: JsonObject, path: string): Finding[] {
  const cidrPath = fieldPath(path, 'cidr');
  if (ipBlock.cidr === undefined || ipBlock.cidr === '')
    return [{ path: cidrPath, detail: 'required field is missing' }];
  const outer = checkStrictCidr(ipBlock.cidr, cidrPath);
  const findings = [...outer.findings];
  const except = Array.isArray(ipBlock.except) ? ipBlock.except : [];
  except.forEach((entry, i) => {
    const exceptPath = indexPath(fieldPath(path, 'except'), i);
    const inner = checkStrictCidr(entry, exceptPath);
    findings.push(...inner.findings);
    if (
      outer.cidr !== undefined &&
      inner.cidr !== undefined &&
      (!cidrContains(outer.cidr, inner.cidr) || inner.cidr.prefix <= outer.cidr.prefix)
    ) {
      findings.push({
        path: exceptPath,
        detail: `${JSON.stringify(entry)} must be a strict subset of cidr ${JSON.stringify(ipBlock.cidr)}`,
      });
    }
  });
  return findings;
}

function checkPeer(peer: unknown, path: string): Finding[] {
  if (!isJsonObject(peer)) return [];
  const findings: Finding[] = [];
  const present = (['podSelector', 'namespaceSelector', 'ipBlock'] as const).filter(
    (key) => peer[key] !== undefined && peer[key] !== null,
  );
  if (present.length === 0)
    findings.push({ path, detail: 'must specify a peer: podSelector, namespaceSelector or ipBlock' });
  else if (present.length > 1 && present.includes('ipBlock'))
    findings.push({ path, detail: 'may not specify both ipBlock and another peer' });
  findings.push(...checkLabelSelector(peer.podSelector, fieldPath(path, 'podSelector')));
  findings.push(...checkLabelSelector(peer.namespaceSelector, fieldPath(path, 'namespaceSelector')));
  if (isJsonObject(peer.ipBlock)) findings.push(...checkIpBlock(peer.ipBlock, fieldPath(path, 'ipBlock')));
  return findings;
}

function checkRules(rules: unknown, path: string, peersKey: 'from' | 'to'): Finding[] {
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule, i) => {
    if (!isJsonObject(rule)) return [];
    const rulePath = indexPath(path, i);
    const ports = Array.isArray(rule.ports) ? rule.ports : [];
    const peers = Array.isArray(rule[peersKey]) ? (rule[peersKey] as unknown[]) : [];
    return [
      ...ports.flatMap((port, j) => checkPort(port, indexPath(fieldPath(rulePath, 'ports'), j))),
      ...peers.flatMap((peer, j) => checkPeer(peer, indexPath(fieldPath(rulePath, peersKey), j))),
    ];
  });
}

function checkPolicyTypes(policyTypes: unknown, path: string): Finding[] {
  if (!Array.isArray(policyTypes)) return [];
  const findings: Finding[] = [];
  if (policyTypes.length > POLICY_TYPES.size)
    findings.push({ path, detail: 'may not specify more than two policyTypes' });
  const seen = new Set<unknown>();
  policyTypes.forEach((type, i) => {
    const typePath = indexPath(path, i);
    if (typeof type === 'string' && !POLICY_TYPES.has(type)) {
      findings.push({
        path: typePath,
        detail: `unsupported value ${JSON.stringify(type)}; supported values: "Ingress", "Egress"`,
      });
    } else if (seen.has(type)) {
      findings.push({ path: typePath, detail: `duplicate value ${JSON.stringify(type)}` });
    }
    seen.add(type);
  });
  return findings;
}

/** Checks a networking.k8s.io/v1 NetworkPolicy manifest the way the API server's built-in validation does. */
export function checkNetworkPolicy(doc: JsonObject): Finding[] {
  const spec = doc.spec;
  if (!isJsonObject(spec)) return [];
  return [
    ...checkLabelSelector(spec.podSelector, 'spec.podSelector'),
    ...checkRules(spec.ingress, 'spec.ingress', 'from'),
    ...checkRules(spec.egress, 'spec.egress', 'to'),
    ...checkPolicyTypes(spec.policyTypes, 'spec.policyTypes'),
  ];
}
