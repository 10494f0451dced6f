import { Diagnostic, ErrorCode, Problem } from '../validation/codes';
import { checkDnsLabel, checkLabels, suggestDnsLabel } from '../validation/names';
import { sortedLabels } from '../validation/sorted-keys';
import { GatewayClassLookup, InputPeer, InputTopology } from './input';
import { normalizeRules, RawRule } from './normalize-rules';
import { buildRoutes, gatewayPeer } from './routes';
import { IrDeclaredWaypoint, IrLabels, IrMtls, IrPeer, IrPort, IrTopology, IrWorkload, IrZone } from './types';
import { describePeer, portText } from './describe';
import { checkOverlaps } from './overlap';
import { checkSettings } from './settings-checks';

/** The result of compiling a topology: the IR, or the problems that prevent it. */
export interface BuildResult {
  readonly ir?: IrTopology;
  readonly diagnostics: readonly Diagnostic[];
}

/** Labels every emitted object carries. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** The topology label. */
export const TOPOLOGY_LABEL = 'zerotrust.cdk8s.io/topology';
/** The profile label: which profile (cluster) an object was emitted for, so verify can keep profiles apart. */
export const PROFILE_LABEL = 'zerotrust.cdk8s.io/profile';

/**
 * Builds the IR from the flattened model: validates across constructs, resolves references,
 * normalizes and deduplicates rules, assigns names, sorts. Returns every problem at once.
 * @param gatewayClass facts of the gateway classes the registered targets implement
 */
