import { isRecord, recordOf, stringOf } from '../json';
import { LabelSelector, parseLabelSelector } from '../match/label-selector';
import { byNamespaceAndName, isKind, readMeta } from './manifest-fields';

/** A PeerAuthentication mTLS mode. `UNSET` inherits from the parent scope. */
export type MtlsMode = 'UNSET' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';

/** A PeerAuthentication read from a manifest. */
export interface PeerAuthenticationView {
  readonly namespace: string;
  readonly name: string;
  /** `selector.matchLabels`; `undefined` when absent or empty (namespace-wide or mesh-wide). */
  readonly selector?: LabelSelector;
  readonly mode: MtlsMode;
  /** `portLevelMtls`, keyed by workload (container) port. */
  readonly portLevelMtls: readonly { readonly port: number; readonly mode: MtlsMode }[];
  readonly creationTimestamp?: string;
}

/** The display name used in findings: `PeerAuthentication ns/name`. */
export function peerAuthenticationName(policy: { readonly namespace: string; readonly name: string }): string {
  return `PeerAuthentication ${policy.namespace}/${policy.name}`;
}

/** Reads every `security.istio.io` PeerAuthentication among the manifests, ordered by namespace and name. */
export function readPeerAuthentications(objects: readonly unknown[]): readonly PeerAuthenticationView[] {
  const policies: PeerAuthenticationView[] = [];
  for (const candidate of objects) {
    if (isRecord(candidate) && isKind(candidate, 'security.istio.io', 'PeerAuthentication'))
      policies.push(readPolicy(candidate));
  }
  return policies.sort(byNamespaceAndName);
}

function readPolicy(object: Record<string, unknown>): PeerAuthenticationView {
  const meta = readMeta(object);
  const spec = recordOf(object.spec);
  const selector = parseLabelSelector({ matchLabels: recordOf(spec.selector).matchLabels });
  const portLevel = recordOf(spec.portLevelMtls);
  const portLevelMtls = Object.keys(portLevel)
    .map((key) => ({ port: Number(key), mode: readMode(recordOf(portLevel[key]).mode) }))
    .filter((entry) => Number.isInteger(entry.port) && entry.port > 0)
    .sort((a, b) => a.port - b.port);
  return {
    namespace: meta.namespace,
    name: meta.name,
    ...(selector.requirements.length > 0 ? { selector } : {}),
    mode: readMode(recordOf(spec.mtls).mode),
    portLevelMtls,
    ...(meta.creationTimestamp !== undefined ? { creationTimestamp: meta.creationTimestamp } : {}),
  };
}

function readMode(value: unknown): MtlsMode {
  const mode = stringOf(value);
  return mode === 'DISABLE' || mode === 'PERMISSIVE' || mode === 'STRICT' ? mode : 'UNSET';
}
