import { Endpoint } from '../engine/endpoint';
import { LabelRequirement, parseLabelSelector, requirementMatches, selectorOf } from '../match/label-selector';

/** Cilium label sources a selector key may be prefixed with (`k8s:app`, `reserved:host`). */
const SOURCES = new Set([
  'any',
  'k8s',
  'reserved',
  'cidr',
  'fqdn',
  'container',
  'unspec',
  'kvstore',
  'etcd',
  'cilium-generated',
  'cni',
]);

/** The namespace label Cilium gives every pod identity. */
export const NAMESPACE_KEY = 'io.kubernetes.pod.namespace';
/** The service-account label of a pod identity. */
export const SERVICE_ACCOUNT_KEY = 'io.cilium.k8s.policy.serviceaccount';
/** Prefix of the namespace labels copied into a pod identity. */
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
/** The cluster-name label of a pod identity (single cluster: `default`). */
export const CLUSTER_KEY = 'io.cilium.k8s.policy.cluster';

/** One identity label: source, key, value. */
export interface CiliumLabel {
  readonly source: string;
  readonly key: string;
  readonly value: string;
}

/** One selector requirement with its label source (`any` when the key has no prefix). */
export interface CiliumRequirement extends LabelRequirement {
  readonly source: string;
}

/** A Cilium endpoint selector: requirements on identity labels, ANDed. */
export interface CiliumSelector {
  readonly requirements: readonly CiliumRequirement[];
  /** Canonical text, for messages. */
  readonly text: string;
}

/** Splits `k8s:app` into source and key; a key without a known source prefix has source `any`. */
export function splitSourceKey(raw: string): { source: string; key: string } {
  const i = raw.indexOf(':');
  if (i > 0 && SOURCES.has(raw.slice(0, i))) return { source: raw.slice(0, i), key: raw.slice(i + 1) };
  return { source: 'any', key: raw };
}

/**
 * Parses a Cilium endpoint selector (Kubernetes LabelSelector syntax, keys with optional
 * `source:` prefixes). Throws on an unknown operator.
 */
export function parseCiliumSelector(raw: unknown): CiliumSelector {
  const base = parseLabelSelector(raw);
  return ciliumSelectorOf(base.requirements.map((r) => ({ ...r, ...splitSourceKey(r.key) })));
}

/** Builds a selector from requirements. */
export function ciliumSelectorOf(requirements: readonly CiliumRequirement[]): CiliumSelector {
  const text = selectorOf(
    requirements.map((r) => ({ ...r, key: r.source === 'any' ? r.key : `${r.source}:${r.key}` })),
  ).text;
  return { requirements, text };
}

/** True when the selector constrains the key (from any source that can carry it). */
export function constrainsKey(s: CiliumSelector, key: string): boolean {
  return s.requirements.some((r) => r.key === key && (r.source === 'k8s' || r.source === 'any'));
}

/** True when the selector names a reserved identity label (`reserved:host`). */
export function namesReserved(s: CiliumSelector): boolean {
  return s.requirements.some((r) => r.source === 'reserved');
}

/**
 * The peer-selector form Cilium enforces (pkg/k8s/apis/cilium.io/utils `getEndpointSelector`):
 * selectors naming a reserved label are kept as they are; otherwise a selector without
 * `io.kubernetes.pod.namespace` is limited to the policy's namespace in a CNP, and to pods (any
 * namespace) in a CCNP. So `{}` means "this namespace" in a CNP and "every pod" in a CCNP, and a
 * namespace-label selector (`io.cilium.k8s.namespace.labels.*`) in a CNP still only selects the
 * policy's own namespace.
 */
export function peerSelector(s: CiliumSelector, policyNamespace: string | undefined): CiliumSelector {
  if (namesReserved(s) || constrainsKey(s, NAMESPACE_KEY)) return s;
  const ns: CiliumRequirement =
    policyNamespace === undefined
      ? { source: 'k8s', key: NAMESPACE_KEY, operator: 'Exists', values: [] }
      : { source: 'k8s', key: NAMESPACE_KEY, operator: 'In', values: [policyNamespace] };
  return ciliumSelectorOf([...s.requirements, ns]);
}

/** Identity labels by key, for matching. */
export type IdentityLabels = ReadonlyMap<string, readonly CiliumLabel[]>;

const POD_LABELS = new WeakMap<Endpoint, IdentityLabels>();

/**
 * The identity labels of an endpoint, as Cilium derives them, indexed by key. A pod has its
 * labels (source `k8s`) plus `io.kubernetes.pod.namespace`, `io.cilium.k8s.policy.serviceaccount`,
 * `io.cilium.k8s.policy.cluster` and `io.cilium.k8s.namespace.labels.<key>` for every namespace
 * label; other endpoints have reserved labels (`reserved:world`, `reserved:host`,
 * `reserved:remote-node`, `reserved:kube-apiserver`). Cached per pod endpoint.
 */
export function identityLabels(e: Endpoint): IdentityLabels {
  const cached = POD_LABELS.get(e);
  if (cached) return cached;
  const index = new Map<string, CiliumLabel[]>();
  for (const l of labelList(e)) {
    const list = index.get(l.key) ?? [];
    list.push(l);
    index.set(l.key, list);
  }
  if (e.kind === 'pod') POD_LABELS.set(e, index);
  return index;
}

function labelList(e: Endpoint): CiliumLabel[] {
  switch (e.kind) {
    case 'pod': {
      const out: CiliumLabel[] = Object.entries(e.pod.labels).map(([key, value]) => ({ source: 'k8s', key, value }));
      out.push({ source: 'k8s', key: NAMESPACE_KEY, value: e.pod.namespace });
      out.push({ source: 'k8s', key: SERVICE_ACCOUNT_KEY, value: e.pod.serviceAccount });
      out.push({ source: 'k8s', key: CLUSTER_KEY, value: 'default' });
      for (const [key, value] of Object.entries(e.namespace.labels))
        out.push({ source: 'k8s', key: NAMESPACE_LABELS_PREFIX + key, value });
      return out;
    }
    case 'ip': {
      const out: CiliumLabel[] = [];
      if (e.host) out.push({ source: 'reserved', key: 'host', value: '' });
      if (e.remoteNode) out.push({ source: 'reserved', key: 'remote-node', value: '' });
      if (e.apiserver) out.push({ source: 'reserved', key: 'kube-apiserver', value: '' });
      if (!e.host && !e.remoteNode) out.push({ source: 'reserved', key: 'world', value: '' });
      return out;
    }
    case 'fqdn':
      return [{ source: 'reserved', key: 'world', value: '' }];
  }
}

/** True when the labels satisfy every requirement (a requirement of source `any` reads any source). */
export function ciliumSelectorMatches(s: CiliumSelector, labels: IdentityLabels): boolean {
  for (const r of s.requirements) {
    let seen = false;
    let ok = false;
    for (const l of labels.get(r.key) ?? []) {
      if (r.source !== 'any' && l.source !== r.source) continue;
      seen = true;
      if (requirementMatches(r, l.value)) {
        ok = true;
        break;
      }
    }
    if (!(seen ? ok : requirementMatches(r, undefined))) return false;
  }
  return true;
}

/**
 * The namespaces a selector can match pods in, when it pins `io.kubernetes.pod.namespace` with
 * `In`; undefined otherwise.
 */
export function selectorNamespaces(s: CiliumSelector): ReadonlySet<string> | undefined {
  const pin = s.requirements.find(
    (r) => r.key === NAMESPACE_KEY && r.operator === 'In' && (r.source === 'k8s' || r.source === 'any'),
  );
  return pin ? new Set(pin.values) : undefined;
}
