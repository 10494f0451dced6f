import { IrGateway, IrLabels, IrRoute, IrTopology } from '../../ir/types';
import { sortedKeys } from '../../validation/sorted-keys';
import { INGRESS_API_VERSION, IngressManifest, IngressRule } from './manifests';
import { routePaths } from './paths';

/**
 * Renders the Ingress objects of a topology's ingress controllers, in IR order: one per route,
 * in the route's namespace, with the controller's class as `ingressClassName`, one rule per host
 * (one rule without host when the route names none) holding every path, and the TLS entries.
 * Pure and deterministic; what an Ingress cannot say was refused by the checks.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/
 */
export function renderIngresses(ir: IrTopology): IngressManifest[] {
  const controllers = new Map<string, IrGateway>();
  for (const g of ir.gateways) if (g.ingressController) controllers.set(g.id, g);
  const out: IngressManifest[] = [];
  for (const route of ir.routes) {
    if (route.kind !== 'Ingress' || route.parent.kind !== 'Gateway') continue;
    const controller = controllers.get(route.parent.gateway);
    if (!controller) continue;
    out.push(renderIngress(route, controller, ir.settings.commonLabels));
  }
  return out;
}

function renderIngress(route: IrRoute, controller: IrGateway, labels: IrLabels): IngressManifest {
  const copy: { [key: string]: string } = {};
  for (const key of sortedKeys(labels)) copy[key] = labels[key];
  const paths = routePaths(route).map((p) => ({
    path: p.path,
    pathType: p.pathType,
    backend: { service: { name: p.service, port: { number: p.port } } },
  }));
  const hosts: (string | undefined)[] = route.hostnames.length > 0 ? [...route.hostnames] : [undefined];
  const rules: IngressRule[] = hosts.map((host) => ({ ...(host !== undefined ? { host } : {}), http: { paths } }));
  const tls = (route.tls ?? []).map((t) => ({ hosts: [...t.hosts], secretName: t.secretName }));
  return {
    apiVersion: INGRESS_API_VERSION,
    kind: 'Ingress',
    metadata: { name: route.name, namespace: route.namespace, labels: copy },
    spec: {
      ingressClassName: controller.className,
      ...(tls.length > 0 ? { tls } : {}),
      rules,
    },
  };
}
