import { FlowProtocol } from '../cluster';
import { AddressBlockMode, addressBlockMatches } from '../engine/address-block';
import { Endpoint } from '../engine/endpoint';
import { CompiledRule, Direction, EVERY_PORT, PodScope, PortClause, PortMatcher, unionScopes } from '../engine/rule';
import { arrayOf, isRecord, recordOf, stringOf } from '../json';
import { Cidr, cidrCovers, parseCidr } from '../match/ip';
import { LabelSelector, parseLabelSelector, selectorMatches } from '../match/label-selector';
import { KubeObject, namespaceOf, objectRef } from '../policy-set';

/** A NetworkPolicy, compiled for evaluation. */
export interface CompiledNetworkPolicy {
  /** `NetworkPolicy namespace/name`. */
  readonly object: string;
  readonly namespace: string;
  /** `spec.podSelector`: which pods of `namespace` the policy selects. */
  readonly podSelector: LabelSelector;
  /** Directions the policy isolates (its effective `policyTypes`). */
  readonly isolates: ReadonlySet<Direction>;
  readonly ingress: readonly CompiledRule[];
  readonly egress: readonly CompiledRule[];
  /** Validation errors; a policy with any is rejected by the API server and enforces nothing. */
  readonly problems: readonly string[];
}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);
/** The namespace label every namespace carries (immutable, set by the API server). */
const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Compiles a `networking.k8s.io/v1` NetworkPolicy (upstream semantics, SEMANTICS B1):
 * - `policyTypes` defaults to `Ingress`, plus `Egress` when `egress` has rules;
 * - a rule without `from`/`to` matches every peer, a rule without `ports` every port;
 * - a peer element ANDs its `namespaceSelector` and `podSelector`; elements are ORed; a lone
 *   `podSelector` means the policy's namespace, a lone `namespaceSelector: {}` every namespace;
 * - `ipBlock` matches addresses inside `cidr` and outside every `except` (IPv4 and IPv6), and
 *   pod or node addresses only when the CNI does (`mode`). An FQDN endpoint without a resolved
 *   address matches only an ipBlock that contains every public address;
 * - `protocol` defaults to TCP; a named `port` resolves against the destination pod's container
 *   ports; `endPort` makes a range.
 * Problems the API server would reject (an empty peer, an ipBlock mixed with selectors, an
 * `except` outside its `cidr`, a bad `endPort`) are collected in `problems`.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export function compileNetworkPolicy(o: KubeObject, mode: AddressBlockMode): CompiledNetworkPolicy {
  const object = objectRef(o);
  const namespace = namespaceOf(o);
  const spec = recordOf(o.spec);
  const problems: string[] = [];
  const compileRules = (direction: Direction): CompiledRule[] => {
    const peerKey = direction === 'ingress' ? 'from' : 'to';
    return arrayOf(spec[direction]).map((raw, i) => {
      const where = `${direction}[${i}]`;
      const rule = recordOf(raw);
      const peers = arrayOf(rule[peerKey]).map((p, j) =>
        compilePeer(p, `${peerKey}[${j}]`, namespace, mode, (m) => problems.push(`${where}.${m}`)),
      );
      const ports = arrayOf(rule.ports).map((p, j) =>
        compilePort(p, (m) => problems.push(`${where}.ports[${j}]: ${m}`)),
      );
      const clauses: PortClause[] = ports.length === 0 ? [EVERY_PORT] : [{ label: 'ports', ports }];
      const peerNamespaces = peers.length === 0 ? undefined : unionScopes(peers.map((p) => p.scope));
      return {
        object,
        rule: where,
        clauses,
        peer: peers.length === 0 ? () => '' : (e: Endpoint) => peers.find((p) => p.matches(e))?.label,
        ...(peerNamespaces ? { peerNamespaces } : {}),
      };
    });
  };
  let podSelector: LabelSelector;
  try {
    podSelector = parseLabelSelector(spec.podSelector);
  } catch (e) {
    problems.push(`podSelector: ${(e as Error).message}`);
    podSelector = parseLabelSelector({});
  }
  const ingress = compileRules('ingress');
  const egress = compileRules('egress');
  return { object, namespace, podSelector, isolates: policyTypes(spec, problems), ingress, egress, problems };
}

function policyTypes(spec: Record<string, unknown>, problems: string[]): ReadonlySet<Direction> {
  if (spec.policyTypes === undefined) {
    const types = new Set<Direction>(['ingress']);
    if (arrayOf(spec.egress).length > 0) types.add('egress');
    return types;
  }
  const types = new Set<Direction>();
  for (const t of arrayOf(spec.policyTypes)) {
    if (t === 'Ingress') types.add('ingress');
    else if (t === 'Egress') types.add('egress');
    else problems.push(`policyTypes: unsupported value '${String(t)}'`);
  }
  return types;
}

