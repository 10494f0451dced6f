import { HTTP_METHODS } from '../../validation/http-methods';
import { arrayOf, isRecord } from '../../verify/json';
import { objectRef } from '../../verify/policy-set';
import { quote } from './literal';
import { compare, HalfEdge, ImportedPeer, ImportedPort, Source } from './model';
import {
  cidrPeer,
  matchLabelsOf,
  NotExpressible,
  pad,
  podsIn,
  PolicyShape,
  portKey,
  selectorKey,
  labelsCode,
} from './recognize';

/** The label Cilium gives every endpoint with its namespace. */
const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';
const SERVICE_ACCOUNT_LABEL = 'k8s:io.cilium.k8s.policy.serviceaccount';

/** Cilium entities with a `Peer` factory of their own. */
const ENTITIES: ReadonlyMap<string, string> = new Map([
  ['kube-apiserver', 'Peer.kubeApiserver()'],
  ['world', 'Peer.world()'],
  ['cluster', 'Peer.cluster()'],
  ['host', 'Peer.host()'],
]);

/**
 * A CiliumNetworkPolicy as the zone builder reads it: `endpointSelector` by labels; `ingress: [{}]`
 * and `egress: [{}]` (or the kube-dns rule with its DNS-proxy rule) are a zone's default deny, as
 * synth writes them; every other rule names one kind of peer (`fromEndpoints` / `toEndpoints`,
 * CIDR sets, entities, `toFQDNs`) on one `toPorts` entry, with optional HTTP rules. Anything else
 * (deny rules, `enableDefaultDeny`, Kafka, headers, node selectors ...) is not expressible.
 */
export function ciliumShape(p: Source, namespace: string): PolicyShape {
  const spec = isRecord(p.object.spec) ? p.object.spec : {};
  const ref = objectRef(p.object);
  for (const k of Object.keys(spec))
    if (!['endpointSelector', 'ingress', 'egress'].includes(k)) throw new NotExpressible(`${ref} has spec.${k}`);
  if (!isRecord(spec.endpointSelector)) throw new NotExpressible(`${ref} has no endpointSelector`);
  const selector = matchLabelsOf(spec.endpointSelector, `${ref} endpointSelector`);
  if (Object.keys(selector).some((k) => k.startsWith('k8s:') || k.startsWith('io.')))
    throw new NotExpressible(`${ref} selects endpoints by a Cilium label: constructs select pods by their labels`);
  const ingress = spec.ingress === undefined ? undefined : arrayOf(spec.ingress);
  const egress = spec.egress === undefined ? undefined : arrayOf(spec.egress);
  if ((ingress !== undefined && ingress.length === 0) || (egress !== undefined && egress.length === 0))
    throw new NotExpressible(`${ref} has an empty rule list`);
  const empty = (list: readonly unknown[] | undefined) =>
    list === undefined || (list.length === 1 && isRecord(list[0]) && Object.keys(list[0]).length === 0);
  const dns = egress !== undefined && egress.length === 1 ? ciliumDnsOf(egress[0]) : undefined;
  const denyOnly = empty(ingress) && (empty(egress) || dns !== undefined) && (ingress ?? egress) !== undefined;
  const rules: Array<Omit<HalfEdge, 'tier'>> = [];
  if (!denyOnly) {
    for (const [direction, list] of [
      ['ingress', ingress],
      ['egress', egress],
    ] as const)
      (list ?? []).forEach((rule, i) => rules.push(...ruleOf(rule, direction, namespace, `${ref} ${direction}[${i}]`)));
  }
  return {
    source: p,
    selector,
    isolates: { ingress: ingress !== undefined, egress: egress !== undefined },
    ...(denyOnly ? { denyOnly: dns !== undefined ? { dns } : {} } : {}),
    rules,
  };
}

