import { ErrorCode } from '../validation/codes';
import { sortedLabels } from '../validation/sorted-keys';
import { describePeer, portText } from '../ir/describe';
import { normalizeRules, RawRule } from '../ir/normalize-rules';
import { isGatewayPeer } from '../ir/routes';
import { IrPeer, IrPort, IrRule, IrTopology, IrWaypoint, IrWidening, IrWorkload } from '../ir/types';
import { portsOverlap, relaxSource } from './mesh';
import { waypointOfWorkload } from '../ir/waypoints';
import { Capability, MeshDataPlane, TargetDescriptor } from './target-descriptor';
import { Fail, ProfileSpec, PUBLIC_V4, targetsWith } from './types';
import {
  hasFallback,
  kafkaFallbackReport,
  kafkaFallsBack,
  peerFallbackReport,
  primaryL7,
  primaryPeer,
} from './fallback';

/**
 * The CNI target's part of a profile: checks each rule against the target's capabilities (refusing
 * or, when accepted, widening), keeps L7 out of the CNI where the mesh enforces it or mTLS hides it,
 * rewrites ambient traffic to the mesh's tunnel port (through waypoints), and adds the mesh's own
 * traffic, as the mesh target's data plane describes it. A `Peer.pods` named by service account
 * needs a layer that checks the identity: the CNI itself (`Capability.IDENTITY`), or for a source
 * the mesh (`meshIdentity`) where it authorizes the destination; else it is refused (ZT190) or,
 * when accepted, widened to its labels (`IDENTITY_TO_LABELS`).
 */