export function buildIr(input: InputTopology, gatewayClass: GatewayClassLookup): BuildResult {
  const diags: Diagnostic[] = [...input.problems];
  const add = (path: string, code: string, message: string) => diags.push({ code, path, message });
  const addProblem = (path: string, p: Problem | undefined) => {
    if (p) add(path, p.code, p.message);
  };
  const rel = (path: string) => (path.startsWith(`${input.path}/`) ? path.slice(input.path.length + 1) : path);

  // ---- zones
  const zones: IrZone[] = [];
  const zoneByPath = new Map<string, IrZone>();
  const zoneNames = new NameAllocator();
  for (const z of [...input.zones].sort(byPath)) {
    addProblem(z.path, checkDnsLabel('zone namespace', z.namespace));
    for (const m of checkLabels(z.podSelector)) addProblem(z.path, m);
    const zone: IrZone = {
      id: rel(z.path),
      path: z.path,
      name: zoneNames.take(z.namespace, [suggestDnsLabel(z.id)], rel(z.path)),
      namespace: z.namespace,
      podSelector: sortedLabels(z.podSelector),
      denyIngress: z.denyIngress,
      denyEgress: z.denyEgress,
      ...(z.denyEgress && z.dns ? { dns: z.dns } : {}),
      manageNamespace: z.manageNamespace,
      namespaceLabels: {},
      ...(z.podSecurityLabels && Object.keys(z.podSecurityLabels).length > 0
        ? { podSecurityLabels: sortedLabels(z.podSecurityLabels) }
        : {}),
      meshed: input.mesh !== 'none' && z.meshed,
    };
    zones.push(zone);
    zoneByPath.set(z.path, zone);
  }
  // ---- named waypoints (ambient) and the zones bound to them
  const declaredWaypoints: IrDeclaredWaypoint[] = [];
  const waypointByPath = new Map<string, IrDeclaredWaypoint>();
  for (const wp of [...(input.waypoints ?? [])].sort(byPath)) {
    const zone = zoneByPath.get(wp.zonePath);
    if (!zone) continue; // the collector reported it
    if (input.mesh !== 'ambient') {
      add(
        wp.path,
        ErrorCode.WAYPOINT_NEEDS_AMBIENT,
        `waypoints exist in ambient mode only, but the topology's mesh is '${input.mesh}'. Set 'mesh: MeshMode.AMBIENT' on the Topology, or remove the waypoint`,
      );
      continue;
    }
    const twin = declaredWaypoints.find((o) => o.namespace === zone.namespace && o.name === wp.name);
    if (twin) {
      add(
        wp.path,
        ErrorCode.WAYPOINT_BINDING_CONFLICT,
        `waypoint '${wp.name}' is already declared in namespace '${zone.namespace}' by '${twin.path}'. Give each waypoint of a namespace its own name`,
      );
      continue;
    }
    const decl: IrDeclaredWaypoint = {
      path: wp.path,
      name: wp.name,
      namespace: zone.namespace,
      zone: zone.id,
      for: wp.for,
    };
    declaredWaypoints.push(decl);
    waypointByPath.set(wp.path, decl);
  }
  const namespaceWaypoint = new Map<string, { readonly name: string; readonly zonePath: string }>();
  for (const z of [...input.zones].sort(byPath)) {
    const bound = z.waypointPath === undefined ? undefined : waypointByPath.get(z.waypointPath);
    if (!bound) continue;
    const prev = namespaceWaypoint.get(bound.namespace);
    if (prev && prev.name !== bound.name) {
      add(
        z.path,
        ErrorCode.WAYPOINT_BINDING_CONFLICT,
        `zone uses waypoint '${bound.name}', but zone '${prev.zonePath}' of the same namespace '${bound.namespace}' uses '${prev.name}', and a namespace carries one istio.io/use-waypoint label. Use tier.useWaypoint on the tiers of one of the zones instead`,
      );
      continue;
    }
    namespaceWaypoint.set(bound.namespace, { name: bound.name, zonePath: z.path });
    const i = zones.findIndex((x) => x.path === z.path);
    zones[i] = { ...zones[i], waypoint: bound.name };
    zoneByPath.set(z.path, zones[i]);
  }

  const zoneById = new Map(zones.map((z) => [z.id, z]));
  // Only zones sharing a namespace can overlap: compare within each namespace (zones stay in path order).
  const zonesByNamespace = new Map<string, IrZone[]>();
  for (const z of zones) {
    const group = zonesByNamespace.get(z.namespace);
    if (group) group.push(z);
    else zonesByNamespace.set(z.namespace, [z]);
  }
  for (const group of zonesByNamespace.values()) {
    // Pod Security admission is namespace-wide: every zone of the namespace must ask for the same labels.
    const psa = (z: IrZone) => JSON.stringify(z.podSecurityLabels ?? {});
    for (const z of group.slice(1)) {
      if (psa(z) === psa(group[0])) continue;
      add(
        z.path,
        ErrorCode.POD_SECURITY_CONFLICT,
        `zone asks for Pod Security labels ${psa(z)} and zone '${group[0].path}' for ${psa(group[0])}, and both are in namespace '${z.namespace}', whose labels apply to every pod in it. Give the zones of a namespace the same podSecurity`,
      );
    }
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i];
        const b = group[j];
        if (!selectorsDisjoint(a.podSelector, b.podSelector)) {
          add(
            b.path,
            ErrorCode.OVERLAPPING_ZONES,
            `zone overlaps zone '${a.path}' in namespace '${a.namespace}'. Give both zones pod selectors that differ in a label value, or use one zone`,
          );
        }
      }
    }
  }

  // ---- workloads
  const workloads: IrWorkload[] = [];
  const workloadByPath = new Map<string, IrWorkload>();
  const names = new NameAllocator();
  for (const t of [...input.tiers].sort(byPath)) {
    const zone = zoneByPath.get(t.zonePath);
    if (!zone) {
      add(t.path, ErrorCode.MISPLACED_CONSTRUCT, `tier is not inside a Zone. Create it with a Zone as its scope`);
      continue;
    }
    for (const m of checkLabels(t.selector)) addProblem(t.path, m);
    if (Object.keys(t.selector).length === 0) {
      add(
        t.path,
        ErrorCode.EMPTY_SELECTOR,
        `tier has an empty selector, which would select every pod of the zone. Give it pod labels, e.g. { app: '${suggestDnsLabel(t.id)}' }`,
      );
    }
    if (t.serviceAccount !== undefined) addProblem(t.path, checkDnsLabel('service account', t.serviceAccount));
    if (t.service) addProblem(t.path, checkDnsLabel('service name', t.service.name));
    const id = rel(t.path);
    const w: IrWorkload = {
      id,
      path: t.path,
      name: names.take(zone.namespace, [suggestDnsLabel(t.id), `${zone.name}-${suggestDnsLabel(t.id)}`], id),
      zone: zone.id,
      namespace: zone.namespace,
      selector: sortedLabels({ ...t.selector, ...zone.podSelector }),
      ...(t.serviceAccount !== undefined ? { serviceAccount: t.serviceAccount } : {}),
      ...(t.service
        ? { service: { name: t.service.name, ports: [...t.service.ports].sort((x, y) => x.port - y.port) } }
        : {}),
      ports: [...t.ports].sort((x, y) => x.port - y.port || x.protocol.localeCompare(y.protocol)),
      appProtocol: t.appProtocol,
      meshed: zone.meshed && t.meshed,
      ...(t.waypointPath !== undefined && waypointByPath.has(t.waypointPath)
        ? { waypoint: waypointByPath.get(t.waypointPath)!.name }
        : {}),
    };
    workloads.push(w);
    workloadByPath.set(t.path, w);
  }
  checkDuplicates(workloads, diags);
  const excluded = checkOverlaps(
    workloads,
    {
      optIns: new Map(input.tiers.filter((t) => t.overlapWith).map((t) => [t.path, t.overlapWith!])),
      podLabels: new Map(input.tiers.filter((t) => t.podLabels).map((t) => [t.path, t.podLabels!])),
    },
    diags,
  );
  workloads.forEach((w, i) => {
    const ex = excluded.get(w.path);
    if (!ex) return;
    workloads[i] = { ...w, excluded: ex };
    workloadByPath.set(w.path, workloads[i]);
  });
  diags.push(...checkSettings(input));

  // ---- gateways and routes
  const routed = buildRoutes(input, workloadByPath, zones, rel, gatewayClass);
  diags.push(...routed.diagnostics);

  // ---- edges
  const raw: RawRule[] = [];
  const resolve = (p: InputPeer, path: string): IrPeer | undefined => {
    if (p.kind === 'gateway') {
      const gw = routed.gateways.find((g) => g.path === p.path);
      if (!gw) {
        add(path, ErrorCode.UNKNOWN_TIER, `gateway '${p.path}' is not part of this topology`);
        return undefined;
      }
      return gatewayPeer(gw);
    }
    if (p.kind !== 'tier') return p;
    if (p.topologyPath !== input.path) {
      add(
        path,
        ErrorCode.UNKNOWN_TIER,
        `tier '${p.path}' belongs to another topology ('${p.topologyPath}'). Model the other side as Peer.pods(...)`,
      );
      return undefined;
    }
    const w = workloadByPath.get(p.path);
    if (!w) {
      add(path, ErrorCode.UNKNOWN_TIER, `tier '${p.path}' is not part of this topology (is it inside a Zone?)`);
      return undefined;
    }
    return workloadPeer(w.id);
  };
  // One (immutable) peer object per workload, shared by every rule that names it.
  const workloadPeers = new Map<string, IrPeer>();
  const workloadPeer = (id: string): IrPeer => {
    let peer = workloadPeers.get(id);
    if (!peer) {
      peer = { kind: 'workload', workload: id };
      workloadPeers.set(id, peer);
    }
    return peer;
  };
  const workloadById = new Map(workloads.map((w) => [w.id, w]));
  const workloadOf = (p: IrPeer) => (p.kind === 'workload' ? workloadById.get(p.workload) : undefined);
  for (const e of input.edges) {
    const from = resolve(e.from, e.path);
    const to = resolve(e.to, e.path);
    if (!from || !to) continue;
    if (from.kind !== 'workload' && to.kind !== 'workload') {
      add(
        e.path,
        ErrorCode.INVALID_EDGE,
        `an edge needs a tier on at least one end (from ${describePeer(from)} to ${describePeer(to)}). Put a Tier on one end, or leave traffic between peers to other controls`,
      );
      continue;
    }
    if (from.kind === 'fqdn') {
      add(e.path, ErrorCode.INVALID_EDGE, `DNS names can only be destinations (egress). Use a CIDR peer for sources`);
      continue;
    }
    const dest = workloadOf(to);
    const ports: readonly IrPort[] =
      e.ports ?? (dest ? dest.ports.map((p) => ({ protocol: p.protocol, port: p.port })) : []);
    if (to.kind === 'cidr' || to.kind === 'fqdn' || to.kind === 'entity') {
      if (ports.some((p) => p.name !== undefined))
        add(
          e.path,
          ErrorCode.INVALID_PORT_NAME,
          `a named port cannot resolve for a ${to.kind} destination (names resolve against pod container ports). Use the port number`,
        );
    }
    if (e.kafkaFallback !== undefined && (e.kafka?.length ?? 0) === 0) {
      add(
        e.path,
        ErrorCode.KAFKA_FALLBACK_WITHOUT_KAFKA,
        `kafkaFallback is set, but the edge has no Kafka rules to fall back from. Add kafka: [KafkaMatch.produce(...)], or remove kafkaFallback`,
      );
      continue;
    }
    const l7 = (e.http?.length ?? 0) > 0 || (e.kafka?.length ?? 0) > 0;
    if (l7) {
      if ((e.http?.length ?? 0) > 0 && (e.kafka?.length ?? 0) > 0) {
        add(
          e.path,
          ErrorCode.INVALID_EDGE,
          `an edge has either HTTP or Kafka rules, not both. Split it into two edges on their own ports`,
        );
        continue;
      }
      if (ports.length === 0) {
        add(
          e.path,
          ErrorCode.L7_ON_NON_TCP,
          `L7 rules need the TCP port(s) they apply to. Give 'ports', e.g. [Port.tcp(8080)]`,
        );
        continue;
      }
      const bad = ports.filter((p) => p.protocol !== 'TCP');
      if (bad.length > 0) {
        add(
          e.path,
          ErrorCode.L7_ON_NON_TCP,
          `L7 rules on ${bad.map(portText).join(', ')}: HTTP and Kafka run over TCP only. Put the L7 rules on TCP ports`,
        );
        continue;
      }
    }
    raw.push({
      path: e.path,
      from,
      to,
      ports,
      ...(e.http && e.http.length ? { l7: { kind: 'http', rules: e.http } } : {}),
      ...(e.kafka && e.kafka.length
        ? {
            l7: {
              kind: 'kafka',
              rules: e.kafkaFallback === 'l4' ? e.kafka.map((k) => ({ ...k, l4Fallback: true as const })) : e.kafka,
            },
          }
        : {}),
    });
  }
  const rules = normalizeRules(raw);
  // Ambient: a namespace whose meshed workloads receive L7 rules gets a waypoint named
  // '<namespace>-waypoint', which is also a label value (at most 63 characters).
  if (input.mesh === 'ambient') {
    const l7Namespaces = new Set(
      raw.filter((r) => r.l7 && workloadOf(r.to)?.meshed).map((r) => workloadOf(r.to)!.namespace),
    );
    // A tier with L7 rules in a namespace with named waypoints must use one of them.
    for (const r of raw) {
      const w = r.l7 ? workloadOf(r.to) : undefined;
      if (!w || !w.meshed || !declaredWaypoints.some((d) => d.namespace === w.namespace)) continue;
      if (w.waypoint !== undefined || namespaceWaypoint.has(w.namespace)) continue;
      add(
        r.path,
        ErrorCode.WAYPOINT_UNBOUND,
        `the L7 rules of this edge into '${w.path}' need a waypoint, but namespace '${w.namespace}' has named waypoints (${declaredWaypoints
          .filter((d) => d.namespace === w.namespace)
          .map((d) => d.name)
          .join(
            ', ',
          )}), so it gets no automatic one, and the tier uses none. Use tier.useWaypoint(waypoint), or zone.useWaypoint(waypoint) for the namespace`,
      );
    }
    for (const ns of [...l7Namespaces].sort()) {
      if (declaredWaypoints.some((d) => d.namespace === ns)) continue; // no automatic waypoint there
      const name = `${ns}-waypoint`;
      if (name.length <= 63) continue;
      const z = zones.find((x) => x.namespace === ns)!;
      add(
        z.path,
        ErrorCode.INVALID_DERIVED_NAME,
        `the ambient waypoint of namespace '${ns}' would be named '${name}' (${name.length} characters), but it is also a label value (istio.io/use-waypoint), at most 63. Use a namespace of at most 54 characters for a zone that receives L7 rules`,
      );
    }
  }

  // ---- mTLS
  const mtls: IrMtls[] = [];
  const mtlsNames = new NameAllocator();
  for (const m of [...input.mtls].sort(byPath)) {
    if (input.mesh === 'none') {
      add(
        m.path,
        ErrorCode.INVALID_MTLS,
        `mTLS needs a mesh. Set 'mesh' on the Topology (MeshMode.SIDECAR or MeshMode.AMBIENT)`,
      );
      continue;
    }
    const zone = zoneByPath.get(m.scopePath);
    const w = workloadByPath.get(m.scopePath);
    if (!zone && !w) {
      add(m.path, ErrorCode.MISPLACED_CONSTRUCT, `MeshMtls must be created inside a Zone or a Tier`);
      continue;
    }
    if (zone && m.portModes.length > 0) {
      add(
        m.path,
        ErrorCode.INVALID_MTLS,
        `port-level modes need a workload selector (Istio ignores portLevelMtls without one). Attach this MeshMtls to a Tier`,
      );
      continue;
    }
    if (w) {
      for (const pm of m.portModes) {
        if (!w.ports.some((p) => p.port === pm.port))
          add(
            m.path,
            ErrorCode.INVALID_MTLS,
            `port ${pm.port} is not a container port of the tier (ports are workload ports, not Service ports): ${w.ports.map((p) => p.port).join(', ') || 'none declared'}`,
          );
      }
    }
    const z = zone ?? zoneById.get(w!.zone)!;
    if (!z.meshed) {
      add(m.path, ErrorCode.INVALID_MTLS, `zone '${z.path}' is not in the mesh`);
      continue;
    }
    const mode = m.migrateFrom !== undefined && input.mtlsStage === 'MIGRATING' ? m.migrateFrom : m.mode;
    const base = w ? w.name : z.name;
    mtls.push({
      id: rel(m.path),
      path: m.path,
      name: mtlsNames.take(z.namespace, [`${base}-mtls`, `${base}-${suggestDnsLabel(m.id)}`], rel(m.path)),
      namespace: z.namespace,
      zone: z.id,
      ...(w ? { workload: w.id } : {}),
      mode,
      portModes: [...m.portModes].sort((a, b) => a.port - b.port),
    });
  }
  const seenScope = new Map<string, string>();
  for (const m of mtls) {
    const key = m.workload ?? `zone:${m.zone}`;
    const prev = seenScope.get(key);
    if (prev)
      add(
        m.path,
        ErrorCode.DUPLICATE_ID,
        `a second MeshMtls on the same ${m.workload ? 'tier' : 'zone'} (first: '${prev}'). Keep one`,
      );
    seenScope.set(key, m.path);
  }
  // A zone narrowed by pod labels renders its mTLS as a workload-level PeerAuthentication; a tier of
  // it with its own would be a second one for the same pods, and Istio keeps only the oldest.
  for (const m of mtls) {
    if (!m.workload) continue;
    const z = zones.find((x) => x.id === m.zone)!;
    const zoneLevel = mtls.find((o) => o.workload === undefined && o.zone === m.zone);
    if (zoneLevel && Object.keys(z.podSelector).length > 0) {
      add(
        m.path,
        ErrorCode.INVALID_MTLS,
        `zone '${z.path}' is narrowed by pod labels, so its MeshMtls '${zoneLevel.path}' already selects this tier's pods, and Istio would keep only the older of two PeerAuthentications. Set the mode on one of them`,
      );
    }
  }

  if (diags.length > 0) return { diagnostics: sortDiagnostics(diags) };
  const ir: IrTopology = {
    name: input.name,
    path: input.path,
    zones: zones.sort(byId),
    workloads: workloads.sort(byId),
    rules,
    mtls: mtls.sort(byId),
    mesh: {
      mode: input.mesh,
      trustDomain: input.trustDomain,
      rootNamespace: input.rootNamespace,
      waypoints: [],
      ...(declaredWaypoints.length > 0 ? { declaredWaypoints } : {}),
    },
    gateways: routed.gateways,
    routes: routed.routes,
    settings: {
      targetVersions: { ...input.targetVersions },
      commonLabels: sortedLabels({
        ...input.labels,
        [MANAGED_BY_LABEL]: 'cdk8s-zerotrust',
        [TOPOLOGY_LABEL]: input.name,
      }),
    },
  };
  return { ir, diagnostics: [] };
}

