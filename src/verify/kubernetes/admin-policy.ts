import { FlowProtocol } from '../cluster';
import { addressBlockMatches } from '../engine/address-block';
import { Endpoint, isNode, PodEndpoint } from '../engine/endpoint';
import { CompiledRule, Direction, EVERY_PORT, PodScope, PortClause, PortMatcher, unionScopes } from '../engine/rule';
import { arrayOf, isRecord, recordOf, stringOf } from '../json';
import { Cidr, parseCidr } from '../match/ip';
import { LabelSelector, parseLabelSelector, selectorMatches } from '../match/label-selector';
import { KubeObject, objectRef, PolicySet } from '../policy-set';

/** The cluster-wide policy kinds of sig-network's network-policy-api. */
export const ADMIN_POLICY_KINDS: readonly string[] = [
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
];

/** The API group of the network-policy-api (other projects reuse its kind names, e.g. Antrea's ClusterNetworkPolicy). */
const API_GROUP = 'policy.networking.k8s.io/';

/** The objects of a policy set that belong to the network-policy-api. */
export function adminPolicyObjects(policies: PolicySet): KubeObject[] {
  return ADMIN_POLICY_KINDS.flatMap((k) => policies.ofKind(k)).filter((o) => o.apiVersion.startsWith(API_GROUP));
}

/** Where a cluster-wide policy sits: before the NetworkPolicies of a pod (`admin`) or after them (`baseline`). */
export type AdminTier = 'admin' | 'baseline';

/**
 * What a matching rule does, normalized across API versions: `allow` (ANP `Allow`, CNP
 * `Accept`), `deny`, or `pass` (skip the rest of the tier).
 */
export type AdminAction = 'allow' | 'deny' | 'pass';

/** One ingress or egress rule of a cluster-wide policy: a compiled peer/port rule plus its action. */
export interface AdminRule extends CompiledRule {
  readonly action: AdminAction;
  /** The action as written (`Allow`, `Accept`, `Deny`, `Pass`). */
  readonly actionText: string;
}

/** An AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy, compiled for evaluation. */
export interface CompiledAdminPolicy {
  /** `AdminNetworkPolicy name` (cluster-scoped). */
  readonly object: string;
  readonly tier: AdminTier;
  /** `spec.priority` (lower first); a BaselineAdminNetworkPolicy has none and counts as 0. */
  readonly priority: number;
  /** Whether `spec.subject` selects the pod. */
  selects(pod: PodEndpoint): boolean;
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
  /** Why the API server rejects the object; a policy with any enforces nothing. */
  readonly problems: readonly string[];
  /** Parts this engine does not evaluate (reported, not fatal). */
  readonly unsupported: readonly string[];
}

const NAME_LABEL = 'kubernetes.io/metadata.name';
const PROTOCOLS = new Set<string>(['TCP', 'UDP', 'SCTP']);

interface Context {
  readonly object: string;
  problem(m: string): void;
  unsupported(m: string): void;
}

/**
 * Compiles a cluster-wide policy of the network-policy-api (schemas vendored in
 * `schemas/network-policy-api`):
 * - `policy.networking.k8s.io/v1alpha1` AdminNetworkPolicy (tier admin, `priority` 0–1000,
 *   actions Allow / Deny / Pass) and BaselineAdminNetworkPolicy (tier baseline, a singleton
 *   that must be named `default`, actions Allow / Deny), ports `portNumber`, `portRange` and
 *   `namedPort`;
 * - `policy.networking.k8s.io/v1alpha2` ClusterNetworkPolicy (`tier` Admin or Baseline,
 *   `priority`, actions Accept / Deny / Pass), `protocols` (`tcp` / `udp` / `sctp` with an
 *   optional `destinationPort` number or range, or `destinationNamedPort`).
 * `subject` is exactly one of `namespaces` (a namespace label selector) or `pods`
 * (`namespaceSelector` AND `podSelector`). A peer is one of `namespaces`, `pods`, and in egress
 * `networks` (CIDRs; they match pod addresses too, "cluster-internal traffic will be checked
 * against the rule as well") or `nodes` (only the empty selector is evaluated: node labels are
 * not known here). Rules within a policy are evaluated in order; a rule without ports matches
 * every port.
 * @see https://network-policy-api.sigs.k8s.io/reference/spec/
 */
