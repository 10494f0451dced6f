import { IrGateway, IrRoute } from '../../../src/ir/types';
import { backend, gateway, gatewayRoute, listener, match, rule, ZONES_LAB } from '../gateway-api/ir-fixtures';

const { backend: api, httpApi } = ZONES_LAB;

/** ingress-nginx in its own namespace, as the model declares it. */
export const NGINX: IrGateway = gateway({
  id: 'nginx',
  name: 'nginx',
  namespace: 'ingress-nginx',
  className: 'nginx',
  allowedRoutes: 'All',
  listeners: [listener('http', 80, 'HTTP'), listener('https', 443, 'HTTPS')],
  podSelector: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' },
  serviceAccount: 'ingress-nginx',
  ingressController: true,
});

/** An Ingress of the nginx controller in `backend`. */
export function ingress(p: Partial<IrRoute> = {}): IrRoute {
  return gatewayRoute(
    {
      id: 'nginx/api',
      name: 'api',
      namespace: 'backend',
      kind: 'Ingress',
      hostnames: ['api.example.com', 'www.example.com'],
      rules: [
        rule([match.prefix('/api/v1')], backend(httpApi)),
        rule([match.prefix('/api/v2'), match.exact('/status')], backend(api)),
        rule([], backend(httpApi)),
      ],
      tls: [{ secretName: 'api-tls', hosts: ['api.example.com'] }],
      ...p,
    },
    NGINX.id,
  );
}
