import { FlowProtocol } from '../cluster';
import { ALL_PROTOCOLS, HttpRuleMatcher, L7Policy, PortClause, PortMatcher } from '../engine/rule';
import { arrayOf, recordOf, stringOf } from '../json';
import { compileDnsSelector, DnsNameMatcher } from './fqdn';
import { compileHttpRule } from './http';

/**
 * Compiles a Cilium `toPorts` entry into a port clause (SEMANTICS B2.13):
 * - `ports[]`: `port` is a number, a container-port name (resolved against the destination
 *   pod), or `0` / empty for every port; `endPort` makes a range; `protocol` is TCP, UDP, SCTP
 *   or ANY (the default: all three). VRRP / IGMP never match a TCP, UDP or SCTP flow. No
 *   `ports` means every port;
 * - `rules`: a non-empty `http` list is an HTTP restriction, `kafka` or `l7proto` an L7
 *   protocol whose requests are not evaluated, `dns` a DNS-proxy rule (which also makes
 *   `toFQDNs` work). Empty rule lists restrict nothing.
 * Problems are reported through `problem`.
 */
export function compilePortRule(raw: unknown, label: string, problem: (m: string) => void): PortClause {
  const r = recordOf(raw);
  const ports = arrayOf(r.ports).map((p, i) => compilePort(p, `${label}.ports[${i}]`, problem));
  const l7 = compileL7(recordOf(r.rules), `${label}.rules`, problem);
  return l7 ? { label, ports, l7 } : { label, ports };
}

function compilePort(raw: unknown, label: string, problem: (m: string) => void): PortMatcher {
  const p = recordOf(raw);
  const protocol = (stringOf(p.protocol) ?? 'ANY').toUpperCase();
  let protocols: ReadonlySet<FlowProtocol>;
  if (protocol === 'ANY') protocols = ALL_PROTOCOLS;
  else if (protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP') protocols = new Set([protocol]);
  else protocols = new Set();
  const portText = stringOf(p.port) ?? '';
  const endPort = typeof p.endPort === 'number' ? p.endPort : undefined;
  if (portText === '' || portText === '0') return { protocols, text: `any/${protocol}` };
  if (!/^\d+$/.test(portText)) {
    if (endPort !== undefined) problem(`${label}: endPort cannot be used with a named port`);
    return { protocols, name: portText, text: `${portText}/${protocol}` };
  }
  const port = Number(portText);
  if (endPort !== undefined && endPort > port)
    return { protocols, port, endPort, text: `${port}-${endPort}/${protocol}` };
  return { protocols, port, text: `${port}/${protocol}` };
}

function compileL7(rules: Record<string, unknown>, label: string, problem: (m: string) => void): L7Policy | undefined {
  const http = arrayOf(rules.http);
  if (http.length > 0) {
    const matchers: HttpRuleMatcher[] = [];
    http.forEach((h, i) => {
      try {
        matchers.push(compileHttpRule(h, `${label}.http[${i}]`));
      } catch (e) {
        problem(`${label}.http[${i}]: ${(e as Error).message}`);
      }
    });
    return { kind: 'http', rules: matchers };
  }
  if (arrayOf(rules.kafka).length > 0) return { kind: 'other', protocol: 'Kafka' };
  if (stringOf(rules.l7proto)) return { kind: 'other', protocol: String(rules.l7proto) };
  const dns = arrayOf(rules.dns);
  if (dns.length > 0) {
    const matchers = dns
      .map((d, i) => {
        const m = compileDnsSelector(recordOf(d));
        if (!m) problem(`${label}.dns[${i}]: needs matchName or matchPattern`);
        return m;
      })
      .filter((m): m is DnsNameMatcher => m !== undefined);
    return {
      kind: 'dns',
      names: matchers.map((m) => m.text),
      allowsName: (name) => matchers.some((m) => m.matches(name)),
    };
  }
  return undefined;
}
