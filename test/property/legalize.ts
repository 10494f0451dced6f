import {
  EdgePortSpec,
  EdgeSpec,
  EndSpec,
  ENTITY_FALLBACKS,
  HttpSpec,
  PortSpec,
  ProfileName,
  resolveTier,
  TierSpec,
  TopologySpec,
  ZoneSpec,
} from './spec';

/**
 * Compiler gaps the properties found, each kept as a failing regression test in
 * regressions.test.ts. While a gap is open, `legalize` steers the random topologies around it so
 * that the properties keep checking everything else; set its flag to false once it is fixed.
 */
export const KNOWN_GAPS = {
  /** Mesh-only profile: UDP/SCTP into a zone that denies ingress passes (Istio captures TCP only). */
  meshOnlyNonTcpIngress: true,
  /** Sidecar: L7 egress toward a meshed Peer.pods stays a CNI L7 rule, which cannot parse mTLS. */
  cniL7TowardMeshedPeer: true,
  /** Mesh + CNI: the L7 rules of an edge into a meshed tier whose zone does not deny ingress are enforced by no layer. */
  meshL7WithoutIngressDeny: true,
  /** Ambient: L7 from a source outside the mesh never reaches the waypoint, and the ztunnel admits only the waypoint. */
  ambientL7FromPlaintext: true,
  /** Ambient: an every-port identity edge behind a waypoint admits only the waypoint, which pod-addressed traffic never passes. */
  ambientEveryPortBehindWaypoint: false,
  /** Ambient: egress to a meshed Peer.pods is rendered on its port, but the CNI sees HBONE on 15008. */
  ambientEgressToMeshedPeer: true,
  /** Ambient: an edge between meshed tiers becomes HBONE 15008 only; its UDP ports, which the mesh never carries, are dropped. */
  ambientDropsNonTcp: false,
  /** Ambient: waypoints are planned per zone but enrolled per namespace, so zones sharing a namespace use each other's waypoint. */
  ambientWaypointPerNamespace: false,
  /** Ambient: waypoint selectors carry the zone's pod labels, which the pods Istio deploys for a waypoint never have. */
  ambientWaypointZoneLabels: false,
  /** Ambient + CNI: the CNI sees HBONE between meshed pods, so an egress rule's ports toward a meshed tier hold only where the mesh authorizes its ingress. */
  ambientEgressPortsLost: true,
  /** Mesh + CNI: a source the mesh cannot name is relaxed to "any" (or its namespace), which lifts the mesh-enforced L7 rules of other sources on the tier. */
  meshRelaxationLiftsL7: true,
  /** Ambient + CNI: that relaxation also admits whatever the zone's waypoint forwards, and the CNI cannot tell sources apart behind the waypoint. */
  meshRelaxationBehindWaypoint: true,
  /** Mesh-only profile: a source Istio cannot name (pods chosen by namespace labels, an entity) into a meshed tier crashes the render instead of a diagnostic. */
  meshOnlySourceCrash: true,
  /**
   * A zone narrowed by pod labels renders its mTLS as a workload PeerAuthentication, which would
   * conflict with its tiers' own (Istio keeps the oldest): refused by design (ZT124), so not generated.
   */
  zoneSelectorMtlsConflict: true,
} as const;

/** What a profile can express without a widening, as the properties use it. */
interface ProfileReach {
  readonly cni?: 'kubernetes' | 'cilium' | 'calico';
  readonly mesh: boolean;
}

function reachOf(profile: ProfileName): ProfileReach {
  switch (profile) {
    case 'kubernetes':
      return { cni: 'kubernetes', mesh: false };
    case 'cilium':
      return { cni: 'cilium', mesh: false };
    case 'istio':
      return { mesh: true };
    case 'cilium-istio':
      return { cni: 'cilium', mesh: true };
    case 'kubernetes-istio':
      return { cni: 'kubernetes', mesh: true };
    case 'calico':
      return { cni: 'calico', mesh: false };
    case 'calico-istio':
      return { cni: 'calico', mesh: true };
    case 'linkerd':
      return { mesh: true };
    case 'cilium-linkerd':
      return { cni: 'cilium', mesh: true };
    case 'kubernetes-linkerd':
      return { cni: 'kubernetes', mesh: true };
  }
}

