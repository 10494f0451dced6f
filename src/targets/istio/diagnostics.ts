import { ErrorCode } from '../../validation/codes';
import { TargetDiagnostic } from '../target';

/** Codes of the problems the Istio target reports: its entries of the ErrorCode catalog (ZT311-ZT330). */
export const IstioDiagnosticCode = {
  /** A source Istio cannot identify: a tier without service account, or pods by label only. */
  NO_IDENTITY: ErrorCode.ISTIO_NO_IDENTITY,
  /** A regular-expression path: Istio matches paths by exact value or `*` glob only. */
  REGEX_PATH: ErrorCode.ISTIO_REGEX_PATH,
  /** A path or header value containing `*`, which Istio would read as a glob. */
  WILDCARD: ErrorCode.ISTIO_WILDCARD,
  /** A header matched by a regular expression: condition values are exact or `*` globs only. */
  HEADER_REGEX: ErrorCode.ISTIO_HEADER_REGEX,
  /** A port range or a named port: AuthorizationPolicy ports are single numbers. */
  PORT_FORM: ErrorCode.ISTIO_PORT_FORM,
  /** Kafka topic/role rules: Istio has no Kafka authorization. */
  KAFKA: ErrorCode.ISTIO_KAFKA,
  /** Ambient L7 rules into a workload without a Service, the only thing a waypoint policy attaches to. */
  WAYPOINT_NEEDS_SERVICE: ErrorCode.ISTIO_WAYPOINT_NEEDS_SERVICE,
  /** Ambient L7 rules for a source outside the mesh: plaintext never reaches a waypoint. */
  WAYPOINT_PLAINTEXT: ErrorCode.ISTIO_WAYPOINT_PLAINTEXT,
  /** A waypoint-routed rule on a pod port no Service port targets. */
  WAYPOINT_PORT: ErrorCode.ISTIO_WAYPOINT_PORT,
  /** A waypoint that also carries workload-addressed traffic, which Service-attached policies do not see. */
  WAYPOINT_FOR: ErrorCode.ISTIO_WAYPOINT_FOR,
  /** A tier bound to a waypoint for Service traffic, without a Service to carry the binding. */
  WAYPOINT_BINDING_NO_SERVICE: ErrorCode.ISTIO_WAYPOINT_BINDING_NO_SERVICE,
  /** A PeerAuthentication with a selector in the mesh root namespace, which Istio ignores. */
  ROOT_NAMESPACE_SELECTOR: ErrorCode.ISTIO_ROOT_NAMESPACE_SELECTOR,
  /** A DISABLE mTLS mode in ambient mode, which ztunnel ignores. */
  AMBIENT_DISABLE: ErrorCode.ISTIO_AMBIENT_DISABLE,
} as const;

/** One of the codes of {@link IstioDiagnosticCode}. */
export type IstioDiagnosticCode = (typeof IstioDiagnosticCode)[keyof typeof IstioDiagnosticCode];

/** A diagnostic attributed to a construct path. */
export function istioDiagnostic(code: IstioDiagnosticCode, path: string, message: string): TargetDiagnostic {
  return { code, path, message };
}

/** One line per diagnostic, `CODE: path: message`, for an error thrown at render. */
export function formatDiagnostics(diagnostics: readonly TargetDiagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.path}: ${d.message}`).join('\n');
}
