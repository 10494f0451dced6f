import { Target } from '../target';
import { checkIstio } from './check';
import { istioDescriptor } from './descriptor';
import { checkGuardrails, renderGuardrails } from './guardrails';
import { renderIstio } from './render';

/**
 * The Istio target: renders the destination side of a planned topology as `security.istio.io/v1`
 * PeerAuthentication and AuthorizationPolicy, plus waypoint Gateways in ambient mode, enforced by
 * the mesh (sidecars, or ztunnel and waypoints). Sources are mesh identities (principals,
 * namespaces), CIDRs or any peer; L7 is HTTP (gRPC as HTTP/2). In ambient mode every L7 rule is
 * enforced by a waypoint and ztunnel policies stay L4.
 *
 * Not expressible, hence not declared: namespaces by label, regex paths, port ranges, named ports,
 * DNS names, entities, SCTP, Kafka. Guardrails: ingress denies by namespace as DENY policies in
 * the mesh root namespace; allow guardrails are refused (see `./guardrails`).
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export const istioTarget: Target = {
  ...istioDescriptor,
  check: (ir) => [...checkIstio(ir), ...checkGuardrails(ir)],
  render: (ir) => [...renderIstio(ir), ...renderGuardrails(ir)],
};

export { renderIstio } from './render';
export { checkIstio } from './check';
export { istioDescriptor } from './descriptor';
export { IstioDiagnosticCode } from './diagnostics';
export * from './manifests';
