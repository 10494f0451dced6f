import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { InputEdge, InputMtls, InputPeer, InputTier, InputTopology, InputWaypoint, InputZone } from '../ir/input';
import { IrNamedPort, IrProtocol, IrServicePort } from '../ir/types';
import { ErrorCode } from '../validation/codes';
import { problemOf } from '../validation/input';
import { sortedLabels } from '../validation/sorted-keys';
import { Fqdn } from '../values/fqdn';
import { IPeer, Peer } from '../values/peer';
import { KafkaFallback } from '../values/kafka-match';
import { Port } from '../values/port';
import { AllowFrom } from './allow-from';
import { podSecurityLabels } from './pod-security-labels';
import { DefaultDeny, Zone } from './zone';
import { Dns } from './dns';
import { EgressFqdn } from './egress-fqdn';
import { collectIngress } from './ingress-collect';
import { IngressController, KubernetesIngress } from './ingress-controller';
import { GrpcRoute, HttpRoute, IngressGateway, MeshRoute } from './ingress-gateway';
import { findEnclosing, hasBrand, TIER_BRAND, TOPOLOGY_BRAND, ZONE_BRAND } from './markers';
import { MeshMtls } from './mesh-mtls';
import { checkConstruct } from './checks';
import { ServicePortMapping, Tier } from './tier';
import { Waypoint } from './waypoint';
import { Protocol } from '../values/protocol';

/** Topology-level settings the collector needs. */
export interface TopologySettings {
  readonly name: string;
  readonly mesh: 'none' | 'sidecar' | 'ambient';
  readonly trustDomain: string;
  readonly rootNamespace: string;
  readonly ciliumVersion: string;
  readonly labels: { readonly [key: string]: string };
  readonly mtlsStage: 'MIGRATING' | 'ENFORCED';
}

/** A construct of the topology with the Zone and Tier that enclose it (itself included). */
interface Placed {
  readonly construct: IConstruct;
  readonly zone?: IConstruct;
  readonly tier?: IConstruct;
}

/**
 * The constructs a topology owns, in pre-order (the order of `node.findAll()`), each with its
 * enclosing Zone and Tier. One walk of the tree: every construct is visited once and its
 * enclosing scopes are carried down, not searched up. A nested Topology owns its own subtree,
 * which is skipped.
 */
function ownedConstructs(topology: IConstruct): Placed[] {
  const out: Placed[] = [];
  const visit = (c: IConstruct, zone: IConstruct | undefined, tier: IConstruct | undefined): void => {
    if (c !== topology && hasBrand(c, TOPOLOGY_BRAND)) return;
    const z = hasBrand(c, ZONE_BRAND) ? c : zone;
    const t = hasBrand(c, TIER_BRAND) ? c : tier;
    out.push({ construct: c, zone: z, tier: t });
    for (const child of c.node.children) visit(child, z, t);
  };
  visit(topology, undefined, undefined);
  return out;
}

/**
 * The ports egress by DNS name opens when none are named, however it is stated (`EgressFqdn` or
 * `allowTo(Peer.fqdn(...))`): HTTPS, the narrow choice that holds for every tier.
 */
const EGRESS_BY_NAME_DEFAULT_PORTS: readonly Port[] = [Port.HTTPS];

