import { IrGuardrail, IrTopology } from '../../ir/types';
import { Diagnostic, ErrorCode } from '../../validation/codes';
import { sortedLabels } from '../../validation/sorted-keys';
import { Manifest } from '../target';

/** The namespace-name label Kubernetes sets on every namespace. */
const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Why the mesh cannot enforce a guardrail exactly, or undefined when it can: an ingress deny of
 * TCP ports, applying to every namespace (optionally to pods by label), from namespaces named by
 * `kubernetes.io/metadata.name`. An AuthorizationPolicy matches sources by mesh identity
 * (namespace or principal), never by labels; it sees no egress and captures TCP only.
 */
function notExpressible(g: IrGuardrail, before: readonly IrGuardrail[]): string | undefined {
  if (g.tier === 'baseline')
    return g.action === 'deny'
      ? 'a baseline deny: the mesh has no baseline tier (a root-namespace DENY would beat the app policies too)'
      : undefined;
  if (g.action === 'pass') return undefined; // renders nothing; a deny below it is refused
  if (g.direction === 'egress')
    return 'an egress guardrail: the mesh authorizes what a workload receives, not what it sends';
  if (Object.keys(g.subject.namespaceLabels).length > 0)
    return 'a subject selected by namespace labels: a policy in the mesh root namespace applies to every namespace, and the mesh selects workloads by pod labels only';
  for (const p of g.peers) {
    if (
      p.kind !== 'pods' ||
      p.podLabels !== undefined ||
      Object.keys(p.namespaceLabels).length !== 1 ||
      p.namespaceLabels[NAME_LABEL] === undefined
    ) {
      return `a peer the mesh cannot name: sources are matched by mesh identity, so only namespaces named by '${NAME_LABEL}' can be`;
    }
  }
  if (g.ports.length === 0 || g.ports.some((p) => p.protocol !== 'TCP' || p.endPort !== undefined)) {
    return 'ports the mesh cannot match exactly: it captures TCP only and takes single port numbers. List TCP ports';
  }
  if (before.some((h) => h.action === 'pass' && h.direction === g.direction))
    return 'a deny below a pass: the mesh has no priorities to let the pass through';
  return undefined;
}

/**
 * What the mesh refuses among the guardrails it is given (the planner gives it only those no CNI
 * target of the profile enforces, and every allow):
 * - an admin allow (ZT322): it would need an ALLOW in the mesh root namespace, which puts every
 *   workload of the mesh into default deny;
 * - anything else it cannot express exactly (ZT323).
 */
export function checkGuardrails(ir: IrTopology): Diagnostic[] {
  const guardrails = ir.guardrails ?? [];
  const out: Diagnostic[] = [];
  guardrails.forEach((g, i) => {
    if (g.tier === 'admin' && g.action === 'allow') {
      out.push({
        code: ErrorCode.ISTIO_GUARDRAIL_ALLOW,
        path: g.path,
        message:
          "an allow guardrail: the app's ALLOW policies would still refuse its traffic in the mesh, and an ALLOW in the mesh root namespace would put every workload into default deny. Remove the mesh from this profile, or let the apps allow the traffic",
      });
      return;
    }
    const why = notExpressible(
      g,
      guardrails.slice(0, i).filter((h) => h.tier === g.tier),
    );
    if (why)
      out.push({
        code: ErrorCode.ISTIO_GUARDRAIL_NOT_EXPRESSIBLE,
        path: g.path,
        message: `${why}. Add a CNI target that enforces guardrails to this profile (cilium, or kubernetes with network-policy-api)`,
      });
  });
  return out;
}

/**
 * Admin deny guardrails as `DENY` AuthorizationPolicies in the mesh root namespace (they apply to
 * every workload of the mesh, before any ALLOW): sources by namespace, TCP ports.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export function renderGuardrails(ir: IrTopology): Manifest[] {
  return (ir.guardrails ?? [])
    .filter((g) => g.tier === 'admin' && g.action === 'deny')
    .map((g) => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: g.name, namespace: ir.mesh.rootNamespace, labels: sortedLabels(ir.settings.commonLabels) },
      spec: {
        ...(g.subject.podLabels ? { selector: { matchLabels: { ...g.subject.podLabels } } } : {}),
        action: 'DENY',
        rules: [
          {
            from: [
              {
                source: {
                  namespaces: g.peers.map((p) => (p.kind === 'pods' ? p.namespaceLabels[NAME_LABEL] : '')).sort(),
                },
              },
            ],
            to: [{ operation: { ports: g.ports.map((p) => String(p.port)) } }],
          },
        ],
      },
    }));
}