/** The spec being legalized, with the facts every step asks. */
interface Draft {
  readonly spec: TopologySpec;
  readonly reach: ProfileReach;
  /** The profile runs an ambient mesh. */
  readonly ambient: boolean;
  tier(end: EndSpec): TierSpec | undefined;
  /** The end is a tier in the mesh of this profile. */
  meshedTier(end: EndSpec): boolean;
}

function draftOf(spec: TopologySpec, reach: ProfileReach): Draft {
  const tier = (end: EndSpec) => {
    const r = resolveTier(spec, end);
    return r ? spec.zones[r.zone].tiers[r.tier] : undefined;
  };
  return {
    spec,
    reach,
    ambient: reach.mesh && spec.mesh === 'ambient',
    tier,
    meshedTier: (end) => reach.mesh && spec.mesh !== 'none' && tier(end)?.unmeshed === false,
  };
}

/**
 * Rewrites a random spec into one its profile can express without a widening, deterministically
 * (so that every shrunk spec stays legal):
 * - mesh profiles run a mesh (sidecar by default); the mesh-only profile keeps every tier in it;
 *   ambient tiers get a Service (a waypoint policy attaches to one);
 * - entities (`world`, `cluster`) as such only where Cilium or open egress takes them, elsewhere
 *   with a stated fallback CIDR (`ENTITY_FALLBACKS`); DNS names only on Cilium or
 *   the mesh-only profile (whose egress is open); namespaces by label only on NetworkPolicy;
 * - edges into a tier use the tier's own ports (or the default); ranges only toward non-tiers;
 * - HTTP rules only where an L7 layer enforces them (Cilium; Istio for meshed destinations), on
 *   explicit TCP ports;
 * - under a mesh, every source of an edge into a meshed tier has an identity (tiers and pods
 *   with service accounts), and a zone is STRICT only when every such source is meshed;
 * - a Cilium zone whose tiers egress to DNS names keeps its DNS allowance (the DNS proxy);
 * - and it steers around the open `KNOWN_GAPS`.
 */
export function legalize(input: TopologySpec): TopologySpec {
  const reach = reachOf(input.profile);
  // Linkerd runs sidecar proxies only.
  const mesh = reach.mesh && (input.mesh === 'none' || input.profile.includes('linkerd')) ? 'sidecar' : input.mesh;
  const ambient = reach.mesh && mesh === 'ambient';
  const egressDenied = input.zones.some((z) => z.deny === 'BOTH' || z.deny === 'EGRESS');
  const zones = input.zones.map((z): ZoneSpec => ({
    ...z,
    ...(ambient && reach.cni && egressDenied && KNOWN_GAPS.ambientEgressPortsLost
      ? { deny: z.deny === 'EGRESS' || z.deny === 'BOTH' ? 'BOTH' : 'INGRESS' }
      : {}),
    ...(ambient && KNOWN_GAPS.ambientWaypointZoneLabels ? { podSelector: false } : {}),
    tiers: z.tiers.map((t) => ({
      ...t,
      // Overlaps: never refused ones; carved ones only where no mesh target selects by labels alone.
      ...(t.overlap === 'carved' && !reach.mesh ? { overlap: 'carved' as const } : { overlap: undefined }),
      unmeshed: reach.mesh && reach.cni === undefined ? false : t.unmeshed,
      service: mesh === 'ambient' ? true : t.service,
      ports: tierPorts(t, input.profile, ambient),
    })),
  }));
  const sharedNamespace = input.sharedNamespace && !(ambient && KNOWN_GAPS.ambientWaypointPerNamespace);
  let draft = draftOf({ ...input, mesh, sharedNamespace, zones }, reach);
  let edges = input.edges.map((e) => legalEdge(draft, e)).filter((e): e is EdgeSpec => e !== undefined);
  draft = withSourceIdentities(draft, edges);
  edges = peerIdentities(draft, edges);
  edges = aroundRelaxation(draft, edges);
  return withIngress(finishZones(draft, edges), reach);
}