interface PeerMatcher {
  readonly label: string;
  readonly scope: PodScope;
  matches(e: Endpoint): boolean;
}

function compilePeer(
  raw: unknown,
  label: string,
  namespace: string,
  mode: AddressBlockMode,
  problem: (m: string) => void,
): PeerMatcher {
  const p = recordOf(raw);
  const hasPods = isRecord(p.podSelector);
  const hasNamespaces = isRecord(p.namespaceSelector);
  const none: PeerMatcher = { label, scope: 'none', matches: () => false };
  if (p.ipBlock !== undefined) {
    if (hasPods || hasNamespaces) {
      problem(`${label}: ipBlock cannot be combined with podSelector or namespaceSelector`);
      return none;
    }
    return compileIpBlock(recordOf(p.ipBlock), label, mode, problem) ?? none;
  }
  if (!hasPods && !hasNamespaces) {
    problem(`${label}: must specify a peer`);
    return none;
  }
  let pods: LabelSelector | undefined;
  let namespaces: LabelSelector | undefined;
  try {
    pods = hasPods ? parseLabelSelector(p.podSelector) : undefined;
    namespaces = hasNamespaces ? parseLabelSelector(p.namespaceSelector) : undefined;
  } catch (e) {
    problem(`${label}: ${(e as Error).message}`);
    return none;
  }
  const pinned = namespaces?.requirements.find((r) => r.key === NAME_LABEL && r.operator === 'In')?.values;
  return {
    label,
    scope: namespaces ? (pinned ? new Set(pinned) : undefined) : new Set([namespace]),
    matches: (e) =>
      e.kind === 'pod' &&
      (namespaces ? selectorMatches(namespaces, e.namespace.labels) : e.pod.namespace === namespace) &&
      (pods ? selectorMatches(pods, e.pod.labels) : true),
  };
}

function compileIpBlock(
  b: Record<string, unknown>,
  label: string,
  mode: AddressBlockMode,
  problem: (m: string) => void,
): PeerMatcher | undefined {
  const cidrText = stringOf(b.cidr) ?? '';
  const cidr = parseCidr(cidrText);
  if (!cidr || !cidrText.includes('/')) {
    problem(`${label}.ipBlock: invalid cidr '${cidrText}'`);
    return undefined;
  }
  const except: Cidr[] = [];
  for (const raw of arrayOf(b.except)) {
    const text = stringOf(raw) ?? '';
    const e = parseCidr(text);
    if (!e || !text.includes('/')) {
      problem(`${label}.ipBlock.except: invalid cidr '${text}'`);
      return undefined;
    }
    if (!cidrCovers(cidr, e) || e.prefix <= cidr.prefix) {
      problem(`${label}.ipBlock.except: '${text}' must be a strict subset of cidr '${cidrText}'`);
      return undefined;
    }
    except.push(e);
  }
  return {
    label: `${label}.ipBlock ${cidrText}${except.length > 0 ? ` except ${except.map((x) => x.text).join(',')}` : ''}`,
    scope: mode.matchesPods ? undefined : 'none',
    matches: (e) => addressBlockMatches(cidr, except, e, mode),
  };
}

function compilePort(raw: unknown, problem: (m: string) => void): PortMatcher {
  const p = recordOf(raw);
  const protocol = stringOf(p.protocol) ?? 'TCP';
  const never: PortMatcher = { protocols: new Set(), text: 'invalid' };
  if (!PROTOCOLS.has(protocol)) {
    problem(`unsupported protocol '${protocol}'`);
    return never;
  }
  const protocols = new Set([protocol as FlowProtocol]);
  const port = p.port;
  const endPort = typeof p.endPort === 'number' ? p.endPort : undefined;
  if (port === undefined) {
    if (endPort !== undefined) problem('endPort requires port');
    return endPort !== undefined ? never : { protocols, text: `any/${protocol}` };
  }
  const numeric = typeof port === 'number' ? port : /^\d+$/.test(String(port)) ? Number(port) : undefined;
  if (numeric === undefined) {
    if (endPort !== undefined) {
      problem('endPort cannot be used with a named port');
      return never;
    }
    return { protocols, name: String(port), text: `${String(port)}/${protocol}` };
  }
  if (endPort !== undefined) {
    if (endPort < numeric) {
      problem(`endPort ${endPort} must be >= port ${numeric}`);
      return never;
    }
    return { protocols, port: numeric, endPort, text: `${numeric}-${endPort}/${protocol}` };
  }
  return { protocols, port: numeric, text: `${numeric}/${protocol}` };
}
