import { IrGuardrail, IrGuardrailPeer, IrGuardrailSelector, IrLabels, IrTopology } from '../../ir/types';
import { Diagnostic, ErrorCode } from '../../validation/codes';
import { sortedLabels } from '../../validation/sorted-keys';
import { Manifest } from '../target';
import { CalicoEntityRule, CalicoPolicyType, CalicoRule } from './policy';
import { allowRules } from './rules';
import { ALL, labelsExpression } from './selectors';

/**
 * The tier of the admin guardrails: ordered before the `default` tier (order 1,000,000), where
 * the app's policies and the converted Kubernetes NetworkPolicies sit, and before `kube-admin`
 * (order 1,000), where Calico puts the cluster's own AdminNetworkPolicies.
 * @see https://docs.tigera.io/calico/latest/reference/resources/tier
 */
export const CALICO_ADMIN_TIER = { name: 'platform', order: 100 } as const;

/**
 * The tier of the baseline guardrails: ordered after the `default` tier. An endpoint meets it only
 * when no policy of the default tier selects it in that direction (a default-tier policy that
 * selects it decides, by a rule or by the end-of-tier drop), which is the baseline's meaning.
 */
export const CALICO_BASELINE_TIER = { name: 'platform-baseline', order: 2_000_000 } as const;

/**
 * The order of the last policy of each guardrail tier (guardrail priorities go from 0 to 1000): it
 * selects every pod and passes whatever no guardrail decided, so that the tier's end-of-tier drop
 * never refuses traffic the guardrails leave to the app policies.
 */
export const CALICO_TIER_PASS_ORDER = 10_000;

/** The object name of a tier's closing `Pass` policy, after the `<tier>.` prefix. */
export const CALICO_TIER_PASS_NAME = 'pass-to-next-tier';

const ACTIONS = { allow: 'Allow', deny: 'Deny', pass: 'Pass' } as const;

/** The peer kinds this renderer writes; anything else is refused by `checkCalicoGuardrails`. */
const KNOWN_PEERS: ReadonlySet<string> = new Set(['pods', 'cidr']);

/**
 * What the Calico target cannot render of the guardrails: a peer of an unknown kind (refused
 * rather than guessed), and a guardrail named as a tier's closing policy. One problem per peer.
 */
export function checkCalicoGuardrails(ir: IrTopology): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const g of ir.guardrails ?? []) {
    for (const p of g.peers) {
      const kind = (p as { kind?: unknown }).kind;
      if (!KNOWN_PEERS.has(String(kind))) {
        out.push({
          code: ErrorCode.CALICO_GUARDRAIL_PEER,
          path: g.path,
          message: `a guardrail peer of kind '${String(kind)}': the Calico target renders pods and networks only. Name the peer by pods or by CIDR, or use a profile whose guardrail target renders it`,
        });
      }
    }
    if (g.name === CALICO_TIER_PASS_NAME) {
      out.push({
        code: ErrorCode.CALICO_GUARDRAIL_NAME,
        path: g.path,
        message: `guardrail name '${g.name}' is the name of the Calico tier's closing Pass policy. Give the guardrail another name`,
      });
    }
  }
  return out;
}

/**
 * Renders the guardrails as `projectcalico.org/v3` GlobalNetworkPolicies in ordered Calico tiers:
 * - admin guardrails in the `platform` Tier (before `default`), baseline guardrails in the
 *   `platform-baseline` Tier (after `default`); each Tier object is emitted when used;
 * - one GlobalNetworkPolicy per guardrail, named `<tier>.<name>`, `order` = its priority, the
 *   subject as `namespaceSelector` and `selector` (pods only, never host endpoints), one rule per
 *   peer and protocol with the guardrail's action (`Deny`, `Allow`, `Pass`);
 * - last in each tier, at order 10,000, `<tier>.pass-to-next-tier` selects every pod for the
 *   directions the tier governs and passes: a flow no guardrail matched goes on to the next tier
 *   (the app policies, or the namespace profile that allows) instead of meeting the end-of-tier
 *   drop.
 * Pure and deterministic (the IR sorts guardrails by tier, then priority).
 * @see https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy
 */
export function renderCalicoGuardrails(ir: IrTopology): Manifest[] {
  const labels = sortedLabels(ir.settings.commonLabels);
  const out: Manifest[] = [];
  for (const [tierOf, tier] of [
    ['admin', CALICO_ADMIN_TIER],
    ['baseline', CALICO_BASELINE_TIER],
  ] as const) {
    const guardrails = (ir.guardrails ?? []).filter((g) => g.tier === tierOf);
    if (guardrails.length === 0) continue;
    out.push({
      apiVersion: 'projectcalico.org/v3',
      kind: 'Tier',
      metadata: { name: tier.name, labels },
      spec: { order: tier.order },
    });
    for (const g of guardrails) out.push(guardrailPolicy(g, tier.name, labels));
    const types: CalicoPolicyType[] = [];
    if (guardrails.some((g) => g.direction === 'ingress')) types.push('Ingress');
    if (guardrails.some((g) => g.direction === 'egress')) types.push('Egress');
    const pass: CalicoRule[] = [{ action: 'Pass' }];
    out.push({
      apiVersion: 'projectcalico.org/v3',
      kind: 'GlobalNetworkPolicy',
      metadata: { name: `${tier.name}.${CALICO_TIER_PASS_NAME}`, labels },
      spec: {
        tier: tier.name,
        order: CALICO_TIER_PASS_ORDER,
        namespaceSelector: ALL,
        selector: ALL,
        types,
        ...(types.includes('Ingress') ? { ingress: pass } : {}),
        ...(types.includes('Egress') ? { egress: pass } : {}),
      },
    });
  }
  return out;
}

function guardrailPolicy(g: IrGuardrail, tier: string, labels: IrLabels): Manifest {
  const where = `guardrail '${g.id}' (${g.path})`;
  const side = g.direction === 'ingress' ? 'source' : 'destination';
  const rules = g.peers.flatMap((p) =>
    allowRules(peerEntity(p, where), g.ports, side, where).map((r): CalicoRule => ({
      ...r,
      action: ACTIONS[g.action],
    })),
  );
  const type: CalicoPolicyType = g.direction === 'ingress' ? 'Ingress' : 'Egress';
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'GlobalNetworkPolicy',
    metadata: { name: `${tier}.${g.name}`, labels },
    spec: {
      tier,
      order: g.priority,
      ...subjectSelectors(g.subject, where),
      types: [type],
      [g.direction]: rules,
    },
  };
}

/** The subject's pods: their namespaces by labels (`all()` for every one), their labels. */
function subjectSelectors(s: IrGuardrailSelector, where: string): { namespaceSelector: string; selector: string } {
  return {
    namespaceSelector: labelsExpression(s.namespaceLabels, where),
    selector: s.podLabels === undefined ? ALL : labelsExpression(s.podLabels, where),
  };
}

function peerEntity(p: IrGuardrailPeer, where: string): CalicoEntityRule {
  switch (p.kind) {
    case 'pods':
      return {
        ...(p.podLabels !== undefined && Object.keys(p.podLabels).length > 0
          ? { selector: labelsExpression(p.podLabels, where) }
          : {}),
        namespaceSelector: labelsExpression(p.namespaceLabels, where),
      };
    case 'cidr':
      return { nets: [p.cidr] };
    default:
      throw new Error(
        `IR invariant broken: ${where}: guardrail peer kind '${String((p as { kind?: unknown }).kind)}' is not rendered by Calico`,
      );
  }
}
