import { FlowProtocol, PodInfo } from '../../verify/cluster';
import { IrPort } from '../../ir/types';

/**
 * True when a rule's ports admit a destination port and protocol. An empty list is every port of
 * every protocol. Each entry must have the flow's protocol and be: every port of it (no number,
 * no name), the number, a range `port`..`endPort` (inclusive), or a name that resolves to the
 * port through the destination pod's container ports (same name and protocol); a name never
 * resolves for a destination that is not a pod.
 */
export function portsAdmit(
  ports: readonly IrPort[],
  port: number,
  protocol: FlowProtocol,
  destination: PodInfo | undefined,
): boolean {
  if (ports.length === 0) return true;
  return ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (p.name !== undefined) {
      return (
        destination !== undefined &&
        destination.containerPorts.some((c) => c.name === p.name && c.protocol === protocol && c.containerPort === port)
      );
    }
    if (p.port === undefined) return true;
    return p.endPort === undefined ? p.port === port : p.port <= port && port <= p.endPort;
  });
}
