import { CRD_LIMITS } from './limits';

/** The CRD pattern of a Gateway API hostname: DNS-1123 labels, optionally after a leading `*.`. */
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A dotted-quad IPv4 address, which the CRD pattern admits but the API says is never a hostname. */
const IPV4 = /^\d+(\.\d+){3}$/;

/** Why a hostname is not a valid Gateway API hostname, or undefined when it is. */
export function hostnameProblem(hostname: string): string | undefined {
  if (hostname.length === 0 || hostname.length > CRD_LIMITS.hostnameLength) {
    return `hostname '${hostname}' must have 1 to ${CRD_LIMITS.hostnameLength} characters`;
  }
  if (IPV4.test(hostname))
    return `hostname '${hostname}' is an IP address, which Gateway API never accepts as a hostname`;
  if (!HOSTNAME.test(hostname)) {
    return `hostname '${hostname}' must be lower-case DNS labels, optionally prefixed by a '*.' wildcard label`;
  }
  return undefined;
}

/**
 * Whether a listener hostname and a route hostname intersect, so that the route attaches.
 * `*.example.com` is a suffix match: it covers `a.example.com`, `a.b.example.com` and
 * `*.a.example.com`, but not `example.com`.
 *
 * @see https://gateway-api.sigs.k8s.io/concepts/hostnames
 */
export function hostnamesIntersect(a: string, b: string): boolean {
  return a === b || covers(a, b) || covers(b, a);
}

function covers(wildcard: string, other: string): boolean {
  return wildcard.startsWith('*.') && other.endsWith(wildcard.slice(1));
}

/**
 * Whether a listener accepts a route by hostname: when either side names no hostname, or when
 * one of the route's hostnames intersects the listener's.
 */
export function listenerAcceptsHostnames(
  listenerHostname: string | undefined,
  routeHostnames: readonly string[],
): boolean {
  if (listenerHostname === undefined || routeHostnames.length === 0) return true;
  return routeHostnames.some((h) => hostnamesIntersect(listenerHostname, h));
}
