import { IrTopology } from '../../ir/types';
import { RenderContext } from '../../plan/target-descriptor';
import { Diagnostic, ErrorCode } from '../../validation/codes';
import { apiVersionOf } from './render';

/** CNI targets known not to implement the network-policy-api, with the upstream reference. */
const NOT_IMPLEMENTED_BY: { readonly [target: string]: string } = {
  cilium:
    'Cilium does not implement AdminNetworkPolicy or ClusterNetworkPolicy (cilium/cilium #23380); its own guardrails are CiliumClusterwideNetworkPolicy deny rules, which the cilium target writes',
};

/**
 * What the network-policy-api cannot express for this profile, one problem each:
 * - a profile whose CNI does not implement the API (the objects would be ignored);
 * - node and DNS-name peers (the vendored standard-channel CRDs have neither `nodes` nor
 *   `domainNames`);
 * - in `v1alpha1`: a baseline pass (BaselineAdminNetworkPolicy takes Allow and Deny only), and
 *   baseline guardrails of different subjects (the singleton `default` has one subject).
 */
export function checkGuardrails(ir: IrTopology, ctx: RenderContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const guardrails = ir.guardrails ?? [];
  for (const t of ctx.profileTargets) {
    const why = NOT_IMPLEMENTED_BY[t];
    if (why)
      out.push({
        code: ErrorCode.NETPOL_API_PROFILE,
        path: ir.path,
        message: `profile '${ctx.profile}' combines network-policy-api with ${t}: ${why}. Remove network-policy-api from this profile`,
      });
  }
  const version = apiVersionOf(ir);
  const crd = version === 'v1alpha1' ? 'AdminNetworkPolicy (v0.1.8)' : 'ClusterNetworkPolicy (v0.2.0)';
  for (const g of guardrails) {
    if (g.peers.some((p) => p.kind === 'nodes'))
      out.push({
        code: ErrorCode.NETPOL_API_NODES,
        path: g.path,
        message: `a node peer: the standard-channel ${crd} CRD has no 'nodes' peer (it is experimental upstream; an API server would prune it and leave an empty peer). Name the nodes by network (GuardrailPeer.cidr() of the node subnet)`,
      });
    if (g.peers.some((p) => p.kind === 'domains'))
      out.push({
        code: ErrorCode.NETPOL_API_DOMAINS,
        path: g.path,
        message: `a DNS-name peer: the standard-channel ${crd} CRD has no 'domainNames' peer${version === 'v1alpha1' ? ' (AdminNetworkPolicy has none in any channel)' : ' (it is experimental upstream)'}. Name the destination by network (GuardrailPeer.cidr()), or allow the names per app with EgressFqdn`,
      });
  }
  if (version === 'v1alpha1') {
    const baseline = guardrails.filter((g) => g.tier === 'baseline');
    for (const g of baseline) {
      if (g.action === 'pass') {
        out.push({
          code: ErrorCode.NETPOL_API_NOT_EXPRESSIBLE,
          path: g.path,
          message:
            'a baseline pass: BaselineAdminNetworkPolicy (v1alpha1) takes Allow and Deny only. Use NetworkPolicyApiVersion.V1ALPHA2, or drop the guardrail (a baseline pass is where evaluation ends anyway)',
        });
      }
      if (JSON.stringify(g.subject) !== JSON.stringify(baseline[0].subject)) {
        out.push({
          code: ErrorCode.NETPOL_API_NOT_EXPRESSIBLE,
          path: g.path,
          message: `baseline guardrail selects other pods than '${baseline[0].path}': the BaselineAdminNetworkPolicy singleton 'default' (v1alpha1) has one subject. Give the baseline guardrails one subject, or use NetworkPolicyApiVersion.V1ALPHA2`,
        });
      }
    }
  }
  return out;
}
