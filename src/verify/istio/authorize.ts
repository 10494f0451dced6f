import { Finding } from '../cluster';
import { AuthorizationPolicyView, authorizationPolicyName, PolicyRule } from './authorization-policy';
import { MatchContext, matchRule } from './rule-match';
import { hiddenAttributes, Visibility } from './visibility';

/** One enforcement point's view of the traffic, for {@link authorize}. */
export interface AuthorizationContext extends Omit<MatchContext, 'policyNamespace'> {
  /** For messages: `the sidecar of production/api`, `waypoint ns-test/waypoint`, ... */
  readonly point: string;
}

/** The decision of one enforcement point. */
export interface AuthorizationOutcome {
  readonly allowed: boolean;
  readonly findings: readonly Finding[];
}

/**
 * Evaluates the AuthorizationPolicies attached to one enforcement point, in Istio's order:
 * CUSTOM, then DENY, then ALLOW. A matching CUSTOM policy hands the request to an external
 * authorizer whose answer cannot be known here: it is treated as a deny (ztunnel does not
 * support CUSTOM and ignores it). A matching DENY rule denies. With no ALLOW policy the request
 * is allowed; otherwise some ALLOW rule must match. An ALLOW policy without rules (`spec: {}`)
 * matches nothing; a rule `{}` matches everything. AUDIT and `istio.io/dry-run` policies never
 * affect the decision.
 *
 * Attributes the point cannot see (see {@link Visibility}): an ALLOW rule using any of them is
 * omitted (it never matches TCP traffic, and ztunnel drops it: "more restrictive than
 * requested"); in a DENY (or CUSTOM) rule they are treated as matches ("missing attributes are
 * treated as matches"; ztunnel enforces the DENY "without the HTTP rules"). Something the
 * verifier does not know (an unknown IP) is resolved against the flow: a DENY is assumed to
 * match, an ALLOW not to.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export function authorize(
  policies: readonly AuthorizationPolicyView[],
  context: AuthorizationContext,
): AuthorizationOutcome {
  const findings: Finding[] = [];
  const enforced = policies.filter((policy) => {
    if (!policy.dryRun) return true;
    findings.push(
      note(policy, `dry-run (istio.io/dry-run): evaluated for logs only, not enforced at ${context.point}`),
    );
    return false;
  });
  const custom = evaluateCustom(
    enforced.filter((p) => p.action === 'CUSTOM'),
    context,
    findings,
  );
  if (custom) return { allowed: false, findings: [...findings, custom] };
  for (const policy of enforced.filter((p) => p.action === 'DENY')) {
    const match = firstMatch(policy, context, findings);
    if (match) return { allowed: false, findings: [...findings, match] };
  }
  const allows = enforced.filter((p) => p.action === 'ALLOW');
  if (allows.length === 0) {
    findings.push({
      layer: 'istio',
      message: `no ALLOW policy applies at ${context.point}: ${describe(context)} is allowed by default`,
    });
    return { allowed: true, findings };
  }
  for (const policy of allows) {
    const match = firstMatch(policy, context, findings);
    if (match) return { allowed: true, findings: [...findings, match] };
  }
  findings.push({
    layer: 'istio',
    ...(allows.length === 1 ? { object: authorizationPolicyName(allows[0]!) } : {}),
    message: `ALLOW policies apply at ${context.point} (${allows.map((p) => `${p.namespace}/${p.name}`).join(', ')}) and none matches ${describe(context)}: denied`,
  });
  return { allowed: false, findings };
}

function evaluateCustom(
  policies: readonly AuthorizationPolicyView[],
  context: AuthorizationContext,
  findings: Finding[],
): Finding | undefined {
  for (const policy of policies) {
    if (context.visibility === 'ztunnel') {
      findings.push(note(policy, `ztunnel does not support the CUSTOM action: ignored at ${context.point}`));
      continue;
    }
    const match = firstMatch(policy, context, findings);
    if (match) {
      return {
        ...match,
        message:
          `CUSTOM rule (provider ${policy.provider ?? 'unnamed'}) matches ${describe(context)} at ${context.point}: ` +
          'the external authorizer decides and its answer cannot be known here, so it is treated as a deny',
      };
    }
  }
  return undefined;
}

/** The finding of the first rule of `policy` that matches, recording notes on rules that cannot. */
function firstMatch(
  policy: AuthorizationPolicyView,
  context: AuthorizationContext,
  findings: Finding[],
): Finding | undefined {
  const rules = policy.rules ?? [];
  if (rules.length === 0) {
    if (policy.action === 'ALLOW') findings.push(note(policy, `has no rules: allows nothing at ${context.point}`));
    return undefined;
  }
  const matchContext: MatchContext = { ...context, policyNamespace: policy.namespace };
  const misses: string[] = [];
  for (const [index, rule] of rules.entries()) {
    const hidden = hiddenAttributes(rule, context.visibility);
    if (hidden.length > 0 && policy.action === 'ALLOW') {
      findings.push(
        note(policy, `${invisibleReason(context.visibility)}: ALLOW rule omitted (needs ${hidden.join(', ')})`, index),
      );
      continue;
    }
    const match = matchRule(rule, matchContext);
    if (match.result === 'no') {
      misses.push(`rules[${index}] (${match.failed.join(', ')})`);
      continue;
    }
    if (match.result === 'unknown' && policy.action === 'ALLOW') {
      findings.push(note(policy, `might match but is not assumed to (${match.unknowns.join('; ')})`, index));
      continue;
    }
    const caveats = [
      ...(hidden.length > 0
        ? [`${hidden.join(', ')} ${invisibleReason(context.visibility)} and treated as matching`]
        : []),
      ...(match.unknowns.length > 0 ? [`assumed to match: ${match.unknowns.join('; ')}`] : []),
      ...(isEmptyRule(rule) ? ['an empty rule matches everything'] : []),
    ];
    return {
      layer: 'istio',
      object: authorizationPolicyName(policy),
      rule: `rules[${index}]`,
      message: `${policy.action} rule matches ${describe(context)} at ${context.point}${caveats.length > 0 ? ` (${caveats.join('; ')})` : ''}`,
    };
  }
  if (policy.action === 'ALLOW' && misses.length > 0) {
    findings.push(note(policy, `no rule matches ${describe(context)}; not matching: ${misses.join(', ')}`));
  }
  return undefined;
}

function invisibleReason(visibility: Visibility): string {
  return visibility === 'ztunnel' ? 'not visible to ztunnel (L4 only)' : 'not present in TCP traffic';
}

function isEmptyRule(rule: PolicyRule): boolean {
  return rule.from === undefined && rule.to === undefined && rule.when === undefined;
}

function note(policy: AuthorizationPolicyView, message: string, ruleIndex?: number): Finding {
  return {
    layer: 'istio',
    object: authorizationPolicyName(policy),
    ...(ruleIndex !== undefined ? { rule: `rules[${ruleIndex}]` } : {}),
    message,
  };
}

/** Describes the traffic for messages, e.g. `production/frontend (mTLS ...) on port 8080 (GET /api)`. */
function describe(context: Pick<MatchContext, 'peer' | 'port' | 'request' | 'visibility'>): string {
  const request =
    context.visibility === 'http' && context.request ? ` (${context.request.method} ${context.request.path})` : '';
  return `${context.peer.label} on port ${context.port}${request}`;
}
