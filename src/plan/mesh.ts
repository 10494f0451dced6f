import { ErrorCode } from '../validation/codes';
import { sortedLabels } from '../validation/sorted-keys';
import { describePeer } from '../ir/describe';
import { IrPeer, IrPort, IrRule, IrTopology, IrWaypoint, IrWidening, IrWorkload, IrZone } from '../ir/types';
import { namespaceWaypoint, waypointOfWorkload } from '../ir/waypoints';
import { Capability, MeshDataPlane, TargetDescriptor } from './target-descriptor';
import { Fail, ProfileSpec } from './types';
import {
  hasFallback,
  kafkaFallbackReport,
  kafkaFallsBack,
  peerFallbackReport,
  primaryL7,
  primaryPeer,
} from './fallback';

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

/** The IR of a cluster without the mesh: nothing is meshed, no mTLS settings. */
export function demesh(ir: IrTopology): IrTopology {
  return {
    ...ir,
    zones: ir.zones.map((z) => ({ ...z, meshed: false })),
    workloads: ir.workloads.map((w) => ({ ...w, meshed: false })),
    mtls: [],
  };
}

/** The IR with the mesh's enrolment labels on meshed zones' namespaces and its waypoints. */
export function withMeshLabels(
  ir: IrTopology,
  dataPlane: MeshDataPlane,
  mode: 'sidecar' | 'ambient',
  waypoints: readonly IrWaypoint[],
): IrTopology {
  const planned: IrTopology = { ...ir, mesh: { ...ir.mesh, waypoints: [...waypoints] } };
  /** Whether an ingress gateway routes to a workload matching `into`. */
  const routedTo = (into: (w: IrWorkload) => boolean) =>
    ir.routes.some(
      (r) =>
        r.parent.kind === 'Gateway' &&
        r.rules.some((rule) =>
          rule.backends.some((b) => {
            const w = ir.workloads.find((x) => x.id === b.workload);
            return w !== undefined && into(w);
          }),
        ),
    );
  const zones = ir.zones.map((z): IrZone => {
    if (!z.meshed) return z;
    const wp = namespaceWaypoint(planned, z.namespace);
    const routed = routedTo((w) => w.zone === z.id);
    const labels = dataPlane.enrolmentLabels(mode, wp?.name, !!wp && routed);
    const annotations = dataPlane.enrolmentAnnotations?.(z, ir);
    if (annotations) {
      return {
        ...z,
        namespaceLabels: sortedLabels({ ...z.namespaceLabels, ...labels }),
        namespaceAnnotations: sortedLabels({ ...z.namespaceAnnotations, ...annotations.namespace }),
        podAnnotations: sortedLabels({ ...annotations.pods }),
      };
    }
    return { ...z, namespaceLabels: sortedLabels({ ...z.namespaceLabels, ...labels }) };
  });
  const perWorkload = new Map<string, { readonly [key: string]: string }>();
  for (const z of ir.zones) {
    if (!z.meshed) continue;
    for (const [id, labels] of Object.entries(dataPlane.enrolmentAnnotations?.(z, ir).workloads ?? {}))
      perWorkload.set(id, labels);
  }
  const annotated =
    perWorkload.size === 0
      ? ir.workloads
      : ir.workloads.map((w) =>
          perWorkload.has(w.id) ? { ...w, podAnnotations: sortedLabels({ ...perWorkload.get(w.id)! }) } : w,
        );
  // A tier bound to its own waypoint: the Service carries the binding for Service traffic, the
  // pods for workload traffic (and the Service asks for ingress traffic to pass it when routed).
  const workloads = annotated.map((w): IrWorkload => {
    if (w.waypoint === undefined || !w.meshed || !dataPlane.waypointBindingLabels) return w;
    const wp = waypointOfWorkload(planned, w);
    if (!wp || wp === namespaceWaypoint(planned, w.namespace)) return w;
    const service =
      wp.for !== 'workload' && w.service
        ? sortedLabels({
            ...dataPlane.waypointBindingLabels(
              wp.name,
              routedTo((x) => x.id === w.id),
            ),
          })
        : undefined;
    const pods =
      wp.for !== 'service' ? sortedLabels({ ...dataPlane.waypointBindingLabels(wp.name, false) }) : undefined;
    if (!service && !pods) return w;
    return { ...w, meshLabels: { ...(service ? { service } : {}), ...(pods ? { pods } : {}) } };
  });
  return { ...ir, zones, workloads, mesh: { ...ir.mesh, waypoints: [...waypoints] } };
}

/**
 * The mesh target's part of a profile: the rules into meshed tiers. A source the mesh cannot name
 * (plaintext, no service account, namespace labels, an entity) is relaxed to a wider name only
 * when a CNI of the profile enforces the peer exactly (the layers intersect) — and never where the
 * relaxation would lift another source's L7 rules on the same tier and port (the mesh's rules are a
 * union), nor behind a waypoint (the CNI cannot tell apart what the waypoint forwards).
 */
