import { IrTopology } from '../../ir/types';
import { TargetDiagnostic } from '../target';
import { checkGateway } from './check-gateway';
import { checkRoute } from './check-route';
import { RouteIndex } from './route-index';
import { gatewayApiScope } from './scope';

/**
 * Everything in a topology's gateways and routes that the Gateway API would reject or silently
 * ignore, one diagnostic per problem, gateways first, then routes, in IR order (ingress
 * controllers and their Ingress objects are the `ingress` target's).
 */
export function checkGatewayApi(topology: IrTopology): TargetDiagnostic[] {
  const ir = gatewayApiScope(topology);
  const index = new RouteIndex(ir);
  return [...ir.gateways.flatMap(checkGateway), ...ir.routes.flatMap((r) => checkRoute(r, index))];
}
