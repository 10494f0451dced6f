import { checkCidr, cidrContains, formatNetwork, PRIVATE_V4 } from '../../validation/ip';
import { checkLabelKey, checkLabelValue, suggestDnsLabel } from '../../validation/names';
import { arrayOf, isRecord } from '../../verify/json';
import { KubeObject, objectRef } from '../../verify/policy-set';
import { propertyKey, quote } from './literal';
import { compare, HalfEdge, ImportedPeer, ImportedPort, ImportedTier, ImportedZone, Source } from './model';

/** The label every namespace carries with its own name (Kubernetes 1.21 and later). */
export const NAME_LABEL = 'kubernetes.io/metadata.name';

/** Why a policy or a whole namespace cannot become constructs. */
export class NotExpressible extends Error {}

/** The namespaces of a NetworkPolicy set that became zones, and why the others did not. */
export interface RecognizedPolicies {
  readonly zones: readonly ImportedZone[];
  readonly halfEdges: readonly HalfEdge[];
  /** Namespace → why its NetworkPolicies are carried as they are. */
  readonly rawNamespaces: ReadonlyMap<string, string>;
}

/** Workloads of the inputs (pod template labels per namespace), to name tiers after. */
export interface NamedWorkload {
  readonly ref: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: { readonly [key: string]: string };
}

/**
 * Reads the NetworkPolicies of each namespace as a Zone (the policies selecting every pod of the
 * namespace with no allow rule but DNS: the zone's default deny), tiers (one per distinct pod
 * selector of the other policies) and their allow rules, one half-edge per (rule, peer). A
 * namespace is recognized only when the meaning is exactly that of the constructs: the Zone adds
 * its own default deny, so every other policy must only allow, in a direction the zone denies,
 * with selectors, peers and ports the constructs express as they are.
 */
export function recognizeNetworkPolicies(
  policies: readonly Source[],
  workloads: readonly NamedWorkload[],
  shape: (p: Source, namespace: string) => PolicyShape = networkPolicyShape,
): RecognizedPolicies {
  const byNamespace = new Map<string, Source[]>();
  for (const p of policies) {
    const ns = p.object.metadata.namespace ?? 'default';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), p]);
  }
  const zones: ImportedZone[] = [];
  const halfEdges: HalfEdge[] = [];
  const rawNamespaces = new Map<string, string>();
  for (const ns of [...byNamespace.keys()].sort()) {
    try {
      const found = zonesOf(ns, byNamespace.get(ns) ?? [], workloads, shape);
      zones.push(...found.zones);
      halfEdges.push(...found.halfEdges);
    } catch (e) {
      if (!(e instanceof NotExpressible)) throw e;
      rawNamespaces.set(ns, e.message);
    }
  }
  const tierByKey = new Map(zones.flatMap((z) => z.tiers.map((t) => [t.key, t] as const)));
  // A peer that selects exactly the pods of a tier of the program is that tier.
  const resolved = halfEdges.map((h): HalfEdge => {
    const key = peerTierKey(h.peer);
    return key !== undefined && tierByKey.has(key) ? { ...h, peerTier: key } : h;
  });
  return { zones, halfEdges: resolved, rawNamespaces };
}

/** A policy as the zone builder reads it, whatever its kind. */
export interface PolicyShape {
  readonly source: Source;
  /** The pods it selects, by labels. */
  readonly selector: Record<string, string>;
  /** The directions it isolates. */
  readonly isolates: { readonly ingress: boolean; readonly egress: boolean };
  /** Set when the policy allows nothing but DNS: the `Dns` value of that rule, if any. */
  readonly denyOnly?: { readonly dns?: string };
  /** Its allow rules, one per (rule, peer). */
  readonly rules: ReadonlyArray<Omit<HalfEdge, 'tier'>>;
}

