import { HTTP_METHODS } from '../../validation/http-methods';
import { suggestDnsLabel } from '../../validation/names';
import { arrayOf, isRecord } from '../../verify/json';
import { objectRef } from '../../verify/policy-set';
import { quote } from './literal';
import { compare, HalfEdge, ImportedMtls, ImportedPeer, ImportedPort, ImportedZone, Source } from './model';
import {
  cidrPeer,
  matchLabelsOf,
  NotExpressible,
  pad,
  podsIn,
  PolicyShape,
  portKey,
  RecognizedPolicies,
  selectorKey,
} from './recognize';

/** The trust domain of the principals the library writes (`Topology` `trustDomain` default). */
const TRUST_DOMAIN = 'cluster.local';

/** Istio's API group of AuthorizationPolicy and PeerAuthentication. */
export const ISTIO_SECURITY_GROUP = 'security.istio.io';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
const MODES = ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET'];

/**
 * An AuthorizationPolicy (sidecar mode) as the zone builder reads it, in the shapes synth writes
 * (src/targets/istio): `spec: {}` or `spec: { selector }` (an ALLOW policy without rules allows
 * nothing: a zone's default deny, for ingress only, since Istio authorizes requests into the
 * workloads it selects), and per tier `action: ALLOW` with a `selector` by labels and rules whose
 * sources are principals `cluster.local/ns/<ns>/sa/<sa>` (`Peer.pods({ namespace, serviceAccount })`),
 * namespaces (`Peer.namespace`) or one IP block with its exceptions (`Peer.cidr`), and whose
 * operations name TCP ports, with at most one method and one path each (exact, or a prefix `/x*`)
 * for the HTTP rules. Anything else (DENY / CUSTOM / AUDIT, `when`, `notPrincipals`, hosts,
 * `targetRefs`, a rule for every source ...) is not expressible.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export function authorizationShape(p: Source): PolicyShape {
  const spec = isRecord(p.object.spec) ? p.object.spec : {};
  const ref = objectRef(p.object);
  for (const k of Object.keys(spec))
    if (!['selector', 'action', 'rules'].includes(k)) throw new NotExpressible(`${ref} has spec.${k}`);
  if (spec.action !== undefined && spec.action !== 'ALLOW')
    throw new NotExpressible(`${ref} has the action ${String(spec.action)}: constructs only allow`);
  const selector = matchLabelsOf(spec.selector, `${ref} selector`);
  if (spec.rules === undefined)
    return { source: p, selector, isolates: { ingress: true, egress: false }, denyOnly: {}, rules: [] };
  const list = arrayOf(spec.rules);
  if (list.length === 0) throw new NotExpressible(`${ref} has an empty rule list`);
  const rules: Array<Omit<HalfEdge, 'tier'>> = [];
  list.forEach((rule, i) => rules.push(...ruleOf(rule, `${ref} rules[${i}]`)));
  return { source: p, selector, isolates: { ingress: true, egress: false }, rules };
}

function ruleOf(rule: unknown, where: string): Array<Omit<HalfEdge, 'tier'>> {
  if (!isRecord(rule)) throw new NotExpressible(`${where} is not a rule`);
  for (const k of Object.keys(rule))
    if (k !== 'from' && k !== 'to') throw new NotExpressible(`${where} has the field '${k}'`);
  const from = arrayOf(rule.from);
  if (from.length === 0)
    throw new NotExpressible(`${where} allows every source: write the sources (principals, namespaces or IP blocks)`);
  const peers = from.flatMap((f, i) => sourcePeers(f, `${where} from[${i}]`));
  const { ports, http } = operationsOf(rule.to, where);
  return peers.map((peer) => ({
    direction: 'ingress' as const,
    peer,
    ports,
    rule: where,
    ...(http !== undefined ? { http } : {}),
  }));
}

function sourcePeers(v: unknown, where: string): ImportedPeer[] {
  const source = isRecord(v) && Object.keys(v).join(',') === 'source' && isRecord(v.source) ? v.source : undefined;
  if (source === undefined) throw new NotExpressible(`${where} is not one source`);
  const fields = Object.keys(source).sort(compare).join(',');
  if (fields === 'principals')
    return nonEmpty(arrayOf(source.principals), where).map((x) => {
      const m = typeof x === 'string' ? /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(x) : null;
      if (
        m === null ||
        m[1] !== TRUST_DOMAIN ||
        suggestDnsLabel(m[2]) !== m[2] ||
        !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(m[3])
      )
        throw new NotExpressible(
          `${where} names the principal ${JSON.stringify(x)}: constructs write ${TRUST_DOMAIN}/ns/<namespace>/sa/<service account>`,
        );
      return {
        key: `pods:${m[2]}:{}:sa=${m[3]}`,
        code: `Peer.pods({ namespace: ${quote(m[2])}, serviceAccount: ${quote(m[3])} })`,
      };
    });
  if (fields === 'namespaces')
    return nonEmpty(arrayOf(source.namespaces), where).map((x) => {
      if (typeof x !== 'string' || suggestDnsLabel(x) !== x)
        throw new NotExpressible(`${where} names the namespace ${JSON.stringify(x)}`);
      return podsIn(x, {});
    });
  if (fields === 'ipBlocks' || fields === 'ipBlocks,notIpBlocks') {
    const blocks = arrayOf(source.ipBlocks);
    if (blocks.length !== 1) throw new NotExpressible(`${where} has ${blocks.length} ipBlocks: write one per source`);
    const except = arrayOf(source.notIpBlocks);
    return [cidrPeer({ cidr: blocks[0], ...(except.length > 0 ? { except } : {}) }, where)];
  }
  throw new NotExpressible(
    `${where} has the source fields ${fields || 'none'}: constructs write one of principals, namespaces, ipBlocks`,
  );
}

function nonEmpty(list: readonly unknown[], where: string): readonly unknown[] {
  if (list.length === 0) throw new NotExpressible(`${where} has an empty list`);
  return list;
}

/** The ports of a rule's operations (every TCP port without any), and its HTTP rules, if any. */
function operationsOf(v: unknown, where: string): { ports: ImportedPort[]; http?: ImportedPeer } {
  if (v === undefined) return { ports: [{ key: portKey('TCP', '*'), code: 'Port.allTcp()' }] };
  const operations = arrayOf(v).map((t, i) => {
    const op =
      isRecord(t) && Object.keys(t).join(',') === 'operation' && isRecord(t.operation) ? t.operation : undefined;
    if (op === undefined || Object.keys(op).length === 0)
      throw new NotExpressible(`${where} to[${i}] is not one operation`);
    for (const k of Object.keys(op))
      if (!['ports', 'methods', 'paths'].includes(k))
        throw new NotExpressible(`${where} to[${i}] has the field '${k}'`);
    return op;
  });
  if (operations.length === 0) throw new NotExpressible(`${where} has an empty to`);
  const portSets = operations.map((op, i) => portsOf(op.ports, `${where} to[${i}]`));
  const keys = new Set(portSets.map((ps) => ps.map((x) => x.key).join(' ')));
  if (keys.size !== 1) throw new NotExpressible(`${where} names different ports in its operations`);
  const ports = portSets[0];
  const l7 = operations.filter((op) => op.methods !== undefined || op.paths !== undefined);
  if (l7.length === 0 && operations.length === 1) return { ports };
  if (l7.length !== operations.length)
    throw new NotExpressible(`${where} mixes operations on ports only with HTTP operations`);
  const codes = [...new Set(operations.map((op, i) => httpOf(op, `${where} to[${i}]`)))].sort(compare);
  return { ports, http: { key: codes.join(' '), code: `[${codes.join(', ')}]` } };
}

