import { IrFqdn, IrPeer, IrPort, IrRule, IrTopology } from '../../src/ir/types';
import {
  ClusterInfo,
  dataplaneOf,
  Flow,
  FlowEndpoint,
  FlowProtocol,
  HttpRequest,
  mergeClusters,
  PodInfo,
} from '../../src/verify';
import { serviceForPodPort } from '../../src/verify/istio/destination-port';
import { Block, parseBlock } from '../../src/testing/intent/address';
import { clusterFromIr } from '../../src/testing/intent/world';
import { peerCovers } from '../../src/testing/intent/peer-covers';
import { isGatewayPeer } from '../../src/ir/routes';
import { routeRules } from '../../src/testing/intent/routes';
import { REGEX_HEADERS, REGEX_PATHS, RequestSpec } from './spec';

/** A port a flow may use. */
interface ProbePort {
  readonly port: number;
  readonly protocol: FlowProtocol;
}

/** A port no model of the properties declares: every flow on it must be judged by the rules alone. */
const UNDECLARED: ProbePort = { port: 9999, protocol: 'TCP' };

/** External addresses probed in every topology: public, private, documentation, IPv6. */
const FIXED_IPS: readonly string[] = ['93.184.216.34', '10.1.2.3', '198.51.100.7', '2001:db8:6::1'];

/** A DNS name no rule of the properties names. */
const FIXED_NAMES: readonly string[] = ['unrelated.example.org'];

/** The name of the decoy pods `withDecoys` adds. */
export const DECOY = 'decoy';

/**
 * Adds decoy pods the model does not name: one in every zone (the zone's labels, no tier's
 * labels: its default deny applies, no rule does) and one in every namespace of a pods peer (no
 * peer's labels). Their data plane follows their namespace's mesh labels. In every namespace of
 * a pods peer named by service account, two more run as the peer's pods do: one with the peer's
 * labels and another service account, one with its service account and other labels (a peer
 * is its labels AND its identity).
 */
export function withDecoys(ir: IrTopology, cluster: ClusterInfo): ClusterInfo {
  const labelsOf = (ns: string) => cluster.namespaces.find((n) => n.name === ns)?.labels ?? {};
  const decoy = (namespace: string, labels: { [key: string]: string }, serviceAccount = 'default'): PodInfo => ({
    namespace,
    name: `${DECOY}-${Object.values(labels).join('-')}`,
    labels,
    serviceAccount,
    containerPorts: [],
    dataplane: dataplaneOf(labelsOf(namespace), labels, {}),
  });
  const peers = [...ir.rules, ...routeRules(ir)]
    .flatMap((r) => [r.from, r.to])
    .flatMap((p) => (p.kind === 'pods' && p.namespace !== undefined ? [p] : []));
  const peerDecoys: PodInfo[] = [];
  for (const ns of [...new Set(peers.map((p) => p.namespace as string))].sort()) {
    peerDecoys.push(decoy(ns, { role: DECOY }));
    // A gateway's or ingress controller's service account is the mesh's name for its pods, not a
    // restriction the model states (`isGatewayPeer`): no identity decoys for it.
    const named = peers.filter((p) => p.namespace === ns && p.serviceAccount !== undefined && !isGatewayPeer(ir, p));
    for (const [i, p] of named.entries()) {
      // The data plane (and mesh annotations) of the peer's own pods.
      const model = cluster.pods.find((x) => x.namespace === ns && x.serviceAccount === p.serviceAccount);
      const asPeer = {
        dataplane: model?.dataplane ?? 'none',
        ...(model?.annotations ? { annotations: model.annotations } : {}),
      };
      const labels = Object.keys(p.podLabels).length > 0 ? { ...p.podLabels } : { role: `${DECOY}-labels-${i}` };
      peerDecoys.push({ ...decoy(ns, labels), name: `${DECOY}-labels-${ns}-${i}`, ...asPeer });
      peerDecoys.push({
        ...decoy(ns, { role: `${DECOY}-identity-${i}` }, p.serviceAccount),
        name: `${DECOY}-identity-${ns}-${i}`,
        ...asPeer,
      });
    }
  }
  const pods = [...ir.zones.map((z) => decoy(z.namespace, { app: DECOY, ...z.podSelector })), ...peerDecoys];
  return mergeClusters(cluster, { namespaces: [], pods, services: [] });
}

/**
 * The pods the model itself describes (tiers, DNS servers, the pods of `pods` peers) and the
 * decoys, picked from the merged cluster: pods the planner derives (waypoints, istiod) are mesh
 * machinery, not intent, and are not probed.
 */