/** Reads the policies of a namespace through `shape` and builds its zones (see `recognizeNetworkPolicies`). */
export function zonesOf(
  namespace: string,
  policies: readonly Source[],
  workloads: readonly NamedWorkload[],
  shape: (p: Source, namespace: string) => PolicyShape,
): { zones: ImportedZone[]; halfEdges: HalfEdge[] } {
  if (suggestDnsLabel(namespace) !== namespace)
    throw new NotExpressible(`namespace '${namespace}' is not a DNS-1123 label`);
  const sorted = [...policies]
    .sort((a, b) => compare(a.object.metadata.name, b.object.metadata.name))
    .map((p) => shape(p, namespace));
  // A policy that allows nothing (but DNS) is a zone's default deny, unless it selects a
  // subset of another such policy's pods: then it is one of that zone's tier policies.
  const denyShaped = sorted.filter((p) => p.denyOnly !== undefined);
  const roots = new Map<string, Record<string, string>>();
  for (const d of denyShaped) {
    const inside = denyShaped.some(
      (o) => Object.keys(o.selector).length < Object.keys(d.selector).length && contains(d.selector, o.selector),
    );
    if (!inside) roots.set(selectorKey(d.selector), d.selector);
  }
  if (roots.size === 0)
    throw new NotExpressible(
      'no policy of the namespace isolates its pods without allowing anything (but DNS): a Zone adds that default deny',
    );
  const rootList = [...roots.entries()].sort(([a], [b]) => compare(a, b));
  for (let i = 0; i < rootList.length; i++)
    for (let j = i + 1; j < rootList.length; j++)
      if (mayOverlap(rootList[i][1], rootList[j][1]))
        throw new NotExpressible(
          `the default denies ${rootList[i][0]} and ${rootList[j][0]} may select the same pods: zones of one namespace select disjoint pods`,
        );
  const zones: Array<{
    key: string;
    podSelector: Record<string, string>;
    denies: Source[];
    denyIngress: boolean;
    denyEgress: boolean;
    dns: Set<string>;
    tiers: Map<string, { selector: Record<string, string>; full: Record<string, string>; sources: Source[] }>;
  }> = rootList.map(([key, podSelector]) => ({
    key,
    podSelector,
    denies: [],
    denyIngress: false,
    denyEgress: false,
    dns: new Set(),
    tiers: new Map(),
  }));
  const halfEdges: HalfEdge[] = [];
  for (const p of sorted) {
    const ref = objectRef(p.source.object);
    const sel = p.selector;
    const zone = zones.find((z) => contains(sel, z.podSelector));
    if (zone === undefined)
      throw new NotExpressible(
        `${ref} selects ${selectorKey(sel)}, pods that no default deny of the namespace isolates: a tier's policy only adds allows`,
      );
    if (zone.key === selectorKey(sel)) {
      if (p.denyOnly === undefined)
        throw new NotExpressible(
          `${ref} allows traffic for every pod its default deny isolates: tiers select pods by labels inside a zone`,
        );
      zone.denies.push(p.source);
      zone.denyIngress ||= p.isolates.ingress;
      zone.denyEgress ||= p.isolates.egress;
      if (p.denyOnly.dns !== undefined) zone.dns.add(p.denyOnly.dns);
      continue;
    }
    const own: Record<string, string> = {};
    for (const k of Object.keys(sel)) if (!(k in zone.podSelector)) own[k] = sel[k];
    const key = `${namespace}/${selectorKey(sel)}`;
    const tier = zone.tiers.get(key) ?? { selector: own, full: sel, sources: [] };
    tier.sources.push(p.source);
    zone.tiers.set(key, tier);
    for (const rule of p.rules) halfEdges.push({ ...rule, tier: key });
  }
  for (const p of sorted) {
    const zone = zones.find((z) => contains(p.selector, z.podSelector));
    for (const [direction, denied] of [
      ['ingress', zone?.denyIngress],
      ['egress', zone?.denyEgress],
    ] as const)
      if (p.isolates[direction] && !denied)
        throw new NotExpressible(
          `${objectRef(p.source.object)} isolates its pods for ${direction}, which their zone's default deny does not: a tier's policy only adds allows`,
        );
  }
  for (const z of zones)
    for (const t of z.tiers.keys())
      if (z.dns.size === 0 && halfEdges.some((h) => h.tier === t && h.peer.key.startsWith('fqdn:')))
        throw new NotExpressible(
          `${t} allows egress by DNS name, but its zone keeps no DNS: without the DNS proxy rule the names match nothing`,
        );
  for (const z of zones)
    if (z.dns.size > 1)
      throw new NotExpressible(
        `the default denies of ${z.key} keep DNS in ${z.dns.size} ways (${[...z.dns].join(', ')}): a zone keeps one`,
      );
  const allTiers = zones.flatMap((z) => [...z.tiers.entries()]).sort(([a], [b]) => compare(a, b));
  for (let i = 0; i < allTiers.length; i++)
    for (let j = i + 1; j < allTiers.length; j++)
      if (mayOverlap(allTiers[i][1].full, allTiers[j][1].full))
        throw new NotExpressible(
          `the pod selectors ${selectorKey(allTiers[i][1].full)} and ${selectorKey(allTiers[j][1].full)} may select the same pods: tiers select disjoint pods`,
        );
  const single = zones.length === 1 && Object.keys(zones[0].podSelector).length === 0;
  const usedNames = new Set<string>();
  const result = zones.map((z): ImportedZone => {
    const used = new Set<string>();
    const tiers = [...z.tiers.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([key, { selector, full, sources }]): ImportedTier => {
        const { name, namedAfter } = tierName(namespace, full, selector, sources, workloads, used);
        used.add(name);
        return { key, namespace, name, selector, sources, namedAfter };
      });
    let name = single
      ? namespace
      : suggestDnsLabel(
          [
            namespace,
            ...Object.keys(z.podSelector)
              .sort(compare)
              .map((k) => z.podSelector[k]),
          ].join('-'),
        )
          .slice(0, 50)
          .replace(/-+$/, '');
    for (let n = 2; usedNames.has(name); n++) name = `${name.replace(/-\d+$/, '')}-${n}`;
    usedNames.add(name);
    return {
      name,
      namespace,
      podSelector: z.podSelector,
      denyIngress: z.denyIngress,
      denyEgress: z.denyEgress,
      ...(z.denyEgress && z.dns.size > 0 ? { dns: [...z.dns][0] } : {}),
      sources: z.denies,
      tiers,
    };
  });
  return { zones: result, halfEdges };
}

