import { Capability, Target } from '../targets/target';
import { Diagnostic, ErrorCode, WarningCode } from '../validation/codes';
import { sortedLabels } from '../validation/names';
import { normalizeRules, peerKey, portKey, RawRule } from './normalize-rules';
import { GATEWAY_NAME_LABEL, gatewayPeer } from './routes';
import { IrPeer, IrPort, IrRule, IrTopology, IrWaypoint, IrWidening, IrWorkload, IrZone } from './types';
import { describePeer, portText } from './describe';

/** Ports and addresses of the mesh's own traffic. */
export const MESH = {
  /** Istio ambient HBONE tunnel port on every ambient pod. */
  HBONE_PORT: 15008,
  /** istiod xDS / CA port that sidecars and waypoints dial. */
  ISTIOD_XDS_PORT: 15012,
  /** Source address of kubelet health probes on ambient pods (SNAT by the istio CNI). */
  AMBIENT_PROBE_SOURCE: '169.254.7.127/32',
  /** Labels of istiod pods. */
  ISTIOD_LABELS: { app: 'istiod' },
} as const;

/** Widenings a profile may accept (names of the `Widening` enum). */
export type WideningName = 'L7_TO_L4' | 'FQDN_TO_PUBLIC_CIDR' | 'EGRESS_UNENFORCED';

/** What the planner needs to know of a profile. */
export interface ProfileSpec {
  readonly name: string;
  readonly targets: readonly Target[];
  readonly accepted: readonly WideningName[];
  readonly gatewayApi: boolean;
}

/** The IR each target of a profile renders, and what planning found. */
export interface ProfilePlan {
  readonly profile: string;
  readonly parts: readonly { readonly target: Target; readonly ir: IrTopology }[];
  /** The IR that describes the cluster of this profile as a whole (for namespaces and reports). */
  readonly clusterIr: IrTopology;
  readonly widenings: readonly IrWidening[];
  readonly warnings: readonly Diagnostic[];
  readonly diagnostics: readonly Diagnostic[];
}