export function intentPods(ir: IrTopology, cluster: ClusterInfo): PodInfo[] {
  // Routes are intent: the pods of gateways and ingress controllers are probed like the peers of edges.
  const described = { ...ir, rules: [...ir.rules, ...routeRules(ir)] };
  const keys = new Set(clusterFromIr({ clusterIr: described, parts: [] }).pods.map((p) => `${p.namespace}/${p.name}`));
  return cluster.pods.filter((p) => keys.has(`${p.namespace}/${p.name}`) || p.name.startsWith(`${DECOY}-`));
}

/**
 * The flows to compare for one topology:
 * - every pod of the model to every pod of the model, on the destination's container ports, the
 *   ports of every rule whose destination covers it, and one undeclared port;
 * - every tier pod to the addresses and DNS names the rules name (inside, inside an exception,
 *   just outside; matching and non-matching names), on the rules' ports, 443 and the undeclared
 *   port; and every such address to every tier pod;
 * - when `l7`, for every rule with HTTP rules: requests derived from its HTTP rules (a match and
 *   near misses) and the spec's extra requests, from every pod to every destination it covers,
 *   on its ports;
 * - when `podAddressed`, each TCP flow into an ambient pod a Service fronts on that port again,
 *   addressed to the pod's own IP.
 */
export function sampleFlows(
  ir: IrTopology,
  cluster: ClusterInfo,
  requests: readonly RequestSpec[],
  l7: boolean,
  podAddressed = false,
): Flow[] {
  const flows = sampleServiceFlows(ir, cluster, requests, l7);
  if (!podAddressed) return flows;
  // The same TCP flows into ambient pods a Service fronts on the port, addressed to the pod itself.
  const byPod = flows.filter(
    (f) =>
      f.protocol === 'TCP' &&
      f.destination.kind === 'pod' &&
      f.destination.pod.dataplane === 'ambient' &&
      serviceForPodPort(f.destination.pod, f.port, f.protocol, cluster.services) !== undefined,
  );
  return [...flows, ...byPod.map((f): Flow => ({ ...f, addressing: 'pod' }))];
}

/** The flows of `sampleFlows`, each addressed as it would be by default (through a Service when one exposes the port). */
function sampleServiceFlows(
  ir: IrTopology,
  cluster: ClusterInfo,
  requests: readonly RequestSpec[],
  l7: boolean,
): Flow[] {
  const pods = intentPods(ir, cluster);
  const tiers = pods.filter((p) =>
    ir.workloads.some(
      (w) => w.namespace === p.namespace && Object.entries(w.selector).every(([k, v]) => p.labels[k] === v),
    ),
  );
  const flows: Flow[] = [];
  const at = (pod: PodInfo): FlowEndpoint => ({ kind: 'pod', pod });
  for (const dst of pods) {
    const ports = uniquePorts([
      ...dst.containerPorts.map((c) => ({ port: c.containerPort, protocol: c.protocol })),
      ...ir.rules.filter((r) => peerCovers(ir, r.to, at(dst), cluster)).flatMap((r) => probePorts(r.ports)),
      UNDECLARED,
    ]);
    for (const src of pods) for (const p of ports) flows.push({ source: at(src), destination: at(dst), ...p });
  }
  const nodeLocal = ir.zones
    .flatMap((z) => z.dns?.nodeLocalAddresses ?? [])
    .map((cidr): IrPeer => ({ kind: 'cidr', cidr: `${cidr}/32`, except: [] }));
  const external = externalEndpoints([...ir.rules.flatMap((r) => [r.from, r.to]), ...nodeLocal]);
  const outPorts = uniquePorts([
    ...ir.rules.filter((r) => r.to.kind !== 'workload' && r.to.kind !== 'pods').flatMap((r) => probePorts(r.ports)),
    ...ir.zones.flatMap((z) => (z.dns?.nodeLocalAddresses.length ? probePorts(z.dns.ports) : [])),
    { port: 443, protocol: 'TCP' },
    UNDECLARED,
  ]);
  for (const src of tiers)
    for (const e of external) for (const p of outPorts) flows.push({ source: at(src), destination: e, ...p });
  for (const e of external.filter((x) => x.kind === 'ip')) {
    for (const dst of tiers) {
      const ports = uniquePorts([
        ...dst.containerPorts.map((c) => ({ port: c.containerPort, protocol: c.protocol })),
        ...ir.rules
          .filter((r) => r.from.kind === 'cidr' || r.from.kind === 'entity')
          .flatMap((r) => probePorts(r.ports)),
        UNDECLARED,
      ]);
      for (const p of ports) flows.push({ source: e, destination: at(dst), ...p });
    }
  }
  if (l7) flows.push(...requestFlows(ir, cluster, pods, external, requests));
  return flows;
}

