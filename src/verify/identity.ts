import { Dataplane, LabelMap, PodInfo } from './cluster';

/**
 * A security identity: pods that every layer treats alike, as Cilium groups endpoints by their
 * labels. Pods share an identity when they share namespace, labels, service account and data
 * plane, and also the facts a rule can read beyond labels: container ports (named ports), IP
 * (ipBlocks that match pod IPs) and annotations (Linkerd's injection and default policy).
 */
export interface Identity {
  /** Position in the identity list. */
  readonly index: number;
  readonly key: string;
  readonly namespace: string;
  readonly labels: LabelMap;
  readonly serviceAccount: string;
  readonly dataplane: Dataplane;
  /** Member pods (workloads), sorted by name. */
  readonly pods: readonly PodInfo[];
  /** The first member: every decision about the identity is made on it. */
  readonly representative: PodInfo;
}

/** The grouping key of a pod: equal keys mean no layer can tell the pods apart. */
export function identityKey(pod: PodInfo): string {
  const labels = Object.keys(pod.labels)
    .sort()
    .map((k) => `${k}=${pod.labels[k]}`)
    .join(',');
  const ports = pod.containerPorts
    .map((p) => `${p.name ?? ''}:${p.containerPort}/${p.protocol}`)
    .sort()
    .join(',');
  const annotations = Object.keys(pod.annotations ?? {})
    .sort()
    .map((k) => `${k}=${(pod.annotations ?? {})[k]}`)
    .join(',');
  return [pod.namespace, labels, pod.serviceAccount, pod.dataplane, ports, pod.ip ?? '', annotations].join('\u0000');
}

/** Groups pods into identities, sorted by key (so indexes are deterministic). */
export function groupIdentities(pods: readonly PodInfo[]): Identity[] {
  const groups = new Map<string, PodInfo[]>();
  for (const pod of pods) {
    const key = identityKey(pod);
    const members = groups.get(key) ?? [];
    members.push(pod);
    groups.set(key, members);
  }
  const keys = [...groups.keys()].sort();
  return keys.map((key, index) => {
    const pods = (groups.get(key) as PodInfo[])
      .slice()
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const rep = pods[0];
    return {
      index,
      key,
      namespace: rep.namespace,
      labels: rep.labels,
      serviceAccount: rep.serviceAccount,
      dataplane: rep.dataplane,
      pods,
      representative: rep,
    };
  });
}