export function compileAdminPolicy(o: KubeObject): CompiledAdminPolicy {
  const object = objectRef(o);
  const spec = recordOf(o.spec);
  const problems: string[] = [];
  const unsupported: string[] = [];
  const ctx: Context = { object, problem: (m) => problems.push(m), unsupported: (m) => unsupported.push(m) };
  const v2 = o.kind === 'ClusterNetworkPolicy';
  let tier: AdminTier = 'admin';
  if (o.kind === 'BaselineAdminNetworkPolicy') {
    tier = 'baseline';
    if (o.metadata.name !== 'default')
      problems.push(`metadata.name: a BaselineAdminNetworkPolicy must be named 'default' (it is a singleton)`);
  } else if (v2) {
    if (spec.tier === 'Baseline') tier = 'baseline';
    else if (spec.tier !== 'Admin') problems.push(`tier: must be Admin or Baseline, got '${String(spec.tier)}'`);
  }
  let priority = 0;
  if (o.kind !== 'BaselineAdminNetworkPolicy') {
    if (
      typeof spec.priority === 'number' &&
      Number.isInteger(spec.priority) &&
      spec.priority >= 0 &&
      spec.priority <= 1000
    )
      priority = spec.priority;
    else problems.push(`priority: must be an integer from 0 to 1000, got '${String(spec.priority)}'`);
  }
  const selects = compileSubject(spec.subject, ctx);
  const actions =
    o.kind === 'BaselineAdminNetworkPolicy'
      ? ['Allow', 'Deny']
      : v2
        ? ['Accept', 'Deny', 'Pass']
        : ['Allow', 'Deny', 'Pass'];
  const rules = (direction: Direction): AdminRule[] =>
    arrayOf(spec[direction]).map((raw, i) =>
      compileRule(recordOf(raw), `${direction}[${i}]`, direction, actions, v2, ctx),
    );
  return { object, tier, priority, selects, ingress: rules('ingress'), egress: rules('egress'), problems, unsupported };
}

function selector(raw: unknown, where: string, ctx: Context): LabelSelector | undefined {
  if (!isRecord(raw)) {
    ctx.problem(`${where}: required`);
    return undefined;
  }
  try {
    return parseLabelSelector(raw);
  } catch (e) {
    ctx.problem(`${where}: ${(e as Error).message}`);
    return undefined;
  }
}

function compileSubject(raw: unknown, ctx: Context): (pod: PodEndpoint) => boolean {
  const s = recordOf(raw);
  const never = (): boolean => false;
  if (isRecord(s.namespaces) === isRecord(s.pods)) {
    ctx.problem('subject: exactly one of namespaces or pods must be set');
    return never;
  }
  if (isRecord(s.namespaces)) {
    const ns = selector(s.namespaces, 'subject.namespaces', ctx);
    return ns ? (p) => selectorMatches(ns, p.namespace.labels) : never;
  }
  const pods = recordOf(s.pods);
  const ns = selector(pods.namespaceSelector, 'subject.pods.namespaceSelector', ctx);
  const ps = selector(pods.podSelector, 'subject.pods.podSelector', ctx);
  return ns && ps ? (p) => selectorMatches(ns, p.namespace.labels) && selectorMatches(ps, p.pod.labels) : never;
}

interface Peer {
  readonly label: string;
  readonly scope: PodScope;
  matches(e: Endpoint): boolean;
}

function compileRule(
  r: Record<string, unknown>,
  where: string,
  direction: Direction,
  actions: readonly string[],
  v2: boolean,
  ctx: Context,
): AdminRule {
  const actionText = stringOf(r.action) ?? '';
  if (!actions.includes(actionText))
    ctx.problem(`${where}.action: must be one of ${actions.join(', ')}, got '${actionText}'`);
  const action: AdminAction = actionText === 'Deny' ? 'deny' : actionText === 'Pass' ? 'pass' : 'allow';
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  const rawPeers = arrayOf(r[peerKey]);
  if (rawPeers.length === 0) ctx.problem(`${where}.${peerKey}: at least one peer is required`);
  const peers = rawPeers
    .map((p, j) => compilePeer(recordOf(p), `${peerKey}[${j}]`, `${where}.${peerKey}[${j}]`, direction, ctx))
    .filter((p): p is Peer => p !== undefined);
  const clauses = v2
    ? compileProtocols(r.protocols, `${where}.protocols`, ctx)
    : compilePorts(r.ports, `${where}.ports`, ctx);
  const name = stringOf(r.name);
  const peerNamespaces = unionScopes(peers.map((p) => p.scope));
  return {
    object: ctx.object,
    rule: name ? `${where} "${name}"` : where,
    action,
    actionText,
    clauses,
    peer: (e) => peers.find((p) => p.matches(e))?.label,
    ...(peerNamespaces ? { peerNamespaces } : {}),
  };
}

