import { IrGuardrail, IrLabels, IrTopology } from '../../ir/types';
import { Diagnostic, ErrorCode } from '../../validation/codes';
import { sortedLabels } from '../../validation/sorted-keys';
import { EndpointSelector, LabelRequirement, PortProtocol } from './cnp';
import { NAMESPACE_LABEL, NAMESPACE_LABELS_PREFIX } from './endpoints';
import { Ports, Region, regionsOf, Selector, subtractAll } from './guardrail-regions';
import { Manifest } from '../target';

/**
 * Cilium has no priorities: a deny rule wins over every allow, and allows are a union. The
 * guardrails are therefore rendered as CiliumClusterwideNetworkPolicy with the priority order
 * compiled in:
 * - a deny admits no exception of its own, so from each deny guardrail the traffic of every
 *   higher-priority allow and pass (same direction) is carved out (`NotIn` selectors, port ranges
 *   around the allowed ports, CIDR exceptions), and what is left becomes `ingressDeny` /
 *   `egressDeny` rules;
 * - an allow guardrail, minus the higher-priority passes, becomes allow rules; a higher deny wins
 *   anyway;
 * - a pass renders nothing: it only narrows the guardrails below it;
 * - every policy sets `enableDefaultDeny: {ingress: false, egress: false}`, so a guardrail never
 *   puts a pod into default deny;
 * - a baseline allow or pass renders nothing (a pod no policy selects is allowed anyway); a
 *   baseline deny is refused by `checkGuardrails` (Cilium cannot apply a rule only to pods no
 *   other policy selects).
 * @see https://docs.cilium.io/en/stable/security/policy/language/#deny-policies
 */
export function renderGuardrails(ir: IrTopology): Manifest[] {
  const admin = (ir.guardrails ?? []).filter((g) => g.tier === 'admin');
  const out: Manifest[] = [];
  for (const g of admin) {
    if (g.action === 'pass') continue;
    const higher = admin.filter(
      (h) =>
        h.priority < g.priority &&
        h.direction === g.direction &&
        (h.action === 'pass' || (g.action === 'deny' && h.action === 'allow')),
    );
    const pieces = dedupe(subtractAll(regionsOf(g), higher.flatMap(regionsOf)));
    if (pieces.length === 0) continue;
    const subjects = [...new Set(pieces.map((p) => JSON.stringify(p.subject)))];
    const key = `${g.direction}${g.action === 'deny' ? 'Deny' : ''}`;
    const specs = subjects.map((s) => ({
      endpointSelector: selector(JSON.parse(s) as Selector, false),
      [key]: pieces.filter((p) => JSON.stringify(p.subject) === s).map((p) => rule(p, g)),
      enableDefaultDeny: { ingress: false, egress: false },
    }));
    out.push({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumClusterwideNetworkPolicy',
      metadata: { name: g.name, labels: sortedLabels(ir.settings.commonLabels) },
      ...(specs.length === 1 ? { spec: specs[0] } : { specs }),
    });
  }
  return out;
}

/**
 * What Cilium cannot express exactly, one problem per guardrail and kind: a baseline deny; node
 * peers (the priority order is compiled by set algebra on pod labels, ports and networks, which
 * node selectors are not part of); DNS-name peers (`toFQDNs` is not allowed in `egressDeny`, and
 * allowed names cannot be carved out of, or ordered against, networks).
 * @see https://docs.cilium.io/en/stable/security/policy/language/#deny-policies
 */
export function checkGuardrails(ir: IrTopology): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const g of ir.guardrails ?? []) {
    if (g.tier === 'baseline' && g.action === 'deny')
      out.push({
        code: ErrorCode.CILIUM_GUARDRAIL_BASELINE,
        path: g.path,
        message:
          'a baseline deny: Cilium has no baseline tier and cannot apply a rule only to pods no other policy selects (a deny rule would beat the app allows too). Make it an ADMIN guardrail with a priority below the passes the apps may decide, or use a profile with the network-policy-api',
      });
    if (g.peers.some((p) => p.kind === 'nodes'))
      out.push({
        code: ErrorCode.CILIUM_GUARDRAIL_NODES,
        path: g.path,
        message:
          'a node peer: Cilium has no priorities, so the guardrail order is compiled by carving pod selectors, ports and networks out of each other, and node selectors cannot be carved out exactly. Name the nodes by network (GuardrailPeer.cidr() of the node subnet)',
      });
    if (g.peers.some((p) => p.kind === 'domains'))
      out.push({
        code: ErrorCode.CILIUM_GUARDRAIL_DOMAINS,
        path: g.path,
        message:
          g.action === 'deny'
            ? 'a deny of DNS names: Cilium does not allow toFQDNs in egressDeny rules, so the names cannot be denied. Name the networks behind them instead (GuardrailPeer.cidr())'
            : 'a DNS-name peer: Cilium has no priorities, and names resolved at run time cannot be carved out of, or ordered against, the networks of other guardrails. Name the destination by network (GuardrailPeer.cidr()), or allow the names per app with EgressFqdn',
      });
  }
  return out;
}

function dedupe(regions: readonly Region[]): Region[] {
  const seen = new Set<string>();
  return regions.filter((r) => {
    const k = JSON.stringify(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function rule(p: Region, g: IrGuardrail): Record<string, unknown> {
  const peerKey = g.direction === 'ingress' ? 'from' : 'to';
  const peer =
    p.peer.kind === 'pods'
      ? { [`${peerKey}Endpoints`]: [selector(p.peer.selector, true)] }
      : {
          [`${peerKey}CIDRSet`]: [
            p.peer.except.length > 0 ? { cidr: p.peer.cidr, except: [...p.peer.except] } : { cidr: p.peer.cidr },
          ],
        };
  return { ...peer, ...toPorts(p.ports) };
}

function toPorts(ports: Ports): Record<string, unknown> {
  if (ports === 'all') return {};
  const list: PortProtocol[] = ports.map((r) =>
    r.lo === 1 && r.hi === 65535
      ? { port: '0', protocol: r.protocol }
      : r.lo === r.hi
        ? { port: String(r.lo), protocol: r.protocol }
        : { port: String(r.lo), endPort: r.hi, protocol: r.protocol },
  );
  return { toPorts: [{ ports: list }] };
}

/**
 * An endpoint selector: pod labels as they are, namespace labels under Cilium's
 * `io.cilium.k8s.namespace.labels.` prefix; a peer also requires the pod-namespace label, so it
 * matches pods only, in every namespace.
 */
function selector(s: Selector, peer: boolean): EndpointSelector {
  const matchLabels: { [key: string]: string } = {};
  const matchExpressions: LabelRequirement[] = [];
  for (const r of s) {
    const key = r.scope === 'ns' ? `${NAMESPACE_LABELS_PREFIX}${r.key}` : r.key;
    if (r.operator === 'In' && r.values.length === 1) matchLabels[key] = r.values[0];
    else
      matchExpressions.push(
        r.operator === 'Exists' || r.operator === 'DoesNotExist'
          ? { key, operator: r.operator }
          : { key, operator: r.operator, values: [...r.values] },
      );
  }
  if (peer) matchExpressions.push({ key: NAMESPACE_LABEL, operator: 'Exists' });
  const labels: IrLabels = sortedLabels(matchLabels);
  return {
    ...(Object.keys(labels).length > 0 ? { matchLabels: labels } : {}),
    ...(matchExpressions.length > 0
      ? {
          matchExpressions: matchExpressions.sort(
            (a, b) => a.key.localeCompare(b.key) || a.operator.localeCompare(b.operator),
          ),
        }
      : {}),
  };
}
