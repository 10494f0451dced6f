import { FlowProtocol, LabelMap } from '../cluster';
import { addressBlockMatches } from '../engine/address-block';
import { Endpoint, PodEndpoint } from '../engine/endpoint';
import { Direction } from '../engine/rule';
import { arrayOf, isRecord, recordOf, stringOf } from '../json';
import { Cidr, coversEveryPublicAddress, parseCidr } from '../match/ip';
import { KubeObject, namespaceOf, objectRef } from '../policy-set';
import { CalicoSelector, calicoSelectorMatches, parseCalicoSelector } from './selector';

/** What a Calico rule does when it matches. `Log` does not decide: evaluation goes on. */
export type CalicoAction = 'Allow' | 'Deny' | 'Pass' | 'Log';

/** The facts a Calico rule reads about one flow, from the point of view of the policy's endpoint. */
export interface CalicoFlow {
  readonly direction: Direction;
  /** The endpoint the policy applies to (destination for ingress, source for egress). */
  readonly subject: PodEndpoint;
  /** The other end. */
  readonly peer: Endpoint;
  readonly port: number;
  readonly protocol: FlowProtocol;
  /** Labels of a service account (`namespace/name`), for `serviceAccounts.selector`. */
  serviceAccountLabels(namespace: string, name: string): LabelMap;
}

/** One compiled rule of a Calico policy. */
export interface CalicoRule {
  /** `ingress[0]`. */
  readonly rule: string;
  readonly action: CalicoAction;
  /** Whether the rule matches the flow. */
  matches(flow: CalicoFlow): boolean;
}

/** A Calico NetworkPolicy, GlobalNetworkPolicy or (converted) Kubernetes NetworkPolicy, compiled. */
export interface CalicoPolicy {
  /** `NetworkPolicy ns/name`, `GlobalNetworkPolicy name`. */
  readonly object: string;
  readonly tier: string;
  /** Undefined = no order: after every ordered policy of the tier. */
  readonly order?: number;
  /** Tie-breaker within an order: the policy name (`ns/name` for namespaced policies). */
  readonly sortName: string;
  /** Directions the policy applies to (its effective `types`). */
  readonly types: ReadonlySet<Direction>;
  /** Whether the policy applies to the endpoint (selector, namespace, service account). */
  appliesTo(subject: PodEndpoint, serviceAccountLabels: LabelMap): boolean;
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
  /** Problems that make the API server reject the object: such a policy enforces nothing. */
  readonly problems: readonly string[];
  /** Rules with match criteria this engine does not model (HTTP, services): they never match here. */
  readonly unmodelled: readonly string[];
}

const ACTIONS = new Set(['Allow', 'Deny', 'Pass', 'Log']);
/** Protocol names and numbers Calico accepts, mapped to the flow protocols this engine models (others never match a flow). */
const PROTOCOL_NUMBERS: { readonly [n: string]: string } = {
  1: 'ICMP',
  6: 'TCP',
  17: 'UDP',
  58: 'ICMPv6',
  132: 'SCTP',
  136: 'UDPLite',
};
const PROTOCOL_NAMES = new Set(['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite']);

/**
 * Labels Calico adds to every pod's workload endpoint, which selectors can read:
 * `projectcalico.org/namespace`, `projectcalico.org/orchestrator: k8s` and
 * `projectcalico.org/serviceaccount`.
 * @see https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy
 */
export function endpointLabels(e: PodEndpoint): LabelMap {
  return {
    ...e.pod.labels,
    'projectcalico.org/namespace': e.pod.namespace,
    'projectcalico.org/orchestrator': 'k8s',
    'projectcalico.org/serviceaccount': e.pod.serviceAccount,
  };
}

/** Namespace labels as a `namespaceSelector` sees them, plus `projectcalico.org/name`. */
export function namespaceLabels(e: PodEndpoint): LabelMap {
  return { ...e.namespace.labels, 'projectcalico.org/name': e.pod.namespace };
}

/**
 * Compiles a `projectcalico.org/v3` NetworkPolicy (namespaced) or GlobalNetworkPolicy:
 * - `tier` defaults to `default`; `order` orders policies within the tier (lower first, none last);
 * - `selector` (default `all()`) picks the endpoints the policy applies to: those of its own
 *   namespace for a NetworkPolicy; for a GlobalNetworkPolicy, those of the namespaces that
 *   `namespaceSelector` selects (every namespace by default); `serviceAccountSelector` further
 *   requires the endpoint's service account labels to match;
 * - `types` defaults to `Ingress` when there are no egress rules, to `Egress` when there are
 *   only egress rules, and to both when there are both;
 * - a rule matches when its `protocol` / `notProtocol`, its `source` and its `destination` all
 *   match (see `compileEntityRule`).
 * @see https://docs.tigera.io/calico/latest/reference/resources/networkpolicy
 * @see https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy
 */