/** `Dns.kubeDns()` for the kube-dns rule synth writes (UDP and TCP 53, every name through the DNS proxy). */
function ciliumDnsOf(rule: unknown): string | undefined {
  if (!isRecord(rule) || Object.keys(rule).sort(compare).join(',') !== 'toEndpoints,toPorts') return undefined;
  const to = arrayOf(rule.toEndpoints);
  if (to.length !== 1 || !isRecord(to[0]) || Object.keys(to[0]).join(',') !== 'matchLabels') return undefined;
  const labels = isRecord(to[0].matchLabels) ? to[0].matchLabels : {};
  if (
    Object.keys(labels).length !== 2 ||
    labels[NAMESPACE_LABEL] !== 'kube-system' ||
    labels['k8s:k8s-app'] !== 'kube-dns'
  )
    return undefined;
  const toPorts = arrayOf(rule.toPorts);
  if (toPorts.length !== 1 || !isRecord(toPorts[0])) return undefined;
  const ports = arrayOf(toPorts[0].ports).map((x) =>
    isRecord(x) ? `${String(x.protocol)}/${String(x.port)}/${Object.keys(x).length}` : '',
  );
  if (ports.length !== 2 || !ports.includes('UDP/53/2') || !ports.includes('TCP/53/2')) return undefined;
  const r = toPorts[0].rules;
  const dnsRules = isRecord(r) && Object.keys(r).join(',') === 'dns' ? arrayOf(r.dns) : [];
  const all =
    dnsRules.length === 1 &&
    isRecord(dnsRules[0]) &&
    Object.keys(dnsRules[0]).join(',') === 'matchPattern' &&
    dnsRules[0].matchPattern === '*';
  return all && Object.keys(toPorts[0]).sort(compare).join(',') === 'ports,rules' ? 'Dns.kubeDns()' : undefined;
}

function ruleOf(
  rule: unknown,
  direction: 'ingress' | 'egress',
  namespace: string,
  where: string,
): Array<Omit<HalfEdge, 'tier'>> {
  if (!isRecord(rule)) throw new NotExpressible(`${where} is not a rule`);
  const side = direction === 'ingress' ? 'from' : 'to';
  const peerFields = Object.keys(rule).filter((k) => k !== 'toPorts');
  if (peerFields.length !== 1) throw new NotExpressible(`${where} names ${peerFields.length} kinds of peers`);
  const field = peerFields[0];
  const toPorts = arrayOf(rule.toPorts);
  if (toPorts.length !== 1 || !isRecord(toPorts[0]))
    throw new NotExpressible(`${where} has ${toPorts.length} toPorts entries: write one, with the ports`);
  const { ports, http } = portsOf(toPorts[0], where);
  let peers: ImportedPeer[];
  if (field === `${side}Endpoints`)
    peers = arrayOf(rule[field]).map((e, i) => endpointPeer(e, namespace, `${where} ${field}[${i}]`));
  else if (field === `${side}CIDRSet`)
    peers = arrayOf(rule[field]).map((c, i) => cidrPeer(c, `${where} ${field}[${i}]`));
  else if (field === `${side}Entities`)
    peers = arrayOf(rule[field]).map((e) => {
      const code = typeof e === 'string' ? ENTITIES.get(e) : undefined;
      if (code === undefined) throw new NotExpressible(`${where} names the entity ${String(e)}`);
      return { key: `entity:${String(e)}`, code };
    });
  else if (field === 'toFQDNs') peers = [fqdnPeer(rule.toFQDNs, where)];
  else throw new NotExpressible(`${where} has the field '${field}'`);
  if (peers.length === 0) throw new NotExpressible(`${where} has an empty ${field}`);
  if (http !== undefined && field !== `${side}Endpoints`)
    throw new NotExpressible(`${where} has HTTP rules toward addresses, names or entities`);
  return peers.map((peer) => ({ direction, peer, ports, rule: where, ...(http !== undefined ? { http } : {}) }));
}

