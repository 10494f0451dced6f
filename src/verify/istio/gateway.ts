import { arrayOf, isRecord, recordOf, stringOf } from '../json';
import { LabelSelector, parseLabelSelector } from '../match/label-selector';
import { byNamespaceAndName, isKind, readMeta } from './manifest-fields';

/** The Gateway API group. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** The GatewayClass of Istio waypoints. */
export const WAYPOINT_CLASS = 'istio-waypoint';
/** The GatewayClass of Istio ingress/egress gateways. */
export const ISTIO_GATEWAY_CLASS = 'istio';
/** The label Istio puts on the pods of a Gateway API gateway. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** One listener of a Gateway. */
export interface GatewayListenerView {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  /** `allowedRoutes.namespaces.from` (`Same` when absent). */
  readonly allowedFrom: string;
  /** `allowedRoutes.namespaces.selector`, for `from: Selector`; `undefined` when absent or invalid. */
  readonly allowedSelector?: LabelSelector;
}

/** A `gateway.networking.k8s.io` Gateway read from a manifest. */
export interface GatewayView {
  readonly namespace: string;
  readonly name: string;
  readonly className: string;
  readonly labels: { readonly [key: string]: string };
  readonly listeners: readonly GatewayListenerView[];
}

/** Reads every Gateway API Gateway among the manifests, ordered by namespace and name. */
export function readGateways(objects: readonly unknown[]): readonly GatewayView[] {
  const gateways: GatewayView[] = [];
  for (const candidate of objects) {
    if (isRecord(candidate) && isKind(candidate, GATEWAY_API_GROUP, 'Gateway')) gateways.push(readGateway(candidate));
  }
  return gateways.sort(byNamespaceAndName);
}

function readGateway(object: Record<string, unknown>): GatewayView {
  const meta = readMeta(object);
  const spec = recordOf(object.spec);
  return {
    namespace: meta.namespace,
    name: meta.name,
    className: stringOf(spec.gatewayClassName) ?? '',
    labels: meta.labels,
    listeners: arrayOf(spec.listeners).filter(isRecord).map(readListener),
  };
}

function readListener(listener: Record<string, unknown>): GatewayListenerView {
  const namespaces = recordOf(recordOf(listener.allowedRoutes).namespaces);
  const selector = readSelector(namespaces.selector);
  return {
    name: stringOf(listener.name) ?? '',
    port: Number(stringOf(listener.port) ?? 0),
    protocol: stringOf(listener.protocol) ?? '',
    allowedFrom: stringOf(namespaces.from) ?? 'Same',
    ...(selector ? { allowedSelector: selector } : {}),
  };
}

/** A label selector; `undefined` when absent, or invalid (an unknown operator), so that it matches nothing. */
function readSelector(value: unknown): LabelSelector | undefined {
  if (!isRecord(value)) return undefined;
  try {
    return parseLabelSelector(value);
  } catch {
    return undefined;
  }
}
