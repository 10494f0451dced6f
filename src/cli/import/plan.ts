import { ClusterInfo } from '../../verify/cluster';
import { isRecord, stringMapOf } from '../../verify/json';
import { objectRef } from '../../verify/policy-set';
import { apiGroupOf } from '../../verify/unmodelled';
import { PROFILE_LABEL, TOPOLOGY_LABEL, groupByProfile } from '../groups';
import { InputDocument, InputError } from '../inputs';
import { chooseMesh, chooseProfile } from '../profile';
import { CarriedObject, compare, HalfEdge, ImportedEdge, ImportedPeer, ImportPlan, Source } from './model';
import { ciliumShape } from './cilium';
import { authorizationShape, combineMesh, ISTIO_SECURITY_GROUP, readPeerAuthentications } from './istio';
import { NamedWorkload, recognizeNetworkPolicies } from './recognize';

/** Kinds that describe the cluster rather than its policy: read to name tiers, not written. */
const DESCRIPTION_KINDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['', ['Namespace', 'Pod', 'Service', 'ServiceAccount', 'ReplicationController', 'Endpoints']],
  ['apps', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']],
  ['batch', ['Job', 'CronJob']],
  ['discovery.k8s.io', ['EndpointSlice']],
]);

const EMPTY_CLUSTER: ClusterInfo = { namespaces: [], pods: [], services: [] };

/**
 * What the program will hold: the profile the kinds present imply, the zones, tiers and edges
 * recognized in the NetworkPolicies, and every other policy object carried as it is, with the
 * reason. Throws `InputError` when the files describe several clusters (profile groups).
 */
export function planImport(files: readonly string[], documents: readonly InputDocument[]): ImportPlan {
  const groups = groupByProfile(documents);
  if (groups.length > 1)
    throw new InputError(
      `the files hold ${groups.length} clusters (${groups.map((g) => g.name).join(', ')}): import reads one at a time. ` +
        'Give the files of one topology and profile',
    );
  const objects = documents.map((d) => d.object);
  const { profile } = chooseProfile(undefined, objects);
  const { mesh } = chooseMesh(undefined, profile, objects, EMPTY_CLUSTER);
  const labelled = objects.find((o) => typeof o.metadata.labels?.[PROFILE_LABEL] === 'string');
  const topology = nameOf(labelled?.metadata.labels?.[TOPOLOGY_LABEL]) ?? 'imported';
  const described: Source[] = [];
  const policies: Source[] = [];
  const carried: CarriedObject[] = [];
  // Constructs come from one kind: NetworkPolicy on the kubernetes profile, CiliumNetworkPolicy on the cilium profile,
  // AuthorizationPolicy (with the PeerAuthentications of its zones and tiers) on the istio profile in sidecar mode.
  const only = profile.layers.length === 1 ? profile.layers[0] : undefined;
  // A CNI paired with Istio: both kinds are read, and must agree (combineMesh).
  const cni =
    mesh === 'sidecar' && profile.layers.length === 2 && profile.layers.includes('istio')
      ? profile.layers.find((l) => l === 'kubernetes' || l === 'cilium')
      : undefined;
  const istio = (only === 'istio' || cni !== undefined) && mesh === 'sidecar';
  const cniRead =
    cni === 'kubernetes'
      ? { group: 'networking.k8s.io', kind: 'NetworkPolicy' }
      : cni === 'cilium'
        ? { group: 'cilium.io', kind: 'CiliumNetworkPolicy' }
        : undefined;
  const cniPolicies: Source[] = [];
  const read =
    only === 'kubernetes'
      ? { group: 'networking.k8s.io', kind: 'NetworkPolicy' }
      : only === 'cilium'
        ? { group: 'cilium.io', kind: 'CiliumNetworkPolicy' }
        : istio
          ? { group: ISTIO_SECURITY_GROUP, kind: 'AuthorizationPolicy' }
          : undefined;
  const peerAuthentications: Source[] = [];
  for (const d of documents) {
    const source = { object: d.object, file: d.file };
    const group = apiGroupOf(d.object.apiVersion);
    if (DESCRIPTION_KINDS.get(group)?.includes(d.object.kind)) described.push(source);
    else if (read !== undefined && group === read.group && d.object.kind === read.kind) policies.push(source);
    else if (cniRead !== undefined && group === cniRead.group && d.object.kind === cniRead.kind)
      cniPolicies.push(source);
    else if (istio && group === ISTIO_SECURITY_GROUP && d.object.kind === 'PeerAuthentication')
      peerAuthentications.push(source);
    else carried.push({ ...source, reason: reasonFor(d.object.kind, group, profile.name, mesh) });
  }
  const meshRecognized = recognizeNetworkPolicies(
    policies,
    workloadsOf(described),
    only === 'cilium' ? ciliumShape : istio ? authorizationShape : undefined,
  );
  const recognized =
    cni !== undefined
      ? combineMesh(
          recognizeNetworkPolicies(cniPolicies, workloadsOf(described), cni === 'cilium' ? ciliumShape : undefined),
          meshRecognized,
        )
      : meshRecognized;
  for (const p of [...cniPolicies, ...policies]) {
    const why = recognized.rawNamespaces.get(p.object.metadata.namespace ?? 'default');
    if (why !== undefined) carried.push({ ...p, reason: why });
  }
  const meshMtls = readPeerAuthentications(peerAuthentications, recognized.zones, recognized.rawNamespaces);
  carried.push(...meshMtls.carried);
  return {
    topology,
    targets: profile.layers,
    ...(nameOf(labelled?.metadata.labels?.[PROFILE_LABEL]) !== undefined
      ? { profileName: labelled?.metadata.labels?.[PROFILE_LABEL] }
      : {}),
    mesh,
    files,
    zones: recognized.zones,
    edges: pairEdges(recognized.halfEdges),
    mtls: meshMtls.mtls,
    // Istio alone authorizes TCP only, as the files do: the zone's default deny leaves UDP and SCTP open (ZT118).
    accept:
      only === 'istio' && istio && recognized.zones.some((z) => z.denyIngress) ? ['Widening.NON_TCP_UNENFORCED'] : [],
    carried: carried.sort((a, b) => compare(order(a), order(b))),
    described: described.sort((a, b) => compare(order(a), order(b))),
  };
}

