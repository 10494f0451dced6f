import { IrTopology } from '../../ir/types';

/**
 * The part of a topology this target renders: its gateways and routes less the ingress
 * controllers and their Ingress objects (the `ingress` target renders those).
 */
export function gatewayApiScope(ir: IrTopology): IrTopology {
  if (!ir.gateways.some((g) => g.ingressController) && !ir.routes.some((r) => r.kind === 'Ingress')) return ir;
  return {
    ...ir,
    gateways: ir.gateways.filter((g) => !g.ingressController),
    routes: ir.routes.filter((r) => r.kind !== 'Ingress'),
  };
}