/**
 * The Ingress routes a profile can take: none where a mesh runs (the controller's plaintext and
 * the mesh's identities are not modelled by the properties); otherwise routes to tiers whose
 * first port is TCP (the Service's first port, the route's default), which get a Service.
 */
function withIngress(spec: TopologySpec, reach: ProfileReach): TopologySpec {
  if (spec.ingress === undefined) return spec;
  const routes = reach.mesh
    ? []
    : spec.ingress.filter((r) => {
        const at = resolveTier(spec, { kind: 'tier', ...r });
        return at !== undefined && spec.zones[at.zone].tiers[at.tier].ports[0]?.protocol === 'TCP';
      });
  const { ingress: _dropped, ...rest } = spec;
  void _dropped;
  if (routes.length === 0) return rest;
  const routed = new Set(
    routes.map((r) => resolveTier(spec, { kind: 'tier', ...r })!).map((at) => `${at.zone}/${at.tier}`),
  );
  return {
    ...rest,
    ingress: routes,
    zones: spec.zones.map((z, zi) => ({
      ...z,
      tiers: z.tiers.map((t, ti) => (routed.has(`${zi}/${ti}`) ? { ...t, service: true } : t)),
    })),
  };
}

function tierPorts(t: TierSpec, profile: ProfileName, ambient: boolean): readonly PortSpec[] {
  let ports = t.ports;
  if ((profile === 'istio' || profile === 'linkerd') && KNOWN_GAPS.meshOnlyNonTcpIngress)
    ports = ports.filter((p) => p.protocol === 'TCP');
  if (ambient && KNOWN_GAPS.ambientDropsNonTcp) ports = ports.filter((p) => p.protocol === 'TCP');
  if (ambient && KNOWN_GAPS.ambientEveryPortBehindWaypoint && ports.length === 0)
    ports = [{ protocol: 'TCP', port: 8080 }];
  return ports;
}

