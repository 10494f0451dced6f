import { IConstruct } from 'constructs';
import { IrGuardrail } from '../ir/types';
import { Diagnostic, ErrorCode } from '../validation/codes';
import { Guardrail } from './guardrail';
import { GuardrailAction, GuardrailDirection, GuardrailTier } from './guardrail-action';
import { hasBrand, TOPOLOGY_BRAND } from './markers';

const ACTIONS = {
  [GuardrailAction.DENY]: 'deny',
  [GuardrailAction.ALLOW]: 'allow',
  [GuardrailAction.PASS]: 'pass',
} as const;

/**
 * The guardrails a topology owns (a nested Topology owns its own), as IR sorted by tier then
 * priority, and the problems across them: two of one tier sharing a priority, two sharing a name.
 */
export function collectGuardrails(topology: IConstruct): { guardrails: IrGuardrail[]; diagnostics: Diagnostic[] } {
  const found: Guardrail[] = [];
  const visit = (c: IConstruct): void => {
    if (c !== topology && hasBrand(c, TOPOLOGY_BRAND)) return;
    if (c instanceof Guardrail) found.push(c);
    for (const child of c.node.children) visit(child);
  };
  visit(topology);
  const base = topology.node.path;
  const guardrails: IrGuardrail[] = found
    .map((g): IrGuardrail => {
      const p = g._props;
      return {
        id: g.node.path.slice(base.length + 1),
        path: g.node.path,
        name: p.name ?? g.node.id,
        tier: p.tier === GuardrailTier.BASELINE ? 'baseline' : 'admin',
        priority: p.priority,
        action: ACTIONS[p.action],
        direction: p.direction === GuardrailDirection.EGRESS ? 'egress' : 'ingress',
        subject: p.subject._selector,
        peers: p.peers.map((x) => x._peer),
        ports: g._ports,
      };
    })
    .sort((a, b) =>
      a.tier === b.tier ? a.priority - b.priority || a.id.localeCompare(b.id) : a.tier === 'admin' ? -1 : 1,
    );
  const diagnostics: Diagnostic[] = [];
  for (let i = 1; i < guardrails.length; i++) {
    const [a, b] = [guardrails[i - 1], guardrails[i]];
    if (a.tier === b.tier && a.priority === b.priority) {
      diagnostics.push({
        code: ErrorCode.GUARDRAIL_PRIORITY_CLASH,
        path: b.path,
        message: `guardrail has priority ${b.priority}, as '${a.path}' in the same tier: their order would be undefined. Give each guardrail of a tier its own priority`,
      });
    }
  }
  const byName = new Map<string, string>();
  for (const g of guardrails) {
    const other = byName.get(g.name);
    if (other)
      diagnostics.push({
        code: ErrorCode.INVALID_GUARDRAIL,
        path: g.path,
        message: `guardrail name '${g.name}' is taken by '${other}' (cluster-scoped objects share one namespace). Give it another name`,
      });
    else byName.set(g.name, g.path);
  }
  return { guardrails, diagnostics };
}