export function compileCalicoPolicy(o: KubeObject): CalicoPolicy {
  const global = o.kind === 'GlobalNetworkPolicy';
  const namespace = global ? undefined : namespaceOf(o);
  const object = global
    ? `GlobalNetworkPolicy ${o.metadata.name}`
    : objectRef({ ...o, metadata: { ...o.metadata, namespace } });
  const spec = recordOf(o.spec);
  const problems: string[] = [];
  const unmodelled: string[] = [];
  const problem = (m: string): void => {
    problems.push(m);
  };
  const skip = (m: string): void => {
    unmodelled.push(m);
  };
  // A policy with a bad selector never exists (the API server rejects it); selecting with all()
  // lets every endpoint of its scope report it.
  const selector = selectorField(spec.selector, 'selector', problem) ?? ALL;
  const namespaceSelector = global
    ? selectorField(spec.namespaceSelector, 'namespaceSelector', problem, true)
    : undefined;
  const saSelector = selectorField(spec.serviceAccountSelector, 'serviceAccountSelector', problem, true);
  const order = spec.order === undefined ? undefined : Number(spec.order);
  if (order !== undefined && !Number.isFinite(order)) problems.push(`order: '${String(spec.order)}' is not a number`);
  const compileRules = (direction: Direction): CalicoRule[] =>
    arrayOf(spec[direction]).map((raw, i) =>
      compileRule(recordOf(raw), `${direction}[${i}]`, namespace, problem, skip),
    );
  const ingress = compileRules('ingress');
  const egress = compileRules('egress');
  const types = typesOf(spec, problems);
  return {
    object,
    tier: stringOf(spec.tier) ?? 'default',
    ...(order !== undefined && Number.isFinite(order) ? { order } : {}),
    sortName: namespace ? `${namespace}/${o.metadata.name}` : o.metadata.name,
    types,
    appliesTo: (subject, saLabels) =>
      (namespace === undefined || subject.pod.namespace === namespace) &&
      (namespaceSelector === undefined || calicoSelectorMatches(namespaceSelector, namespaceLabels(subject))) &&
      calicoSelectorMatches(selector, endpointLabels(subject)) &&
      (saSelector === undefined || calicoSelectorMatches(saSelector, saLabels)),
    ingress,
    egress,
    problems,
    unmodelled,
  };
}

const ALL: CalicoSelector = { kind: 'all' };

/**
 * A selector field: undefined when absent (or blank, when `blankIsAbsent`). A bad expression is a
 * problem (the policy then enforces nothing) and reads as `all()`, so that the policy is reported.
 */
function selectorField(
  raw: unknown,
  where: string,
  problem: (m: string) => void,
  blankIsAbsent = false,
): CalicoSelector | undefined {
  if (raw === undefined || (blankIsAbsent && String(raw).trim() === '')) return undefined;
  try {
    return parseCalicoSelector(String(raw));
  } catch (e) {
    problem(`${where}: ${(e as Error).message}`);
    return ALL;
  }
}

function typesOf(spec: Record<string, unknown>, problems: string[]): ReadonlySet<Direction> {
  if (spec.types === undefined) {
    const hasEgress = arrayOf(spec.egress).length > 0;
    const hasIngress = arrayOf(spec.ingress).length > 0;
    if (hasEgress && hasIngress) return new Set<Direction>(['ingress', 'egress']);
    return new Set<Direction>([hasEgress ? 'egress' : 'ingress']);
  }
  const out = new Set<Direction>();
  for (const t of arrayOf(spec.types)) {
    if (t === 'Ingress') out.add('ingress');
    else if (t === 'Egress') out.add('egress');
    else problems.push(`types: unsupported value '${String(t)}'`);
  }
  return out;
}

function protocolOf(raw: unknown, where: string, problem: (m: string) => void): string | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw);
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1 || n > 255) problem(`${where}: protocol number ${n} is outside 1-255`);
    return PROTOCOL_NUMBERS[text] ?? text;
  }
  const name = [...PROTOCOL_NAMES].find((p) => p.toLowerCase() === text.toLowerCase());
  if (!name) problem(`${where}: unknown protocol '${text}'`);
  return name ?? text;
}

