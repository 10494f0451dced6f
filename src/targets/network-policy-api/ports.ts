import { IrPort } from '../../ir/types';

/**
 * v1alpha2 `protocols`: `{tcp: {destinationPort: {number}|{range}}}`; every port of a protocol is
 * the range 1-65535 (the CRD refuses an empty `tcp: {}`).
 */
export function protocolsOf(ports: readonly IrPort[]): Record<string, unknown>[] {
  return ports.map((p) => {
    const key = p.protocol.toLowerCase();
    const destinationPort = p.endPort !== undefined ? { range: { start: p.port, end: p.endPort } } : { number: p.port };
    return { [key]: { destinationPort } };
  });
}

/** v1alpha1 `ports`: `{portNumber: {port, protocol}}` or `{portRange: {start, end, protocol}}`. */
export function portsOf(ports: readonly IrPort[]): Record<string, unknown>[] {
  return ports.map((p) =>
    p.endPort !== undefined
      ? { portRange: { protocol: p.protocol, start: p.port, end: p.endPort } }
      : { portNumber: { protocol: p.protocol, port: p.port } },
  );
}
