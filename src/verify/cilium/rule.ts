import { AddressBlockMode, addressBlockMatches } from '../engine/address-block';
import { ClusterView, Endpoint, isNode } from '../engine/endpoint';
import { CompiledRule, Direction, EVERY_PORT, PodScope, PortClause, unionScopes } from '../engine/rule';
import { arrayOf, isRecord, recordOf, stringOf } from '../json';
import { Cidr, parseCidr } from '../match/ip';
import { parseLabelSelector, selectorMatches } from '../match/label-selector';
import { KubeObject, namespaceOf, objectRef } from '../policy-set';
import { ENTITIES, entityMatches } from './entities';
import { compileDnsSelector } from './fqdn';
import {
  CiliumSelector,
  ciliumSelectorMatches,
  ciliumSelectorOf,
  identityLabels,
  NAMESPACE_KEY,
  parseCiliumSelector,
  peerSelector,
  selectorNamespaces,
} from './labels';
import { compilePortRule } from './ports';

/** One rule (`spec` or `specs[i]`) of a CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy, compiled. */
export interface CompiledCiliumRule {
  /** `CiliumNetworkPolicy namespace/name` or `CiliumClusterwideNetworkPolicy name`. */
  readonly object: string;
  /** The policy's namespace; undefined for a clusterwide policy. */
  readonly namespace?: string;
  /** Which pods it applies to; undefined for a host policy (`nodeSelector`), which selects no pod. */
  readonly subject?: CiliumSelector;
  /** Directions it puts into default deny. */
  readonly isolates: ReadonlySet<Direction>;
  readonly allow: { readonly [d in Direction]: readonly CompiledRule[] };
  readonly deny: { readonly [d in Direction]: readonly CompiledRule[] };
  /** Why Cilium rejects the rule (it then enforces nothing). */
  readonly problems: readonly string[];
  /** Parts this engine does not evaluate (reported, not fatal). */
  readonly unsupported: readonly string[];
}

type Peer = { readonly label: string; readonly scope: PodScope; matches(e: Endpoint): boolean };

/**
 * Compiles a CiliumNetworkPolicy (namespaced) or CiliumClusterwideNetworkPolicy (cluster-wide)
 * into one compiled rule per `spec` / `specs[i]` (SEMANTICS B2; cilium docs security/policy):
 * - `endpointSelector` selects pods of the policy's namespace (CNP) or of every namespace (CCNP);
 * - a non-empty `ingress`/`ingressDeny` (`egress`/`egressDeny`) section puts the selected pods in
 *   default deny for that direction, unless `enableDefaultDeny` turns it off for the direction;
 * - peers: `from/toEndpoints` (namespace defaulting in `peerSelector`), `from/toEntities`,
 *   `from/toCIDR`, `from/toCIDRSet` (with `except`; never pod IPs, node IPs only under
 *   `policyCIDRMatchMode: nodes`), `toFQDNs`, `toServices` (the Service's selector), `from/toNodes`
 *   (only the empty selector: every node). Peer fields are ORed; a rule with no peer field but
 *   `toPorts` admits every peer; a rule with neither (`{}`) admits nothing;
 * - `toPorts` (see `compilePortRule`); a rule without `toPorts` admits every port, one with only
 *   `icmps` no TCP/UDP/SCTP port.
 * A rule with no section at all is invalid ("rule must have at least one of Ingress,
 * IngressDeny, Egress, EgressDeny") and enforces nothing.
 */
export function compileCiliumPolicy(
  o: KubeObject,
  view: ClusterView,
  cidrMode: AddressBlockMode,
): CompiledCiliumRule[] {
  const clusterwide = o.kind === 'CiliumClusterwideNetworkPolicy';
  const namespace = clusterwide ? undefined : namespaceOf(o);
  const specs: Array<{ where: string; spec: Record<string, unknown> }> = [];
  if (isRecord(o.spec)) specs.push({ where: '', spec: o.spec });
  arrayOf(o.specs).forEach((s, i) => specs.push({ where: `specs[${i}].`, spec: recordOf(s) }));
  return specs.map(({ where, spec }) => compileSpec(objectRef(o), where, spec, namespace, view, cidrMode));
}

