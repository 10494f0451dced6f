import { kindsReadBy, modelledPolicyKinds } from './layers';
import { Profile } from './profile';
import { KubeObject } from './policy-set';

/** The policy kinds this engine evaluates, as `<API group> <kind>`: those some layer reads. */
const MODELLED = modelledPolicyKinds();

/**
 * Kinds of watched groups that do not change who may connect to whom (routing, address
 * management), or that the engine reads for what they are (a waypoint Gateway).
 */
const NOT_POLICY = new Set([
  'networking.k8s.io Ingress',
  'networking.k8s.io IngressClass',
  'networking.k8s.io IPAddress',
  'networking.k8s.io ServiceCIDR',
]);

/** API groups whose kinds only route traffic the policies of other groups allow or deny. */
const ROUTING_GROUPS = new Set(['gateway.networking.k8s.io']);

/** API groups whose every kind changes connectivity or identity. */
const POLICY_GROUPS = new Set([
  'policy.networking.k8s.io', // kinds beside AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy
  'projectcalico.org',
  'crd.projectcalico.org', // Calico NetworkPolicy, GlobalNetworkPolicy ...
  'policy.linkerd.io', // Linkerd Server, AuthorizationPolicy, ...
]);

/** The API group of an apiVersion (`''` for the core group). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * True when an object may change connectivity but the engine does not model it, so verdicts
 * ignore it: kinds of the policy groups (AdminNetworkPolicy and the other network-policy-api
 * kinds, Calico, Linkerd policy), Cilium policy kinds other than the two it evaluates, and any
 * other kind of a `*.networking.*`, `networking.*` or `security.*` API group.
 */
export function isUnmodelledPolicy(o: KubeObject): boolean {
  const group = apiGroupOf(o.apiVersion);
  const key = `${group} ${o.kind}`;
  if (MODELLED.has(key) || NOT_POLICY.has(key) || ROUTING_GROUPS.has(group)) return false;
  if (POLICY_GROUPS.has(group)) return true;
  if (group === 'cilium.io') return /Policy$/.test(o.kind);
  return /(^|\.)networking\./.test(group) || /^security\./.test(group);
}

/**
 * True when an object is of a policy kind some layer of this engine evaluates, but no layer of
 * `profile` does (a Calico policy in files evaluated as a `cilium` profile): that profile's verdicts
 * ignore it.
 */
export function isIgnoredByProfile(o: KubeObject, profile: Profile): boolean {
  const key = `${apiGroupOf(o.apiVersion)} ${o.kind}`;
  return MODELLED.has(key) && !profile.layers.some((layer) => kindsReadBy(layer).includes(key));
}
