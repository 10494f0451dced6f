/**
 * The Linkerd layer of the verify engine: Server, ServerAuthorization, AuthorizationPolicy,
 * MeshTLSAuthentication, NetworkAuthentication, HTTPRoute and the default inbound policies.
 * Importing this module registers the layer as `linkerd`, so that profiles naming it
 * (`linkerd`, `calico+linkerd`, `cilium+linkerd`, `kubernetes+linkerd`) can be evaluated.
 */
import { registerMeshLayer } from '../layers';
import { LinkerdLayer } from './linkerd-layer';

export { linkerdMeshed } from './injection';
export { DEFAULT_CLUSTER_NETWORKS, DEFAULT_INBOUND_POLICIES, LinkerdLayer } from './linkerd-layer';
export type { LinkerdVerifyOptions } from './linkerd-layer';
export { linkerdIdentity } from './resources';

registerMeshLayer('linkerd', LinkerdLayer.create);
