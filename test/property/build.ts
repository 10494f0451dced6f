import { App } from 'cdk8s';
import {
  AppProtocol,
  DefaultDeny,
  Dns,
  EgressFqdn,
  HeaderMatch,
  HttpMatch,
  HttpMatchOptions,
  IngressClass,
  IngressController,
  IPeer,
  MeshMode,
  MeshMtls,
  MtlsMode,
  PathMatch,
  Peer,
  Port,
  Profile,
  RouteMatch,
  Tier,
  Topology,
  WarningMode,
  Waypoint,
  WaypointTraffic,
  Widening,
  Zone,
} from '../../src';
import {
  EdgePortSpec,
  EndSpec,
  HttpSpec,
  peerLabels,
  peerServiceAccount,
  ProfileName,
  resolveTier,
  tierApp,
  tierSelector,
  tierServiceAccount,
  TopologySpec,
  zoneNamespace,
} from './spec';

/** The topology's construct id (and name). */
export const TOPOLOGY_NAME = 'prop';

const MESH_ONLY = [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED, Widening.LABELS_TO_IDENTITY];

/**
 * The public-API profile of a profile name: the mesh-only profiles accept unenforced egress and
 * sources matched by identity alone, plain NetworkPolicy peers matched by labels alone.
 */
export function profileFor(name: ProfileName): Profile {
  switch (name) {
    case 'kubernetes':
      return Profile.kubernetes({ accept: [Widening.IDENTITY_TO_LABELS] });
    case 'cilium':
      return Profile.cilium();
    case 'istio':
      return Profile.istio({ accept: MESH_ONLY });
    case 'cilium-istio':
      return Profile.ciliumIstio();
    case 'kubernetes-istio':
      return Profile.kubernetesIstio();
    case 'calico':
      return Profile.calico();
    case 'calico-istio':
      return Profile.calicoIstio();
    case 'linkerd':
      return Profile.linkerd({ accept: MESH_ONLY });
    case 'cilium-linkerd':
      return Profile.ciliumLinkerd();
    case 'kubernetes-linkerd':
      return Profile.kubernetesLinkerd();
  }
}

/**
 * Builds the spec through the public API into `app`: zones (deny mode, DNS, pod labels), tiers
 * (ports, service account, Service, mesh opt-out), mTLS, and edges with the verb the spec names
 * (`EgressFqdn` for DNS names stated by `allowFrom`).
 */
export function buildTopology(app: App, spec: TopologySpec): Topology {
  const topology = new Topology(app, TOPOLOGY_NAME, {
    mesh: spec.mesh === 'none' ? MeshMode.NONE : spec.mesh === 'sidecar' ? MeshMode.SIDECAR : MeshMode.AMBIENT,
    profiles: [profileFor(spec.profile)],
    warnings: WarningMode.SILENT,
  });
  const tiers: Tier[][] = [];
  const ambient = spec.mesh === 'ambient';
  // Named waypoints: a namespace with any is bound by its first zone (one label per namespace).
  const named = (zi: number) => spec.zones[zi].waypoint === true || spec.zones[zi].tiers.some((t) => t.waypoint);
  const bindsNamespace = (zi: number) =>
    ambient && (spec.sharedNamespace ? zi === 0 && spec.zones.some((_, i) => named(i)) : named(zi));
  spec.zones.forEach((z, zi) => {
    const zone = new Zone(topology, `zone-${zi}`, {
      namespace: zoneNamespace(spec, zi),
      ...(z.podSelector || spec.sharedNamespace ? { podSelector: { zone: `z${zi}` } } : {}),
      defaultDeny: DefaultDeny[z.deny],
      dns: z.dns ? dnsOf(spec.dns) : Dns.none(),
    });
    if (z.mtls !== undefined && spec.mesh !== 'none') new MeshMtls(zone, 'mtls', { mode: MtlsMode[z.mtls] });
    if (bindsNamespace(zi)) zone.useWaypoint(new Waypoint(zone, 'waypoint', { name: `wp-${zoneNamespace(spec, zi)}` }));
    let first: Tier | undefined;
    tiers.push(
      z.tiers.map((t, ti) => {
        const tier = new Tier(zone, `tier-${ti}`, {
          selector: tierSelector(spec, zi, ti),
          ...(ti > 0 && t.overlap === 'carved' ? { allowOverlapWith: [first!] } : {}),
          ...(t.serviceAccount ? { serviceAccount: tierServiceAccount(zi, ti) } : {}),
          // No ports is said by leaving 'ports' out: an explicit empty list is refused (ZT140).
          ...(t.ports.length > 0
            ? { ports: t.ports.map((p) => (p.protocol === 'TCP' ? Port.tcp(p.port) : Port.udp(p.port))) }
            : {}),
          ...(t.http ? { protocol: AppProtocol.HTTP } : {}),
          ...(t.service ? { service: { name: `svc-${tierApp(zi, ti)}` } } : {}),
          ...(t.unmeshed ? { mesh: false } : {}),
        });
        const exception = t.ports.find((p) => p.protocol === 'TCP');
        if (t.mtls && spec.mesh !== 'none') {
          new MeshMtls(tier, 'mtls', {
            mode: MtlsMode[t.mtls.mode],
            ...(t.mtls.permissivePort && exception
              ? { portModes: [{ port: exception.port, mode: MtlsMode.PERMISSIVE }] }
              : {}),
          });
        }
        if (ambient && t.waypoint) {
          const traffic =
            t.waypoint === 'service'
              ? WaypointTraffic.SERVICE
              : t.waypoint === 'workload'
                ? WaypointTraffic.WORKLOAD
                : WaypointTraffic.ALL;
          tier.useWaypoint(new Waypoint(zone, `waypoint-${ti}`, { name: `wp-z${zi}-t${ti}`, traffic }));
        }
        first = first ?? tier;
        return tier;
      }),
    );
  });
  const tierOf = (end: EndSpec): Tier | undefined => {
    const r = resolveTier(spec, end);
    return r ? tiers[r.zone][r.tier] : undefined;
  };
  spec.edges.forEach((e, i) => {
    const from = tierOf(e.from) ?? peerOf(e.from);
    const to = tierOf(e.to) ?? peerOf(e.to);
    if (!from || !to) return;
    const options = {
      ...(e.ports ? { ports: e.ports.map(portOf) } : {}),
      ...(e.http && e.http.length > 0 ? { http: e.http.map(httpOf) } : {}),
    };
    if (e.to.kind === 'fqdn' && from instanceof Tier && e.verb === 'allowFrom') {
      // The dedicated construct for DNS-name egress.
      new EgressFqdn(from, `fqdn-${i}`, { names: [...e.to.names], ...options });
    } else if (e.verb === 'allowFrom' && to instanceof Tier) {
      to.allowFrom(from, options);
    } else if (from instanceof Tier) {
      from.allowTo(to, options);
    } else if (to instanceof Tier) {
      to.allowFrom(from, options);
    }
  });
  // An Ingress reaches Services of its own namespace only: one Ingress per namespace, one path (`/r<i>`) per tier.
  const byNamespace = new Map<string, Tier[]>();
  for (const r of spec.ingress ?? []) {
    const at = resolveTier(spec, { kind: 'tier', ...r });
    // A route backend needs a Service with a port (else ZT125, as for any route): such tiers are not routed.
    if (!at || !spec.zones[at.zone].tiers[at.tier].service || spec.zones[at.zone].tiers[at.tier].ports.length === 0)
      continue;
    const ns = zoneNamespace(spec, at.zone);
    const list = byNamespace.get(ns) ?? [];
    if (!list.includes(tiers[at.zone][at.tier])) list.push(tiers[at.zone][at.tier]);
    byNamespace.set(ns, list);
  }
  if (byNamespace.size > 0) {
    const nginx = new IngressController(topology, 'nginx', { ingressClass: IngressClass.nginx() });
    for (const [ns, routed] of [...byNamespace].sort(([a], [b]) => (a < b ? -1 : 1)))
      nginx.addIngress(`site-${ns}`, {
        rules: routed.map((tier, i) => ({ matches: [RouteMatch.pathPrefix(`/r${i}`)], backends: [{ tier }] })),
      });
  }
  return topology;
}

