import { IrGateway, IrLabels } from '../../ir/types';
import { sortedKeys } from '../../validation/sorted-keys';
import { GATEWAY_API_VERSION, GatewayClassManifest } from './manifests';

/**
 * Renders the GatewayClasses the gateways ask to emit: one per class name (the IR build has
 * refused gateways of one class that disagree), cluster-scoped, sorted by name.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/gatewayclass/
 */
export function renderGatewayClasses(gateways: readonly IrGateway[], labels: IrLabels): GatewayClassManifest[] {
  const byName = new Map<string, IrGateway>();
  for (const g of gateways) if (g.gatewayClass && !byName.has(g.className)) byName.set(g.className, g);
  return [...byName.keys()].sort().map((name) => {
    const c = byName.get(name)!.gatewayClass!;
    const copy: { [key: string]: string } = {};
    for (const key of sortedKeys(labels)) copy[key] = labels[key];
    return {
      apiVersion: GATEWAY_API_VERSION,
      kind: 'GatewayClass',
      metadata: { name, labels: copy },
      spec: {
        controllerName: c.controllerName,
        ...(c.description !== undefined ? { description: c.description } : {}),
      },
    };
  });
}