const PUBLIC_V4: IrPeer = { kind: 'cidr', cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'] };

/**
 * Plans one profile: decides, for every rule, which layer enforces which part of it, and hands
 * each target an IR it can render exactly.
 *
 * - A profile holds at most one CNI target and at most one mesh target. Kubernetes NetworkPolicy
 *   and CiliumNetworkPolicy together are refused: Cilium enforces both as a union, so an L4
 *   allow in one would silently lift an L7 rule of the other.
 * - The mesh runs in a profile's cluster only when the profile has a mesh target. Then L7 between
 *   meshed pods belongs to the mesh (the CNI sees only mTLS), CNI rules stay L3/L4 and admit the
 *   mesh's own traffic (HBONE 15008, ambient probes, istiod), and ambient L7 goes to waypoints.
 * - Across enforcement points a flow must pass every layer (intersection): a layer that cannot
 *   express a peer may relax it to "any" only when another point of the profile enforces it.
 * - Whatever no layer can enforce fails with a message naming the construct and the target,
 *   unless the profile accepted the matching widening, which is then applied and reported.
 */
export function planProfile(base: IrTopology, profile: ProfileSpec): ProfilePlan {
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const widenings: IrWidening[] = [];
  const cnis = profile.targets.filter((t) => t.enforcementPoint === 'cni');
  const meshes = profile.targets.filter((t) => t.enforcementPoint === 'mesh');
  const ingress = profile.targets.filter((t) => t.enforcementPoint === 'ingress');
  const fail = (path: string, code: string, message: string) => diagnostics.push({ code, path, message });

  if (cnis.length > 1) {
    fail(base.path, ErrorCode.CONFLICTING_TARGETS, `profile '${profile.name}' combines ${cnis.map((t) => t.name).join(' and ')}: one CNI enforces both as a union, so an L4 allow in one would silently lift an L7 rule of the other. Use one CNI target per profile (Profile.cilium() expresses everything NetworkPolicy does)`);
  }
  if (meshes.length > 1) fail(base.path, ErrorCode.CONFLICTING_TARGETS, `profile '${profile.name}' has more than one mesh target (${meshes.map((t) => t.name).join(', ')})`);
  if (profile.targets.length === 0 || cnis.length + meshes.length === 0) {
    fail(base.path, ErrorCode.INVALID_PROFILE, `profile '${profile.name}' has no enforcing target. Add kubernetes, cilium or istio`);
  }
  const cni = cnis[0];
  const mesh = meshes[0];
  if (mesh && base.mesh.mode === 'none') {
    fail(base.path, ErrorCode.INVALID_PROFILE, `profile '${profile.name}' includes ${mesh.name} but the topology has no mesh. Set 'mesh: MeshMode.SIDECAR' or 'MeshMode.AMBIENT' on the Topology`);
  }
  if (diagnostics.length > 0) return { profile: profile.name, parts: [], clusterIr: base, widenings, warnings, diagnostics };

  const meshMode = mesh ? base.mesh.mode : 'none';
  // The cluster of this profile: meshed only when the profile runs the mesh.
  let cluster: IrTopology = meshMode === 'none' ? demesh(base) : base;
  cluster = addGatewayDataPath(cluster);
  const workloadById = new Map(cluster.workloads.map((w) => [w.id, w]));
  const zoneById = new Map(cluster.zones.map((z) => [z.id, z]));
  const meshedDest = (r: IrRule) => r.to.kind === 'workload' && workloadById.get(r.to.workload)!.meshed;

  // ---- mesh-only profiles: what the mesh cannot enforce
  if (!cni) {
    for (const z of cluster.zones) {
      if (z.denyEgress) {
        if (profile.accepted.includes('EGRESS_UNENFORCED')) {
          widenings.push({ kind: 'EGRESS_UNENFORCED', target: mesh.name, rule: z.id, path: z.path, detail: `egress of zone ${z.id} is not restricted in profile ${profile.name} (the mesh does not enforce egress)` });
        } else {
          fail(z.path, ErrorCode.UNENFORCEABLE, `zone denies egress, but profile '${profile.name}' has no CNI target and ${mesh.name} does not enforce egress. Add a CNI target (Profile.ciliumIstio()), or accept Widening.EGRESS_UNENFORCED for this profile`);
        }
      }
      if (z.denyIngress && !z.meshed) fail(z.path, ErrorCode.UNENFORCEABLE, `zone is not in the mesh, so profile '${profile.name}' (mesh only) cannot enforce its ingress denial. Put the zone in the mesh or add a CNI target`);
    }
    for (const w of cluster.workloads) {
      if (!w.meshed && zoneById.get(w.zone)!.meshed && zoneById.get(w.zone)!.denyIngress && !w.system) {
        fail(w.path, ErrorCode.UNENFORCEABLE, `tier is not in the mesh, so profile '${profile.name}' (mesh only) cannot enforce its ingress. Put it in the mesh or add a CNI target`);
      }
    }
  }

  // ---- mTLS reachability: plaintext sources into STRICT destinations would be refused
  if (mesh) {
    for (const r of cluster.rules) {
      if (!meshedDest(r)) continue;
      const src = r.from;
      const plaintext = src.kind === 'cidr' || src.kind === 'entity' || (src.kind === 'workload' && !workloadById.get(src.workload)!.meshed);
      if (!plaintext) continue;
      const dst = workloadById.get((r.to as { workload: string }).workload)!;
      const strictPorts = r.ports.filter((p) => effectiveMtls(cluster, dst, p.port) === 'STRICT');
      if (strictPorts.length > 0 || (r.ports.length === 0 && effectiveMtls(cluster, dst, undefined) === 'STRICT')) {
        fail(r.paths[0], ErrorCode.INVALID_MTLS, `source ${describePeer(src)} is not in the mesh, and '${dst.path}' requires STRICT mTLS: the connection would be refused. Put the source in the mesh, or add a PERMISSIVE port exception with MeshMtls portModes`);
      }
    }
  }

  // ---- waypoints (ambient): one per zone whose meshed workloads receive L7 rules
  const waypoints: IrWaypoint[] = [];
  if (meshMode === 'ambient') {
    const l7Zones = new Set(cluster.rules.filter((r) => r.l7 && meshedDest(r)).map((r) => workloadById.get((r.to as { workload: string }).workload)!.zone));
    for (const z of cluster.zones) {
      if (!l7Zones.has(z.id)) continue;
      const name = `${z.name}-waypoint`;
      waypoints.push({ name, namespace: z.namespace, zone: z.id, serviceAccount: name, podSelector: { [GATEWAY_NAME_LABEL]: name }, for: 'service' });
    }
  }
  const meshIr: IrTopology = meshMode === 'none' ? cluster : withMeshLabels(cluster, meshMode, waypoints);

  // ---- CNI part
  const parts: { target: Target; ir: IrTopology }[] = [];
  if (cni) {
    const cniIr = planCni(meshIr, cni, meshMode, waypoints, profile, fail, widenings);
    parts.push({ target: cni, ir: cniIr });
  }
  if (mesh) {
    parts.push({ target: mesh, ir: planMesh(meshIr, mesh, !!cni, profile, fail) });
  }
  for (const t of ingress) parts.push({ target: t, ir: base });
  for (const z of meshIr.zones) {
    if (!z.manageNamespace && Object.keys(z.namespaceLabels).length > 0) {
      warnings.push({ code: WarningCode.NAMESPACE_LABELS_NEEDED, path: z.path, message: `namespace '${z.namespace}' must carry labels ${Object.entries(z.namespaceLabels).map(([k, v]) => `${k}=${v}`).join(', ')} for the mesh. Label it, or set manageNamespace: true on the zone` });
    }
  }
  for (const part of parts) {
    for (const d of part.target.check?.(part.ir, { profile: profile.name, profileTargets: profile.targets.map((t) => t.name).sort() }) ?? []) {
      diagnostics.push({ code: d.code, path: d.path, message: `${d.message} (target ${part.target.name}, profile ${profile.name})` });
    }
  }
  return { profile: profile.name, parts, clusterIr: meshIr, widenings, warnings, diagnostics };
}

/** The effective PeerAuthentication mode on a workload port (most specific wins; default PERMISSIVE). */
export function effectiveMtls(ir: IrTopology, w: IrWorkload, port: number | undefined): string {
  const wl = ir.mtls.find((m) => m.workload === w.id);
  const pm = wl?.portModes.find((p) => p.port === port);
  if (pm && pm.mode !== 'UNSET') return pm.mode;
  if (wl && wl.mode !== 'UNSET') return wl.mode;
  const zl = ir.mtls.find((m) => m.workload === undefined && m.zone === w.zone);
  if (zl && zl.mode !== 'UNSET') return zl.mode;
  return 'PERMISSIVE';
}

function demesh(ir: IrTopology): IrTopology {
  return {
    ...ir,
    zones: ir.zones.map((z) => ({ ...z, meshed: false })),
    workloads: ir.workloads.map((w) => ({ ...w, meshed: false })),
    mtls: [],
  };
}

function withMeshLabels(ir: IrTopology, mode: 'sidecar' | 'ambient', waypoints: readonly IrWaypoint[]): IrTopology {
  const zones = ir.zones.map((z): IrZone => {
    if (!z.meshed) return z;
    const wp = waypoints.find((w) => w.zone === z.id);
    const routed = ir.routes.some((r) => r.parent.kind === 'Gateway' && r.rules.some((rule) => rule.backends.some((b) => ir.workloads.find((w) => w.id === b.workload)?.zone === z.id)));
    const labels: { [key: string]: string } = mode === 'ambient'
      ? {
        'istio.io/dataplane-mode': 'ambient',
        ...(wp ? { 'istio.io/use-waypoint': wp.name } : {}),
        // Ingress gateway traffic skips the waypoint unless asked to use it (Istio 1.23+).
        ...(wp && routed ? { 'istio.io/ingress-use-waypoint': 'true' } : {}),
      }
      : { 'istio-injection': 'enabled' };
    return { ...z, namespaceLabels: sortedLabels({ ...z.namespaceLabels, ...labels }) };
  });
  return { ...ir, zones, mesh: { ...ir.mesh, waypoints: [...waypoints] } };
}

/**
 * Derives the data path of ingress routes: the gateway's pods may reach exactly the routed
 * backends on their pod (target) ports. A gateway whose namespace is a zone becomes a system
 * workload of that zone (its own ingress from any client on the listener ports, its egress to
 * the backends); otherwise it is a peer selected by namespace and pod labels.
 */
function addGatewayDataPath(ir: IrTopology): IrTopology {
  if (ir.routes.length === 0 && ir.gateways.length === 0) return ir;
  const workloads = [...ir.workloads];
  const replace = new Map<string, IrPeer>();
  const gatewayPeers = new Map<string, IrPeer>();
  const extra: RawRule[] = [];
  for (const g of ir.gateways) {
    const asPods = peerKey(gatewayPeer(g));
    const zone = ir.zones.find((z) => z.namespace === g.namespace && Object.entries(z.podSelector).every(([k, v]) => g.podSelector[k] === v));
    let peer: IrPeer;
    if (g.ciliumIngress) {
      peer = { kind: 'entity', entity: 'ingress' };
    } else if (zone) {
      const id = `${g.id}#gateway`;
      workloads.push({
        id, path: g.path, name: `${g.name}-gateway`, zone: zone.id, namespace: g.namespace, selector: sortedLabels({ ...g.podSelector, ...zone.podSelector }),
        serviceAccount: g.serviceAccount, ports: [...new Set(g.listeners.map((l) => l.port))].sort((a, b) => a - b).map((port) => ({ port, protocol: 'TCP' as const })),
        appProtocol: 'http', meshed: zone.meshed, system: 'gateway',
      });
      peer = { kind: 'workload', workload: id };
      const ports = [...new Set(g.listeners.map((l) => l.port))].sort((a, b) => a - b).map((p): IrPort => ({ protocol: 'TCP', port: p }));
      extra.push({ path: g.path, from: { kind: 'any' }, to: peer, ports });
    } else {
      peer = gatewayPeer(g);
    }
    replace.set(asPods, peer);
    gatewayPeers.set(g.id, peer);
  }
  const swap = (p: IrPeer) => replace.get(peerKey(p)) ?? p;
  const rules = ir.rules.map((r) => ({ ...r, from: swap(r.from), to: swap(r.to) }));
  // Ports an explicit edge already states (perhaps with L7) are not widened by the derived data path.
  const stated = new Set(rules.flatMap((r) => r.ports.map((p) => `${peerKey(r.from)}>${peerKey(r.to)}#${portKey(p)}`)));
  const statedAll = new Set(rules.filter((r) => r.ports.length === 0).map((r) => `${peerKey(r.from)}>${peerKey(r.to)}`));
  for (const r of ir.routes) {
    if (r.parent.kind !== 'Gateway') continue; // mesh (GAMMA) routes re-route between tiers that already have edges
    const from = gatewayPeers.get(r.parent.gateway)!;
    for (const rule of r.rules) {
      for (const b of rule.backends) {
        if (b.weight === 0) continue;
        const to: IrPeer = { kind: 'workload', workload: b.workload };
        const port: IrPort = { protocol: 'TCP', port: b.targetPort };
        const pair = `${peerKey(from)}>${peerKey(to)}`;
        if (statedAll.has(pair) || stated.has(`${pair}#${portKey(port)}`)) continue;
        extra.push({ path: r.path, from, to, ports: [port] });
      }
    }
  }
  const raw: RawRule[] = [
    ...rules.flatMap((r) => r.paths.map((path) => ({ path, from: r.from, to: r.to, ports: r.ports, ...(r.l7 ? { l7: r.l7 } : {}) }))),
    ...extra,
  ];
  return { ...ir, workloads: workloads.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), rules: normalizeRules(raw) };
}