/** The DNS allowance of a zone that keeps one. */
export function dnsOf(kind: TopologySpec['dns']): Dns {
  switch (kind) {
    case 'kube':
      return Dns.kubeDns();
    case 'openshift':
      return Dns.openShift();
    case 'node-local':
      return Dns.kubeDns({ nodeLocalAddresses: ['169.254.20.10'] });
  }
}

function httpOf(h: HttpSpec): HttpMatch {
  const header = h.header;
  const options: HttpMatchOptions = {
    ...(header === undefined
      ? {}
      : header.kind === 'prefix'
        ? { headerMatches: [HeaderMatch.prefix(header.name, header.value)] }
        : header.kind === 'regex'
          ? { headerMatches: [HeaderMatch.regex(header.name, header.value)] }
          : { headers: { [header.name]: header.value } }),
    ...(h.notPath !== undefined ? { notPaths: [PathMatch.parse(h.notPath)] } : {}),
    ...(h.notMethod !== undefined ? { notMethods: [h.notMethod] } : {}),
    ...(h.hosts !== undefined ? { hosts: [...h.hosts] } : {}),
  };
  const opts = Object.keys(options).length > 0 ? options : undefined;
  if (h.method === 'GET|POST') {
    if (h.path.startsWith('~')) throw new Error('legalize keeps regex paths off method lists');
    return HttpMatch.methods(['GET', 'POST'], h.path, opts);
  }
  if (h.path.startsWith('~'))
    return HttpMatch.of(h.method === 'ANY' ? undefined : h.method, PathMatch.regex(h.path.slice(1)), opts);
  return h.method === 'ANY' ? HttpMatch.anyMethod(h.path, opts) : HttpMatch.method(h.method, h.path, opts);
}

function portOf(p: EdgePortSpec): Port {
  if (p.endPort !== undefined) return Port.tcpRange(p.port, p.endPort);
  return p.protocol === 'TCP' ? Port.tcp(p.port) : Port.udp(p.port);
}

function peerOf(end: EndSpec): IPeer | undefined {
  switch (end.kind) {
    case 'tier':
      return undefined;
    case 'pods':
      return Peer.pods({
        ...(end.byLabels ? { namespaceLabels: { team: end.namespace } } : { namespace: end.namespace }),
        ...(end.labels ? { labels: peerLabels(end.namespace) } : {}),
        ...(end.serviceAccount ? { serviceAccount: peerServiceAccount(end.namespace) } : {}),
      });
    case 'cidr':
      return Peer.cidr(end.cidr, [...end.except]);
    case 'allNamespaces':
      return Peer.allNamespaces(end.labels ? { role: 'client-anywhere' } : undefined);
    case 'world':
      return Peer.world(
        end.fallback ? { fallback: Peer.cidr(end.fallback.cidr, [...end.fallback.except]) } : undefined,
      );
    case 'cluster':
      return Peer.cluster(
        end.fallback ? { fallback: Peer.cidr(end.fallback.cidr, [...end.fallback.except]) } : undefined,
      );
    case 'fqdn':
      return Peer.fqdn(...end.names);
  }
}
