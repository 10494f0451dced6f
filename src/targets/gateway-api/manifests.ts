import { IrLabels } from '../../ir/types';
import { sortedKeys } from '../../validation/sorted-keys';
import { Manifest } from '../target';

/** The API group of every Gateway API kind. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/**
 * The `apiVersion` of every rendered kind. The vendored standard-channel v1.6.1 CRDs serve `v1`
 * for Gateway, HTTPRoute, GRPCRoute and ReferenceGrant (ReferenceGrant also serves `v1beta1`).
 */
export const GATEWAY_API_VERSION = `${GATEWAY_API_GROUP}/v1`;

/** The Kubernetes core API group, which must be spelled out as `""` in Gateway API references. */
export const CORE_GROUP = '';

/** Metadata of a namespaced Gateway API object. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: IrLabels;
}

/** Builds object metadata, with a fresh, key-sorted copy of the labels. */
export function objectMeta(name: string, namespace: string, labels: IrLabels): ObjectMeta {
  const copy: { [key: string]: string } = {};
  for (const key of sortedKeys(labels)) copy[key] = labels[key];
  return { name, namespace, labels: copy };
}

/** A reference to a TLS certificate Secret in the Gateway's namespace. */
export interface CertificateRef {
  readonly kind: 'Secret';
  readonly group: typeof CORE_GROUP;
  readonly name: string;
}

/** One listener of a Gateway. */
export interface Listener {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly hostname?: string;
  readonly allowedRoutes: { readonly namespaces: { readonly from: 'Same' | 'All' } };
  readonly tls?: { readonly mode: 'Terminate'; readonly certificateRefs: readonly CertificateRef[] };
}

/** A `gateway.networking.k8s.io/v1` Gateway. */
export interface GatewayManifest extends Manifest {
  readonly kind: 'Gateway';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly gatewayClassName: string;
    readonly listeners: readonly Listener[];
  };
}

/** A route's parent: a Gateway (optionally one listener) or, for mesh routing (GAMMA), a Service port. */
export type ParentRef =
  | {
      readonly group: typeof GATEWAY_API_GROUP;
      readonly kind: 'Gateway';
      readonly name: string;
      readonly namespace?: string;
      readonly sectionName?: string;
    }
  | {
      readonly group: typeof CORE_GROUP;
      readonly kind: 'Service';
      readonly name: string;
      readonly namespace?: string;
      readonly port: number;
    };

/** A weighted reference to a Service port. `namespace` only when it differs from the route's. */
export interface BackendRef {
  readonly group: typeof CORE_GROUP;
  readonly kind: 'Service';
  readonly name: string;
  readonly namespace?: string;
  readonly port: number;
  readonly weight: number;
}

/** An exact header match. */
export interface HeaderMatch {
  readonly type: 'Exact';
  readonly name: string;
  readonly value: string;
}

/** One match of an HTTPRoute rule; every set field must match. */
export interface HttpRouteMatch {
  readonly path?: { readonly type: 'Exact' | 'PathPrefix'; readonly value: string };
  readonly headers?: readonly HeaderMatch[];
  readonly method?: string;
}

/** One match of a GRPCRoute rule; every set field must match. */
export interface GrpcRouteMatch {
  readonly method?: { readonly type: 'Exact'; readonly service: string; readonly method?: string };
  readonly headers?: readonly HeaderMatch[];
}

/** A route rule: requests matching any of `matches` (every request when omitted) go to `backendRefs`. */
export interface RouteRule<M> {
  readonly matches?: readonly M[];
  readonly backendRefs?: readonly BackendRef[];
}

/** The spec shared by HTTPRoute and GRPCRoute; they differ only in their match type. */
export interface RouteSpec<M> {
  readonly parentRefs: readonly ParentRef[];
  readonly hostnames?: readonly string[];
  readonly rules: readonly RouteRule<M>[];
}

/** A `gateway.networking.k8s.io/v1` HTTPRoute. */
export interface HttpRouteManifest extends Manifest {
  readonly kind: 'HTTPRoute';
  readonly metadata: ObjectMeta;
  readonly spec: RouteSpec<HttpRouteMatch>;
}

/** A `gateway.networking.k8s.io/v1` GRPCRoute. */
export interface GrpcRouteManifest extends Manifest {
  readonly kind: 'GRPCRoute';
  readonly metadata: ObjectMeta;
  readonly spec: RouteSpec<GrpcRouteMatch>;
}

/** A `gateway.networking.k8s.io/v1` ReferenceGrant: lets routes of one namespace reference Services of another. */
export interface ReferenceGrantManifest extends Manifest {
  readonly kind: 'ReferenceGrant';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly from: readonly {
      readonly group: typeof GATEWAY_API_GROUP;
      readonly kind: 'HTTPRoute' | 'GRPCRoute';
      readonly namespace: string;
    }[];
    readonly to: readonly { readonly group: typeof CORE_GROUP; readonly kind: 'Service'; readonly name: string }[];
  };
}

/** A `gateway.networking.k8s.io/v1` GatewayClass (cluster-scoped). */
export interface GatewayClassManifest extends Manifest {
  readonly kind: 'GatewayClass';
  readonly metadata: { readonly name: string; readonly labels: IrLabels };
  readonly spec: { readonly controllerName: string; readonly description?: string };
}

/** Every kind this target renders. */
export type GatewayApiManifest =
  GatewayClassManifest | GatewayManifest | HttpRouteManifest | GrpcRouteManifest | ReferenceGrantManifest;