function compileSpec(
  object: string,
  where: string,
  spec: Record<string, unknown>,
  namespace: string | undefined,
  view: ClusterView,
  cidrMode: AddressBlockMode,
): CompiledCiliumRule {
  const problems: string[] = [];
  const unsupported: string[] = [];
  const problem = (m: string): void => {
    problems.push(m);
  };
  let subject: CiliumSelector | undefined;
  try {
    if (isRecord(spec.endpointSelector)) {
      if (isRecord(spec.nodeSelector)) problem(`${where}endpointSelector and nodeSelector are mutually exclusive`);
      const sel = parseCiliumSelector(spec.endpointSelector);
      // In a CNP the endpointSelector always applies in the policy's namespace.
      subject =
        namespace === undefined ? sel : ciliumSelectorOf(sel.requirements.filter((r) => r.key !== NAMESPACE_KEY));
    } else if (!isRecord(spec.nodeSelector)) {
      problem(`${where}rule must have an endpointSelector or a nodeSelector`);
    }
  } catch (e) {
    problem(`${where}endpointSelector: ${(e as Error).message}`);
  }
  const ctx: RuleContext = {
    object,
    namespace,
    view,
    cidrMode,
    problem: (m) => problem(`${where}${m}`),
    unsupported: (m) => unsupported.push(`${where}${m}`),
  };
  const section = (key: string, direction: Direction): CompiledRule[] =>
    arrayOf(spec[key]).map((r, i) => compileRule(recordOf(r), `${where}${key}[${i}]`, direction, ctx));
  const allow = { ingress: section('ingress', 'ingress'), egress: section('egress', 'egress') };
  const deny = { ingress: section('ingressDeny', 'ingress'), egress: section('egressDeny', 'egress') };
  if (allow.ingress.length + allow.egress.length + deny.ingress.length + deny.egress.length === 0) {
    problem(`${where}rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny`);
  }
  const enable = recordOf(spec.enableDefaultDeny);
  const isolates = new Set<Direction>();
  for (const d of ['ingress', 'egress'] as const) {
    if (allow[d].length + deny[d].length > 0 && enable[d] !== false) isolates.add(d);
  }
  return { object, namespace, subject, isolates, allow, deny, problems, unsupported };
}

interface RuleContext {
  readonly object: string;
  readonly namespace: string | undefined;
  readonly view: ClusterView;
  readonly cidrMode: AddressBlockMode;
  problem(m: string): void;
  unsupported(m: string): void;
}

