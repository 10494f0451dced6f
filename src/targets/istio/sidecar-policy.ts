import { IrIndex } from '../../ir/query';
import { IrLabels, IrRule, IrWorkload } from '../../ir/types';
import { authorizationRules, ruleWhere } from './authorization';
import { authorizationPolicy, AuthorizationPolicyManifest, workloadSelector } from './manifests';
import { istioPorts } from './operations';
import { renderSource } from './principals';

/**
 * The sidecar-mode ALLOW policy of one workload, `<workload>-ingress`: selects the workload's
 * pods and holds the Istio rules of every inbound IR rule, in IR order, with full L7 (the sidecar
 * sees requests). Ports are pod ports, as sidecars match them. `undefined` when no rule yields
 * an Istio rule (the zone's allow-nothing policy already denies everything).
 */
export function sidecarIngressPolicy(
  w: IrWorkload,
  rules: readonly IrRule[],
  index: IrIndex,
  labels: IrLabels,
): AuthorizationPolicyManifest | undefined {
  const out = rules.flatMap((r) => {
    const where = ruleWhere(r);
    return authorizationRules(r, renderSource(r.from, index, where), istioPorts(r.ports, where));
  });
  if (out.length === 0) return undefined;
  return authorizationPolicy(`${w.name}-ingress`, w.namespace, labels, {
    selector: workloadSelector(w.selector, `workload '${w.id}'`),
    action: 'ALLOW',
    rules: out,
  });
}