export function planCni(
  ir: IrTopology,
  t: TargetDescriptor,
  dataPlane: MeshDataPlane | undefined,
  meshMode: 'none' | 'sidecar' | 'ambient',
  waypoints: readonly IrWaypoint[],
  profile: ProfileSpec,
  fail: Fail,
  widenings: IrWidening[],
  meshIdentity = false,
): IrTopology {
  const can = (c: Capability) => t.capabilities.has(c);
  // Capabilities the target lacks at the release line it renders for: read only to use a stated fallback.
  const lacking = t.unavailable?.(ir) ?? new Set<Capability>();
  const byId = new Map(ir.workloads.map((w) => [w.id, w]));
  const zoneById = new Map(ir.zones.map((z) => [z.id, z]));
  const raw: RawRule[] = [];
  const workloads = [...ir.workloads];
  // Waypoint pods, keyed by namespace and name. The mesh deploys them with its own labels only,
  // never the zone's pod labels.
  const wpWorkload = new Map<string, IrWorkload>();
  for (const wp of waypoints) {
    if (!dataPlane) break;
    const w: IrWorkload = {
      id: wp.path === undefined ? `${wp.zone}#waypoint` : `${wp.zone}#waypoint-${wp.name}`,
      path: zoneById.get(wp.zone)!.path,
      name: wp.name,
      zone: wp.zone,
      namespace: wp.namespace,
      selector: sortedLabels({ ...wp.podSelector }),
      serviceAccount: wp.serviceAccount,
      ports: [{ port: dataPlane.tunnelPort, protocol: 'TCP' }],
      appProtocol: 'tcp',
      meshed: true,
      system: 'waypoint',
    };
    workloads.push(w);
    wpWorkload.set(`${wp.namespace}/${wp.name}`, w);
  }
  const tunnel: IrPort | undefined = dataPlane ? { protocol: 'TCP', port: dataPlane.tunnelPort } : undefined;
  const meshedNamespaces = new Set(ir.zones.filter((z) => z.meshed).map((z) => z.namespace));
  /** A peer that is not a tier but may hold meshed pods: identities, meshed zones' namespaces, broad selections. */
  const peerMayBeMeshed = (p: IrPeer): boolean =>
    p.kind === 'any' ||
    (p.kind === 'entity' && (p.entity === 'cluster' || p.entity === 'all')) ||
    (p.kind === 'pods' &&
      (p.serviceAccount !== undefined || p.namespace === undefined || meshedNamespaces.has(p.namespace)));
  const peerOk = (p: IrPeer, r: IrRule): IrPeer | undefined => {
    switch (p.kind) {
      case 'fqdn': {
        const needsSub = p.names.some((n) => n.kind === 'subdomains');
        const subdomains =
          can(Capability.FQDN_SUBDOMAINS) && !(hasFallback(p) && lacking.has(Capability.FQDN_SUBDOMAINS));
        if (can(Capability.FQDN) && (!needsSub || subdomains)) return primaryPeer(p);
        if (hasFallback(p)) {
          widenings.push(
            peerFallbackReport(
              t.name,
              r,
              p,
              can(Capability.FQDN)
                ? `${t.title} cannot match multi-level ** patterns at the release it renders for`
                : `${t.title} cannot match DNS names`,
            ),
          );
          return peerOk(p.fallback, r);
        }
        if (profile.accepted.includes('FQDN_TO_PUBLIC_CIDR')) {
          widenings.push({
            kind: 'FQDN_TO_PUBLIC_CIDR',
            target: t.name,
            rule: r.id,
            path: r.paths[0],
            detail: `egress to ${p.names.map((n) => (n.kind === 'subdomains' ? `**.${n.value}` : n.value)).join(', ')} widened to every public IPv4 address on ${r.ports.map(portText).join(', ') || 'every port'}`,
          });
          return PUBLIC_V4;
        }
        fail(
          r.paths[0],
          ErrorCode.UNENFORCEABLE,
          `egress to DNS names ${p.names.map((n) => n.value).join(', ')} cannot be enforced by ${t.title} in profile '${profile.name}'${can(Capability.FQDN) ? ' (multi-level ** patterns are not supported)' : ' (it has no FQDN rules)'}. Use a profile with ${targetsWith(profile, 'cni', Capability.FQDN, ...(needsSub ? [Capability.FQDN_SUBDOMAINS] : []))}, or accept Widening.FQDN_TO_PUBLIC_CIDR for this profile`,
        );
        return undefined;
      }
      case 'entity':
        if (can(Capability.ENTITIES)) return primaryPeer(p);
        if (hasFallback(p)) {
          widenings.push(peerFallbackReport(t.name, r, p, `${t.title} cannot name entities`));
          return peerOk(p.fallback, r);
        }
        fail(
          r.paths[0],
          ErrorCode.UNENFORCEABLE,
          `the '${p.entity}' entity cannot be expressed by ${t.title} in profile '${profile.name}'. Use Peer.cidr(...) or a profile with ${targetsWith(profile, 'cni', Capability.ENTITIES)}`,
        );
        return undefined;
      case 'pods':
        if (p.namespaceLabels && Object.keys(p.namespaceLabels).length > 0 && !can(Capability.NAMESPACE_LABELS)) {
          fail(
            r.paths[0],
            ErrorCode.UNENFORCEABLE,
            `${t.title} cannot select namespaces by label in a namespaced policy (profile '${profile.name}'). Name the namespace: Peer.pods({ namespace: ... })`,
          );
          return undefined;
        }
        return p;
      case 'any':
        if (can(Capability.ANY_PEER)) return p;
        fail(
          r.paths[0],
          ErrorCode.UNENFORCEABLE,
          `the peer 'any source' of this rule cannot be expressed by ${t.title} in profile '${profile.name}' (it has no rule for every client). Use a CNI target that can: ${targetsWith(profile, 'cni', Capability.ANY_PEER)}`,
        );
        return undefined;
      default:
        return p;
    }
  };
  /**
   * Whether the mesh's rules into the destination of `r` (a union) admit more of its source's
   * namespace than the source's identity on its ports: another source there that the mesh names
   * more widely (any source, or every pod of that namespace) because the CNI enforces it.
   */
  const meshAdmitsMore = (r: IrRule): boolean => {
    if (r.from.kind !== 'pods' || r.to.kind !== 'workload') return false;
    const ns = r.from.namespace;
    const into = r.to.workload;
    return ir.rules.some((o) => {
      if (o === r || o.to.kind !== 'workload' || o.to.workload !== into) return false;
      if (o.ports.length > 0 && r.ports.length > 0 && !o.ports.some((p) => r.ports.some((q) => portsOverlap(p, q))))
        return false;
      const relaxed = relaxSource(o.from, o.from.kind === 'workload' ? byId.get(o.from.workload) : undefined, true);
      if (relaxed === 'refuse' || relaxed === o.from) return false;
      return relaxed.kind === 'any' || (relaxed.kind === 'pods' && relaxed.namespace === ns);
    });
  };
  for (const r of ir.rules) {
    const from = peerOk(r.from, r);
    const to = peerOk(r.to, r);
    if (!from || !to) continue;
    for (const p of r.ports) {
      if (p.endPort !== undefined && !can(Capability.PORT_RANGES))
        fail(r.paths[0], ErrorCode.UNENFORCEABLE, `${t.title} cannot express port ranges (${portText(p)})`);
      if (p.name !== undefined && !can(Capability.NAMED_PORTS))
        fail(
          r.paths[0],
          ErrorCode.UNENFORCEABLE,
          `${t.title} cannot express named ports (${portText(p)}). Use the number`,
        );
      if (p.protocol === 'SCTP' && !can(Capability.SCTP))
        fail(r.paths[0], ErrorCode.UNENFORCEABLE, `${t.title} cannot express SCTP (${portText(p)})`);
    }
    const dst = to.kind === 'workload' ? byId.get(to.workload) : undefined;
    const src = from.kind === 'workload' ? byId.get(from.workload) : undefined;
    // Who is in the mesh: tiers by their flag; pods outside the topology when they have an identity.
    const srcMeshed =
      meshMode !== 'none' && (src?.meshed === true || (from.kind === 'pods' && from.serviceAccount !== undefined));
    const dstMeshed = meshMode !== 'none' && (dst?.meshed === true || (dst === undefined && peerMayBeMeshed(to)));
    // The mesh target authorizes meshed tiers of zones that deny ingress: there it enforces ports and L7.
    const meshEnforcesDst = dst !== undefined && dst.meshed && !dst.system && zoneById.get(dst.zone)!.denyIngress;
    const sourceRestricted = src !== undefined && zoneById.get(src.zone)!.denyEgress;
    const mtlsPath = srcMeshed && dstMeshed;
    const destinationRestricted = dst !== undefined && zoneById.get(dst.zone)!.denyIngress;
    if (!can(Capability.IDENTITY)) {
      // The CNI matches this peer by labels only: its service account must hold at another layer.
      const named = (p: IrPeer) => p.kind === 'pods' && p.serviceAccount !== undefined && !isGatewayPeer(ir, p);
      // The mesh captures TCP only: it checks the identity on the rule's ports when they are all TCP.
      const tcpOnly = r.ports.length > 0 && r.ports.every((p) => p.protocol === 'TCP');
      const meshChecks = meshIdentity && meshEnforcesDst && tcpOnly && !meshAdmitsMore(r);
      const sourceUnchecked = named(r.from) && destinationRestricted && !meshChecks;
      const destinationUnchecked = named(r.to) && sourceRestricted;
      if (sourceUnchecked || destinationUnchecked) {
        const peer = (sourceUnchecked ? r.from : r.to) as Extract<IrPeer, { kind: 'pods' }>;
        if (profile.accepted.includes('IDENTITY_TO_LABELS')) {
          widenings.push({
            kind: 'IDENTITY_TO_LABELS',
            target: t.name,
            rule: r.id,
            path: r.paths[0],
            detail: `${describePeer(peer)} matched by labels only, any service account (not only '${peer.serviceAccount}'), ${sourceUnchecked ? 'as a source of' : 'as a destination of'} ${describePeer(sourceUnchecked ? r.to : r.from)}`,
          });
        } else {
          const why = sourceUnchecked
            ? meshIdentity
              ? 'and the mesh checks identities only on TCP ports of meshed tiers whose zone denies ingress, where no other source the mesh names more widely shares the port'
              : 'and no mesh layer of the profile checks the identity'
            : 'and no layer checks the identity of an egress destination';
          fail(
            r.paths[0],
            ErrorCode.PEER_IDENTITY_UNENFORCED,
            `${sourceUnchecked ? 'source' : 'destination'} ${describePeer(peer)} named by service account '${peer.serviceAccount}' cannot be enforced in profile '${profile.name}': ${t.title} matches pods by labels only, ${why}. Use a profile with ${targetsWith(profile, 'cni', Capability.IDENTITY)}, or accept Widening.IDENTITY_TO_LABELS for this profile`,
          );
          continue;
        }
      }
    }
    let l7 = r.l7;
    if (l7 && !sourceRestricted && !destinationRestricted) {
      l7 = undefined; // neither end of this flow is restricted: there is nothing to enforce
    } else if (l7 && meshMode !== 'none' && dst?.meshed && meshEnforcesDst) {
      l7 = undefined; // the mesh enforces it at the destination; the CNI may see only mTLS
    } else if (l7 && mtlsPath) {
      // Between meshed pods the CNI sees only mTLS, and no mesh policy of ours guards the destination.
      if (kafkaFallsBack(l7)) {
        widenings.push(kafkaFallbackReport(t.name, r, `between meshed pods ${t.title} sees only mTLS`));
        l7 = undefined;
      } else if (profile.accepted.includes('L7_TO_L4')) {
        widenings.push({
          kind: 'L7_TO_L4',
          target: t.name,
          rule: r.id,
          path: r.paths[0],
          detail: `${l7.kind.toUpperCase()} rules from ${describePeer(r.from)} to ${describePeer(r.to)} widened to L4 on ${r.ports.map(portText).join(', ')} (mTLS between meshed pods hides the requests from the CNI)`,
        });
        l7 = undefined;
      } else {
        fail(
          r.paths[0],
          ErrorCode.UNENFORCEABLE,
          `${l7.kind === 'kafka' ? 'Kafka' : 'HTTP'} rules toward ${describePeer(r.to)} cannot be enforced in profile '${profile.name}': between meshed pods ${t.title} sees only mTLS, and the mesh enforces L7 only at tiers of this topology whose zone denies ingress. Deny ingress in the destination's zone, or accept Widening.L7_TO_L4`,
        );
        continue;
      }
    } else if (l7) {
      const cap =
        l7.kind === 'kafka'
          ? Capability.L7_KAFKA
          : l7.rules.some((h) => h.path?.kind === 'regex')
            ? Capability.L7_HTTP_REGEX
            : Capability.L7_HTTP;
      const fallsBack = kafkaFallsBack(l7);
      if (
        !can(cap) ||
        (cap === Capability.L7_HTTP_REGEX && !can(Capability.L7_HTTP)) ||
        (fallsBack && lacking.has(cap))
      ) {
        if (fallsBack) {
          widenings.push(
            kafkaFallbackReport(
              t.name,
              r,
              can(cap) ? `${t.title} has no Kafka rules at the release it renders for` : `${t.title} cannot see Kafka`,
            ),
          );
          l7 = undefined;
        } else if (profile.accepted.includes('L7_TO_L4')) {
          widenings.push({
            kind: 'L7_TO_L4',
            target: t.name,
            rule: r.id,
            path: r.paths[0],
            detail: `${l7.kind.toUpperCase()} rules from ${describePeer(r.from)} to ${describePeer(r.to)} widened to L4 on ${r.ports.map(portText).join(', ')}`,
          });
          l7 = undefined;
        } else {
          fail(
            r.paths[0],
            ErrorCode.UNENFORCEABLE,
            `${l7.kind === 'kafka' ? 'Kafka' : 'HTTP'} rules${cap === Capability.L7_HTTP_REGEX ? ' with a regex path' : ''} cannot be enforced by ${t.title} in profile '${profile.name}'${dst?.meshed === false && meshMode !== 'none' ? ' (the destination is not in the mesh)' : ''}. Use a profile with an L7 layer (${l7Layers(profile, cap)}), or accept Widening.L7_TO_L4 for this profile`,
          );
          continue;
        }
      }
    }
    // Ambient: TCP between meshed pods rides the mesh's tunnel port (via the namespace's waypoint
    // when it has one); UDP and SCTP are never captured and keep their own ports.
    if (meshMode === 'ambient' && mtlsPath && dataPlane && tunnel) {
      const direct =
        r.ports.length === 0
          ? [{ protocol: 'UDP' as const }, { protocol: 'SCTP' as const }]
          : r.ports.filter((p) => p.protocol !== 'TCP');
      const tcp = r.ports.length === 0 || r.ports.some((p) => p.protocol === 'TCP');
      if (direct.length > 0) raw.push({ path: r.paths[0], from, to, ports: direct });
      if (!tcp) continue;
      if (sourceRestricted && !meshEnforcesDst && r.ports.length > 0) {
        // The CNI sees only the tunnel port, so the port restriction of this egress would hold nowhere.
        fail(
          r.paths[0],
          ErrorCode.UNENFORCEABLE,
          `the ports of the edge toward ${describePeer(r.to)} cannot be enforced in ambient profile '${profile.name}': ${t.title} sees only ${dataPlane.tunnelName} (${dataPlane.tunnelPort}) between meshed pods, and the mesh enforces ports only at tiers of this topology whose zone denies ingress. Deny ingress in the destination's zone, or allow every port`,
        );
        continue;
      }
      const waypoint = dst && dst.system !== 'waypoint' ? waypointOfWorkload(ir, dst) : undefined;
      const wp = waypoint ? wpWorkload.get(`${waypoint.namespace}/${waypoint.name}`) : undefined;
      if (waypoint && wp && dst) {
        // Service traffic passes a waypoint for `service` (or `all`) traffic, pod-addressed traffic
        // (headless Services, pod IPs) one for `workload` (or `all`) traffic.
        const serviceVia = waypoint.for !== 'workload' && dst.service !== undefined;
        const podVia = waypoint.for !== 'service';
        if (serviceVia || podVia) {
          raw.push({ path: r.paths[0], from, to: { kind: 'workload', workload: wp.id }, ports: [tunnel] });
          raw.push({ path: r.paths[0], from: { kind: 'workload', workload: wp.id }, to, ports: [tunnel] });
        }
        // The traffic the waypoint does not handle reaches the pod's tunnel port directly; the
        // ztunnel admits the client there on L4 edges only, so an edge with L7 rules keeps to the waypoint.
        if ((!serviceVia || !podVia) && (r.l7 === undefined || !(serviceVia || podVia)))
          raw.push({ path: r.paths[0], from, to, ports: [tunnel] });
      } else {
        raw.push({ path: r.paths[0], from, to, ports: [tunnel] });
      }
      continue;
    }
    raw.push({ path: r.paths[0], from, to, ports: r.ports, ...(l7 ? { l7: primaryL7(l7) } : {}) });
    // Sidecar meshes whose clients dial the destination's proxy port (Linkerd: 4143) need it beside the original port.
    if (
      meshMode === 'sidecar' &&
      mtlsPath &&
      dataPlane?.proxyInboundPort !== undefined &&
      r.ports.some((p) => p.protocol === 'TCP')
    ) {
      raw.push({ path: r.paths[0], from, to, ports: [{ protocol: 'TCP', port: dataPlane.proxyInboundPort }] });
    }
  }
  // Mesh infrastructure the CNI must admit.
  for (const w of workloads) {
    const z = zoneById.get(w.zone)!;
    if (!w.meshed || !dataPlane) continue;
    const needsXds = meshMode === 'sidecar' || w.system === 'waypoint';
    const controlPlaneNamespace = dataPlane.controlPlaneNamespace ?? ir.mesh.rootNamespace;
    if (needsXds && z.denyEgress && dataPlane.controlPlaneEndpoints) {
      for (const e of dataPlane.controlPlaneEndpoints) {
        raw.push({
          path: w.path,
          from: { kind: 'workload', workload: w.id },
          to: { kind: 'pods', namespace: controlPlaneNamespace, podLabels: { ...e.labels } },
          ports: [{ protocol: 'TCP', port: e.port }],
        });
      }
    } else if (needsXds && z.denyEgress) {
      raw.push({
        path: w.path,
        from: { kind: 'workload', workload: w.id },
        to: { kind: 'pods', namespace: ir.mesh.rootNamespace, podLabels: { ...dataPlane.controlPlaneLabels } },
        ports: [{ protocol: 'TCP', port: dataPlane.controlPlanePort }],
      });
    }
    if (meshMode === 'sidecar' && z.denyIngress && dataPlane.proxyAdmin && !w.system) {
      const admin = dataPlane.proxyAdmin;
      raw.push({
        path: w.path,
        from: { kind: 'pods', namespace: admin.namespace, podLabels: { ...admin.podLabels } },
        to: { kind: 'workload', workload: w.id },
        ports: [{ protocol: 'TCP', port: admin.port }],
      });
    }
    if (meshMode === 'ambient' && z.denyIngress && w.ports.length > 0 && !w.system) {
      raw.push({
        path: w.path,
        from: { kind: 'cidr', cidr: dataPlane.ambientProbeSource, except: [] },
        to: { kind: 'workload', workload: w.id },
        ports: w.ports.map((p) => ({ protocol: p.protocol, port: p.port })),
      });
    }
  }
  return {
    ...ir,
    workloads: workloads.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    rules: normalizeRules(raw),
  };
}

/** The layers that could enforce these L7 rules, for a hint: `cilium, or istio for meshed tiers`. */
function l7Layers(profile: ProfileSpec, cap: Capability): string {
  const mesh = targetsWith(profile, 'mesh', cap);
  return `${targetsWith(profile, 'cni', cap)}${mesh === 'another target' ? '' : `, or ${mesh} for meshed tiers`}`;
}
