import { IrTopology } from '../../ir/types';
import { TargetDiagnostic } from '../target';
import { checkGateway } from './check-gateway';
import { checkRoute } from './check-route';
import { RouteIndex } from './route-index';

/**
 * Everything in a topology's gateways and routes that the Gateway API would reject or silently
 * ignore, one diagnostic per problem, gateways first, then routes, in IR order.
 */
export function checkGatewayApi(ir: IrTopology): TargetDiagnostic[] {
  const index = new RouteIndex(ir);
  return [...ir.gateways.flatMap(checkGateway), ...ir.routes.flatMap((r) => checkRoute(r, index))];
}