function portsOf(v: unknown, where: string): ImportedPort[] {
  if (v === undefined) return [{ key: portKey('TCP', '*'), code: 'Port.allTcp()' }];
  const list = arrayOf(v);
  if (list.length === 0) throw new NotExpressible(`${where} has an empty ports list`);
  const out = new Map<string, ImportedPort>();
  for (const p of list) {
    if (typeof p !== 'string' || !/^[1-9]\d{0,4}$/.test(p) || Number(p) > 65535)
      throw new NotExpressible(`${where} has the port ${JSON.stringify(p)}`);
    out.set(p, { key: portKey('TCP', pad(Number(p))), code: `Port.tcp(${p})` });
  }
  return [...out.values()].sort((a, b) => compare(a.key, b.key));
}

/** One operation's method and path as `HttpMatch`: an exact path, or a prefix written `/x*` (as synth writes it). */
function httpOf(op: Record<string, unknown>, where: string): string {
  const one = (field: string): string | undefined => {
    if (op[field] === undefined) return undefined;
    const list = arrayOf(op[field]);
    if (list.length !== 1 || typeof list[0] !== 'string')
      throw new NotExpressible(`${where} has ${list.length} ${field}: constructs write one per HTTP rule`);
    return list[0];
  };
  const method = one('methods');
  const path = one('paths');
  if (method !== undefined && !HTTP_METHODS.includes(method))
    throw new NotExpressible(
      `${where} has the method ${JSON.stringify(method)}: HttpMatch takes ${HTTP_METHODS.join(', ')}`,
    );
  if (path !== undefined && (!path.startsWith('/') || path.slice(0, -1).includes('*')))
    throw new NotExpressible(
      `${where} has the path ${JSON.stringify(path)}: constructs write exact paths and prefixes /x*`,
    );
  const pathArg = path !== undefined ? quote(path) : '';
  if (method === undefined) return `HttpMatch.anyMethod(${pathArg})`;
  if (METHODS.includes(method)) return `HttpMatch.${method.toLowerCase()}(${pathArg})`;
  return `HttpMatch.method(${quote(method)}${path !== undefined ? `, ${pathArg}` : ''})`;
}