function compileRule(
  r: Record<string, unknown>,
  where: string,
  namespace: string | undefined,
  problem: (m: string) => void,
  skip: (m: string) => void,
): CalicoRule {
  const action = String(r.action ?? '');
  if (!ACTIONS.has(action)) problem(`${where}.action: must be one of Allow, Deny, Pass, Log (got '${action}')`);
  const protocol = protocolOf(r.protocol, `${where}.protocol`, problem);
  const notProtocol = protocolOf(r.notProtocol, `${where}.notProtocol`, problem);
  const portsAllowed = protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP' || protocol === 'UDPLite';
  const source = compileEntityRule(recordOf(r.source), `${where}.source`, namespace, portsAllowed, problem);
  const destination = compileEntityRule(
    recordOf(r.destination),
    `${where}.destination`,
    namespace,
    portsAllowed,
    problem,
  );
  const unknown: string[] = [];
  if (r.http !== undefined) unknown.push(`${where}.http (application layer policy)`);
  for (const side of ['source', 'destination'] as const) {
    if (recordOf(r[side]).services !== undefined) unknown.push(`${where}.${side}.services`);
  }
  unknown.forEach(skip);
  return {
    rule: where,
    action: action as CalicoAction,
    matches: (f) => {
      if (unknown.length > 0) return false;
      if (protocol !== undefined && protocol !== f.protocol) return false;
      if (notProtocol !== undefined && notProtocol === f.protocol) return false;
      const src = f.direction === 'ingress' ? f.peer : f.subject;
      const dst = f.direction === 'ingress' ? f.subject : f.peer;
      const destPod = dst.kind === 'pod' ? dst : undefined;
      return source.matches(src, f, 'source', destPod) && destination.matches(dst, f, 'destination', destPod);
    },
  };
}

interface EntityMatcher {
  matches(e: Endpoint, f: CalicoFlow, side: 'source' | 'destination', destPod: PodEndpoint | undefined): boolean;
}

interface PortRange {
  readonly from: number;
  readonly to: number;
  readonly name?: string;
}

/**
 * Compiles a Calico entity rule (`source` or `destination`); every field present must match:
 * - `nets` / `notNets`: the endpoint's address is (not) in one of the CIDRs; a pod without a
 *   known IP never matches `nets` and is not excluded by `notNets`; a DNS name without a known
 *   address meets them only when every public address does (it may resolve to any);
 * - `selector` / `notSelector`: the endpoint is (not) a pod whose labels match (external
 *   addresses match no selector); without `namespaceSelector`, a NetworkPolicy's selector only
 *   sees pods of its own namespace, a GlobalNetworkPolicy's every namespace;
 * - `namespaceSelector`: the pod's namespace labels match (`global()` matches no pod);
 * - `serviceAccounts`: the pod's service account is among `names` and its labels match `selector`
 *   (same namespace rule as `selector`);
 * - `ports` / `notPorts`: numbers, ranges `"7000:7010"` and named ports (resolved against the
 *   destination pod's container ports); they need `protocol` TCP, UDP, SCTP or UDPLite. A source
 *   port is ephemeral and unknown here: source `ports` never match, source `notPorts` always do.
 * @see https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule
 */
