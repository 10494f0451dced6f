import { LabelSelectorView } from './label-selector';
import {
  asArray, asRecord, asString, asStringList, asStringMap, byNamespaceAndName, isKind, ManifestRecord, readMeta,
} from './manifest-fields';

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
  /** `allowedRoutes.namespaces.selector`, for `from: Selector`. */
  readonly allowedSelector?: LabelSelectorView;
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
    const object = asRecord(candidate);
    if (object && isKind(object, GATEWAY_API_GROUP, 'Gateway')) gateways.push(readGateway(object));
  }
  return gateways.sort(byNamespaceAndName);
}

function readGateway(object: ManifestRecord): GatewayView {
  const meta = readMeta(object);
  const spec = asRecord(object.spec) ?? {};
  return {
    namespace: meta.namespace,
    name: meta.name,
    className: asString(spec.gatewayClassName) ?? '',
    labels: meta.labels,
    listeners: asArray(spec.listeners).map(asRecord).filter((l): l is ManifestRecord => l !== undefined).map(readListener),
  };
}

function readListener(listener: ManifestRecord): GatewayListenerView {
  const namespaces = asRecord(asRecord(listener.allowedRoutes)?.namespaces);
  const selector = asRecord(namespaces?.selector);
  return {
    name: asString(listener.name) ?? '',
    port: Number(asString(listener.port) ?? 0),
    protocol: asString(listener.protocol) ?? '',
    allowedFrom: asString(namespaces?.from) ?? 'Same',
    ...(selector ? { allowedSelector: readSelector(selector) } : {}),
  };
}

function readSelector(selector: ManifestRecord): LabelSelectorView {
  return {
    matchLabels: asStringMap(selector.matchLabels),
    matchExpressions: asArray(selector.matchExpressions).map(asRecord).filter((e): e is ManifestRecord => e !== undefined).map(e => ({
      key: asString(e.key) ?? '',
      operator: asString(e.operator) ?? '',
      values: asStringList(e.values) ?? [],
    })),
  };
}