/**
 * The PeerAuthentications of the program's zones and tiers as `MeshMtls`: one without a selector
 * (or selecting exactly a zone's pod labels) is the zone's, one selecting exactly a tier's labels
 * is the tier's, with its `portLevelMtls` as `portModes`. Returns what it read and, for every
 * other one, why it is carried.
 *
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export function readPeerAuthentications(
  sources: readonly Source[],
  zones: readonly ImportedZone[],
  rawNamespaces: ReadonlyMap<string, string>,
): { mtls: ImportedMtls[]; carried: Array<Source & { reason: string }> } {
  const found: ImportedMtls[] = [];
  const carried: Array<Source & { reason: string }> = [];
  for (const s of [...sources].sort((a, b) => compare(objectRef(a.object), objectRef(b.object)))) {
    const namespace = s.object.metadata.namespace ?? 'default';
    const raw = rawNamespaces.get(namespace);
    if (raw !== undefined) {
      carried.push({ ...s, reason: raw });
      continue;
    }
    try {
      found.push(
        mtlsOf(
          s,
          zones.filter((z) => z.namespace === namespace),
        ),
      );
    } catch (e) {
      if (!(e instanceof NotExpressible)) throw e;
      carried.push({ ...s, reason: e.message });
    }
  }
  // Two settings of one zone or tier: Istio keeps the oldest, which the files do not say.
  const count = new Map<string, number>();
  for (const m of found) count.set(m.scope, (count.get(m.scope) ?? 0) + 1);
  const mtls: ImportedMtls[] = [];
  for (const m of found)
    if ((count.get(m.scope) ?? 0) > 1)
      carried.push({ ...m.source, reason: `another PeerAuthentication sets the mode of the same pods` });
    else mtls.push(m);
  return { mtls, carried };
}

function mtlsOf(s: Source, zones: readonly ImportedZone[]): ImportedMtls {
  const ref = objectRef(s.object);
  const spec = isRecord(s.object.spec) ? s.object.spec : {};
  for (const k of Object.keys(spec))
    if (!['selector', 'mtls', 'portLevelMtls'].includes(k)) throw new NotExpressible(`${ref} has spec.${k}`);
  const mode = modeOf(spec.mtls, `${ref} mtls`);
  const selector = matchLabelsOf(spec.selector, `${ref} selector`);
  const key = selectorKey(selector);
  if (zones.length === 0) throw new NotExpressible(`${ref} is in a namespace without a zone of the program`);
  const zone = zones.find((z) => selectorKey(z.podSelector) === key);
  const tier = zones
    .flatMap((z) => z.tiers.map((t) => ({ z, t })))
    .find(({ z, t }) => selectorKey({ ...z.podSelector, ...t.selector }) === key);
  const portModes: Array<{ port: number; mode: string }> = [];
  if (spec.portLevelMtls !== undefined) {
    if (!isRecord(spec.portLevelMtls)) throw new NotExpressible(`${ref} portLevelMtls is not a map`);
    for (const [port, v] of Object.entries(spec.portLevelMtls)) {
      if (!/^[1-9]\d{0,4}$/.test(port) || Number(port) > 65535)
        throw new NotExpressible(`${ref} portLevelMtls names the port ${port}`);
      portModes.push({ port: Number(port), mode: modeOf(v, `${ref} portLevelMtls ${port}`) });
    }
  }
  if (zone === undefined && tier === undefined)
    throw new NotExpressible(`it selects ${key}, which is neither a zone nor a tier of the program`);
  if (tier === undefined && portModes.length > 0)
    throw new NotExpressible(`${ref} has port modes for a zone: MeshMtls takes them on a tier`);
  portModes.sort((a, b) => a.port - b.port);
  const modes = portModes.map((p) => `{ port: ${p.port}, mode: MtlsMode.${p.mode} }`);
  return {
    scope: tier !== undefined ? tier.t.key : (zone as ImportedZone).name,
    onTier: tier !== undefined,
    code: `{ mode: MtlsMode.${mode}${modes.length > 0 ? `, portModes: [${modes.join(', ')}]` : ''} }`,
    ports: portModes.map((p) => p.port),
    source: s,
  };
}

function modeOf(v: unknown, where: string): string {
  const mode = isRecord(v) && Object.keys(v).join(',') === 'mode' ? v.mode : undefined;
  if (typeof mode !== 'string' || !MODES.includes(mode))
    throw new NotExpressible(`${where} is not one mode of ${MODES.join(', ')}`);
  return mode;
}

/** The CNI rule synth adds for every sidecar of a zone that denies egress: istiod's xDS / CA port (src/plan/cni.ts). */
const ISTIOD_PEER = 'pods:istio-system:{app=istiod}';
const ISTIOD_PORT = portKey('TCP', pad(15012));
/** The source of kubelet probes on ambient pods, which synth admits in ambient mode (src/targets/istio/descriptor.ts). */
const AMBIENT_PROBES = 'cidr:169.254.7.127/32';