function compileEntityRule(
  raw: Record<string, unknown>,
  where: string,
  namespace: string | undefined,
  portsAllowed: boolean,
  problem: (m: string) => void,
): EntityMatcher {
  const nets = cidrs(raw.nets, `${where}.nets`, problem);
  const notNets = cidrs(raw.notNets, `${where}.notNets`, problem);
  const selector = selectorField(raw.selector, `${where}.selector`, problem, true);
  const notSelector = selectorField(raw.notSelector, `${where}.notSelector`, problem, true);
  const namespaceSelector = selectorField(raw.namespaceSelector, `${where}.namespaceSelector`, problem, true);
  const sa = isRecord(raw.serviceAccounts) ? raw.serviceAccounts : undefined;
  const saNames = sa ? arrayOf(sa.names).map(String) : [];
  const saSelector = sa ? selectorField(sa.selector, `${where}.serviceAccounts.selector`, problem, true) : undefined;
  const ports = portRanges(raw.ports, `${where}.ports`, problem);
  const notPorts = portRanges(raw.notPorts, `${where}.notPorts`, problem);
  if ((ports || notPorts) && !portsAllowed)
    problem(`${where}: ports and notPorts need protocol TCP, UDP, SCTP or UDPLite`);
  const podScoped = selector !== undefined || namespaceSelector !== undefined || sa !== undefined;
  const mode = { matchesPods: true, matchesNodes: true };
  return {
    matches: (e, f, side, destPod) => {
      if (e.kind === 'fqdn' && !e.address && (nets || notNets)) {
        // The name may resolve to any public address: the CIDR criteria hold for it only when
        // every public address meets them, as for an ipBlock with `except`.
        if (!unresolvedNameMatches(nets, notNets ?? [])) return false;
      } else {
        if (nets && !nets.some((c) => addressBlockMatches(c, [], e, mode))) return false;
        if (notNets && notNets.some((c) => knownAddressIn(c, e))) return false;
      }
      if (podScoped) {
        if (e.kind !== 'pod') return false;
        if (namespaceSelector) {
          if (!calicoSelectorMatches(namespaceSelector, namespaceLabels(e))) return false;
        } else if (namespace !== undefined && e.pod.namespace !== namespace) {
          return false;
        }
        if (selector && !calicoSelectorMatches(selector, endpointLabels(e))) return false;
        if (sa) {
          if (saNames.length > 0 && !saNames.includes(e.pod.serviceAccount)) return false;
          if (
            saSelector &&
            !calicoSelectorMatches(saSelector, f.serviceAccountLabels(e.pod.namespace, e.pod.serviceAccount))
          )
            return false;
        }
      }
      if (notSelector && e.kind === 'pod' && calicoSelectorMatches(notSelector, endpointLabels(e))) return false;
      if (side === 'source') return ports === undefined;
      if (ports && !ports.some((p) => portIn(p, f, destPod))) return false;
      if (notPorts && notPorts.some((p) => portIn(p, f, destPod))) return false;
      return true;
    },
  };
}

/**
 * True when `nets` minus `notNets` holds every public address a DNS name without a known address
 * may resolve to: one of `nets` holds every public address of its family (as an ipBlock `/0`
 * does), or, without `nets`, `notNets` hold no public address of either family.
 */
function unresolvedNameMatches(nets: readonly Cidr[] | undefined, notNets: readonly Cidr[]): boolean {
  if (nets) return nets.some((c) => coversEveryPublicAddress(c, notNets));
  return [parseCidr('0.0.0.0/0') as Cidr, parseCidr('::/0') as Cidr].every((c) => coversEveryPublicAddress(c, notNets));
}

/** True when the endpoint has a known address inside the block (a pod without IP has none). */
function knownAddressIn(c: Cidr, e: Endpoint): boolean {
  if (e.kind === 'fqdn' && !e.address) return false;
  return addressBlockMatches(c, [], e, { matchesPods: true, matchesNodes: true });
}

function cidrs(raw: unknown, where: string, problem: (m: string) => void): Cidr[] | undefined {
  if (raw === undefined) return undefined;
  return arrayOf(raw).flatMap((v) => {
    const text = String(v);
    const c = parseCidr(text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`);
    if (!c) {
      problem(`${where}: invalid CIDR '${text}'`);
      return [];
    }
    return [c];
  });
}

function portRanges(raw: unknown, where: string, problem: (m: string) => void): PortRange[] | undefined {
  if (raw === undefined) return undefined;
  return arrayOf(raw).flatMap((v): PortRange[] => {
    if (typeof v === 'number') return [{ from: v, to: v }];
    const text = String(v);
    const range = /^(\d+):(\d+)$/.exec(text);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (from > to || to > 65535) {
        problem(`${where}: invalid port range '${text}'`);
        return [];
      }
      return [{ from, to }];
    }
    if (/^\d+$/.test(text)) return [{ from: Number(text), to: Number(text) }];
    if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(text)) return [{ from: 0, to: -1, name: text }];
    problem(`${where}: invalid port '${text}'`);
    return [];
  });
}

function portIn(p: PortRange, f: CalicoFlow, destPod: PodEndpoint | undefined): boolean {
  if (p.name === undefined) return f.port >= p.from && f.port <= p.to;
  return (
    destPod !== undefined &&
    destPod.pod.containerPorts.some((c) => c.name === p.name && c.containerPort === f.port && c.protocol === f.protocol)
  );
}