function nameOf(v: unknown): string | undefined {
  return typeof v === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 63 ? v : undefined;
}

function order(s: Source): string {
  return `${apiGroupOf(s.object.apiVersion)} ${s.object.kind} ${s.object.metadata.namespace ?? ''} ${s.object.metadata.name}`;
}

function reasonFor(kind: string, group: string, profile: string, mesh: string): string {
  if (group === 'networking.k8s.io' && kind === 'NetworkPolicy')
    return `import reads NetworkPolicies as constructs on the kubernetes profile, and with istio in sidecar mode, only (this is ${profile}${mesh === 'none' ? '' : `, ${mesh}`})`;
  if (group === 'cilium.io' && kind === 'CiliumNetworkPolicy')
    return `import reads CiliumNetworkPolicies as constructs on the cilium profile, and with istio in sidecar mode, only (this is ${profile}${mesh === 'none' ? '' : `, ${mesh}`})`;
  if (group === ISTIO_SECURITY_GROUP && (kind === 'AuthorizationPolicy' || kind === 'PeerAuthentication'))
    return `import reads ${kind} as constructs in sidecar mode on the istio profile, alone or with kubernetes or cilium, only (this is ${profile}${mesh === 'none' ? '' : `, ${mesh}`})`;
  if (group === 'gateway.networking.k8s.io')
    return 'import does not read Gateway API objects: routes and gateways are carried as they are';
  return `import does not read ${kind} (${group === '' ? 'core' : group}) as constructs`;
}

/** Pod template labels of the workloads of the inputs. */
function workloadsOf(described: readonly Source[]): NamedWorkload[] {
  const out: NamedWorkload[] = [];
  for (const { object } of described) {
    const spec = isRecord(object.spec) ? object.spec : {};
    const template =
      object.kind === 'CronJob'
        ? recordAt(spec, 'jobTemplate', 'spec', 'template')
        : object.kind === 'Pod'
          ? { metadata: object.metadata }
          : recordAt(spec, 'template');
    if (template === undefined || ['Namespace', 'Service', 'ServiceAccount'].includes(object.kind)) continue;
    out.push({
      ref: objectRef(object),
      name: object.metadata.name,
      namespace: object.metadata.namespace ?? 'default',
      labels: stringMapOf(isRecord(template.metadata) ? template.metadata.labels : undefined),
    });
  }
  return out;
}

