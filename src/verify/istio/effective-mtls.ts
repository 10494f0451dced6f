import { Finding, PodInfo } from '../cluster';
import { selectorMatches } from '../match/label-selector';
import { MtlsMode, PeerAuthenticationView, peerAuthenticationName } from './peer-authentication';

/** The mTLS mode a destination port accepts, and which PeerAuthentication decided it. */
export interface EffectiveMtls {
  readonly mode: 'DISABLE' | 'PERMISSIVE' | 'STRICT';
  /** `PeerAuthentication ns/name` that set the mode; `undefined` when the default applied. */
  readonly decidedBy?: string;
  /** Where the mode came from, plus any policy that was ignored on the way. */
  readonly findings: readonly Finding[];
}

/**
 * Resolves the effective PeerAuthentication mode of one workload port.
 *
 * Scopes, least to most specific: mesh-wide (root namespace, no selector), namespace-wide (no
 * selector), workload (selector), then `portLevelMtls` of the workload policy, keyed by the
 * workload (container) port. `UNSET` inherits from the parent; with nothing to inherit the mode is
 * `PERMISSIVE`. `portLevelMtls` counts only on a policy with a selector, and a policy with a
 * selector in the root namespace is ignored. When several policies compete for one scope, Istio
 * keeps the oldest: the oldest `metadata.creationTimestamp` is taken, then the first by name.
 * In ambient mode `DISABLE` does not turn mTLS off (ztunnel always speaks HBONE); istiod's
 * conversion treats it as not-STRICT, so it is reported and applied as `PERMISSIVE`.
 *
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/#peer-authentication
 */
export function resolveMtls(
  policies: readonly PeerAuthenticationView[],
  pod: PodInfo,
  port: number,
  rootNamespace: string,
): EffectiveMtls {
  const findings: Finding[] = [];
  const workloadName = `${pod.namespace}/${pod.name}`;
  const mesh = oldest(
    policies.filter((p) => p.namespace === rootNamespace && !p.selector),
    'mesh-wide',
    workloadName,
    findings,
  );
  const namespace =
    pod.namespace === rootNamespace
      ? undefined
      : oldest(
          policies.filter((p) => p.namespace === pod.namespace && !p.selector),
          'namespace-wide',
          workloadName,
          findings,
        );
  for (const ignored of policies.filter(
    (p) => p.namespace === rootNamespace && p.selector && selectorMatches(p.selector, pod.labels),
  )) {
    findings.push(
      finding(
        ignored,
        'selector',
        `ignored for ${workloadName}: a PeerAuthentication with a selector in the root namespace ${rootNamespace} has no effect`,
      ),
    );
  }
  const workload =
    pod.namespace === rootNamespace
      ? undefined
      : oldest(
          policies.filter(
            (p) => p.namespace === pod.namespace && p.selector && selectorMatches(p.selector, pod.labels),
          ),
          'workload',
          workloadName,
          findings,
        );
  if (namespace && namespace.portLevelMtls.some((entry) => entry.port === port)) {
    findings.push(
      finding(namespace, `portLevelMtls[${port}]`, 'ignored: portLevelMtls only applies to a policy with a selector'),
    );
  }

  let mode: MtlsMode = 'UNSET';
  let decided: { policy: PeerAuthenticationView; field: string; scope: string } | undefined;
  const layers: readonly [PeerAuthenticationView | undefined, string][] = [
    [mesh, 'mesh-wide'],
    [namespace, 'namespace-wide'],
    [workload, 'workload'],
  ];
  for (const [policy, scope] of layers) {
    if (policy && policy.mode !== 'UNSET') {
      mode = policy.mode;
      decided = { policy, field: 'mtls.mode', scope };
    }
  }
  const portLevel = workload?.portLevelMtls.find((entry) => entry.port === port);
  if (workload && portLevel && portLevel.mode !== 'UNSET') {
    mode = portLevel.mode;
    decided = { policy: workload, field: `portLevelMtls[${port}]`, scope: 'workload port' };
  }
  if (!decided || mode === 'UNSET') {
    findings.push({
      layer: 'istio',
      message: `no PeerAuthentication sets a mode for ${workloadName} port ${port}: mTLS defaults to PERMISSIVE`,
    });
    return ambientAdjusted({ mode: 'PERMISSIVE', findings }, pod);
  }
  findings.push(
    finding(decided.policy, decided.field, `${decided.scope} policy sets ${mode} for ${workloadName} port ${port}`),
  );
  return ambientAdjusted({ mode, decidedBy: peerAuthenticationName(decided.policy), findings }, pod);
}

function ambientAdjusted(result: EffectiveMtls, pod: PodInfo): EffectiveMtls {
  if (pod.dataplane !== 'ambient' || result.mode !== 'DISABLE') return result;
  return {
    ...result,
    mode: 'PERMISSIVE',
    findings: [
      ...result.findings,
      {
        layer: 'istio',
        ...(result.decidedBy ? { object: result.decidedBy } : {}),
        message: `DISABLE is ignored in ambient mode (ztunnel always uses mTLS between meshed pods); ${pod.namespace}/${pod.name} accepts plaintext as under PERMISSIVE`,
      },
    ],
  };
}

function oldest(
  candidates: readonly PeerAuthenticationView[],
  scope: string,
  workloadName: string,
  findings: Finding[],
): PeerAuthenticationView | undefined {
  if (candidates.length === 0) return undefined;
  const sorted = [...candidates].sort((a, b) => {
    const at = a.creationTimestamp ?? '\uffff';
    const bt = b.creationTimestamp ?? '\uffff';
    if (at !== bt) return at < bt ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  const chosen = sorted[0]!;
  if (sorted.length > 1) {
    findings.push(
      finding(
        chosen,
        undefined,
        `${sorted.length} ${scope} PeerAuthentications apply to ${workloadName}; Istio keeps the oldest, taken to be this one (others: ${sorted
          .slice(1)
          .map((p) => p.name)
          .join(', ')})`,
      ),
    );
  }
  return chosen;
}

function finding(policy: PeerAuthenticationView, rule: string | undefined, message: string): Finding {
  return { layer: 'istio', object: peerAuthenticationName(policy), ...(rule ? { rule } : {}), message };
}
