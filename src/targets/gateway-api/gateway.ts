import { IrGateway, IrLabels, IrListener } from '../../ir/types';
import { CORE_GROUP, GATEWAY_API_VERSION, GatewayManifest, Listener, objectMeta } from './manifests';

/**
 * Renders an IR gateway as a Gateway. Every listener states `allowedRoutes.namespaces.from`
 * explicitly (the API default is `Same`); HTTPS listeners terminate TLS with the gateway's
 * certificate Secrets.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway
 */
export function renderGateway(gateway: IrGateway, labels: IrLabels): GatewayManifest {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata: objectMeta(gateway.name, gateway.namespace, labels),
    spec: {
      gatewayClassName: gateway.className,
      listeners: gateway.listeners.map((l) => renderListener(l, gateway.allowedRoutes)),
    },
  };
}

/** Renders one listener; `tls` only for HTTPS, since the CRD forbids it on HTTP listeners. */
export function renderListener(listener: IrListener, from: 'Same' | 'All'): Listener {
  const allowedRoutes = { namespaces: { from } };
  const base = {
    name: listener.name,
    port: listener.port,
    protocol: listener.protocol,
    ...(listener.hostname !== undefined ? { hostname: listener.hostname } : {}),
    allowedRoutes,
  };
  if (listener.protocol !== 'HTTPS') return base;
  return {
    ...base,
    tls: {
      mode: 'Terminate',
      certificateRefs: listener.certificateSecrets.map((name) => ({ kind: 'Secret', group: CORE_GROUP, name })),
    },
  };
}