function recordAt(v: Record<string, unknown>, ...path: string[]): Record<string, unknown> | undefined {
  let at: unknown = v;
  for (const p of path) at = isRecord(at) ? at[p] : undefined;
  return isRecord(at) ? at : undefined;
}

/**
 * Edges of the program. An ingress rule of tier B from tier A and an egress rule of A to B on
 * the same port are one edge, `b.allowFrom(a)`, which renders both; a rule without its
 * counterpart stays one-sided (`b.allowFrom(Peer.pods(...))`), as it was.
 */
export function pairEdges(halves: readonly HalfEdge[]): ImportedEdge[] {
  const egress = new Map<string, string[]>();
  for (const h of halves)
    if (h.direction === 'egress' && h.peerTier !== undefined)
      for (const p of h.ports) {
        const key = `${h.tier}|${h.peerTier}|${p.key}|${h.http?.key ?? ''}`;
        egress.set(key, [...(egress.get(key) ?? []), h.rule]);
      }
  const paired = new Map<
    string,
    { from: string; to: string; http?: ImportedPeer; ports: Map<string, string>; rules: Set<string> }
  >();
  const pairedEgress = new Set<string>();
  const single = new Map<string, { half: HalfEdge; ports: Map<string, string>; rules: Set<string> }>();
  const addSingle = (h: HalfEdge, port: { key: string; code: string }) => {
    const key = `${h.tier}|${h.direction}|${h.peer.key}|${h.http?.key ?? ''}`;
    const entry = single.get(key) ?? { half: h, ports: new Map(), rules: new Set() };
    entry.ports.set(port.key, port.code);
    entry.rules.add(h.rule);
    single.set(key, entry);
  };
  for (const h of halves) {
    if (h.direction !== 'ingress') continue;
    for (const p of h.ports) {
      const l7 = h.http?.key ?? '';
      const back = h.peerTier !== undefined ? egress.get(`${h.peerTier}|${h.tier}|${p.key}|${l7}`) : undefined;
      if (h.peerTier === undefined || back === undefined) {
        addSingle(h, p);
        continue;
      }
      pairedEgress.add(`${h.peerTier}|${h.tier}|${p.key}|${l7}`);
      const key = `${h.peerTier}|${h.tier}|${l7}`;
      const entry = paired.get(key) ?? {
        from: h.peerTier,
        to: h.tier,
        ...(h.http !== undefined ? { http: h.http } : {}),
        ports: new Map(),
        rules: new Set(),
      };
      entry.ports.set(p.key, p.code);
      entry.rules.add(h.rule);
      for (const r of back) entry.rules.add(r);
      paired.set(key, entry);
    }
  }
  for (const h of halves) {
    if (h.direction !== 'egress') continue;
    for (const p of h.ports)
      if (h.peerTier === undefined || !pairedEgress.has(`${h.tier}|${h.peerTier}|${p.key}|${h.http?.key ?? ''}`))
        addSingle(h, p);
  }
  const ports = (m: Map<string, string>) =>
    [...m.entries()].sort(([a], [b]) => compare(a, b)).map(([key, code]) => ({ key, code }));
  const edges: ImportedEdge[] = [
    ...[...paired.values()].map((e): ImportedEdge => ({
      kind: 'tiers',
      tier: e.to,
      other: e.from,
      ports: ports(e.ports),
      ...(e.http !== undefined ? { http: e.http.code } : {}),
      rules: [...e.rules].sort(),
    })),
    ...[...single.values()].map((e): ImportedEdge => ({
      kind: e.half.direction === 'ingress' ? 'from-peer' : 'to-peer',
      tier: e.half.tier,
      peer: e.half.peer,
      ports: ports(e.ports),
      ...(e.half.http !== undefined ? { http: e.half.http.code } : {}),
      rules: [...e.rules].sort(),
    })),
  ];
  const kindOrder = { tiers: 0, 'from-peer': 1, 'to-peer': 2 };
  return edges.sort(
    (a, b) =>
      compare(a.tier, b.tier) ||
      kindOrder[a.kind] - kindOrder[b.kind] ||
      compare(a.other ?? a.peer?.key ?? '', b.other ?? b.peer?.key ?? '') ||
      compare(a.http ?? '', b.http ?? ''),
  );
}