function compilePeer(
  p: Record<string, unknown>,
  label: string,
  where: string,
  direction: Direction,
  ctx: Context,
): Peer | undefined {
  const keys = ['namespaces', 'pods', ...(direction === 'egress' ? ['networks', 'nodes'] : [])].filter(
    (k) => p[k] !== undefined,
  );
  const others = Object.keys(p).filter((k) => !keys.includes(k));
  if (keys.length === 0 && others.length === 1) {
    // A peer kind of a newer or experimental version (e.g. domainNames): reported as not evaluated.
    ctx.unsupported(`${where}.${others[0]}: this peer kind is not evaluated; it matches nothing`);
    return { label: `${label}.${others[0]}`, scope: 'none', matches: () => false };
  }
  if (keys.length !== 1) {
    ctx.problem(
      `${where}: exactly one of ${direction === 'egress' ? 'namespaces, pods, networks or nodes' : 'namespaces or pods'} must be set`,
    );
    return undefined;
  }
  switch (keys[0]) {
    case 'namespaces': {
      const ns = selector(p.namespaces, `${where}.namespaces`, ctx);
      return (
        ns && {
          label: `${label}.namespaces ${ns.text}`,
          scope: pinned(ns),
          matches: (e) => e.kind === 'pod' && selectorMatches(ns, e.namespace.labels),
        }
      );
    }
    case 'pods': {
      const pods = recordOf(p.pods);
      const ns = selector(pods.namespaceSelector, `${where}.pods.namespaceSelector`, ctx);
      const ps = selector(pods.podSelector, `${where}.pods.podSelector`, ctx);
      return (
        ns &&
        ps && {
          label: `${label}.pods ${ns.text} / ${ps.text}`,
          scope: pinned(ns),
          matches: (e) =>
            e.kind === 'pod' && selectorMatches(ns, e.namespace.labels) && selectorMatches(ps, e.pod.labels),
        }
      );
    }
    case 'networks': {
      const cidrs: Cidr[] = [];
      for (const raw of arrayOf(p.networks)) {
        const text = stringOf(raw) ?? '';
        const c = parseCidr(text);
        if (!c || !text.includes('/')) ctx.problem(`${where}.networks: invalid CIDR '${text}'`);
        else cidrs.push(c);
      }
      if (cidrs.length === 0) return undefined;
      const mode = { matchesPods: true, matchesNodes: true };
      return {
        label: `${label}.networks ${cidrs.map((c) => c.text).join(',')}`,
        scope: undefined,
        matches: (e) => cidrs.some((c) => addressBlockMatches(c, [], e, mode)),
      };
    }
    default: {
      const nodes = recordOf(p.nodes);
      if (arrayOf(nodes.matchExpressions).length === 0 && Object.keys(recordOf(nodes.matchLabels)).length === 0) {
        return { label: `${label}.nodes {}`, scope: 'none', matches: (e) => e.kind === 'ip' && isNode(e) };
      }
      ctx.unsupported(`${where}.nodes: node labels are not known here; the selector matches nothing`);
      return { label: `${label}.nodes`, scope: 'none', matches: () => false };
    }
  }
}

/** The namespaces a selector pins by name (`kubernetes.io/metadata.name`), as a bulk hint. */
function pinned(ns: LabelSelector): PodScope {
  const names = ns.requirements.find((r) => r.key === NAME_LABEL && r.operator === 'In')?.values;
  return names ? new Set(names) : undefined;
}

function protocolOf(raw: unknown, where: string, ctx: Context): FlowProtocol | undefined {
  const protocol = stringOf(raw) ?? 'TCP';
  if (!PROTOCOLS.has(protocol)) {
    ctx.problem(`${where}: unsupported protocol '${protocol}'`);
    return undefined;
  }
  return protocol as FlowProtocol;
}

