import { Finding, HttpRequest } from '../cluster';
import { Payload } from '../layer';
import { Endpoint, endpointText } from './endpoint';
import { Direction, RuleMatch } from './rule';

/** Everything one direction of one enforcement point knows about a flow. */
export interface DirectionQuery {
  readonly layer: string;
  readonly direction: Direction;
  /** The selected pod (destination for ingress, source for egress), as text. */
  readonly subject: string;
  /** The other end, as text. */
  readonly peer: string;
  /** `8080/TCP`. */
  readonly port: string;
  /** Objects whose rules put the subject in default deny for this direction, sorted. */
  readonly isolatedBy: readonly string[];
  readonly allows: readonly RuleMatch[];
  /** Matching deny rules: they win over every allow. */
  readonly denies: readonly RuleMatch[];
  /** Facts to add when nothing allowed (e.g. why a toFQDNs rule could not match). */
  readonly notes: readonly Finding[];
  readonly request?: HttpRequest;
  readonly payload: Payload;
}

/** The decision of one direction, with its explanation. */
export interface DirectionResult {
  readonly allowed: boolean;
  readonly findings: readonly Finding[];
}

/**
 * Decides one direction from the matched rules, for any layer that enforces a union of allows
 * with optional denies and optional L7 rules:
 * 1. a matching deny rule denies (deny takes precedence over every allow);
 * 2. a subject no policy isolates for this direction is allowed;
 * 3. an isolated subject needs a matching allow rule;
 * 4. a matching rule without L7 rules allows everything on that port (it lifts the L7 rules of
 *    other rules for the same peer and port);
 * 5. otherwise the L7 rules of every matching rule form a union: a request passes when one
 *    rule matches; a flow without request is allowed at L4 (requests are filtered later); an
 *    encrypted payload (mesh mTLS) cannot be parsed and is denied.
 */
export function decideDirection(q: DirectionQuery): DirectionResult {
  const where = `${q.direction} of ${q.subject}`;
  if (q.denies.length > 0) {
    return {
      allowed: false,
      findings: q.denies.map((m) =>
        finding(q, m, `denies ${q.peer} on ${q.port} (${where}; deny rules take precedence over every allow)`),
      ),
    };
  }
  if (q.isolatedBy.length === 0) {
    return {
      allowed: true,
      findings: [
        {
          layer: q.layer,
          message: `${q.subject} is not isolated for ${q.direction}: no policy selects it for ${q.direction}`,
        },
      ],
    };
  }
  if (q.allows.length === 0) {
    return {
      allowed: false,
      findings: [
        {
          layer: q.layer,
          message: `${q.subject} is isolated for ${q.direction} by ${q.isolatedBy.join(', ')}; no rule matched ${q.peer} on ${q.port}`,
        },
        ...q.notes,
      ],
    };
  }
  const l4 = q.allows.filter((m) => m.clause.l7 === undefined);
  if (l4.length > 0) {
    return { allowed: true, findings: l4.map((m) => finding(q, m, `allows ${q.peer} on ${q.port} at L4 (${where})`)) };
  }
  return decideL7(q, where);
}

function decideL7(q: DirectionQuery, where: string): DirectionResult {
  const rules = q.allows;
  if (q.payload === 'mtls') {
    return {
      allowed: false,
      findings: rules.map((m) =>
        finding(
          q,
          m,
          `allows ${q.peer} on ${q.port} only through ${l7Name(m)} rules, ` +
            `and the payload is mesh mTLS: the proxy cannot parse it, so the connection fails (${where})`,
        ),
      ),
    };
  }
  if (!q.request) {
    return {
      allowed: true,
      findings: rules.map((m) =>
        finding(
          q,
          m,
          m.clause.l7?.kind === 'other'
            ? `allows ${q.peer} on ${q.port} at L4; its ${l7Name(m)} rules are not evaluated (${where})`
            : `allows ${q.peer} on ${q.port} at L4; requests are then filtered by its ${l7Name(m)} rules (${where})`,
        ),
      ),
    };
  }
  const req = q.request;
  const reasons: Finding[] = [];
  for (const m of rules) {
    const l7 = m.clause.l7;
    if (l7?.kind !== 'http') {
      reasons.push(finding(q, m, `parses ${q.port} as ${l7Name(m)}: an HTTP request cannot match (${where})`));
      continue;
    }
    for (const h of l7.rules) {
      const why = h.mismatch(req);
      if (why === undefined) {
        return {
          allowed: true,
          findings: [
            {
              ...finding(
                q,
                m,
                `allows ${req.method} ${req.path} from ${q.peer} on ${q.port} (HTTP rule: ${h.text}) (${where})`,
              ),
              rule: `${m.rule.rule}.${h.label}`,
            },
          ],
        };
      }
    }
    reasons.push(
      finding(
        q,
        m,
        `${req.method} ${req.path} matches none of its HTTP rules: ${l7.rules.map((h) => h.text).join('; ')} (${where}; HTTP 403)`,
      ),
    );
  }
  return { allowed: false, findings: reasons };
}

function l7Name(m: RuleMatch): string {
  const l7 = m.clause.l7;
  return l7 === undefined ? 'L4' : l7.kind === 'other' ? l7.protocol : l7.kind.toUpperCase();
}

function finding(q: DirectionQuery, m: RuleMatch, message: string): Finding {
  const via = [m.peer, m.clause.label].filter((s) => s !== '').join(', ');
  return { layer: q.layer, object: m.rule.object, rule: m.rule.rule, message: `${message} [${via}]` };
}

/**
 * Combines the directions a CNI layer judged for one pair: egress of a pod source, ingress of a
 * pod destination. A pair with no pod end is not this layer's to judge (allowed); otherwise every
 * direction must allow, and a denial is explained by the directions that denied.
 */
export function combineDirections(
  layer: string,
  s: Endpoint,
  d: Endpoint,
  results: readonly DirectionResult[],
): DirectionResult {
  if (results.length === 0) {
    return {
      allowed: true,
      findings: [
        {
          layer,
          message: `neither ${endpointText(s)} nor ${endpointText(d)} is a pod: no policy of this layer applies`,
        },
      ],
    };
  }
  const allowed = results.every((r) => r.allowed);
  return { allowed, findings: (allowed ? results : results.filter((r) => !r.allowed)).flatMap((r) => r.findings) };
}
