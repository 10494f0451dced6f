/**
 * A plain description of a random topology (what the arbitraries generate and shrink), and its
 * construction through the public API only. References between parts are indexes resolved
 * modulo the list length, so that any shrunk spec still builds.
 */

/** The profiles the properties cover, by the name `Profile` gives them. */
export type ProfileName =
  | 'kubernetes'
  | 'cilium'
  | 'istio'
  | 'cilium-istio'
  | 'kubernetes-istio'
  | 'calico'
  | 'calico-istio'
  | 'linkerd'
  | 'cilium-linkerd'
  | 'kubernetes-linkerd';

/** Every profile the properties cover. */
export const PROFILES: readonly ProfileName[] = [
  'kubernetes',
  'cilium',
  'istio',
  'cilium-istio',
  'kubernetes-istio',
  'calico',
  'calico-istio',
];

/** A container port of a tier. */
export interface PortSpec {
  readonly protocol: 'TCP' | 'UDP';
  readonly port: number;
}

/** A port of an edge: a number, or a TCP range when `endPort` is set. */
export interface EdgePortSpec {
  readonly protocol: 'TCP' | 'UDP';
  readonly port: number;
  readonly endPort?: number;
}

/** A tier-level mTLS setting, optionally PERMISSIVE on the tier's first TCP port. */
export interface TierMtlsSpec {
  readonly mode: 'STRICT' | 'PERMISSIVE';
  readonly permissivePort: boolean;
}

/**
 * A tier: selected by `app: <app>`, which no other tier of the topology carries, unless it
 * overlaps the first tier of its zone: then it is selected by that tier's `app` and a `role` of
 * its own (so the first tier's selector matches its pods too), refused (ZT127) unless `carved`
 * (`allowOverlapWith`, which carves its pods out of the first tier).
 */
export interface TierSpec {
  readonly overlap?: 'refused' | 'carved';
  readonly mtls?: TierMtlsSpec;
  readonly serviceAccount: boolean;
  readonly ports: readonly PortSpec[];
  readonly http: boolean;
  readonly service: boolean;
  /** Out of the mesh although the zone is in it. */
  readonly unmeshed: boolean;
  /** Ambient: the tier uses a named waypoint of its own, handling this traffic (`tier.useWaypoint`). */
  readonly waypoint?: 'service' | 'workload' | 'all';
}

/** A zone. */
export interface ZoneSpec {
  readonly deny: 'BOTH' | 'INGRESS' | 'EGRESS' | 'NONE';
  readonly dns: boolean;
  readonly mtls?: 'STRICT' | 'PERMISSIVE';
  /** Narrow the zone by a pod label (always so when zones share a namespace). */
  readonly podSelector: boolean;
  readonly tiers: readonly TierSpec[];
  /**
   * Ambient: the zone's namespace uses a named waypoint (`zone.useWaypoint`). A namespace with a
   * tier's own waypoint is always bound too (by its first zone), so that no L7 rule is left
   * without a waypoint (ZT183).
   */
  readonly waypoint?: boolean;
}

/** A CIDR with its exceptions (a peer, or the stated fallback of an entity). */
export interface CidrSpec {
  readonly cidr: string;
  readonly except: readonly string[];
}

/**
 * The fallback an entity states where the profile's CNI cannot name entities (see `legalize`):
 * a public network with a hole for `world`, a private one for `cluster`.
 */
export const ENTITY_FALLBACKS: { readonly world: CidrSpec; readonly cluster: CidrSpec } = {
  world: { cidr: '52.0.0.0/8', except: ['52.1.0.0/16'] },
  cluster: { cidr: '10.20.0.0/16', except: [] },
};

/** A peer that is not a tier. */
export type PeerSpec =
  | {
      readonly kind: 'pods';
      readonly namespace: string;
      readonly byLabels: boolean;
      readonly labels: boolean;
      readonly serviceAccount: boolean;
    }
  | { readonly kind: 'cidr'; readonly cidr: string; readonly except: readonly string[] }
  | { readonly kind: 'allNamespaces'; readonly labels: boolean }
  | { readonly kind: 'world'; readonly fallback?: CidrSpec }
  | { readonly kind: 'cluster'; readonly fallback?: CidrSpec }
  | { readonly kind: 'fqdn'; readonly names: readonly string[] };

/**
 * Regular-expression paths (`~` + RE2, matched against the whole path) with paths that match and
 * paths that must not (a longer path, a different segment).
 */
export const REGEX_PATHS: { readonly [regex: string]: readonly string[] } = {
  '/v[0-9]+/items': ['/v1/items', '/v42/items', '/v1/items/x', '/vx/items', '/a/v1/items'],
  '/api/(orders|carts)/[0-9]+': [
    '/api/orders/7',
    '/api/carts/12',
    '/api/orders/',
    '/api/orders/7/lines',
    '/api/users/7',
  ],
};