type Fail = (path: string, code: string, message: string) => void;

function planCni(ir: IrTopology, t: Target, meshMode: 'none' | 'sidecar' | 'ambient', waypoints: readonly IrWaypoint[], profile: ProfileSpec, fail: Fail, widenings: IrWidening[]): IrTopology {
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

function planMesh(ir: IrTopology, t: Target, hasCni: boolean, profile: ProfileSpec, fail: Fail): IrTopology {
  const byId = new Map(ir.workloads.map((w) => [w.id, w]));
  const rules: IrRule[] = [];
  for (const r of ir.rules) {
    if (r.to.kind !== 'workload') continue;
    const dst = byId.get(r.to.workload)!;
    if (!dst.meshed || dst.system === 'waypoint') continue;
    let from = r.from;
    const src = from.kind === 'workload' ? byId.get(from.workload)! : undefined;
    if (src && !src.meshed) {
      // Plaintext from outside the mesh carries no principal: only another layer can name it.
      if (hasCni) from = { kind: 'any' };
      else {
        fail(r.paths[0], ErrorCode.UNENFORCEABLE, `source ${src.path} is not in the mesh, so ${t.title} cannot identify it in profile '${profile.name}' (plaintext has no principal). Put it in the mesh or add a CNI target`);
        continue;
      }
    } else if (hasCni) {
      // The CNI enforces the peer exactly; the mesh may name it more widely (intersection).
      if (src && !src.serviceAccount) from = { kind: 'pods', namespace: src.namespace, podLabels: {} };
      else if (from.kind === 'pods' && from.serviceAccount === undefined && Object.keys(from.podLabels).length > 0 && from.namespace) from = { kind: 'pods', namespace: from.namespace, podLabels: {} };
      else if (from.kind === 'entity' || (from.kind === 'pods' && from.namespace === undefined)) from = { kind: 'any' };
    }
    rules.push({ ...r, from });
  }
  // An ingress gateway living in a meshed zone enforces the zone's authorization on itself:
  // hand it to the mesh target as an ordinary workload so its listener allowance is rendered.
  const workloads = ir.workloads.map((w): IrWorkload => {
    if (w.system !== 'gateway' || !w.meshed) return w;
    const { system, ...plain } = w;
    void system;
    return plain;
  });
  return { ...ir, workloads, rules };
}