function endpointPeer(v: unknown, namespace: string, where: string): ImportedPeer {
  if (!isRecord(v)) throw new NotExpressible(`${where} is not a selector`);
  const expressions = arrayOf(v.matchExpressions);
  const anyNamespace =
    expressions.length === 1 &&
    isRecord(expressions[0]) &&
    expressions[0].key === NAMESPACE_LABEL &&
    expressions[0].operator === 'Exists' &&
    Object.keys(expressions[0]).length === 2;
  for (const k of Object.keys(v))
    if (k !== 'matchLabels' && !(k === 'matchExpressions' && (anyNamespace || expressions.length === 0)))
      throw new NotExpressible(`${where} uses ${k}`);
  const raw = isRecord(v.matchLabels) ? { ...v.matchLabels } : {};
  const ns = raw[NAMESPACE_LABEL];
  delete raw[NAMESPACE_LABEL];
  if (ns !== undefined && (typeof ns !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) || ns.length > 63))
    throw new NotExpressible(`${where} names the namespace ${JSON.stringify(ns)}`);
  const serviceAccount = raw[SERVICE_ACCOUNT_LABEL];
  delete raw[SERVICE_ACCOUNT_LABEL];
  if (
    serviceAccount !== undefined &&
    (typeof serviceAccount !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(serviceAccount))
  )
    throw new NotExpressible(`${where} names the service account ${JSON.stringify(serviceAccount)}`);
  for (const k of Object.keys(raw))
    if (k.startsWith('k8s:') || k.startsWith('io.') || k.includes('cilium'))
      throw new NotExpressible(`${where} selects by the Cilium label ${k}`);
  const pods = matchLabelsOf({ matchLabels: raw }, where);
  if (serviceAccount !== undefined) {
    if (anyNamespace) throw new NotExpressible(`${where} names a service account in every namespace`);
    return podsWithServiceAccount(typeof ns === 'string' ? ns : namespace, pods, serviceAccount as string);
  }
  if (anyNamespace) {
    if (ns !== undefined) throw new NotExpressible(`${where} names a namespace and every namespace`);
    return {
      key: `pods:*:${selectorKey(pods)}`,
      code: `Peer.allNamespaces(${Object.keys(pods).length > 0 ? labelsCode(pods) : ''})`,
    };
  }
  return podsIn(typeof ns === 'string' ? ns : namespace, pods);
}

/**
 * `Peer.pods({ namespace, labels, serviceAccount })`: the library's own form of a peer by labels and
 * service account on Cilium (the service account label beside the pod labels). Its key never
 * names a tier, so the edge stays one-sided.
 */
function podsWithServiceAccount(namespace: string, pods: Record<string, string>, serviceAccount: string): ImportedPeer {
  const labels = Object.keys(pods).length > 0 ? `, labels: ${labelsCode(pods)}` : '';
  return {
    key: `pods:${namespace}:${selectorKey(pods)}:sa=${serviceAccount}`,
    code: `Peer.pods({ namespace: ${quote(namespace)}${labels}, serviceAccount: ${quote(serviceAccount)} })`,
  };
}

