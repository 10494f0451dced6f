import { IrLabels, IrMtlsMode } from '../../ir/types';
import { sortedLabels } from '../../validation/sorted-keys';
import { Manifest } from '../target';

/** API version of the Istio security objects this target writes. */
export const ISTIO_SECURITY_API_VERSION = 'security.istio.io/v1';

/** API version of the waypoint Gateway. */
export const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';

/** Metadata of every object this target writes: always namespaced, always labelled. */
export interface IstioObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: IrLabels;
}

/** An Istio workload selector (pods of the policy's namespace with these labels). */
export interface WorkloadSelector {
  readonly matchLabels: IrLabels;
}

/** A policy attachment by reference (`targetRefs`): here always a core `Service`. */
export interface PolicyTargetReference {
  readonly kind: string;
  readonly group: string;
  readonly name: string;
}

/** Who sends a request. Fields are ANDed; entries of one field are ORed. */
export interface AuthorizationSource {
  readonly principals?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly ipBlocks?: readonly string[];
  readonly notIpBlocks?: readonly string[];
}

/** What a request does. Fields are ANDed; entries of one field are ORed. */
export interface AuthorizationOperation {
  readonly ports?: readonly string[];
  readonly methods?: readonly string[];
  readonly paths?: readonly string[];
  readonly notMethods?: readonly string[];
  readonly notPaths?: readonly string[];
  readonly hosts?: readonly string[];
}

/** An extra condition on a request attribute (here only `request.headers[...]`). */
export interface AuthorizationCondition {
  readonly key: string;
  readonly values: readonly string[];
}

/**
 * One rule of an AuthorizationPolicy: `from`, `to` and `when` are ANDed; an absent field matches
 * anything, so `{}` matches every request.
 */
export interface AuthorizationRule {
  readonly from?: readonly { readonly source: AuthorizationSource }[];
  readonly to?: readonly { readonly operation: AuthorizationOperation }[];
  readonly when?: readonly AuthorizationCondition[];
}

/**
 * The spec of an AuthorizationPolicy. At most one of `selector` / `targetRefs`; an ALLOW spec
 * without `rules` allows nothing. `rules: []` is never written.
 */
export interface AuthorizationPolicySpec {
  readonly selector?: WorkloadSelector;
  readonly targetRefs?: readonly PolicyTargetReference[];
  readonly action?: 'ALLOW';
  readonly rules?: readonly AuthorizationRule[];
}

/** A `security.istio.io/v1` AuthorizationPolicy manifest. */
export interface AuthorizationPolicyManifest extends Manifest {
  readonly apiVersion: typeof ISTIO_SECURITY_API_VERSION;
  readonly kind: 'AuthorizationPolicy';
  readonly metadata: IstioObjectMeta;
  readonly spec: AuthorizationPolicySpec;
}

/** The spec of a PeerAuthentication. `portLevelMtls` keys are workload (container) ports. */
export interface PeerAuthenticationSpec {
  readonly selector?: WorkloadSelector;
  readonly mtls: { readonly mode: IrMtlsMode };
  readonly portLevelMtls?: { readonly [port: string]: { readonly mode: IrMtlsMode } };
}

/** A `security.istio.io/v1` PeerAuthentication manifest. */
export interface PeerAuthenticationManifest extends Manifest {
  readonly apiVersion: typeof ISTIO_SECURITY_API_VERSION;
  readonly kind: 'PeerAuthentication';
  readonly metadata: IstioObjectMeta;
  readonly spec: PeerAuthenticationSpec;
}

/** A listener of a waypoint Gateway. */
export interface WaypointListener {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

/** A `gateway.networking.k8s.io/v1` Gateway of class `istio-waypoint`. */
export interface WaypointGatewayManifest extends Manifest {
  readonly apiVersion: typeof GATEWAY_API_VERSION;
  readonly kind: 'Gateway';
  readonly metadata: IstioObjectMeta;
  readonly spec: {
    readonly gatewayClassName: string;
    readonly listeners: readonly WaypointListener[];
  };
}

/** Any object this target writes. */
export type IstioManifest = AuthorizationPolicyManifest | PeerAuthenticationManifest | WaypointGatewayManifest;

/** Object metadata with a fresh, sorted label map. */
export function objectMeta(name: string, namespace: string, ...labels: readonly IrLabels[]): IstioObjectMeta {
  return { name, namespace, labels: sortedLabels(...labels) };
}

/** A selector matching these labels; throws on an empty map (it would select every pod). */
export function workloadSelector(labels: IrLabels, where: string): WorkloadSelector {
  if (Object.keys(labels).length === 0) {
    throw new Error(`IR invariant broken: ${where}: an Istio selector needs at least one label`);
  }
  return { matchLabels: sortedLabels(labels) };
}

/** Builds an AuthorizationPolicy manifest. */
export function authorizationPolicy(
  name: string,
  namespace: string,
  labels: IrLabels,
  spec: AuthorizationPolicySpec,
): AuthorizationPolicyManifest {
  return {
    apiVersion: ISTIO_SECURITY_API_VERSION,
    kind: 'AuthorizationPolicy',
    metadata: objectMeta(name, namespace, labels),
    spec,
  };
}

/** Builds a PeerAuthentication manifest. */
export function peerAuthentication(
  name: string,
  namespace: string,
  labels: IrLabels,
  spec: PeerAuthenticationSpec,
): PeerAuthenticationManifest {
  return {
    apiVersion: ISTIO_SECURITY_API_VERSION,
    kind: 'PeerAuthentication',
    metadata: objectMeta(name, namespace, labels),
    spec,
  };
}
