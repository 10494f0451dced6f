import { Target } from '../target';
import { checkGatewayApi } from './check';
import { gatewayApiDescriptor } from './descriptor';
import { renderGatewayApi } from './render';

/**
 * The Gateway API target: renders ingress gateways and their routes as
 * `gateway.networking.k8s.io/v1` Gateway, HTTPRoute and GRPCRoute, Service-parented (GAMMA) mesh
 * routes, and the ReferenceGrants that cross-namespace backends need. The network policies that
 * let a gateway's traffic reach its backends belong to the CNI and mesh targets.
 *
 * @see https://gateway-api.sigs.k8s.io/
 */
export const gatewayApiTarget: Target = {
  ...gatewayApiDescriptor,
  check: (ir) => checkGatewayApi(ir),
  render: (ir) => renderGatewayApi(ir),
};

export { GatewayApiCode } from './diagnostics';

export { gatewayApiDescriptor } from './descriptor';
