import { IrTopology } from '../../ir/types';
import { renderGateway } from './gateway';
import { renderGrpcRoute } from './grpc-route';
import { renderHttpRoute } from './http-route';
import { GatewayApiManifest } from './manifests';
import { renderReferenceGrants } from './reference-grant';
import { RouteIndex } from './route-index';

/**
 * Renders a topology's gateways and routes: Gateways (IR order), then HTTPRoutes and GRPCRoutes
 * (IR order), then the ReferenceGrants their cross-namespace backends need (sorted by namespace,
 * then name). Pure and deterministic.
 */
export function renderGatewayApi(ir: IrTopology): GatewayApiManifest[] {
  const index = new RouteIndex(ir);
  const labels = ir.settings.commonLabels;
  return [
    ...ir.gateways.map((g) => renderGateway(g, labels)),
    ...ir.routes.map((r) =>
      r.kind === 'HTTPRoute' ? renderHttpRoute(r, index, labels) : renderGrpcRoute(r, index, labels),
    ),
    ...renderReferenceGrants(ir.routes, index, labels),
  ];
}