/** One edge: its ends, ports and HTTP rules as the profile can take them; undefined to drop it. */
function legalEdge(d: Draft, given: EdgeSpec): EdgeSpec | undefined {
  const { reach } = d;
  // Where the CNI cannot name entities, they state a fallback CIDR (what such a profile then enforces).
  const withFallback = (end: EndSpec): EndSpec =>
    (end.kind === 'world' || end.kind === 'cluster') && reach.cni !== 'cilium'
      ? { ...end, fallback: ENTITY_FALLBACKS[end.kind] }
      : end;
  const e: EdgeSpec = { ...given, from: withFallback(given.from), to: withFallback(given.to) };
  const named = (end: EndSpec): boolean => (end.kind === 'world' || end.kind === 'cluster') && !end.fallback;
  const fromTier = d.tier(e.from);
  const toTier = d.tier(e.to);
  if (!fromTier && !toTier) return undefined;
  if (e.from.kind === 'fqdn' || (e.from.kind === 'tier' && !fromTier) || (e.to.kind === 'tier' && !toTier))
    return undefined;
  const meshOnly = reach.cni === undefined;
  if ((named(e.from) || (e.to.kind === 'cluster' && named(e.to))) && reach.cni !== 'cilium') return undefined;
  if (((e.to.kind === 'world' && named(e.to)) || e.to.kind === 'fqdn') && !(reach.cni === 'cilium' || meshOnly))
    return undefined;
  // Destinations that may be meshed pods.
  if (d.ambient && KNOWN_GAPS.ambientEgressToMeshedPeer && ['pods', 'allNamespaces', 'cluster'].includes(e.to.kind))
    return undefined;
  const byName = (end: EndSpec, source: boolean): EndSpec => {
    if (end.kind === 'pods' && end.byLabels && meshOnly && source) return { ...end, byLabels: false };
    if (end.kind === 'allNamespaces' && meshOnly && source && KNOWN_GAPS.meshOnlySourceCrash) {
      return { kind: 'pods', namespace: 'ops', byLabels: false, labels: end.labels, serviceAccount: false };
    }
    return end;
  };
  const from = byName(e.from, true);
  const to = byName(e.to, false);
  let ports: readonly EdgePortSpec[] | undefined = e.ports;
  if (meshOnly && KNOWN_GAPS.meshOnlyNonTcpIngress && ports) {
    ports = ports.filter((p) => p.protocol === 'TCP');
    if (ports.length === 0) return undefined;
  }
  if (toTier) {
    ports = ports?.filter(
      (p) => p.endPort === undefined && toTier.ports.some((o) => o.port === p.port && o.protocol === p.protocol),
    );
    if (ports !== undefined && ports.length === 0) ports = undefined;
    // Linkerd authorizes port by port (a Server each): edges into its tiers name their ports.
    if (ports === undefined && d.spec.profile.includes('linkerd') && d.meshedTier(e.to)) {
      const tcp = toTier.ports.filter((p) => p.protocol === 'TCP');
      ports = tcp.length > 0 ? tcp : [{ protocol: 'TCP', port: 8080 }];
    }
  }
  let http = e.http && e.http.length > 0 && l7Enforced(d, from, to) ? e.http : undefined;
  // Regular-expression paths only where Cilium enforces the rule (Istio has none).
  const ciliumL7 = reach.cni === 'cilium' && !d.meshedTier(to);
  if (http && !ciliumL7) http = http.map((h) => (h.path.startsWith('~') ? { ...h, path: '/v1/items' } : h));
  // Header prefixes where a mesh enforces the rule (Cilium compares exactly, ZT310); header regexes
  // only on Linkerd (Istio has none, ZT328); excluded paths and methods only on Istio (ZT310, ZT350);
  // hosts on Cilium and Istio (ZT351).
  const meshL7 = !ciliumL7 && d.meshedTier(to) ? (d.spec.profile.includes('linkerd') ? 'linkerd' : 'istio') : undefined;
  if (http) http = http.map((h) => legalHttp(h, meshL7));
  if (http) {
    const candidates: readonly EdgePortSpec[] = ports ?? toTier?.ports ?? [{ protocol: 'TCP', port: 80 }];
    // HTTP rules toward a name or address never on 443, which carries TLS (refused: ZT129).
    const tcp = candidates.filter(
      (p) => p.protocol === 'TCP' && p.endPort === undefined && (toTier !== undefined || p.port !== 443),
    );
    if (tcp.length > 0) ports = tcp;
    else http = undefined;
  }
  return { from, to, verb: e.verb, ...(ports ? { ports } : {}), ...(http ? { http } : {}) };
}

/** An HTTP rule with the forms the enforcing layer cannot express dropped (an exact header instead of a prefix or regex). */
function legalHttp(h: HttpSpec, meshL7: 'istio' | 'linkerd' | undefined): HttpSpec {
  const { notPath, notMethod, header, hosts, ...rest } = h;
  const kind = header?.kind;
  const keepKind = kind === 'prefix' ? meshL7 !== undefined : kind === 'regex' ? meshL7 === 'linkerd' : true;
  const legalHeader = header === undefined ? undefined : keepKind ? header : { name: header.name, value: 'v1' };
  return {
    ...rest,
    ...(legalHeader ? { header: legalHeader } : {}),
    ...(meshL7 === 'istio' && notPath !== undefined ? { notPath } : {}),
    ...(meshL7 === 'istio' && notMethod !== undefined && h.method === 'ANY' ? { notMethod } : {}),
    ...(meshL7 !== 'linkerd' && hosts !== undefined ? { hosts } : {}),
  };
}