/** Allocates names unique within a namespace, deterministically (callers iterate in sorted order). */
export class NameAllocator {
  private readonly used = new Map<string, Set<string>>();

  /** Takes the first free candidate, else the first with a short stable hash of `key`. */
  public take(namespace: string, candidates: string[], key: string): string {
    const set = this.used.get(namespace) ?? new Set<string>();
    this.used.set(namespace, set);
    let name = candidates.find((c) => !set.has(c));
    if (!name) name = `${candidates[0].slice(0, 54)}-${shortHash(key)}`;
    set.add(name);
    return name;
  }
}

/** An 8-character stable hash (FNV-1a) for disambiguating names. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function checkDuplicates(workloads: IrWorkload[], diags: Diagnostic[]): void {
  const bySelector = new Map<string, IrWorkload>();
  const byIdentity = new Map<string, IrWorkload>();
  for (const w of workloads) {
    const sk = `${w.namespace}|${JSON.stringify(w.selector)}`;
    const prev = bySelector.get(sk);
    if (prev) {
      diags.push({
        code: ErrorCode.DUPLICATE_SELECTOR,
        path: w.path,
        message: `tier selects the same pods as '${prev.path}' (${JSON.stringify(w.selector)}). Give each tier a distinguishing label`,
      });
    } else bySelector.set(sk, w);
    if (w.serviceAccount !== undefined) {
      const ik = `${w.namespace}|${w.serviceAccount}`;
      const p2 = byIdentity.get(ik);
      if (p2) {
        diags.push({
          code: ErrorCode.DUPLICATE_IDENTITY,
          path: w.path,
          message: `tier shares service account '${w.serviceAccount}' with '${p2.path}', so a mesh cannot tell them apart. Give each tier its own service account`,
        });
      } else byIdentity.set(ik, w);
    }
  }
}

/** Two selectors are disjoint when some key has different values in both. */
function selectorsDisjoint(a: IrLabels, b: IrLabels): boolean {
  return Object.keys(a).some((k) => b[k] !== undefined && b[k] !== a[k]);
}

function byPath<T extends { path: string }>(a: T, b: T): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sorts diagnostics by path, then code, then message, and removes exact duplicates. */
export function sortDiagnostics(d: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...d]
    .sort((a, b) =>
      a.path < b.path
        ? -1
        : a.path > b.path
          ? 1
          : a.code < b.code
            ? -1
            : a.code > b.code
              ? 1
              : a.message < b.message
                ? -1
                : 1,
    )
    .filter((x) => {
      const k = `${x.path}|${x.code}|${x.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}
