import { IrLabels } from '../../ir/types';
import { sortedLabels } from '../../validation/sorted-keys';
import { Manifest } from '../target';

/** API group of Linkerd's policy objects. */
export const LINKERD_POLICY_GROUP = 'policy.linkerd.io';
/** API version of Server (v1beta3 is the served storage version of the vendored CRD). */
export const SERVER_API_VERSION = 'policy.linkerd.io/v1beta3';
/** API version of AuthorizationPolicy, MeshTLSAuthentication and NetworkAuthentication. */
export const AUTHORIZATION_API_VERSION = 'policy.linkerd.io/v1alpha1';
/** API version of the policy HTTPRoute that attaches to a Server. */
export const HTTP_ROUTE_API_VERSION = 'policy.linkerd.io/v1beta3';

/** A reference to a Linkerd policy object (or a core object: `group: ''`). */
export interface LinkerdReference {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** Escapes a literal for a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The length of the path value an IR path match is written as (see `routeMatch`). */
export function routePathLength(kind: 'exact' | 'prefix' | 'regex', value: string): number {
  if (kind === 'exact') return value.length;
  return kind === 'regex' ? value.length + 6 : escapeRegex(value).length + 3;
}

/** One object of this target: always namespaced and labelled. */
export function linkerdObject(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string,
  labels: IrLabels,
  spec: object,
): Manifest {
  return { apiVersion, kind, metadata: { name, namespace, labels: sortedLabels({ ...labels }) }, spec };
}