/** Whether a layer of the profile enforces HTTP rules on an edge (and no open gap loses them). */
function l7Enforced(d: Draft, from: EndSpec, to: EndSpec): boolean {
  const { spec, reach } = d;
  const meshedDestination = d.meshedTier(to);
  if (!(reach.cni === 'cilium' || (reach.mesh && meshedDestination))) return false;
  if (!reach.mesh) return true;
  if (KNOWN_GAPS.cniL7TowardMeshedPeer && ['pods', 'allNamespaces', 'cluster'].includes(to.kind)) return false;
  const r = resolveTier(spec, to);
  if (
    KNOWN_GAPS.meshL7WithoutIngressDeny &&
    reach.cni &&
    meshedDestination &&
    r &&
    ['EGRESS', 'NONE'].includes(spec.zones[r.zone].deny)
  )
    return false;
  if (KNOWN_GAPS.ambientL7FromPlaintext && d.ambient && meshedDestination) {
    const source = d.tier(from);
    if (source ? source.unmeshed : from.kind !== 'pods' || from.byLabels) return false;
  }
  return true;
}

/** Under a mesh, tiers that are sources into meshed tiers get a service account. */
function withSourceIdentities(d: Draft, edges: readonly EdgeSpec[]): Draft {
  const needs = new Set<string>();
  for (const e of edges) {
    const r = resolveTier(d.spec, e.from);
    if (r && d.meshedTier(e.to)) needs.add(`${r.zone}/${r.tier}`);
  }
  const zones = d.spec.zones.map((z, zi) => ({
    ...z,
    tiers: z.tiers.map((t, ti) => (needs.has(`${zi}/${ti}`) ? { ...t, serviceAccount: true } : t)),
  }));
  return draftOf({ ...d.spec, zones }, d.reach);
}

/**
 * Pods peers named by namespace: under a mesh, pods that are sources into meshed tiers carry
 * their namespace's service account. Peers chosen by namespace labels have no service account:
 * the mesh relaxes them and only the CNI names them. A service account holds at NetworkPolicy
 * only where the mesh checks it (ZT190): with a mesh beside NetworkPolicy, the edges the mesh
 * does not guard (egress toward the peer, sources into tiers it does not authorize) name the
 * peer by labels, and such a peer is no source into a tier where the mesh admits a wider source
 * (its union would lift the identity). (NetworkPolicy alone and the mesh-only profiles accept the
 * widenings.)
 */
function peerIdentities(d: Draft, edges: readonly EdgeSpec[]): EdgeSpec[] {
  const blind = d.reach.cni === 'kubernetes' && d.reach.mesh;
  const zoneOf = (end: EndSpec) => {
    const r = resolveTier(d.spec, end);
    return r ? d.spec.zones[r.zone] : undefined;
  };
  const denies = (end: EndSpec, direction: 'INGRESS' | 'EGRESS') => {
    const deny = zoneOf(end)?.deny;
    return deny === 'BOTH' || deny === direction;
  };
  // Tiers into which the mesh names a source more widely (any source; CNI-enforced): there its
  // union admits more than a pods peer's identity, so NetworkPolicy would hold its labels only.
  const key = (end: EndSpec) => {
    const r = resolveTier(d.spec, end);
    return r ? `${r.zone}/${r.tier}` : '';
  };
  const widelyNamedInto = new Set(
    edges
      .filter((e) => {
        const src = d.tier(e.from);
        return src
          ? src.unmeshed
          : e.from.kind === 'world' ||
              e.from.kind === 'cluster' ||
              e.from.kind === 'allNamespaces' ||
              (e.from.kind === 'pods' && e.from.byLabels);
      })
      .map((e) => key(e.to)),
  );
  const kept = edges.filter(
    (e) =>
      !(
        blind &&
        e.from.kind === 'pods' &&
        !e.from.byLabels &&
        d.meshedTier(e.to) &&
        denies(e.to, 'INGRESS') &&
        widelyNamedInto.has(key(e.to))
      ),
  );
  return kept.map((e) => {
    let { from, to } = e;
    let ports = e.ports;
    if (blind && from.kind === 'pods' && !from.byLabels && d.meshedTier(e.to) && denies(e.to, 'INGRESS')) {
      // The mesh captures TCP only: a named source into a meshed tier uses TCP ports there.
      const tcp = (ports ?? d.tier(e.to)?.ports ?? []).filter((p) => p.protocol === 'TCP');
      ports = tcp.length > 0 ? tcp : [{ protocol: 'TCP', port: 8080 }];
    }
    if (from.kind === 'pods') {
      const guarded = d.meshedTier(e.to) || !denies(e.to, 'INGRESS');
      from = from.byLabels
        ? { ...from, serviceAccount: false }
        : { ...from, serviceAccount: d.meshedTier(e.to) || (from.serviceAccount && (!blind || guarded)) };
    }
    if (to.kind === 'pods') {
      to = to.byLabels
        ? { ...to, serviceAccount: false }
        : { ...to, serviceAccount: to.serviceAccount && (!blind || !denies(e.from, 'EGRESS')) };
    }
    return { ...e, from, to, ...(ports ? { ports } : {}) };
  });
}