export function planMesh(
  ir: IrTopology,
  t: TargetDescriptor,
  hasCni: boolean,
  profile: ProfileSpec,
  fail: Fail,
  widenings: IrWidening[] = [],
): IrTopology {
  const byId = new Map(ir.workloads.map((w) => [w.id, w]));
  const zoneById = new Map(ir.zones.map((z) => [z.id, z]));
  const rules: IrRule[] = [];
  const l7Into = (dst: string, r: IrRule) =>
    ir.rules.some(
      (o) =>
        o !== r &&
        o.l7 &&
        o.to.kind === 'workload' &&
        o.to.workload === dst &&
        (o.ports.length === 0 || r.ports.length === 0 || o.ports.some((p) => r.ports.some((q) => portsOverlap(p, q)))),
    );
  for (const r of ir.rules) {
    if (r.to.kind !== 'workload') continue;
    const dst = byId.get(r.to.workload)!;
    if (!dst.meshed || dst.system === 'waypoint') continue;
    const src = r.from.kind === 'workload' ? byId.get(r.from.workload)! : undefined;
    // The mesh authorizes (and so renders a source and L7) only where the destination's zone denies ingress.
    const authorizes = zoneById.get(dst.zone)?.denyIngress === true;
    let from = r.from;
    if (!hasCni && hasFallback(from) && !t.capabilities.has(Capability.ENTITIES)) {
      if (authorizes) widenings.push(peerFallbackReport(t.name, r, from, `${t.title} cannot name entities`));
      from = from.fallback;
    }
    let l7 = r.l7;
    if (l7 && kafkaFallsBack(l7) && !t.capabilities.has(Capability.L7_KAFKA)) {
      if (authorizes) widenings.push(kafkaFallbackReport(t.name, r, `${t.title} cannot see Kafka`));
      l7 = undefined;
    }
    const named = primaryPeer(from);
    const relaxed = relaxSource(named, src, hasCni);
    if (relaxed !== 'refuse' && relaxed.kind === 'any' && !t.capabilities.has(Capability.ANY_PEER)) {
      fail(
        r.paths[0],
        ErrorCode.UNENFORCEABLE,
        `source ${describePeer(r.from)} cannot be named by ${t.title} in profile '${profile.name}' (${src && !src.meshed ? 'plaintext has no principal' : 'no service account'}), and it cannot admit any source in its place. Put the source in the mesh with a service account`,
      );
      continue;
    }
    if (relaxed === 'refuse') {
      fail(
        r.paths[0],
        ErrorCode.UNENFORCEABLE,
        `source ${describePeer(r.from)} cannot be named by ${t.title} in profile '${profile.name}' (plaintext has no principal). Put it in the mesh, or add a CNI target that names it`,
      );
      continue;
    }
    if (relaxed !== named) {
      const waypoint = waypointOfWorkload(ir, dst) !== undefined;
      if (waypoint || l7Into(dst.id, r)) {
        fail(
          r.paths[0],
          ErrorCode.UNENFORCEABLE,
          `source ${describePeer(r.from)} cannot be named by ${t.title} in profile '${profile.name}', and naming it more widely would ${waypoint ? 'admit whatever the waypoint forwards' : 'lift the L7 rules of other sources on the same port'}. ${howToName(r.from, src)}`,
        );
        continue;
      }
    }
    const { l7: given, ...rest } = r;
    void given;
    rules.push({ ...rest, from: relaxed, ...(l7 ? { l7: primaryL7(l7) } : {}) });
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

/** The name the mesh can use for a source: itself, a wider name (with a CNI), or a refusal. */
export function relaxSource(from: IrPeer, src: IrWorkload | undefined, hasCni: boolean): IrPeer | 'refuse' {
  if (src && !src.meshed) return hasCni ? { kind: 'any' } : 'refuse';
  if (!hasCni) return from;
  if (src && !src.serviceAccount) return { kind: 'pods', namespace: src.namespace, podLabels: {} };
  if (
    from.kind === 'pods' &&
    from.serviceAccount === undefined &&
    Object.keys(from.podLabels).length > 0 &&
    from.namespace
  ) {
    return { kind: 'pods', namespace: from.namespace, podLabels: {} };
  }
  if (from.kind === 'entity' || (from.kind === 'pods' && from.namespace === undefined)) return { kind: 'any' };
  return from;
}

/** True when two ports can share traffic (same protocol; numbers, ranges or names overlap). */
export function portsOverlap(a: IrPort, b: IrPort): boolean {
  if (a.protocol !== b.protocol) return false;
  if (a.name !== undefined || b.name !== undefined)
    return a.name === b.name || a.port === undefined || b.port === undefined;
  if (a.port === undefined || b.port === undefined) return true;
  return a.port <= (b.endPort ?? b.port) && b.port <= (a.endPort ?? a.port);
}

/** How to make a source nameable by the mesh, for messages: the fix depends on why it is not. */
function howToName(from: IrPeer, src: IrWorkload | undefined): string {
  if (src)
    return src.serviceAccount ? 'Give the source its own service account' : 'Set `serviceAccount` on the source tier';
  if (from.kind === 'entity')
    return `The mesh cannot name the '${from.entity}' entity: use a Tier or Peer.pods({ namespace, serviceAccount }) as the source`;
  if (from.kind === 'pods' && from.namespace === undefined)
    return 'The mesh names namespaces only by name: use Peer.pods({ namespace, serviceAccount })';
  if (from.kind === 'pods') return 'Set `serviceAccount` on the peer (Peer.pods({ ..., serviceAccount }))';
  return 'Use a Tier or Peer.pods({ namespace, serviceAccount }) as the source';
}