/**
 * The CNI policies and the AuthorizationPolicies of a profile that pairs a CNI with Istio (sidecar
 * mode), read as one program: the namespace's zones and tiers must be the same on both sides (the
 * mesh's default deny where the CNI's denies ingress), every tier of a zone that denies egress
 * admits istiod (TCP 15012) on the CNI side, as synth writes it, and every CNI ingress rule has its
 * mesh rule on its TCP ports, and no other: the peer's service account (a tier's, which the
 * tier then declares), namespace or IP block, with the mesh rule's HTTP operations. A namespace
 * where they disagree is carried whole, with the reason.
 */
export function combineMesh(
  cni: RecognizedPolicies,
  mesh: RecognizedPolicies,
): RecognizedPolicies & { serviceAccounts: ReadonlyMap<string, string> } {
  const raw = new Map<string, string>(cni.rawNamespaces);
  for (const [ns, why] of mesh.rawNamespaces) if (!raw.has(ns)) raw.set(ns, why);
  const namespaces = new Set([...cni.zones, ...mesh.zones].map((z) => z.namespace));
  const serviceAccounts = new Map<string, string>();
  const halfEdges: HalfEdge[] = [];
  for (const ns of [...namespaces].sort(compare)) {
    if (raw.has(ns)) continue;
    try {
      const found = combineNamespace(ns, cni, mesh);
      halfEdges.push(...found.halfEdges);
      for (const [tier, sa] of found.serviceAccounts) {
        const known = serviceAccounts.get(tier);
        if (known !== undefined && known !== sa)
          throw new NotExpressible(`the mesh names the pods of ${tier} by two service accounts, ${known} and ${sa}`);
        serviceAccounts.set(tier, sa);
      }
    } catch (e) {
      if (!(e instanceof NotExpressible)) throw e;
      raw.set(ns, e.message);
    }
  }
  // An egress rule with HTTP rules toward a tier pairs only with that tier's ingress rule of the
  // same port and HTTP rules: one-sided, it would be an L7 rule toward meshed pods, which synth
  // refuses on a CNI paired with the mesh (ZT118). Its namespace is carried instead.
  const ingressKeys = new Set(
    halfEdges
      .filter((h) => h.direction === 'ingress' && h.peerTier !== undefined)
      .flatMap((h) => h.ports.map((p) => `${h.peerTier}|${h.tier}|${p.key}|${h.http?.key ?? ''}`)),
  );
  for (const h of halfEdges) {
    if (h.direction !== 'egress' || h.http === undefined) continue;
    const ns = h.tier.slice(0, h.tier.indexOf('/'));
    if (raw.has(ns)) continue;
    const podsNamespace = /^pods:([a-z0-9-]+):/.exec(h.peer.key)?.[1];
    const oneSided =
      h.peerTier !== undefined
        ? h.ports.some((p) => !ingressKeys.has(`${h.tier}|${h.peerTier}|${p.key}|${h.http!.key}`))
        : podsNamespace !== undefined && namespaces.has(podsNamespace);
    if (oneSided)
      raw.set(
        ns,
        `${h.rule} has HTTP rules toward ${h.peerTier ?? h.peer.code} without their ingress rule: a one-sided L7 rule toward meshed pods cannot be written`,
      );
  }
  // A tier whose namespace is carried cannot be an edge's end: edges into it or from it stay one-sided
  // only where the CNI side says so, which a program of the other namespaces cannot keep with the mesh.
  const namespaceOf = (tier: string) => tier.slice(0, tier.indexOf('/'));
  for (let changed = true; changed;) {
    changed = false;
    for (const h of halfEdges)
      for (const [end, other] of [
        [h.tier, h.peerTier],
        [h.peerTier, h.tier],
      ])
        if (end !== undefined && other !== undefined && raw.has(namespaceOf(other)) && !raw.has(namespaceOf(end))) {
          raw.set(
            namespaceOf(end),
            `${h.rule} joins ${h.tier} and ${h.peerTier}, and the namespace of ${other} is carried`,
          );
          changed = true;
        }
  }
  const zones = cni.zones.filter((z) => !raw.has(z.namespace));
  const meshZone = (z: ImportedZone) =>
    mesh.zones.find((m) => m.namespace === z.namespace && selectorKey(m.podSelector) === selectorKey(z.podSelector));
  const zonesLeft = zones
    .filter((z) => !raw.has(z.namespace))
    .map((z): ImportedZone => {
      const m = meshZone(z);
      return {
        ...z,
        sources: [...z.sources, ...(m?.sources ?? [])],
        tiers: z.tiers.map((t) => ({
          ...t,
          sources: [...t.sources, ...(m?.tiers.find((x) => x.key === t.key)?.sources ?? [])],
          ...(serviceAccounts.has(t.key) ? { serviceAccount: serviceAccounts.get(t.key) } : {}),
        })),
      };
    });
  return {
    zones: zonesLeft,
    halfEdges: halfEdges.filter(
      (h) => !raw.has(namespaceOf(h.tier)) && (h.peerTier === undefined || !raw.has(namespaceOf(h.peerTier))),
    ),
    rawNamespaces: raw,
    serviceAccounts,
  };
}