/** Steers around the mesh's "any" relaxation of sources it cannot name (see `KNOWN_GAPS`). */
function aroundRelaxation(d: Draft, edges: readonly EdgeSpec[]): EdgeSpec[] {
  if (!d.reach.mesh || !d.reach.cni) return [...edges];
  const relaxed = (e: EdgeSpec): boolean => {
    const src = d.tier(e.from);
    return (
      d.meshedTier(e.to) &&
      (src
        ? src.unmeshed
        : e.from.kind === 'world' ||
          e.from.kind === 'cluster' ||
          e.from.kind === 'allNamespaces' ||
          (e.from.kind === 'pods' && e.from.byLabels))
    );
  };
  const key = (end: EndSpec) => {
    const r = resolveTier(d.spec, end);
    return r ? `${r.zone}/${r.tier}` : '';
  };
  const into = new Set(edges.filter(relaxed).map((e) => key(e.to)));
  return edges
    .filter((e) => !(KNOWN_GAPS.meshRelaxationBehindWaypoint && d.ambient && relaxed(e)))
    .map((e) => {
      if (!KNOWN_GAPS.meshRelaxationLiftsL7 || !e.http || !into.has(key(e.to))) return e;
      const { http, ...rest } = e;
      void http;
      return rest;
    });
}

/** STRICT only without plaintext sources; DNS kept where Cilium needs its proxy for DNS names. */
function finishZones(d: Draft, edges: readonly EdgeSpec[]): TopologySpec {
  const plaintextInto = new Set<number>();
  const plaintextIntoTier = new Set<string>();
  const fqdnFrom = new Set<number>();
  for (const e of edges) {
    const dst = resolveTier(d.spec, e.to);
    const src = d.tier(e.from);
    if (dst && d.meshedTier(e.to) && !(src ? !src.unmeshed : e.from.kind === 'pods' && e.from.serviceAccount)) {
      plaintextInto.add(dst.zone);
      plaintextIntoTier.add(`${dst.zone}/${dst.tier}`);
    }
    const from = resolveTier(d.spec, e.from);
    if (from && e.to.kind === 'fqdn') fqdnFrom.add(from.zone);
  }
  return {
    ...d.spec,
    zones: d.spec.zones.map((z, zi) => ({
      ...z,
      ...(z.mtls === 'STRICT' && plaintextInto.has(zi) ? { mtls: 'PERMISSIVE' as const } : {}),
      tiers: z.tiers.map((t, ti) => {
        if (KNOWN_GAPS.zoneSelectorMtlsConflict && z.mtls && (z.podSelector || d.spec.sharedNamespace)) {
          const { mtls, ...rest } = t;
          void mtls;
          return rest;
        }
        return t.mtls?.mode === 'STRICT' && plaintextIntoTier.has(`${zi}/${ti}`)
          ? { ...t, mtls: { ...t.mtls, mode: 'PERMISSIVE' as const } }
          : t;
      }),
      ...(d.reach.cni === 'cilium' && fqdnFrom.has(zi) ? { dns: true } : {}),
    })),
    edges: [...edges],
  };
}