function compileRule(r: Record<string, unknown>, label: string, direction: Direction, ctx: RuleContext): CompiledRule {
  const p = direction === 'ingress' ? 'from' : 'to';
  const peers: Peer[] = [];
  let hasL3 = false;
  const field = (name: string): readonly unknown[] => {
    const list = arrayOf(r[`${p}${name}`]);
    if (list.length > 0) hasL3 = true;
    return list;
  };
  field('Endpoints').forEach((raw, i) => {
    try {
      const sel = peerSelector(parseCiliumSelector(raw), ctx.namespace);
      peers.push({
        label: `${p}Endpoints[${i}] ${sel.text}`,
        scope: selectorNamespaces(sel),
        matches: (e) => ciliumSelectorMatches(sel, identityLabels(e)),
      });
    } catch (e) {
      ctx.problem(`${label}.${p}Endpoints[${i}]: ${(e as Error).message}`);
    }
  });
  for (const raw of field('Entities')) {
    const entity = String(raw);
    if (!ENTITIES.has(entity)) ctx.problem(`${label}.${p}Entities: unknown entity '${entity}'`);
    peers.push({
      label: `${p}Entities: ${entity}`,
      scope: entity === 'all' || entity === 'cluster' ? undefined : 'none',
      matches: (e) => entityMatches(entity, e),
    });
  }
  field('CIDR').forEach((raw, i) => {
    const block = cidrOf(stringOf(raw), `${label}.${p}CIDR[${i}]`, ctx);
    if (block)
      peers.push({
        label: `${p}CIDR[${i}] ${block.text}`,
        scope: cidrScope(ctx),
        matches: (e) => addressBlockMatches(block, [], e, ctx.cidrMode),
      });
  });
  field('CIDRSet').forEach((raw, i) => {
    const set = recordOf(raw);
    const where = `${label}.${p}CIDRSet[${i}]`;
    if (set.cidr === undefined) {
      ctx.unsupported(
        `${where}: CIDR groups (cidrGroupRef / cidrGroupSelector) are not evaluated; the entry matches nothing`,
      );
      return;
    }
    const block = cidrOf(stringOf(set.cidr), where, ctx);
    const except = arrayOf(set.except)
      .map((x, j) => cidrOf(stringOf(x), `${where}.except[${j}]`, ctx))
      .filter((x): x is Cidr => x !== undefined);
    if (block) {
      const text = `${p}CIDRSet[${i}] ${block.text}${except.length > 0 ? ` except ${except.map((x) => x.text).join(',')}` : ''}`;
      peers.push({
        label: text,
        scope: cidrScope(ctx),
        matches: (e) => addressBlockMatches(block, except, e, ctx.cidrMode),
      });
    }
  });
  field('Nodes').forEach((raw, i) => {
    if (
      isRecord(raw) &&
      Object.keys(raw).every((k) => arrayOf(raw[k]).length === 0 && Object.keys(recordOf(raw[k])).length === 0)
    ) {
      peers.push({ label: `${p}Nodes[${i}] {}`, scope: 'none', matches: (e) => e.kind === 'ip' && isNode(e) });
    } else {
      ctx.unsupported(`${label}.${p}Nodes[${i}]: node labels are not known here; the selector matches nothing`);
    }
  });
  if (field('Groups').length > 0)
    ctx.unsupported(`${label}.${p}Groups: cloud provider groups are not evaluated; they match nothing`);
  if (arrayOf(r[`${p}Requires`]).length > 0)
    ctx.unsupported(`${label}.${p}Requires: deprecated requirements are not evaluated (ignored)`);
  if (isRecord(r.authentication))
    ctx.unsupported(`${label}.authentication: mutual authentication is not evaluated (ignored)`);
  let byDnsName = false;
  if (direction === 'egress') {
    field('FQDNs').forEach((raw, i) => {
      const m = compileDnsSelector(recordOf(raw));
      if (!m) {
        ctx.problem(`${label}.toFQDNs[${i}]: needs matchName or matchPattern`);
        return;
      }
      byDnsName = true;
      peers.push({
        label: `toFQDNs[${i}] ${m.text}`,
        scope: 'none',
        matches: (e) => e.kind === 'fqdn' && m.matches(e.name),
      });
    });
    field('Services').forEach((raw, i) => peers.push(servicePeer(recordOf(raw), `toServices[${i}]`, ctx)));
  }
  const toPorts = arrayOf(r.toPorts);
  const clauses: PortClause[] =
    toPorts.length > 0
      ? toPorts.map((t, i) => compilePortRule(t, `toPorts[${i}]`, (m) => ctx.problem(`${label}.${m}`)))
      : arrayOf(r.icmps).length > 0
        ? []
        : [EVERY_PORT];
  let peer: (e: Endpoint) => string | undefined;
  if (hasL3) peer = (e) => peers.find((x) => x.matches(e))?.label;
  else if (toPorts.length > 0 || arrayOf(r.icmps).length > 0) peer = () => 'any peer';
  else peer = () => undefined;
  const peerNamespaces = hasL3 ? unionScopes(peers.map((x) => x.scope)) : undefined;
  return { object: ctx.object, rule: label, peer, clauses, byDnsName, ...(peerNamespaces ? { peerNamespaces } : {}) };
}

function cidrScope(ctx: RuleContext): PodScope {
  return ctx.cidrMode.matchesPods ? undefined : 'none';
}

function cidrOf(text: string | undefined, where: string, ctx: RuleContext): Cidr | undefined {
  const c = text === undefined ? undefined : parseCidr(text);
  if (!c) ctx.problem(`${where}: invalid CIDR '${text ?? ''}'`);
  return c;
}

/**
 * `toServices`: the pods behind a Service, by the Service's label selector (current Cilium; a
 * Service without selector has no pods here). `k8sService` names one Service; `k8sServiceSelector`
 * selects Services by label. The namespace defaults to the policy's.
 */
function servicePeer(raw: Record<string, unknown>, label: string, ctx: RuleContext): Peer {
  const byName = recordOf(raw.k8sService);
  const bySelector = recordOf(raw.k8sServiceSelector);
  const services = ctx.view.cluster.services
    .filter((s) => {
      if (isRecord(raw.k8sService)) {
        return s.name === stringOf(byName.serviceName) && s.namespace === (stringOf(byName.namespace) ?? ctx.namespace);
      }
      if (isRecord(raw.k8sServiceSelector)) {
        const ns = stringOf(bySelector.namespace) ?? ctx.namespace;
        return (
          (ns === undefined || s.namespace === ns) && selectorMatches(parseLabelSelector(bySelector.selector), s.labels)
        );
      }
      return false;
    })
    .filter((s) => Object.keys(s.selector).length > 0);
  return {
    label: `${label} ${services.map((s) => `${s.namespace}/${s.name}`).join(',') || '(no Service with a selector)'}`,
    scope: new Set(services.map((s) => s.namespace)),
    matches: (e) =>
      e.kind === 'pod' &&
      services.some(
        (s) => s.namespace === e.pod.namespace && Object.entries(s.selector).every(([k, v]) => e.pod.labels[k] === v),
      ),
  };
}