/** A NetworkPolicy as the zone builder reads it. */
function networkPolicyShape(p: Source, namespace: string): PolicyShape {
  const spec = specOf(p.object);
  const ref = objectRef(p.object);
  const types = policyTypes(spec);
  const rules: Array<Omit<HalfEdge, 'tier'>> = [];
  for (const [direction, field, peerField] of [
    ['ingress', 'ingress', 'from'],
    ['egress', 'egress', 'to'],
  ] as const) {
    if (!types.includes(direction === 'ingress' ? 'Ingress' : 'Egress')) continue;
    arrayOf(spec[field]).forEach((rule, i) => {
      const where = `${ref} ${field}[${i}]`;
      const r = isRecord(rule) ? rule : {};
      for (const f of Object.keys(r))
        if (f !== 'ports' && f !== peerField) throw new NotExpressible(`${where} has the field '${f}'`);
      const ports = portsOf(r.ports, where);
      const peers =
        r[peerField] === undefined || arrayOf(r[peerField]).length === 0
          ? everyPeer()
          : arrayOf(r[peerField]).map((x, j) => peerOf(x, namespace, `${where} ${peerField}[${j}]`));
      for (const peer of peers) rules.push({ direction, peer, ports, rule: where });
    });
  }
  const egress = arrayOf(spec.egress);
  return {
    source: p,
    selector: matchLabelsOf(spec.podSelector, `${ref} podSelector`),
    isolates: { ingress: types.includes('Ingress'), egress: types.includes('Egress') },
    ...(isDenyShaped(spec)
      ? { denyOnly: egress.length > 0 && types.includes('Egress') ? { dns: dnsOf(egress[0]) } : {} }
      : {}),
    rules,
  };
}

