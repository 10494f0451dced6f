/**
 * The Istio layer of the verify engine: PeerAuthentication and AuthorizationPolicy, sidecar and
 * ambient (ztunnel and waypoints).
 */
export { IstioLayer } from './istio-layer';
export type { IstioLayerOptions } from './istio-layer';