/** Flattens a topology's construct tree into plain input for the IR build. */
export function collect(topology: Construct, settings: TopologySettings): InputTopology {
  const problems: { code: string; path: string; message: string }[] = [];
  const zones: InputZone[] = [];
  const tiers: InputTier[] = [];
  const edges: InputEdge[] = [];
  const mtls: InputMtls[] = [];
  const waypoints: InputWaypoint[] = [];
  const owned = ownedConstructs(topology);
  const topologyPath = topology.node.path;
  const ownTiers = new Set<IConstruct>(owned.filter((p) => p.construct instanceof Tier).map((p) => p.construct));
  const tierPeers = new Map<Tier, InputPeer>(); // one (immutable) input peer per tier, shared by its edges
  const inputPeer = (end: IPeer): InputPeer => {
    const p = end.peerReference._end;
    if (!(p instanceof Tier)) return peerOf(p);
    let peer = tierPeers.get(p);
    if (!peer) {
      peer = {
        kind: 'tier',
        path: p.node.path,
        topologyPath: ownTiers.has(p) ? topologyPath : (findEnclosing(p, TOPOLOGY_BRAND)?.node.path ?? ''),
      };
      tierPeers.set(p, peer);
    }
    return peer;
  };
  const skipped = new Set<IConstruct>();
  for (const { construct: c, zone, tier } of owned) {
    // Props as given at run time (JavaScript callers skip the type checker): a construct with bad
    // props is reported under its path and left out, and so is everything that names it.
    try {
      const bad = checkConstruct(c);
      if (bad.length > 0 || (zone && skipped.has(zone)) || (tier && skipped.has(tier))) {
        for (const b of bad) problems.push({ ...b, path: c.node.path });
        skipped.add(c);
        continue;
      }
      collectOne(c, zone, tier);
    } catch (e) {
      // A value this check did not foresee: still a coded problem at the construct, never a raw crash.
      problems.push({ ...problemOf(e), path: c.node.path });
      skipped.add(c);
    }
  }
  function collectOne(c: IConstruct, zone: IConstruct | undefined, tier: IConstruct | undefined): void {
    if (c instanceof Zone) {
      const dns = dnsOf(c);
      zones.push({
        path: c.node.path,
        id: c.node.id,
        namespace: c.namespace,
        podSelector: sortedLabels(c._props.podSelector ?? {}),
        denyIngress: deny(c._props.defaultDeny, 'ingress'),
        denyEgress: deny(c._props.defaultDeny, 'egress'),
        ...(dns ? { dns } : {}),
        manageNamespace: c._props.manageNamespace ?? false,
        meshed: c._props.mesh ?? true,
        podSecurityLabels: podSecurityLabels(c._props.podSecurity),
        ...(c._waypoint ? { waypointPath: c._waypoint.node.path } : {}),
      });
    } else if (c instanceof Tier) {
      const t = readTier(c, problems);
      tiers.push({
        ...t,
        path: c.node.path,
        id: c.node.id,
        zonePath: zone?.node.path ?? '',
        ...(c._props.protocol !== undefined ? { protocolDeclared: true } : {}),
        ...(c._props.allowOverlapWith && c._props.allowOverlapWith.length > 0
          ? { overlapWith: c._props.allowOverlapWith.map((o) => o.node.path) }
          : {}),
        ...(c._waypoint ? { waypointPath: c._waypoint.node.path } : {}),
      });
    } else if (c instanceof AllowFrom) {
      const edge: { -readonly [K in keyof InputEdge]: InputEdge[K] } = {
        path: c.node.path,
        from: inputPeer(c._props.from),
        to: inputPeer(c._props.to),
      };
      if (c._props.ports) edge.ports = c._props.ports.map(irPort);
      else if (edge.to.kind === 'fqdn') edge.ports = EGRESS_BY_NAME_DEFAULT_PORTS.map(irPort);
      if (c._props.http && c._props.http.length) edge.http = c._props.http.flatMap((h) => h._rules);
      if (c._props.kafka && c._props.kafka.length) edge.kafka = c._props.kafka.map((k) => k._ir);
      if (c._props.kafkaFallback === KafkaFallback.L4) edge.kafkaFallback = 'l4';
      edges.push(edge);
    } else if (c instanceof EgressFqdn) {
      if (!tier) {
        problems.push({
          code: ErrorCode.MISPLACED_CONSTRUCT,
          path: c.node.path,
          message: 'EgressFqdn must be created inside a Tier (its source). Create it with the tier as its scope',
        });
        return;
      }
      let peer: Peer;
      try {
        peer = Peer.fromFqdns(c._props.names.map((n) => Fqdn.parse(n)));
      } catch (e) {
        problems.push({ ...problemOf(e), path: c.node.path });
        return;
      }
      edges.push({
        path: c.node.path,
        from: inputPeer(tier as Tier),
        to: peer._ir,
        ports: (c._props.ports ?? EGRESS_BY_NAME_DEFAULT_PORTS).map(irPort),
        ...(c._props.http && c._props.http.length ? { http: c._props.http.flatMap((h) => h._rules) } : {}),
      });
    } else if (c instanceof Waypoint) {
      if (!zone || tier) {
        problems.push({
          code: ErrorCode.WAYPOINT_PLACEMENT,
          path: c.node.path,
          message: `Waypoint must be created inside a Zone${tier ? ', not a Tier' : ''} (the namespace it runs in). Create it with the zone as its scope`,
        });
        return;
      }
      waypoints.push({ path: c.node.path, zonePath: zone.node.path, name: c.name, for: c.traffic });
    } else if (c instanceof MeshMtls) {
      // A MeshMtls is neither a Tier nor a Zone: its enclosing ones are its scope's. A tier wins over a zone.
      const scope = tier ?? zone;
      mtls.push({
        path: c.node.path,
        id: c.node.id,
        scopePath: scope?.node.path ?? '',
        mode: c._props.mode,
        ...(c._props.migrateFrom ? { migrateFrom: c._props.migrateFrom } : {}),
        portModes: (c._props.portModes ?? []).map((p) => ({ port: p.port, mode: p.mode })),
      });
    }
  }
  const ingress = collectIngress(
    owned.map((p) => p.construct).filter((c) => !skipped.has(c) && !edgeToSkipped(c, skipped)),
    problems,
  );
  // Edges that name a construct left out would be reported as unknown: drop them too.
  for (let i = edges.length - 1; i >= 0; i--) {
    const e = edges[i];
    if (
      [e.from, e.to].some(
        (p) => (p.kind === 'tier' || p.kind === 'gateway') && [...skipped].some((s) => s.node.path === p.path),
      )
    )
      edges.splice(i, 1);
  }
  return {
    name: settings.name,
    path: topologyPath,
    mesh: settings.mesh,
    trustDomain: settings.trustDomain,
    rootNamespace: settings.rootNamespace,
    targetVersions: { cilium: settings.ciliumVersion },
    labels: settings.labels,
    mtlsStage: settings.mtlsStage,
    zones,
    tiers,
    edges,
    mtls,
    waypoints,
    gateways: ingress.gateways,
    routes: ingress.routes,
    problems,
  };
}