/** Whether `labels` holds every label of `subset`. */
export function contains(
  labels: { readonly [key: string]: string },
  subset: { readonly [key: string]: string },
): boolean {
  return Object.entries(subset).every(([k, v]) => labels[k] === v);
}

/** A policy that allows nothing, but at most kube-dns on UDP and TCP 53 for egress. */
function isDenyShaped(spec: Record<string, unknown>): boolean {
  if (arrayOf(spec.ingress).length > 0) return false;
  const egress = arrayOf(spec.egress);
  const types = policyTypes(spec);
  if (types.length === 0) return false;
  return egress.length === 0 || (egress.length === 1 && types.includes('Egress') && dnsOf(egress[0]) !== undefined);
}

function specOf(o: KubeObject): Record<string, unknown> {
  return isRecord(o.spec) ? o.spec : {};
}

/** `policyTypes`, or what the API server defaults it to. */
function policyTypes(spec: Record<string, unknown>): string[] {
  const given = arrayOf(spec.policyTypes).filter((t): t is string => typeof t === 'string');
  if (spec.policyTypes !== undefined) return given;
  return ['Ingress', ...(spec.egress !== undefined ? ['Egress'] : [])];
}

function isEmptyField(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (isRecord(v) && Object.keys(v).length === 0)
  );
}

/** The labels of a selector written with `matchLabels` only; refuses `matchExpressions`. */
export function matchLabelsOf(v: unknown, where: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw new NotExpressible(`${where} is not a label selector`);
  for (const k of Object.keys(v)) {
    if (k === 'matchLabels') continue;
    if (k === 'matchExpressions' && isEmptyField(v[k])) continue;
    throw new NotExpressible(`${where} uses ${k}: constructs select pods by labels (matchLabels)`);
  }
  const labels: Record<string, string> = {};
  const m = isRecord(v.matchLabels) ? v.matchLabels : {};
  for (const key of Object.keys(m).sort()) {
    const value = m[key];
    if (typeof value !== 'string' || checkLabelKey(key) !== undefined || checkLabelValue(key, value) !== undefined)
      throw new NotExpressible(`${where}: the label ${key}=${String(value)} is not valid`);
    labels[key] = value;
  }
  return labels;
}

