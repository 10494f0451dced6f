import { IrIndex } from '../../ir/query';
import { IrLabels, IrRule, IrWorkload } from '../../ir/types';
import {
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  networkPolicy,
  NetworkPolicyManifest,
} from './network-policy';
import { renderPeer } from './peers';
import { renderPorts } from './ports';
import { isEmptyLabels, workloadSelector } from './selectors';
import { Where } from './where';

/**
 * The allow policies of one workload: `<workload>-ingress` then `<workload>-egress`, each with
 * one rule per IR rule in IR order. A direction with no rules (or one its zone leaves open)
 * produces no object.
 */
export function workloadPolicies(w: IrWorkload, index: IrIndex, labels: IrLabels): NetworkPolicyManifest[] {
  const inbound = index.ingressRules(w);
  const outbound = index.egressRules(w);
  if (inbound.length === 0 && outbound.length === 0) return [];
  if (isEmptyLabels(w.selector)) {
    throw new Error(`IR invariant broken: workload '${w.id}' has an empty selector`);
  }
  const out: NetworkPolicyManifest[] = [];
  if (inbound.length > 0) {
    out.push(
      networkPolicy(`${w.name}-ingress`, w.namespace, labels, {
        podSelector: workloadSelector(w),
        policyTypes: ['Ingress'],
        ingress: inbound.map((r) => ingressRule(r, w, index)),
      }),
    );
  }
  if (outbound.length > 0) {
    out.push(
      networkPolicy(`${w.name}-egress`, w.namespace, labels, {
        podSelector: workloadSelector(w),
        policyTypes: ['Egress'],
        egress: outbound.map((r) => egressRule(r, w, index)),
      }),
    );
  }
  return out;
}

// An `any` peer (every source or destination) is a rule without `from` / `to`.
function ingressRule(rule: IrRule, w: IrWorkload, index: IrIndex): NetworkPolicyIngressRule {
  const where = expressible(rule);
  const ports = renderPorts(rule.ports, where);
  const from = rule.from.kind === 'any' ? undefined : [renderPeer(rule.from, w.namespace, index, where)];
  return { ...(from ? { from } : {}), ...(ports ? { ports } : {}) };
}

function egressRule(rule: IrRule, w: IrWorkload, index: IrIndex): NetworkPolicyEgressRule {
  const where = expressible(rule);
  const ports = renderPorts(rule.ports, where);
  const to = rule.to.kind === 'any' ? undefined : [renderPeer(rule.to, w.namespace, index, where)];
  return { ...(to ? { to } : {}), ...(ports ? { ports } : {}) };
}

/** Checks that the rule carries no L7 (which NetworkPolicy cannot see) and names it for messages. */
function expressible(rule: IrRule): Where {
  const where = () => `rule '${rule.id}' (${rule.paths.join(', ')})`;
  if (rule.l7 !== undefined) {
    throw new Error(`IR invariant broken: ${where()}: ${rule.l7.kind} L7 rules cannot be expressed by NetworkPolicy`);
  }
  return where;
}
