import { Capability, Target } from '../../targets/target';
import { ErrorCode } from '../../validation/codes';
import { sortedLabels } from '../../validation/names';
import { describePeer, portText } from '../describe';
import { normalizeRules, RawRule } from '../normalize-rules';
import { IrPeer, IrPort, IrRule, IrTopology, IrWaypoint, IrWidening, IrWorkload } from '../types';
import { Fail, MESH, ProfileSpec, PUBLIC_V4 } from './types';

export function planCni(ir: IrTopology, t: Target, meshMode: 'none' | 'sidecar' | 'ambient', waypoints: readonly IrWaypoint[], profile: ProfileSpec, fail: Fail, widenings: IrWidening[]): IrTopology {
  const can = (c: Capability) => t.capabilities.has(c);
  const byId = new Map(ir.workloads.map((w) => [w.id, w]));
  const zoneById = new Map(ir.zones.map((z) => [z.id, z]));
  const raw: RawRule[] = [];
  const workloads = [...ir.workloads];
  const wpWorkload = new Map<string, IrWorkload>();
  for (const wp of waypoints) {
    const w: IrWorkload = {
      id: `${wp.zone}#waypoint`, path: zoneById.get(wp.zone)!.path, name: wp.name, zone: wp.zone, namespace: wp.namespace,
      selector: sortedLabels({ ...wp.podSelector, ...zoneById.get(wp.zone)!.podSelector }), serviceAccount: wp.serviceAccount,
      ports: [{ port: MESH.HBONE_PORT, protocol: 'TCP' }], appProtocol: 'tcp', meshed: true, system: 'waypoint',
    };
    workloads.push(w);
    wpWorkload.set(wp.zone, w);
  }
  const hbone: IrPort = { protocol: 'TCP', port: MESH.HBONE_PORT };
  const peerOk = (p: IrPeer, r: IrRule): IrPeer | undefined => {
    switch (p.kind) {
      case 'fqdn': {
        const needsSub = p.names.some((n) => n.kind === 'subdomains');
        if (can(Capability.FQDN) && (!needsSub || can(Capability.FQDN_SUBDOMAINS))) return p;
        if (profile.accepted.includes('FQDN_TO_PUBLIC_CIDR')) {
          widenings.push({ kind: 'FQDN_TO_PUBLIC_CIDR', target: t.name, rule: r.id, path: r.paths[0], detail: `egress to ${p.names.map((n) => (n.kind === 'subdomains' ? `**.${n.value}` : n.value)).join(', ')} widened to every public IPv4 address on ${r.ports.map(portText).join(', ') || 'every port'}` });
          return PUBLIC_V4;
        }
        fail(r.paths[0], ErrorCode.UNENFORCEABLE, `egress to DNS names ${p.names.map((n) => n.value).join(', ')} cannot be enforced by ${t.title} in profile '${profile.name}'${can(Capability.FQDN) ? ' (multi-level ** patterns are not supported)' : ' (it has no FQDN rules)'}. Use a Cilium profile, or accept Widening.FQDN_TO_PUBLIC_CIDR for this profile`);
        return undefined;
      }
      case 'entity':
        if (can(Capability.ENTITIES)) return p;
        fail(r.paths[0], ErrorCode.UNENFORCEABLE, `the '${p.entity}' entity cannot be expressed by ${t.title} in profile '${profile.name}'. Use Peer.cidr(...) or a Cilium profile`);
        return undefined;
      case 'pods':
        if (p.namespaceLabels && Object.keys(p.namespaceLabels).length > 0 && !can(Capability.NAMESPACE_LABELS)) {
          fail(r.paths[0], ErrorCode.UNENFORCEABLE, `${t.title} cannot select namespaces by label in a namespaced policy (profile '${profile.name}'). Name the namespace: Peer.pods({ namespace: ... })`);
          return undefined;
        }
        return p;
      case 'any':
        if (can(Capability.ANY_PEER)) return p;
        return p;
      default:
        return p;
    }
  };
  for (const r of ir.rules) {
    const from = peerOk(r.from, r);
    const to = peerOk(r.to, r);
    if (!from || !to) continue;
    for (const p of r.ports) {
      if (p.endPort !== undefined && !can(Capability.PORT_RANGES)) fail(r.paths[0], ErrorCode.UNENFORCEABLE, `${t.title} cannot express port ranges (${portText(p)})`);
      if (p.name !== undefined && !can(Capability.NAMED_PORTS)) fail(r.paths[0], ErrorCode.UNENFORCEABLE, `${t.title} cannot express named ports (${portText(p)}). Use the number`);
      if (p.protocol === 'SCTP' && !can(Capability.SCTP)) fail(r.paths[0], ErrorCode.UNENFORCEABLE, `${t.title} cannot express SCTP (${portText(p)})`);
    }
    const dst = to.kind === 'workload' ? byId.get(to.workload) : undefined;
    const src = from.kind === 'workload' ? byId.get(from.workload) : undefined;
    let l7 = r.l7;
    if (l7 && meshMode !== 'none' && dst?.meshed) {
      l7 = undefined; // the mesh enforces it; the CNI sees only mTLS between meshed pods
    } else if (l7) {
      const cap = l7.kind === 'kafka' ? Capability.L7_KAFKA
        : l7.rules.some((h) => h.path?.kind === 'regex') ? Capability.L7_HTTP_REGEX : Capability.L7_HTTP;
      if (!can(cap) || (cap === Capability.L7_HTTP_REGEX && !can(Capability.L7_HTTP))) {
        if (profile.accepted.includes('L7_TO_L4')) {
          widenings.push({ kind: 'L7_TO_L4', target: t.name, rule: r.id, path: r.paths[0], detail: `${l7.kind.toUpperCase()} rules from ${describePeer(r.from)} to ${describePeer(r.to)} widened to L4 on ${r.ports.map(portText).join(', ')}` });
          l7 = undefined;
        } else {
          fail(r.paths[0], ErrorCode.UNENFORCEABLE, `${l7.kind === 'kafka' ? 'Kafka' : 'HTTP'} rules${cap === Capability.L7_HTTP_REGEX ? ' with a regex path' : ''} cannot be enforced by ${t.title} in profile '${profile.name}'${dst?.meshed === false && meshMode !== 'none' ? ' (the destination is not in the mesh)' : ''}. Use a profile with an L7 layer (Cilium, or Istio for meshed tiers), or accept Widening.L7_TO_L4 for this profile`);
          continue;
        }
      }
    }
    // Ambient: meshed pods receive meshed traffic as HBONE on 15008, via the zone's waypoint when it has one.
    const srcMeshed = src?.meshed === true || (from.kind === 'pods' && from.serviceAccount !== undefined);
    if (meshMode === 'ambient' && dst?.meshed && srcMeshed) {
      const wp = wpWorkload.get(dst.zone);
      if (wp && dst.system !== 'waypoint') {
        raw.push({ path: r.paths[0], from, to: { kind: 'workload', workload: wp.id }, ports: [hbone] });
        raw.push({ path: r.paths[0], from: { kind: 'workload', workload: wp.id }, to, ports: [hbone] });
      } else {
        raw.push({ path: r.paths[0], from, to, ports: [hbone] });
      }
      continue;
    }
    raw.push({ path: r.paths[0], from, to, ports: r.ports, ...(l7 ? { l7 } : {}) });
  }
  // Mesh infrastructure the CNI must admit.
  for (const w of workloads) {
    const z = zoneById.get(w.zone)!;
    if (!w.meshed) continue;
    const needsXds = meshMode === 'sidecar' || w.system === 'waypoint';
    if (needsXds && z.denyEgress) {
      raw.push({ path: w.path, from: { kind: 'workload', workload: w.id }, to: { kind: 'pods', namespace: ir.mesh.rootNamespace, podLabels: MESH.ISTIOD_LABELS }, ports: [{ protocol: 'TCP', port: MESH.ISTIOD_XDS_PORT }] });
    }
    if (meshMode === 'ambient' && z.denyIngress && w.ports.length > 0 && !w.system) {
      raw.push({ path: w.path, from: { kind: 'cidr', cidr: MESH.AMBIENT_PROBE_SOURCE, except: [] }, to: { kind: 'workload', workload: w.id }, ports: w.ports.map((p) => ({ protocol: p.protocol, port: p.port })) });
    }
  }
  return { ...ir, workloads: workloads.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), rules: normalizeRules(raw) };
}
