import { Target } from '../target';
import { checkLinkerd } from './check';
import { linkerdDescriptor } from './descriptor';
import { renderLinkerd } from './render';

/**
 * The Linkerd target: renders the destination side of a planned topology as `policy.linkerd.io`
 * Server, AuthorizationPolicy, MeshTLSAuthentication, NetworkAuthentication and HTTPRoute objects,
 * enforced by the proxy of each meshed pod. Sources are mTLS identities
 * (`<sa>.<ns>.serviceaccount.identity.linkerd.<trust domain>`), CIDRs or any peer; L7 is HTTP
 * (gRPC as HTTP/2) through HTTPRoutes attached to a Server. Zones are enrolled by the
 * `linkerd.io/inject` namespace annotation, and zones that deny ingress get
 * `config.linkerd.io/default-inbound-policy: deny`.
 *
 * Not expressible, hence not declared: namespaces by label, port ranges, named ports, DNS names,
 * entities, SCTP, Kafka, ambient mode.
 *
 * @see https://linkerd.io/2/reference/authorization-policy/
 * @see https://linkerd.io/2/features/server-policy/
 */
export const linkerdTarget: Target = {
  ...linkerdDescriptor,
  check: (ir) => checkLinkerd(ir),
  render: (ir) => renderLinkerd(ir),
};

export { renderLinkerd } from './render';
export { checkLinkerd } from './check';
export { linkerdDescriptor, LINKERD_DATA_PLANE } from './descriptor';
