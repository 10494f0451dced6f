import { IrPort } from '../../ir/types';
import { L7Rules, PortProtocol, PortRule } from './cnp';

/** The most ports one `toPorts` entry may list (CRD `maxItems`, agent `maxPorts`). */
export const MAX_PORTS_PER_RULE = 40;

/**
 * One IR port as Cilium spells it: a number as a string, a range with `endPort`, a named port, or
 * `"0"` for every port of the protocol (the wildcard port the agent itself derives from a
 * NetworkPolicy port that names only a protocol).
 */
export function portProtocol(p: IrPort): PortProtocol {
  if (p.name !== undefined) return { port: p.name, protocol: p.protocol };
  if (p.port === undefined) return { port: '0', protocol: p.protocol };
  return p.endPort === undefined
    ? { port: String(p.port), protocol: p.protocol }
    : { port: String(p.port), endPort: p.endPort, protocol: p.protocol };
}

/** True when the port stands for every port of its protocol (Cilium port `"0"`). */
export function isWildcardPort(p: IrPort): boolean {
  return p.name === undefined && p.port === undefined;
}

/**
 * The `toPorts` of a rule: every port in one entry sharing the same L7 rules (split only past
 * {@link MAX_PORTS_PER_RULE}); `undefined` when the rule covers every port and protocol. The L7
 * rules come from a factory so that no two entries share an object (YAML would alias them).
 */
export function toPorts(ports: readonly IrPort[], rules?: () => L7Rules): readonly PortRule[] | undefined {
  if (ports.length === 0) return undefined;
  const out: PortRule[] = [];
  for (let i = 0; i < ports.length; i += MAX_PORTS_PER_RULE) {
    const chunk = ports.slice(i, i + MAX_PORTS_PER_RULE).map(portProtocol);
    out.push(rules === undefined ? { ports: chunk } : { ports: chunk, rules: rules() });
  }
  return out;
}