export function selectorKey(labels: { readonly [key: string]: string }): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',')}}`;
}

/** Two label selectors may select one pod unless some key has different values in both. */
function mayOverlap(a: { readonly [key: string]: string }, b: { readonly [key: string]: string }): boolean {
  return Object.keys(a).every((k) => !(k in b) || b[k] === a[k]);
}

/**
 * The `Dns` value a zone's DNS rule is written by (`Dns.kubeDns()`, with node-local addresses;
 * `Dns.openShift()`), or undefined when the rule is not exactly one of them: UDP and TCP on the
 * DNS port, to the DNS pods by namespace and labels in one peer, and node-local /32 addresses.
 */
function dnsOf(rule: unknown): string | undefined {
  if (!isRecord(rule) || Object.keys(rule).some((k) => k !== 'ports' && k !== 'to')) return undefined;
  const to = arrayOf(rule.to);
  const pods = to.filter((t) => isRecord(t) && !('ipBlock' in t));
  if (pods.length !== 1 || !isRecord(pods[0]) || Object.keys(pods[0]).length !== 2) return undefined;
  const ns = pods[0].namespaceSelector;
  const podSel = pods[0].podSelector;
  const nsLabels = isRecord(ns) && Object.keys(ns).length === 1 && isRecord(ns.matchLabels) ? ns.matchLabels : {};
  const podLabels =
    isRecord(podSel) && Object.keys(podSel).length === 1 && isRecord(podSel.matchLabels) ? podSel.matchLabels : {};
  const where = `${selectorKey(stringLabels(nsLabels))} ${selectorKey(stringLabels(podLabels))}`;
  const addresses: string[] = [];
  for (const t of to) {
    if (t === pods[0]) continue;
    const block = isRecord(t) && Object.keys(t).length === 1 && isRecord(t.ipBlock) ? t.ipBlock : undefined;
    const cidr = block !== undefined && Object.keys(block).length === 1 ? block.cidr : undefined;
    const m = typeof cidr === 'string' ? /^(\d+\.\d+\.\d+\.\d+)\/32$/.exec(cidr) : null;
    if (m === null || typeof checkCidr(m[0]) === 'string') return undefined;
    addresses.push(m[1]);
  }
  const ports = arrayOf(rule.ports).map((p) =>
    isRecord(p) ? `${String(p.protocol ?? 'TCP')}/${String(p.port)}/${Object.keys(p).length}` : '',
  );
  const on = (port: number) => ports.length === 2 && ports.includes(`UDP/${port}/2`) && ports.includes(`TCP/${port}/2`);
  if (where === `{${NAME_LABEL}=kube-system} {k8s-app=kube-dns}` && on(53))
    return addresses.length === 0
      ? 'Dns.kubeDns()'
      : `Dns.kubeDns({ nodeLocalAddresses: [${[...new Set(addresses)].sort(compare).map(quote).join(', ')}] })`;
  if (
    where === `{${NAME_LABEL}=openshift-dns} {dns.operator.openshift.io/daemonset-dns=default}` &&
    on(5353) &&
    addresses.length === 0
  )
    return 'Dns.openShift()';
  return undefined;
}

function stringLabels(v: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) out[k] = String(value);
  return out;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** A port's sort key: TCP, then UDP, then SCTP, each by number. */
export function portKey(protocol: string, rest: string): string {
  return `${PROTOCOLS.indexOf(protocol)}${protocol}/${rest}`;
}

/** The ports of a rule; no `ports` means every port of every protocol. */
function portsOf(v: unknown, where: string): ImportedPort[] {
  const list = arrayOf(v);
  if (v === undefined || list.length === 0)
    return [
      { key: portKey('TCP', '*'), code: 'Port.allTcp()' },
      { key: portKey('UDP', '*'), code: 'Port.allUdp()' },
      { key: portKey('SCTP', '*'), code: 'Port.range(Protocol.SCTP, 1, 65535)' },
    ];
  const out = new Map<string, ImportedPort>();
  list.forEach((p, i) => {
    const at = `${where} ports[${i}]`;
    if (!isRecord(p)) throw new NotExpressible(`${at} is not a port`);
    const protocol = p.protocol ?? 'TCP';
    if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol))
      throw new NotExpressible(`${at} has the protocol ${String(protocol)}`);
    const lower = protocol.toLowerCase();
    let port: ImportedPort;
    if (p.port === undefined) {
      if (p.endPort !== undefined) throw new NotExpressible(`${at} has endPort without port`);
      port =
        protocol === 'SCTP'
          ? { key: portKey('SCTP', '*'), code: 'Port.range(Protocol.SCTP, 1, 65535)' }
          : { key: portKey(protocol, '*'), code: `Port.all${protocol === 'TCP' ? 'Tcp' : 'Udp'}()` };
    } else if (typeof p.port === 'string') {
      if (p.endPort !== undefined) throw new NotExpressible(`${at} has endPort with a named port`);
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.port) || p.port.length > 15 || !/[a-z]/.test(p.port))
        throw new NotExpressible(`${at} names the port '${p.port}', which is not an IANA service name`);
      port = {
        key: portKey(protocol, `name/${p.port}`),
        code: `Port.named(${quote(p.port)}${protocol === 'TCP' ? '' : `, Protocol.${protocol}`})`,
      };
    } else if (typeof p.port === 'number' && Number.isInteger(p.port) && p.port >= 1 && p.port <= 65535) {
      const end = p.endPort;
      if (end === undefined || end === p.port) {
        port = { key: portKey(protocol, pad(p.port)), code: `Port.${lower}(${p.port})` };
      } else if (typeof end === 'number' && Number.isInteger(end) && end > p.port && end <= 65535) {
        port = {
          key: portKey(protocol, `${pad(p.port)}-${pad(end)}`),
          code:
            protocol === 'SCTP'
              ? `Port.range(Protocol.SCTP, ${p.port}, ${end})`
              : `Port.${lower}Range(${p.port}, ${end})`,
        };
      } else throw new NotExpressible(`${at} has an endPort ${String(end)} not above its port`);
    } else throw new NotExpressible(`${at} has the port ${String(p.port)}`);
    out.set(port.key, port);
  });
  return [...out.values()].sort((a, b) => compare(a.key, b.key));
}

export function pad(n: number): string {
  return String(n).padStart(5, '0');
}

/** A rule without peers: every pod of every namespace and every address. */
function everyPeer(): ImportedPeer[] {
  return [
    { key: 'pods:*:{}', code: 'Peer.allNamespaces()' },
    { key: 'cidr:0.0.0.0/0', code: "Peer.cidr('0.0.0.0/0')" },
    { key: 'cidr:::/0', code: "Peer.cidr('::/0')" },
  ];
}

function peerOf(v: unknown, namespace: string, where: string): ImportedPeer {
  if (!isRecord(v)) throw new NotExpressible(`${where} is not a peer`);
  const keys = Object.keys(v).filter((k) => v[k] !== undefined);
  if (keys.includes('ipBlock')) {
    if (keys.length !== 1) throw new NotExpressible(`${where} has ipBlock with another selector`);
    return cidrPeer(v.ipBlock, where);
  }
  for (const k of keys)
    if (k !== 'podSelector' && k !== 'namespaceSelector') throw new NotExpressible(`${where} has the field '${k}'`);
  const pods = matchLabelsOf(v.podSelector, `${where} podSelector`);
  const podCode = Object.keys(pods).length > 0 ? `labels: ${labelsCode(pods)}` : undefined;
  if (v.namespaceSelector === undefined) return podsIn(namespace, pods);
  const nsLabels = matchLabelsOf(v.namespaceSelector, `${where} namespaceSelector`);
  const names = Object.keys(nsLabels);
  if (names.length === 0)
    return {
      key: `pods:*:${selectorKey(pods)}`,
      code: `Peer.allNamespaces(${podCode !== undefined ? labelsCode(pods) : ''})`,
    };
  if (names.length === 1 && names[0] === NAME_LABEL && suggestDnsLabel(nsLabels[NAME_LABEL]) === nsLabels[NAME_LABEL])
    return podsIn(nsLabels[NAME_LABEL], pods);
  return {
    key: `pods:${selectorKey(nsLabels)}:${selectorKey(pods)}`,
    code: `Peer.pods({ namespaceLabels: ${labelsCode(nsLabels)}${podCode !== undefined ? `, ${podCode}` : ''} })`,
  };
}

export function podsIn(namespace: string, pods: Record<string, string>): ImportedPeer {
  const labels = Object.keys(pods).length > 0 ? `, labels: ${labelsCode(pods)}` : '';
  return {
    key: `pods:${namespace}:${selectorKey(pods)}`,
    code:
      labels === '' ? `Peer.namespace(${quote(namespace)})` : `Peer.pods({ namespace: ${quote(namespace)}${labels} })`,
  };
}

/** The tier key a pods peer names (`<namespace>/<selector>`), when it names pods of one namespace by labels. */
function peerTierKey(peer: ImportedPeer): string | undefined {
  const m = /^pods:([a-z0-9-]+):(\{.*\})$/.exec(peer.key);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

export function cidrPeer(v: unknown, where: string): ImportedPeer {
  if (!isRecord(v) || typeof v.cidr !== 'string' || Object.keys(v).some((k) => k !== 'cidr' && k !== 'except'))
    throw new NotExpressible(`${where} ipBlock is not a cidr with except`);
  const outer = checkCidr(v.cidr);
  if (typeof outer === 'string') throw new NotExpressible(`${where} ipBlock: ${outer}`);
  const except: string[] = [];
  for (const e of arrayOf(v.except)) {
    const inner = typeof e === 'string' ? checkCidr(e) : 'not a string';
    if (typeof inner === 'string' || !cidrContains(outer, inner) || inner.prefix === outer.prefix)
      throw new NotExpressible(`${where} ipBlock except ${String(e)} is not a CIDR strictly inside ${v.cidr}`);
    except.push(formatNetwork(inner));
  }
  const cidr = formatNetwork(outer);
  const sorted = [...new Set(except)].sort();
  const key = `cidr:${cidr}${sorted.length > 0 ? ` except ${sorted.join(',')}` : ''}`;
  if (key === `cidr:0.0.0.0/0 except ${[...PRIVATE_V4].sort().join(',')}`)
    return { key, code: 'Peer.publicInternet()' };
  return {
    key,
    code: `Peer.cidr(${quote(cidr)}${sorted.length > 0 ? `, [${sorted.map(quote).join(', ')}]` : ''})`,
  };
}

/** `{ app: 'web', 'app.kubernetes.io/name': 'x' }`. */
export function labelsCode(labels: { readonly [key: string]: string }): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '{}';
  return `{ ${keys.map((k) => `${propertyKey(k)}: ${quote(labels[k])}`).join(', ')} }`;
}

/**
 * A tier's name: the workload whose pod template its selector matches when exactly one does,
 * else the name shared by the policies that select it (without `-ingress` / `-egress`), else
 * the values of its selector.
 */
function tierName(
  namespace: string,
  selector: { readonly [key: string]: string },
  own: { readonly [key: string]: string },
  sources: readonly Source[],
  workloads: readonly NamedWorkload[],
  used: ReadonlySet<string>,
): { name: string; namedAfter: string } {
  const matching = workloads.filter(
    (w) => w.namespace === namespace && Object.entries(selector).every(([k, v]) => w.labels[k] === v),
  );
  const candidates: Array<{ name: string; namedAfter: string }> = [];
  if (matching.length === 1) candidates.push({ name: matching[0].name, namedAfter: matching[0].ref });
  // The policies cdk8s-zerotrust writes are named `<tier>-ingress` and `<tier>-egress`.
  const stems = [...new Set(sources.map((s) => /^(.+)-(ingress|egress)$/.exec(s.object.metadata.name)?.[1]))];
  if (stems.length === 1 && stems[0] !== undefined)
    candidates.push({ name: stems[0], namedAfter: sources.length === 1 ? 'its policy' : 'its policies' });
  candidates.push({
    name: Object.keys(own)
      .sort(compare)
      .map((k) => own[k])
      .join('-'),
    namedAfter: `its selector ${selectorKey(own)}`,
  });
  for (const c of candidates) {
    const name = suggestDnsLabel(c.name).slice(0, 40).replace(/-+$/, '');
    if (!used.has(name)) return { name, namedAfter: c.namedAfter };
  }
  const base = suggestDnsLabel(candidates[candidates.length - 1].name)
    .slice(0, 36)
    .replace(/-+$/, '');
  let n = 2;
  while (used.has(`${base}-${n}`)) n++;
  return { name: `${base}-${n}`, namedAfter: candidates[candidates.length - 1].namedAfter };
}
