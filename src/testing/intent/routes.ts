import { peerKey, portKey } from '../../ir/normalize-rules';
import { gatewayPeer } from '../../ir/routes';
import { IrPeer, IrRule, IrTopology } from '../../ir/types';

/**
 * The connectivity routes declare, as rules: a route attached to a gateway or an ingress
 * controller lets the gateway's data plane (its pods, or Cilium's `ingress` entity) reach each
 * backend of weight above 0 on the backend's pod port. An edge between the same ends that states
 * the port (or every port) decides instead, with its L7 rules: a route never widens it. Routes
 * attached to a Service (mesh routes) re-route between tiers and declare nothing.
 */
export function routeRules(ir: IrTopology): IrRule[] {
  const stated = new Set<string>();
  for (const r of ir.rules) {
    const pair = `${peerKey(r.from)}>${peerKey(r.to)}`;
    if (r.ports.length === 0) stated.add(pair);
    for (const p of r.ports) stated.add(`${pair}#${portKey(p)}`);
  }
  const out: IrRule[] = [];
  for (const route of ir.routes) {
    if (route.parent.kind !== 'Gateway') continue;
    const id = route.parent.gateway;
    const gateway = ir.gateways.find((g) => g.id === id);
    if (!gateway) continue;
    const from: IrPeer = gateway.ingressEntity ? { kind: 'entity', entity: 'ingress' } : gatewayPeer(gateway);
    for (const b of route.rules.flatMap((rule) => rule.backends)) {
      if (b.weight === 0) continue;
      const to: IrPeer = { kind: 'workload', workload: b.workload };
      const port = { protocol: 'TCP' as const, port: b.targetPort };
      const pair = `${peerKey(from)}>${peerKey(to)}`;
      if (stated.has(pair) || stated.has(`${pair}#${portKey(port)}`)) continue;
      out.push({ id: `${route.id}>${b.workload}:${b.targetPort}`, paths: [route.path], from, to, ports: [port] });
    }
  }
  return out;
}