function combineNamespace(
  ns: string,
  cni: RecognizedPolicies,
  mesh: RecognizedPolicies,
): { halfEdges: HalfEdge[]; serviceAccounts: Map<string, string> } {
  const cniZones = cni.zones.filter((z) => z.namespace === ns);
  const meshZones = mesh.zones.filter((z) => z.namespace === ns);
  const disagree = (what: string) =>
    new NotExpressible(`the AuthorizationPolicies and the CNI policies of the namespace disagree: ${what}`);
  for (const z of cniZones) {
    const m = meshZones.find((x) => selectorKey(x.podSelector) === selectorKey(z.podSelector));
    if (z.denyIngress !== (m !== undefined))
      throw disagree(`the zone ${selectorKey(z.podSelector)} ${z.denyIngress ? 'has no' : 'has a'} mesh default deny`);
    const tiers = new Set(z.tiers.map((t) => t.key));
    for (const t of m?.tiers ?? []) if (!tiers.has(t.key)) throw disagree(`the mesh selects ${t.key}, no CNI tier`);
  }
  for (const m of meshZones)
    if (!cniZones.some((z) => selectorKey(z.podSelector) === selectorKey(m.podSelector)))
      throw disagree(`the mesh isolates ${selectorKey(m.podSelector)}, no CNI zone`);
  const zoneOf = new Map([...cni.zones].flatMap((z) => z.tiers.map((t) => [t.key, z] as const)));
  const inNs = (tier: string) => tier.startsWith(`${ns}/`);
  const cniHalves = cni.halfEdges.filter((h) => inNs(h.tier));
  const meshHalves = mesh.halfEdges.filter((h) => inNs(h.tier));
  // istiod, which synth admits for every tier of a zone that denies egress.
  const out: HalfEdge[] = [];
  const istiod = new Set<string>();
  for (const h of cniHalves) {
    if (h.direction === 'egress' && h.peer.key === ISTIOD_PEER && h.ports.map((p) => p.key).join(' ') === ISTIOD_PORT)
      istiod.add(h.tier);
    else out.push(h);
  }
  for (const z of cniZones)
    for (const t of z.tiers)
      if (z.denyEgress !== istiod.has(t.key))
        throw disagree(
          `${t.key} ${z.denyEgress ? 'does not admit' : 'admits'} istiod (TCP 15012), which synth writes for the sidecars of a zone that denies egress`,
        );
  const serviceAccounts = new Map<string, string>();
  const meshKey = (tier: string, peer: string, ports: readonly ImportedPort[]) =>
    `${tier}|${peer}|${ports.map((p) => p.key).join(' ')}`;
  const meshRules = new Map<string, HalfEdge[]>();
  for (const h of meshHalves) {
    const k = meshKey(h.tier, h.peer.key, h.ports);
    meshRules.set(k, [...(meshRules.get(k) ?? []), h]);
  }
  // The service account of each source tier: the one every mesh rule of its edges names.
  const tcpOf = (h: HalfEdge) => h.ports.filter((p) => p.key.startsWith(portKey('TCP', '')));
  const candidates = new Map<string, Set<string>>();
  for (const h of out) {
    if (h.direction !== 'ingress' || h.peerTier === undefined || tcpOf(h).length === 0) continue;
    const prefix = `pods:${h.peerTier.slice(0, h.peerTier.indexOf('/'))}:{}:sa=`;
    const ports = tcpOf(h)
      .map((p) => p.key)
      .join(' ');
    const here = new Set(
      meshHalves
        .filter(
          (m) => m.tier === h.tier && m.peer.key.startsWith(prefix) && m.ports.map((p) => p.key).join(' ') === ports,
        )
        .map((m) => m.peer.key.slice(prefix.length)),
    );
    const before = candidates.get(h.peerTier);
    candidates.set(h.peerTier, before === undefined ? here : new Set([...before].filter((x) => here.has(x))));
  }
  for (const [tier, sas] of candidates) if (sas.size === 1) serviceAccounts.set(tier, [...sas][0]);
  const matched = new Set<string>();
  const http = new Map<HalfEdge, ImportedPeer | undefined>();
  for (const h of out) {
    if (h.direction !== 'ingress') continue;
    if (h.http !== undefined) throw disagree(`${h.rule} has HTTP rules on the CNI side: synth writes them in the mesh`);
    if (h.peer.key === AMBIENT_PROBES)
      throw disagree(
        `${h.rule} admits the kubelet probes of ambient mode (${AMBIENT_PROBES.slice(5)}): read in sidecar mode`,
      );
    if (h.ports.some((p) => p.key === portKey('SCTP', '*')))
      throw disagree(`${h.rule} allows every SCTP port, which an edge toward a tier of the mesh cannot name`);
    const tcp = h.ports.filter((p) => p.key.startsWith(portKey('TCP', '')));
    if (tcp.length === 0) continue;
    let peer: string;
    if (h.peerTier !== undefined) {
      const sa = serviceAccounts.get(h.peerTier);
      if (sa === undefined)
        throw disagree(`${h.rule} names ${h.peerTier}, which the mesh does not name by one service account`);
      peer = `pods:${h.peerTier.slice(0, h.peerTier.indexOf('/'))}:{}:sa=${sa}`;
    } else if (/^pods:[a-z0-9-]+:\{.*\}:sa=/.test(h.peer.key))
      peer = h.peer.key.replace(/^(pods:[a-z0-9-]+:)\{.*\}(:sa=.*)$/, '$1{}$2');
    else if (/^pods:[a-z0-9-]+:\{\}$/.test(h.peer.key) || h.peer.key.startsWith('cidr:')) peer = h.peer.key;
    else throw disagree(`${h.rule} names ${h.peer.code}, which the mesh cannot identify`);
    const k = meshKey(h.tier, peer, tcp);
    const rules = meshRules.get(k);
    const l7 = [...new Set((rules ?? []).map((m) => m.http?.key ?? ''))];
    if (rules === undefined || l7.length !== 1)
      throw disagree(
        `${h.rule} has ${rules === undefined ? 'no' : 'several'} mesh rules for ${peer} on ${tcp.map((p) => p.code).join(', ')}`,
      );
    matched.add(k);
    http.set(h, rules[0].http);
  }
  for (const k of meshRules.keys())
    if (!matched.has(k)) throw disagree(`${meshRules.get(k)?.[0].rule} has no CNI rule for ${k.split('|')[1]}`);
  // Edges between tiers carry the mesh's HTTP rules on both halves; an ingress rule from a tier whose
  // zone allows egress is the whole edge (synth writes no egress half there).
  const result: HalfEdge[] = [];
  for (const h of out) {
    const l7 = http.get(h);
    if (h.direction === 'ingress') {
      result.push(l7 !== undefined ? { ...h, http: l7 } : h);
      if (h.peerTier !== undefined && zoneOf.get(h.peerTier)?.denyEgress === false)
        result.push({
          ...h,
          ...(l7 !== undefined ? { http: l7 } : {}),
          direction: 'egress',
          tier: h.peerTier,
          peerTier: h.tier,
        });
      continue;
    }
    const back =
      h.peerTier !== undefined
        ? [...http.entries()].filter(([i]) => i.tier === h.peerTier && i.peerTier === h.tier)
        : [];
    const l7s = [...new Set(back.map(([, v]) => v?.key ?? ''))];
    if (l7s.length > 1) throw disagree(`${h.rule} pairs with ingress rules of different HTTP rules`);
    const found = back.find(([, v]) => v !== undefined)?.[1];
    result.push(found !== undefined ? { ...h, http: found } : h);
  }
  for (const h of result)
    if (h.direction === 'ingress' && h.peerTier !== undefined)
      for (const p of h.ports)
        if (
          !result.some(
            (e) =>
              e.direction === 'egress' &&
              e.tier === h.peerTier &&
              e.peerTier === h.tier &&
              e.ports.some((x) => x.key === p.key) &&
              (e.http?.key ?? '') === (h.http?.key ?? ''),
          )
        )
          throw disagree(
            `${h.rule} comes from ${h.peerTier}, whose zone denies egress without a rule to ${h.tier} on ${p.code}`,
          );
  return { halfEdges: result, serviceAccounts };
}
