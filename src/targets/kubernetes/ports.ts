import { IrPort } from '../../ir/types';
import { NetworkPolicyPort } from './network-policy';
import { Where, whereText } from './where';

/**
 * Renders one destination (pod) port. A range keeps `endPort` next to its numeric `port`; a
 * named port is a string `port`; a port with neither number nor name allows the whole protocol.
 * Throws when the port is none of those shapes (an IR invariant).
 */
export function renderPort(port: IrPort, where: Where): NetworkPolicyPort {
  if (port.name !== undefined) {
    if (port.port !== undefined || port.endPort !== undefined) {
      throw broken(port, where, 'has a name and a number; a named port cannot carry a number or endPort');
    }
    return { protocol: port.protocol, port: port.name };
  }
  if (port.endPort !== undefined) {
    if (port.port === undefined) throw broken(port, where, 'has endPort without port');
    if (port.endPort < port.port) throw broken(port, where, 'has endPort below port');
    return { protocol: port.protocol, port: port.port, endPort: port.endPort };
  }
  if (port.port !== undefined) return { protocol: port.protocol, port: port.port };
  return { protocol: port.protocol };
}

/**
 * Renders a rule's ports, in IR order; `undefined` for an empty list, so that the rule omits
 * `ports` and allows every port and protocol.
 */
export function renderPorts(ports: readonly IrPort[], where: Where): NetworkPolicyPort[] | undefined {
  return ports.length === 0 ? undefined : ports.map((p) => renderPort(p, where));
}

function broken(port: IrPort, where: Where, why: string): Error {
  return new Error(`IR invariant broken: ${whereText(where)}: port ${JSON.stringify(port)} ${why}`);
}
