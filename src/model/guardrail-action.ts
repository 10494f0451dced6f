/** What a guardrail does with the traffic it matches. */
export enum GuardrailAction {
  /** Refuse it, whatever the app policies say. */
  DENY = 'DENY',
  /** Admit it, whatever the app policies say (a baseline allow only where no app policy selects the pod). */
  ALLOW = 'ALLOW',
  /** Skip the guardrails below in the same tier: the app policies decide. */
  PASS = 'PASS',
}

/** Where a guardrail sits around the app policies. */
export enum GuardrailTier {
  /** Before the app policies: the platform decides first (AdminNetworkPolicy, ClusterNetworkPolicy tier Admin). */
  ADMIN = 'ADMIN',
  /**
   * After them, for pods no app policy selects in that direction (BaselineAdminNetworkPolicy,
   * ClusterNetworkPolicy tier Baseline).
   */
  BASELINE = 'BASELINE',
}

/** Which traffic of its subject a guardrail governs. */
export enum GuardrailDirection {
  /** What the subject pods receive; peers are sources. */
  INGRESS = 'INGRESS',
  /** What the subject pods send; peers are destinations. */
  EGRESS = 'EGRESS',
}
