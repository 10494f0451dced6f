import { suggestDnsLabel } from '../../validation/names';
import { arrayOf, isRecord } from '../../verify/json';
import { objectRef } from '../../verify/policy-set';
import { quote } from './literal';
import { compare, HalfEdge, ImportedMtls, ImportedPeer, ImportedPort, ImportedZone, Source } from './model';
import {
  cidrPeer,
  HTTP_METHODS,
  matchLabelsOf,
  NotExpressible,
  pad,
  podsIn,
  PolicyShape,
  portKey,
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