function requestFlows(
  ir: IrTopology,
  cluster: ClusterInfo,
  pods: readonly PodInfo[],
  external: readonly FlowEndpoint[],
  extra: readonly RequestSpec[],
): Flow[] {
  const flows: Flow[] = [];
  const endpoints: FlowEndpoint[] = [...pods.map((pod): FlowEndpoint => ({ kind: 'pod', pod })), ...external];
  for (const rule of ir.rules) {
    if (rule.l7?.kind !== 'http') continue;
    const requests = [...rule.l7.rules.flatMap((h) => derivedRequests(h)), ...extra.map(requestOf)];
    const destinations = endpoints.filter((e) => peerCovers(ir, rule.to, e, cluster));
    const sources = endpoints.filter((e) => e.kind !== 'fqdn');
    const ports = probePorts(rule.ports).filter((p) => p.protocol === 'TCP');
    for (const destination of destinations) {
      for (const source of sources) {
        for (const p of ports) for (const request of requests) flows.push({ source, destination, ...p, request });
      }
    }
  }
  return flows;
}

/** A request matching an HTTP rule, and its near misses (method, path, header). */
function derivedRequests(h: {
  method?: string;
  path?: { kind: string; value: string };
  headers: readonly { name: string; value?: string; kind?: string }[];
  notPaths?: readonly { kind: string; value: string }[];
  notMethods?: readonly string[];
  hosts?: readonly string[];
}): HttpRequest[] {
  const method = h.method ?? 'GET';
  const examples = h.path?.kind === 'regex' ? (REGEX_PATHS[h.path.value] ?? ['/']) : [];
  const path =
    h.path === undefined
      ? '/'
      : h.path.kind === 'prefix'
        ? `${h.path.value}x/y`
        : h.path.kind === 'regex'
          ? examples[0]
          : h.path.value;
  const headerValue = (x: { value?: string; kind?: string }): string =>
    x.value === undefined
      ? 'present'
      : x.kind === 'prefix'
        ? `${x.value}8`
        : x.kind === 'regex'
          ? (REGEX_HEADERS[x.value] ?? [x.value])[0]
          : x.value;
  const headers = Object.fromEntries(h.headers.map((x) => [x.name.toUpperCase(), headerValue(x)]));
  const out: HttpRequest[] = [{ method, path, headers }];
  out.push({ method: method === 'GET' ? 'POST' : 'GET', path, headers });
  if (h.path?.kind === 'exact') out.push({ method, path: `${h.path.value}/`, headers });
  if (h.path?.kind === 'prefix') {
    out.push({ method, path: h.path.value, headers });
    out.push({ method, path: h.path.value.slice(0, -1) || '/', headers });
  }
  for (const other of examples.slice(1)) out.push({ method, path: other, headers });
  if (h.headers.length > 0) {
    out.push({ method, path });
    out.push({ method, path, headers: Object.fromEntries(h.headers.map((x) => [x.name, `${x.value ?? ''}-other`])) });
    for (const x of h.headers) {
      const others =
        x.kind === 'prefix'
          ? [`x${x.value}`, x.value ?? '']
          : x.kind === 'regex'
            ? (REGEX_HEADERS[x.value ?? ''] ?? [])
            : [];
      for (const v of others) out.push({ method, path, headers: { ...headers, [x.name.toUpperCase()]: v } });
    }
  }
  for (const p of h.notPaths ?? []) {
    out.push({ method, path: p.kind === 'prefix' ? `${p.value}x` : p.value, headers });
    if (p.kind === 'prefix') out.push({ method, path: p.value.slice(0, -1) || '/', headers });
  }
  for (const m of h.notMethods ?? []) out.push({ method: m, path, headers });
  if (h.hosts !== undefined) {
    const host = h.hosts[0].toUpperCase();
    const hosted: HttpRequest[] = out.map((r) => ({ ...r, host }));
    hosted.push({ method, path, headers }, { method, path, headers, host: `x${h.hosts[0]}` });
    hosted.push({
      method,
      path,
      headers,
      host: h.hosts[0].includes(':') ? h.hosts[0].split(':')[0] : `${h.hosts[0]}:1`,
    });
    return hosted;
  }
  return out;
}