function dnsOf(z: Zone) {
  return z._props.dns ? z._props.dns._ir : Dns.kubeDns()._ir;
}

function deny(d: DefaultDeny | undefined, dir: 'ingress' | 'egress'): boolean {
  const v = d ?? DefaultDeny.BOTH;
  return v === DefaultDeny.BOTH || (dir === 'ingress' ? v === DefaultDeny.INGRESS : v === DefaultDeny.EGRESS);
}

/** The input form of an edge end that is not a Tier. */
function peerOf(p: object): InputPeer {
  if (p instanceof Peer) return p._ir;
  if (p instanceof IngressGateway || p instanceof IngressController) return { kind: 'gateway', path: p.node.path };
  throw new Error(`unsupported peer reference to ${String(p)}: only the library creates peer references`);
}

/** Converts a Port value to its IR form. */
export function irPort(p: Port): { protocol: IrProtocol; port?: number; endPort?: number; name?: string } {
  const out: { protocol: IrProtocol; port?: number; endPort?: number; name?: string } = {
    protocol: p.protocol as string as IrProtocol,
  };
  if (p.startPort !== undefined) out.port = p.startPort;
  if (p.endPort !== undefined) out.endPort = p.endPort;
  if (p.name !== undefined) out.name = p.name;
  return out;
}

type TierData = Omit<InputTier, 'path' | 'id' | 'zonePath'>;

function readTier(t: Tier, problems: { code: string; path: string; message: string }[]): TierData {
  const props = t._props;
  const protocol = (props.protocol ?? 'tcp') as InputTier['appProtocol'];
  if (!t._workload) {
    const ports: IrNamedPort[] = [];
    for (const p of props.ports ?? []) {
      if (p.startPort === undefined || p.endPort !== undefined) {
        problems.push({
          code: ErrorCode.INVALID_PORT,
          path: t.node.path,
          message: `tier ports must be single numeric container ports (got ${p.toString()}). List each container port, e.g. Port.tcp(8080)`,
        });
        continue;
      }
      ports.push({
        port: p.startPort,
        protocol: p.protocol as string as IrProtocol,
        ...(p.name ? { name: p.name } : {}),
      });
    }
    const service = props.service
      ? {
          name: props.service.name,
          ports: (
            props.service.ports ??
            ports.map((p): ServicePortMapping => ({
              port: p.port,
              targetPort: p.port,
              protocol: p.protocol as string as Protocol,
            }))
          ).map((sp): IrServicePort => ({
            port: sp.port,
            targetPort: sp.targetPort ?? sp.port,
            protocol: ((sp.protocol as string | undefined) ?? 'TCP') as IrProtocol,
            ...(sp.name ? { name: sp.name } : {}),
          })),
        }
      : undefined;
    return {
      selector: sortedLabels(props.selector ?? {}),
      ...(props.serviceAccount ? { serviceAccount: props.serviceAccount } : {}),
      ports,
      appProtocol: protocol,
      ...(service ? { service } : {}),
      meshed: props.mesh ?? true,
    };
  }
  return readWorkload(t, protocol, problems);
}