/**
 * One allowed HTTP request shape: a method, a list of methods (`GET|POST`) or any, and an exact
 * path, a prefix when it ends in `*`, or a regular expression when it starts with `~`; a header
 * with a value (exact, a prefix or a regular expression), or present (empty value); a path and a
 * method excluded (Istio only: legalize drops them elsewhere).
 */
export interface HttpSpec {
  readonly method: 'GET' | 'POST' | 'ANY' | 'GET|POST';
  readonly path: string;
  readonly header?: { readonly name: string; readonly value: string; readonly kind?: 'prefix' | 'regex' };
  /** An excluded path (a prefix when it ends in `*`); never one that covers `path`. */
  readonly notPath?: string;
  /** An excluded method, with method `ANY` only. */
  readonly notMethod?: 'DELETE' | 'PUT';
  /** Hosts the request must name (Cilium and Istio only: legalize drops them elsewhere). */
  readonly hosts?: readonly string[];
}

/** Header regular expressions of the HTTP rules, each with values it matches first, then values it must not. */
export const REGEX_HEADERS: { readonly [regex: string]: readonly string[] } = {
  'blue|green': ['green', 'blue', 'bluegreen', 'red'],
};

/** One end of an edge: a tier (by zone and tier index) or a peer. */
export type EndSpec = { readonly kind: 'tier'; readonly zone: number; readonly tier: number } | PeerSpec;

/** An edge; `ports` undefined means the model's default (the destination tier's ports, or every port). */
export interface EdgeSpec {
  readonly from: EndSpec;
  readonly to: EndSpec;
  readonly ports?: readonly EdgePortSpec[];
  readonly http?: readonly HttpSpec[];
  /** Which verb states it: the destination's `allowFrom`, the source's `allowTo`, or `EgressFqdn`. */
  readonly verb: 'allowFrom' | 'allowTo';
}

/** A request the properties send on L7 ports beside those derived from the rules. */
export interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly header?: { readonly name: string; readonly value: string };
  readonly host?: string;
}

/** A whole topology for one profile. */
export interface TopologySpec {
  readonly profile: ProfileName;
  /** Where the cluster's DNS is served (for every zone that keeps a DNS allowance). */
  readonly dns: 'kube' | 'openshift' | 'node-local';
  readonly mesh: 'none' | 'sidecar' | 'ambient';
  /** All zones in one namespace, told apart by pod labels. */
  readonly sharedNamespace: boolean;
  readonly zones: readonly ZoneSpec[];
  readonly edges: readonly EdgeSpec[];
  readonly requests: readonly RequestSpec[];
  /** Ingress objects of an ingress-nginx controller (namespace `ingress-nginx`): one path per routed tier. */
  readonly ingress?: readonly { readonly zone: number; readonly tier: number }[];
  /** Probe pod-addressed traffic too (headless Services, pod IPs) into ambient pods a Service fronts. */
  readonly podAddressed?: boolean;
}

/** The namespace of zone `z`. */
export function zoneNamespace(spec: TopologySpec, z: number): string {
  return spec.sharedNamespace ? 'shared' : `zone-${z}`;
}

/** The `app` label value of tier `t` of zone `z`. */
export function tierApp(z: number, t: number): string {
  return `z${z}-t${t}`;
}

/** The selector of tier `t` of zone `z`: its own `app`, or (overlapping) the zone's first tier's `app` and a `role`. */
export function tierSelector(spec: TopologySpec, z: number, t: number): { [key: string]: string } {
  return t > 0 && spec.zones[z].tiers[t].overlap !== undefined
    ? { app: tierApp(z, 0), role: `sub-${t}` }
    : { app: tierApp(z, t) };
}

/** The service account of tier `t` of zone `z`, when it has one. */
export function tierServiceAccount(z: number, t: number): string {
  return `sa-z${z}-t${t}`;
}

/** The pod labels of a pods peer of a namespace. */
export function peerLabels(namespace: string): { [key: string]: string } {
  return { role: `client-of-${namespace}` };
}

/** The service account of a pods peer of a namespace. */
export function peerServiceAccount(namespace: string): string {
  return `sa-${namespace}`;
}

/** Resolves an end's zone and tier indexes against the spec (modulo), or undefined when the spec has no tier there. */
export function resolveTier(spec: TopologySpec, end: EndSpec): { zone: number; tier: number } | undefined {
  if (end.kind !== 'tier' || spec.zones.length === 0) return undefined;
  const zone = end.zone % spec.zones.length;
  const tiers = spec.zones[zone].tiers;
  if (tiers.length === 0) return undefined;
  return { zone, tier: end.tier % tiers.length };
}