/** `Peer.fqdn(...)` of exact names and `*.` patterns over a fixed registrable domain. */
function fqdnPeer(v: unknown, where: string): ImportedPeer {
  const names = arrayOf(v).map((n) => {
    const name = isRecord(n) && Object.keys(n).length === 1 ? (n.matchName ?? n.matchPattern) : undefined;
    const ok =
      typeof name === 'string' &&
      /^(\*\.)?([a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name) &&
      (isRecord(n) && n.matchPattern !== undefined
        ? name.startsWith('*.') && name.split('.').length >= 4
        : !name.includes('*'));
    if (!ok) throw new NotExpressible(`${where} names ${JSON.stringify(n)}: constructs take names and *. patterns`);
    return name as string;
  });
  if (names.length === 0) throw new NotExpressible(`${where} has an empty toFQDNs`);
  const sorted = [...new Set(names)].sort(compare);
  return { key: `fqdn:${sorted.join(',')}`, code: `Peer.fqdn(${sorted.map(quote).join(', ')})` };
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

function portsOf(entry: Record<string, unknown>, where: string): { ports: ImportedPort[]; http?: ImportedPeer } {
  for (const k of Object.keys(entry))
    if (k !== 'ports' && k !== 'rules') throw new NotExpressible(`${where} toPorts has the field '${k}'`);
  const list = arrayOf(entry.ports);
  if (list.length === 0) throw new NotExpressible(`${where} toPorts names no port`);
  const out = new Map<string, ImportedPort>();
  list.forEach((p, i) => {
    const at = `${where} ports[${i}]`;
    if (!isRecord(p) || Object.keys(p).some((k) => !['port', 'protocol', 'endPort'].includes(k)))
      throw new NotExpressible(`${at} is not a port`);
    const protocol = p.protocol;
    if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol))
      throw new NotExpressible(`${at} has the protocol ${String(protocol)}`);
    const lower = protocol.toLowerCase();
    const text = typeof p.port === 'string' ? p.port : undefined;
    let port: ImportedPort;
    if (text === '0' && p.endPort === undefined && protocol !== 'SCTP')
      port = { key: portKey(protocol, '*'), code: `Port.all${protocol === 'TCP' ? 'Tcp' : 'Udp'}()` };
    else if (text !== undefined && /^[1-9]\d{0,4}$/.test(text) && Number(text) <= 65535) {
      const n = Number(text);
      const end = p.endPort;
      if (end === undefined || end === n) port = { key: portKey(protocol, pad(n)), code: `Port.${lower}(${n})` };
      else if (typeof end === 'number' && Number.isInteger(end) && end > n && end <= 65535 && protocol !== 'SCTP')
        port = { key: portKey(protocol, `${pad(n)}-${pad(end)}`), code: `Port.${lower}Range(${n}, ${end})` };
      else throw new NotExpressible(`${at} has the endPort ${String(end)}`);
    } else if (
      text !== undefined &&
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text) &&
      /[a-z]/.test(text) &&
      text.length <= 15 &&
      p.endPort === undefined
    )
      port = {
        key: portKey(protocol, `name/${text}`),
        code: `Port.named(${quote(text)}${protocol === 'TCP' ? '' : `, Protocol.${protocol}`})`,
      };
    else throw new NotExpressible(`${at} has the port ${JSON.stringify(p.port)}`);
    out.set(port.key, port);
  });
  const ports = [...out.values()].sort((a, b) => compare(a.key, b.key));
  if (entry.rules === undefined) return { ports };
  const rules = isRecord(entry.rules) ? entry.rules : {};
  if (Object.keys(rules).join(',') !== 'http') throw new NotExpressible(`${where} has L7 rules other than HTTP`);
  const http = arrayOf(rules.http).map((r, i) => httpOf(r, `${where} http[${i}]`));
  if (http.length === 0) throw new NotExpressible(`${where} has an empty HTTP rule list`);
  if (ports.some((p) => p.key === portKey('TCP', pad(443))) || ports.some((p) => !p.key.startsWith(portKey('TCP', ''))))
    throw new NotExpressible(`${where} has HTTP rules on port 443 or on a protocol other than TCP`);
  const codes = [...new Set(http)].sort(compare);
  return { ports, http: { key: codes.join(' '), code: `[${codes.join(', ')}]` } };
}

/** An HTTP rule as `HttpMatch`: exact and prefix paths as synth writes them, any other path as a regex. */
function httpOf(v: unknown, where: string): string {
  if (!isRecord(v) || Object.keys(v).some((k) => k !== 'method' && k !== 'path') || Object.keys(v).length === 0)
    throw new NotExpressible(`${where} has fields other than method and path`);
  const method = v.method;
  if (method !== undefined && (typeof method !== 'string' || !HTTP_METHODS.includes(method)))
    throw new NotExpressible(
      `${where} has the method ${JSON.stringify(method)}: HttpMatch takes ${HTTP_METHODS.join(', ')}`,
    );
  const path = v.path;
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/')))
    throw new NotExpressible(`${where} has the path ${JSON.stringify(path)}`);
  const literal = (text: string) =>
    /^(?:[^\\.*+?()[\]{}|^$]|\\[\\.*+?()[\]{}|^$])*$/.test(text) ? text.replace(/\\(.)/g, '$1') : undefined;
  let pathArg: string | undefined;
  let regex: string | undefined;
  if (path !== undefined) {
    const exact = path.endsWith('(\\?.*)?') ? literal(path.slice(0, -7)) : undefined;
    const prefix = path.endsWith('.*') && !path.endsWith('\\.*') ? literal(path.slice(0, -2)) : undefined;
    if (exact !== undefined && !exact.includes('*')) pathArg = quote(exact);
    else if (prefix !== undefined && !prefix.includes('*')) pathArg = quote(`${prefix}*`);
    else regex = path;
  }
  if (regex !== undefined)
    return `HttpMatch.of(${method !== undefined ? quote(method) : 'undefined'}, PathMatch.regex(${quote(regex)}))`;
  if (method === undefined) return `HttpMatch.anyMethod(${pathArg ?? ''})`;
  if (METHODS.includes(method)) return `HttpMatch.${method.toLowerCase()}(${pathArg ?? ''})`;
  return `HttpMatch.method(${quote(method)}${pathArg !== undefined ? `, ${pathArg}` : ''})`;
}
