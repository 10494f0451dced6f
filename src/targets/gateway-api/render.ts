import { IrTopology } from '../../ir/types';
import { renderGateway } from './gateway';
import { renderGatewayClasses } from './gateway-class';
import { renderGrpcRoute } from './grpc-route';
import { renderHttpRoute } from './http-route';
import { GatewayApiManifest } from './manifests';
import { renderReferenceGrants } from './reference-grant';
import { RouteIndex } from './route-index';
import { gatewayApiScope } from './scope';

/**
 * Renders a topology's gateways and routes: the GatewayClasses asked for (sorted by name),
 * Gateways (IR order), then HTTPRoutes and GRPCRoutes (IR order), then the ReferenceGrants their
 * cross-namespace backends need (sorted by namespace, then name). Ingress controllers and their
 * Ingress objects are left to the `ingress` target. Pure and deterministic.
 */
export function renderGatewayApi(topology: IrTopology): GatewayApiManifest[] {
  const ir = gatewayApiScope(topology);
  const index = new RouteIndex(ir);
  const labels = ir.settings.commonLabels;
  return [
    ...renderGatewayClasses(ir.gateways, labels),
    ...ir.gateways.map((g) => renderGateway(g, labels)),
    ...ir.routes.map((r) =>
      r.kind === 'HTTPRoute' ? renderHttpRoute(r, index, labels) : renderGrpcRoute(r, index, labels),
    ),
    ...renderReferenceGrants(ir.routes, index, labels),
  ];
}
