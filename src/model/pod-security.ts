/**
 * A Pod Security Standards level, as the Pod Security admission controller reads it from a
 * namespace label (https://kubernetes.io/docs/concepts/security/pod-security-admission/).
 */
export enum PodSecurityLevel {
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
  /** Minimally restrictive: prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Heavily restricted: current pod hardening best practices. */
  RESTRICTED = 'restricted',
}

/**
 * Pod Security admission for the namespace of a zone: each mode a level, pinned to a version of
 * the standards. Emitted as `pod-security.kubernetes.io/<mode>` and `<mode>-version` labels.
 *
 * @example
 * { enforce: PodSecurityLevel.RESTRICTED, enforceVersion: 'v1.31', warn: PodSecurityLevel.RESTRICTED }
 */
export interface PodSecurityProps {
  /**
   * Pods that violate this level are rejected.
   * @default - no enforce label (the cluster's default applies)
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * The version of the standards `enforce` checks: `latest` or `v1.N`.
   * @default - no version label (`latest`)
   */
  readonly enforceVersion?: string;
  /**
   * Violations of this level are recorded in the audit log.
   * @default - no audit label
   */
  readonly audit?: PodSecurityLevel;
  /**
   * The version of the standards `audit` checks: `latest` or `v1.N`.
   * @default - no version label (`latest`)
   */
  readonly auditVersion?: string;
  /**
   * Violations of this level are returned to the user as warnings.
   * @default - no warn label
   */
  readonly warn?: PodSecurityLevel;
  /**
   * The version of the standards `warn` checks: `latest` or `v1.N`.
   * @default - no version label (`latest`)
   */
  readonly warnVersion?: string;
}
