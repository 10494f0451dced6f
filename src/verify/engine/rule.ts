import { FlowProtocol, HttpRequest, PodInfo } from '../cluster';
import { Endpoint } from './endpoint';

/** Traffic direction, from the point of view of the pod a policy selects. */
export type Direction = 'ingress' | 'egress';

/** Every protocol a port rule can name. */
export const ALL_PROTOCOLS: ReadonlySet<FlowProtocol> = new Set<FlowProtocol>(['TCP', 'UDP', 'SCTP']);

/**
 * One port entry of a rule: protocols, and a number, a range, a container-port name, or none
 * (every port of those protocols).
 */
export interface PortMatcher {
  readonly protocols: ReadonlySet<FlowProtocol>;
  readonly port?: number;
  readonly endPort?: number;
  /** A named port, resolved against the destination pod's container ports. */
  readonly name?: string;
  /** As written, for messages: `8080/TCP`, `7000-7010/TCP`, `http/TCP`, `any/UDP`. */
  readonly text: string;
}

/** One HTTP rule of an L7 policy. */
export interface HttpRuleMatcher {
  /** Where it is written, e.g. `toPorts[0].rules.http[1]`. */
  readonly label: string;
  /** Canonical text, e.g. `GET /api/.*`. */
  readonly text: string;
  /** Why the request fails this rule, or undefined when it matches. */
  mismatch(request: HttpRequest): string | undefined;
}

/** An L7 restriction on a port: only matching requests pass. */
export type L7Policy =
  | { readonly kind: 'http'; readonly rules: readonly HttpRuleMatcher[] }
  /** An L7 protocol this engine does not evaluate requests for (Kafka, `l7proto`). */
  | { readonly kind: 'other'; readonly protocol: string }
  /** A DNS-proxy rule: which names may be looked up. */
  | { readonly kind: 'dns'; readonly names: readonly string[]; allowsName(name: string): boolean };

/** A set of ports with an optional L7 restriction (a NetworkPolicy `ports` list, a Cilium `toPorts` entry). */
export interface PortClause {
  /** Where it is written (`ports`, `toPorts[1]`). */
  readonly label: string;
  /** Empty = every port and protocol. */
  readonly ports: readonly PortMatcher[];
  readonly l7?: L7Policy;
}

/**
 * One allow (or deny) rule of a policy, compiled: which peers, which ports. Both the NetworkPolicy
 * and the Cilium evaluators compile their rules to this shape, so that matching and explanation
 * are written once.
 */
export interface CompiledRule {
  /** `Kind namespace/name`. */
  readonly object: string;
  /** Position in the object, e.g. `ingress[1]` or `specs[0].egress[2]`. */
  readonly rule: string;
  /**
   * Matches a peer; returns which element matched (e.g. `from[1]`) or undefined. Named `peer`
   * because it sees only the other end of the flow.
   */
  peer(peer: Endpoint): string | undefined;
  /** Port clauses; a rule matches on a port when one clause does. Never empty. */
  readonly clauses: readonly PortClause[];
  /** True when the rule matches peers by DNS name (Cilium `toFQDNs`). */
  readonly byDnsName?: boolean;
  /**
   * When set, the only namespaces whose pods `peer` can match (other endpoints are unaffected);
   * a hint that lets bulk evaluation skip the rest. Undefined = any namespace.
   */
  readonly peerNamespaces?: ReadonlySet<string>;
}

/** A rule that matched a flow: the rule, the peer element, and the clause whose port matched. */
export interface RuleMatch {
  readonly rule: CompiledRule;
  readonly peer: string;
  readonly clause: PortClause;
}

/** The clause that admits every port (a rule without a port list). */
export const EVERY_PORT: PortClause = { label: 'all ports', ports: [] };

/** True when a port entry covers `port`/`protocol` on the destination pod `dest`. */
export function portMatches(m: PortMatcher, port: number, protocol: FlowProtocol, dest: PodInfo | undefined): boolean {
  if (!m.protocols.has(protocol)) return false;
  if (m.name !== undefined) {
    return (
      dest !== undefined &&
      dest.containerPorts.some((c) => c.name === m.name && c.protocol === protocol && c.containerPort === port)
    );
  }
  if (m.port === undefined) return true;
  if (m.endPort !== undefined) return port >= m.port && port <= m.endPort;
  return port === m.port;
}

/** True when a clause covers the port (a clause without ports covers every port). */
export function clauseMatches(c: PortClause, port: number, protocol: FlowProtocol, dest: PodInfo | undefined): boolean {
  return c.ports.length === 0 || c.ports.some((m) => portMatches(m, port, protocol, dest));
}

/** The clauses of a rule that cover the port (empty when the port does not match). */
export function matchingClauses(
  rule: CompiledRule,
  port: number,
  protocol: FlowProtocol,
  dest: PodInfo | undefined,
): PortClause[] {
  return rule.clauses.filter((c) => clauseMatches(c, port, protocol, dest));
}

/** Every (rule, clause) that matches the peer and the port. */
export function matchRules(
  rules: readonly CompiledRule[],
  peer: Endpoint,
  port: number,
  protocol: FlowProtocol,
  dest: PodInfo | undefined,
): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const rule of rules) {
    const clauses = matchingClauses(rule, port, protocol, dest);
    if (clauses.length === 0) continue;
    const which = rule.peer(peer);
    if (which === undefined) continue;
    for (const clause of clauses) out.push({ rule, peer: which, clause });
  }
  return out;
}

/**
 * Where a peer element can match pods: a set of namespaces, `none` (it never matches a pod), or
 * undefined (any namespace).
 */
export type PodScope = ReadonlySet<string> | 'none' | undefined;

/** The union of the scopes of a rule's peer elements, as `CompiledRule.peerNamespaces`. */
export function unionScopes(scopes: readonly PodScope[]): ReadonlySet<string> | undefined {
  const out = new Set<string>();
  for (const s of scopes) {
    if (s === undefined) return undefined;
    if (s !== 'none') s.forEach((n) => out.add(n));
  }
  return out;
}

/** Text of a flow's port: `8080/TCP`. */
export function portText(port: number, protocol: FlowProtocol): string {
  return `${port}/${protocol}`;
}
