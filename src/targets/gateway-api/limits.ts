/**
 * Size limits of the vendored standard-channel v1.6.1 CRDs (`maxItems`, `maxLength`, `maximum`)
 * that a valid IR can still exceed. The check reports them before the API server would.
 */
export const CRD_LIMITS = {
  /** Gateway `spec.listeners` (also `minItems: 1`). */
  listeners: 64,
  /** Listener `tls.certificateRefs`. */
  certificateRefs: 64,
  /** Route `spec.hostnames`. */
  hostnames: 16,
  /** Route `spec.rules` (HTTPRoute also `minItems: 1`). */
  rules: 16,
  /** `spec.rules[].matches`. */
  matchesPerRule: 64,
  /** Matches across all rules of one route (a CEL rule). */
  matchesPerRoute: 128,
  /** `spec.rules[].backendRefs`. */
  backendsPerRule: 16,
  /** `matches[].headers`. */
  headersPerMatch: 16,
  /** `backendRefs[].weight` maximum (minimum 0). */
  weight: 1_000_000,
  /** HTTPRoute `matches[].path.value`. */
  pathLength: 1024,
  /** `matches[].headers[].name`. */
  headerNameLength: 256,
  /** `matches[].headers[].value`. */
  headerValueLength: 4096,
  /** GRPCRoute `matches[].method.service` and `.method`. */
  grpcNameLength: 1024,
  /** A hostname (route `hostnames[]`, listener `hostname`). */
  hostnameLength: 253,
  /** ReferenceGrant `spec.to`. */
  grantTargets: 16,
} as const;
