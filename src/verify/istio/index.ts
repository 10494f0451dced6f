/**
 * The Istio layer of the verify engine: PeerAuthentication and AuthorizationPolicy, sidecar and
 * ambient (ztunnel and waypoints). Importing this module registers the layer as `istio`, so that
 * profiles naming it (`istio`, `cilium+istio`, ...) can be evaluated.
 */
import { registerMeshLayer } from '../layers';
import { IstioLayer } from './istio-layer';

export { IstioLayer } from './istio-layer';
export type { IstioLayerOptions, IstioVerifyOptions } from './istio-layer';

registerMeshLayer('istio', IstioLayer.create);