function requestOf(r: RequestSpec): HttpRequest {
  return {
    method: r.method,
    path: r.path,
    ...(r.header ? { headers: { [r.header.name]: r.header.value } } : {}),
    ...(r.host ? { host: r.host } : {}),
  };
}

/** The numbers a rule's ports name: each number, each range's ends and the port past its end. */
function probePorts(ports: readonly IrPort[]): ProbePort[] {
  return ports.flatMap((p): ProbePort[] => {
    if (p.port === undefined) return [];
    if (p.endPort === undefined) return [{ port: p.port, protocol: p.protocol }];
    return [p.port, p.endPort, p.endPort + 1].filter((n) => n <= 65535).map((port) => ({ port, protocol: p.protocol }));
  });
}

function uniquePorts(ports: readonly ProbePort[]): ProbePort[] {
  const seen = new Map<string, ProbePort>();
  for (const p of ports) seen.set(`${p.protocol}/${p.port}`, p);
  return [...seen.values()];
}

/** Addresses and DNS names around the CIDR and FQDN peers of the rules (and stated fallback CIDRs), plus fixed ones. */
function externalEndpoints(peers: readonly IrPeer[]): FlowEndpoint[] {
  const ips = new Set(FIXED_IPS);
  const names = new Set(FIXED_NAMES);
  const withFallbacks = peers.flatMap((p) =>
    (p.kind === 'entity' || p.kind === 'fqdn') && p.fallback ? [p, p.fallback] : [p],
  );
  for (const peer of withFallbacks) {
    if (peer.kind === 'cidr') {
      const cidr = parseBlock(peer.cidr);
      if (!cidr) continue;
      const except = peer.except.map(parseBlock).filter((b): b is Block => b !== undefined);
      if (cidr.prefix === (cidr.family === 4 ? 32 : 128)) ips.add(formatAddress(cidr, cidr.base));
      else ips.add(formatAddress(cidr, firstOutside(cidr, except)));
      for (const e of except) ips.add(formatAddress(e, e.base + 1n));
      const past = cidr.base + (1n << BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix));
      if (past < 1n << BigInt(cidr.family === 4 ? 32 : 128)) ips.add(formatAddress(cidr, past));
    }
    if (peer.kind === 'fqdn') for (const n of peer.names) for (const name of namesAround(n)) names.add(name);
  }
  return [
    ...[...ips].sort().map((ip): FlowEndpoint => ({ kind: 'ip', ip })),
    ...[...names].sort().map((name): FlowEndpoint => ({ kind: 'fqdn', name })),
  ];
}

/** The first address of the block (after its base) outside every exception. */
function firstOutside(cidr: Block, except: readonly Block[]): bigint {
  let a = cidr.base + 1n;
  for (const e of [...except].sort((x, y) => (x.base < y.base ? -1 : 1))) {
    const size = 1n << BigInt((e.family === 4 ? 32 : 128) - e.prefix);
    if (a >= e.base && a < e.base + size) a = e.base + size;
  }
  return a;
}

function formatAddress(like: Block, value: bigint): string {
  if (like.family === 4) return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

/** Names that match an IR name or pattern, and names that must not. */
function namesAround(n: IrFqdn): string[] {
  switch (n.kind) {
    case 'exact':
      return [n.value, `www.${n.value}`, n.value.split('.').slice(1).join('.')];
    case 'wildcard':
      return [
        n.value.replace(/\*/g, 'ab'),
        n.value.replace(/\*/g, ''),
        `a.${n.value.replace(/\*/g, 'b')}`,
        n.value.split('.').slice(1).join('.'),
      ];
    case 'subdomains':
      return [`a.${n.value}`, `a.b.${n.value}`, n.value];
  }
}

/** A flow as one line: `ns/pod -> ns/pod 8080/TCP GET /x`. */
export function flowText(f: Flow): string {
  const end = (e: FlowEndpoint) =>
    e.kind === 'pod' ? `${e.pod.namespace}/${e.pod.name}` : e.kind === 'ip' ? e.ip : e.name;
  const req = f.request
    ? ` ${f.request.method} ${f.request.path}${f.request.headers ? ` ${JSON.stringify(f.request.headers)}` : ''}`
    : '';
  return `${end(f.source)} -> ${end(f.destination)} ${f.port}/${f.protocol}${req}${f.addressing ? ` (${f.addressing}-addressed)` : ''}`;
}

/** Rules as one line each, for failure messages. */
export function rulesText(rules: readonly IrRule[]): string {
  return rules.map((r) => `  ${r.id}${r.l7 ? ` l7=${JSON.stringify(r.l7.rules)}` : ''}`).join('\n');
}