function readWorkload(
  t: Tier,
  protocol: InputTier['appProtocol'],
  problems: { code: string; path: string; message: string }[],
): TierData {
  const fail = (message: string): TierData => {
    problems.push({ code: ErrorCode.INVALID_WORKLOAD, path: t.node.path, message });
    return { selector: {}, ports: [], appProtocol: protocol, meshed: t._props.mesh ?? true };
  };
  let obj: { kind?: string; spec?: Record<string, unknown> };
  try {
    obj = ApiObject.of(t._workload!).toJson();
  } catch (e) {
    return fail(
      `cannot read the workload '${t._workload!.node.path}': ${(e as Error).message}. Pass a cdk8s-plus Deployment, StatefulSet or DaemonSet`,
    );
  }
  if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(obj.kind ?? '')) {
    return fail(`'${t._workload!.node.path}' is a ${obj.kind}, not a Deployment, StatefulSet or DaemonSet`);
  }
  const spec = obj.spec as {
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
    template?: {
      metadata?: { labels?: Record<string, string> };
      spec?: {
        serviceAccountName?: string;
        containers?: { ports?: { containerPort: number; protocol?: string; name?: string }[] }[];
      };
    };
  };
  if (spec.selector?.matchExpressions && spec.selector.matchExpressions.length > 0) {
    return fail(`the workload's selector uses matchExpressions, which a tier cannot take over. Use matchLabels`);
  }
  const selector = spec.selector?.matchLabels ?? {};
  const ports: IrNamedPort[] = [];
  for (const c of spec.template?.spec?.containers ?? []) {
    for (const p of c.ports ?? [])
      ports.push({
        port: p.containerPort,
        protocol: (p.protocol ?? 'TCP') as IrProtocol,
        ...(p.name ? { name: p.name } : {}),
      });
  }
  let service: TierData['service'];
  if (t._serviceConstruct) {
    try {
      const s = ApiObject.of(t._serviceConstruct).toJson() as {
        metadata?: { name?: string };
        spec?: { ports?: { port: number; targetPort?: number | string; name?: string; protocol?: string }[] };
      };
      service = {
        name: s.metadata?.name ?? '',
        ports: (s.spec?.ports ?? []).map((sp) => {
          const tp =
            typeof sp.targetPort === 'string'
              ? (ports.find((p) => p.name === sp.targetPort)?.port ?? sp.port)
              : (sp.targetPort ?? sp.port);
          return {
            port: sp.port,
            targetPort: tp,
            protocol: (sp.protocol ?? 'TCP') as IrProtocol,
            ...(sp.name ? { name: sp.name } : {}),
          };
        }),
      };
    } catch (e) {
      problems.push({
        code: ErrorCode.INVALID_WORKLOAD,
        path: t.node.path,
        message: `cannot read the service: ${(e as Error).message}`,
      });
    }
  }
  const sa = spec.template?.spec?.serviceAccountName;
  const podLabels = spec.template?.metadata?.labels;
  return {
    selector: sortedLabels(selector),
    ...(sa ? { serviceAccount: sa } : {}),
    ports,
    appProtocol: protocol,
    ...(service ? { service } : {}),
    meshed: t._props.mesh ?? true,
    ...(podLabels ? { podLabels: sortedLabels(podLabels) } : {}),
  };
}

/** A route whose gateway, backend or service was left out for bad props. */
function edgeToSkipped(c: IConstruct, skipped: ReadonlySet<IConstruct>): boolean {
  const p = (
    c as { _props?: { gateway?: IConstruct; service?: IConstruct; rules?: { backends?: { tier?: IConstruct }[] }[] } }
  )._props;
  if (
    !p ||
    !(c instanceof HttpRoute || c instanceof GrpcRoute || c instanceof MeshRoute || c instanceof KubernetesIngress)
  )
    return false;
  const controller = c instanceof KubernetesIngress ? c._props.controller : undefined;
  const named = [
    p.gateway,
    p.service,
    controller,
    ...(p.rules ?? []).flatMap((r) => (r.backends ?? []).map((b) => b.tier)),
  ];
  return named.some((n) => n !== undefined && skipped.has(n));
}
