import { ErrorCode } from '../../validation/codes';
import { IrIndex } from '../../ir/query';
import { IrRule, IrTopology } from '../../ir/types';
import { TargetDiagnostic } from '../target';
import { ciliumDescriptor } from './descriptor';
import { dnsPortProblem } from './dns';
import { ciliumHttpProblems } from './http';
import { l7PortProblem } from './rules';
import {
  CiliumVersion,
  FQDN_SUBDOMAINS_SINCE,
  KAFKA_REMOVED_IN,
  formatVersion,
  isAtLeast,
  parseCiliumVersion,
} from './version';

/** Codes of the problems the Cilium target reports: its entries of the ErrorCode catalog (ZT301-ZT310). */
export const CiliumDiagnosticCode = {
  /** The Cilium version (`settings.targetVersions.cilium`) is not `major.minor`. */
  INVALID_VERSION: ErrorCode.CILIUM_INVALID_VERSION,
  /** Kafka L7 rules for a Cilium release whose CRD no longer has them. */
  KAFKA_REMOVED: ErrorCode.CILIUM_KAFKA_REMOVED,
  /** A `**.` DNS pattern for a Cilium release that reads `**` as `*`. */
  FQDN_SUBDOMAINS_UNSUPPORTED: ErrorCode.CILIUM_FQDN_SUBDOMAINS_UNSUPPORTED,
  /** `toFQDNs` on a workload whose zone keeps no DNS allowance, so no DNS-proxy rule selects it. */
  FQDN_WITHOUT_DNS_PROXY: ErrorCode.CILIUM_FQDN_WITHOUT_DNS_PROXY,
  /** L7 rules on every port, which the agent rejects. */
  L7_NEEDS_PORT: ErrorCode.CILIUM_L7_NEEDS_PORT,
  /** DNS ports the DNS proxy rule cannot take (none, a range, every port). */
  DNS_PORT_UNSUPPORTED: ErrorCode.CILIUM_DNS_PORT_UNSUPPORTED,
  /** An HTTP match Cilium cannot express exactly: a header prefix or regex, `notPaths`, `notMethods`. */
  HTTP_MATCH: ErrorCode.CILIUM_HTTP_MATCH,
} as const;

/** The rules the Cilium target renders (in a direction their zone denies), in IR order. */
function renderedRules(index: IrIndex): readonly IrRule[] {
  const ids = new Set<string>();
  for (const w of index.ir.workloads) {
    for (const r of [...index.ingressRules(w), ...index.egressRules(w)]) ids.add(r.id);
  }
  return index.ir.rules.filter((r) => ids.has(r.id));
}

/** The problems of one rendered rule; version gates only when the version parses. */
function ruleProblems(rule: IrRule, version: CiliumVersion | undefined, index: IrIndex): TargetDiagnostic[] {
  const out: TargetDiagnostic[] = [];
  const portProblem = l7PortProblem(rule);
  if (portProblem !== undefined) {
    out.push({
      code: CiliumDiagnosticCode.L7_NEEDS_PORT,
      path: rule.paths[0],
      message: `${portProblem}. Name the destination ports the L7 rules apply to`,
    });
  }
  if (rule.l7?.kind === 'kafka' && version !== undefined && isAtLeast(version, KAFKA_REMOVED_IN)) {
    out.push({
      code: CiliumDiagnosticCode.KAFKA_REMOVED,
      path: rule.paths[0],
      message:
        `Kafka topic/role rules were removed from the CiliumNetworkPolicy CRD in Cilium ` +
        `${formatVersion(KAFKA_REMOVED_IN)}, so Cilium ${formatVersion(version)} cannot enforce them. Keep ciliumVersion at ` +
        '1.19 or earlier, or enforce the ACLs in the Kafka broker and allow the port at L4 (accept the ' +
        'L7_TO_L4 widening), or remove the Kafka rules',
    });
  }
  for (const why of rule.l7?.kind === 'http' ? rule.l7.rules.flatMap(ciliumHttpProblems) : []) {
    out.push({
      code: CiliumDiagnosticCode.HTTP_MATCH,
      path: rule.paths[0],
      message:
        `The HTTP rule ${why}. Match exact header values or presence, list the allowed paths and methods, or ` +
        'use a profile whose L7 layer is Istio for this edge',
    });
  }
  const names = rule.to.kind === 'fqdn' ? rule.to.names : [];
  const subdomains = names.some((n) => n.kind === 'subdomains');
  if (subdomains && version !== undefined && !isAtLeast(version, FQDN_SUBDOMAINS_SINCE)) {
    out.push({
      code: CiliumDiagnosticCode.FQDN_SUBDOMAINS_UNSUPPORTED,
      path: rule.paths[0],
      message:
        `Cilium ${formatVersion(version)} reads the '**.' prefix as '*' (one label); multi-level subdomain patterns need ` +
        `Cilium ${formatVersion(FQDN_SUBDOMAINS_SINCE)} or later. Upgrade and set ciliumVersion, or list each ` +
        'subdomain level as a wildcard pattern',
    });
  }
  const source = index.peerWorkload(rule.from);
  if (names.length > 0 && source !== undefined && index.zoneOf(source).dns === undefined) {
    out.push({
      code: CiliumDiagnosticCode.FQDN_WITHOUT_DNS_PROXY,
      path: rule.paths[0],
      message:
        'toFQDNs learns addresses only from lookups that pass the Cilium DNS proxy, and the source zone ' +
        'keeps no DNS allowance, so no DNS-proxy rule selects these pods and the rule would match nothing. ' +
        "Keep the zone's DNS allowance (it carries the proxy rule)",
    });
  }
  return out;
}

/**
 * What Cilium would reject or silently not enforce although the IR can express it: version gates
 * (Kafka removed in 1.20, `**.` patterns before 1.19), L7 rules without specific ports, DNS ports
 * the DNS proxy cannot take, and `toFQDNs` without the DNS-proxy rule that makes it work.
 */
export function checkCilium(ir: IrTopology): readonly TargetDiagnostic[] {
  const index = new IrIndex(ir);
  const given = ir.settings.targetVersions[ciliumDescriptor.name] ?? '';
  const version = parseCiliumVersion(given);
  const out: TargetDiagnostic[] = [];
  if (version === undefined) {
    out.push({
      code: CiliumDiagnosticCode.INVALID_VERSION,
      path: ir.path,
      message: `ciliumVersion '${given}' is not a Cilium release line. Write it as major.minor, e.g. '1.19'`,
    });
  }
  for (const zone of ir.zones) {
    const problem = zone.denyEgress && zone.dns !== undefined ? dnsPortProblem(zone.dns) : undefined;
    if (problem !== undefined) {
      out.push({
        code: CiliumDiagnosticCode.DNS_PORT_UNSUPPORTED,
        path: zone.path,
        message: `${problem}. Give the DNS allowance the DNS server's specific ports, e.g. UDP and TCP 53`,
      });
    }
  }
  for (const rule of renderedRules(index)) out.push(...ruleProblems(rule, version, index));
  return out;
}