function range(
  start: unknown,
  end: unknown,
  protocol: FlowProtocol,
  where: string,
  ctx: Context,
): PortMatcher | undefined {
  if (typeof start !== 'number' || typeof end !== 'number' || start < 1 || end > 65535 || end <= start) {
    ctx.problem(`${where}: a range needs start < end, both from 1 to 65535, got ${String(start)}-${String(end)}`);
    return undefined;
  }
  return { protocols: new Set([protocol]), port: start, endPort: end, text: `${start}-${end}/${protocol}` };
}

function single(port: unknown, protocol: FlowProtocol, where: string, ctx: Context): PortMatcher | undefined {
  if (typeof port !== 'number' || port < 1 || port > 65535) {
    ctx.problem(`${where}: port must be from 1 to 65535, got '${String(port)}'`);
    return undefined;
  }
  return { protocols: new Set([protocol]), port, text: `${port}/${protocol}` };
}

/** v1alpha1 `ports`: each entry exactly one of `portNumber`, `portRange`, `namedPort`. */
function compilePorts(raw: unknown, where: string, ctx: Context): PortClause[] {
  if (raw === undefined) return [EVERY_PORT];
  const ports: PortMatcher[] = [];
  arrayOf(raw).forEach((entry, i) => {
    const e = recordOf(entry);
    const at = `${where}[${i}]`;
    const set = ['portNumber', 'portRange', 'namedPort'].filter((k) => e[k] !== undefined);
    if (set.length !== 1) {
      ctx.problem(`${at}: exactly one of portNumber, portRange or namedPort must be set`);
      return;
    }
    let m: PortMatcher | undefined;
    if (set[0] === 'namedPort') {
      const name = String(e.namedPort);
      m = { protocols: new Set<FlowProtocol>(['TCP', 'UDP', 'SCTP']), name, text: `${name} (named)` };
    } else if (set[0] === 'portNumber') {
      const pn = recordOf(e.portNumber);
      const protocol = protocolOf(pn.protocol, `${at}.portNumber`, ctx);
      m = protocol && single(pn.port, protocol, `${at}.portNumber`, ctx);
    } else {
      const pr = recordOf(e.portRange);
      const protocol = protocolOf(pr.protocol, `${at}.portRange`, ctx);
      m = protocol && range(pr.start, pr.end, protocol, `${at}.portRange`, ctx);
    }
    if (m) ports.push(m);
  });
  return [{ label: 'ports', ports: ports.length > 0 ? ports : [{ protocols: new Set(), text: 'invalid' }] }];
}

/** v1alpha2 `protocols`: each entry exactly one of `tcp`, `udp`, `sctp`, `destinationNamedPort`. */
function compileProtocols(raw: unknown, where: string, ctx: Context): PortClause[] {
  if (raw === undefined) return [EVERY_PORT];
  const ports: PortMatcher[] = [];
  arrayOf(raw).forEach((entry, i) => {
    const e = recordOf(entry);
    const at = `${where}[${i}]`;
    const set = ['tcp', 'udp', 'sctp', 'destinationNamedPort'].filter((k) => e[k] !== undefined);
    if (set.length !== 1) {
      ctx.problem(`${at}: exactly one of tcp, udp, sctp or destinationNamedPort must be set`);
      return;
    }
    if (set[0] === 'destinationNamedPort') {
      const name = String(e.destinationNamedPort);
      ports.push({ protocols: new Set<FlowProtocol>(['TCP', 'UDP', 'SCTP']), name, text: `${name} (named)` });
      return;
    }
    const protocol = set[0].toUpperCase() as FlowProtocol;
    const dp = recordOf(e[set[0]]).destinationPort;
    if (dp === undefined) {
      ports.push({ protocols: new Set([protocol]), text: `any/${protocol}` });
      return;
    }
    const d = recordOf(dp);
    const m =
      d.range !== undefined
        ? range(recordOf(d.range).start, recordOf(d.range).end, protocol, `${at}.${set[0]}.destinationPort.range`, ctx)
        : single(d.number, protocol, `${at}.${set[0]}.destinationPort.number`, ctx);
    if (m) ports.push(m);
  });
  return [{ label: 'protocols', ports: ports.length > 0 ? ports : [{ protocols: new Set(), text: 'invalid' }] }];
}
