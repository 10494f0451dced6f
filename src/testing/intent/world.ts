import { IrPeer, IrTopology, IrWorkload } from '../../ir/types';
import { TargetDescriptor } from '../../plan/target-descriptor';
import { ClusterInfo, Dataplane, NamespaceInfo, PodInfo, ServiceInfo } from '../../verify/cluster';

/** One profile's compiled view, as `Topology._compile()` returns it. */
export interface PlannedProfile {
  /** The IR describing the profile's cluster (mesh labels, derived gateway workloads). */
  readonly clusterIr: IrTopology;
  /** The IR each target rendered (CNI parts carry derived waypoint workloads). */
  readonly parts: readonly {
    readonly target: Pick<TargetDescriptor, 'name' | 'enforcementPoint'> & { readonly mesh?: TargetDescriptor['mesh'] };
    readonly ir: IrTopology;
  }[];
}

/**
 * The cluster a topology describes, for one profile: one pod per tier (its selector as labels,
 * its service account, ports and mesh data plane), the DNS pods, a representative pod for every
 * `Peer.pods` peer, the derived gateway and waypoint pods, namespaces with their labels, and the
 * tiers' Services. Under the mesh, the labels synth asks the user to apply where the library emits
 * nothing (a tier's waypoint binding on its Service and pods, ZT205) are taken as applied. This is the *intent side*: what the model says exists. The verify engine
 * judges the emitted manifests on it without ever reading the compiler's rules.
 */
export function clusterFromIr(plan: PlannedProfile): ClusterInfo {
  const ir = plan.clusterIr;
  const meshOn = plan.parts.some((p) => p.target.enforcementPoint === 'mesh') && ir.mesh.mode !== 'none';
  const meshMode: Dataplane = meshOn ? (ir.mesh.mode as Dataplane) : 'none';
  const nsLabels = new Map<string, Record<string, string>>();
  const addNs = (name: string, labels: Record<string, string> = {}) => {
    nsLabels.set(name, { ...(nsLabels.get(name) ?? {}), ...labels, 'kubernetes.io/metadata.name': name });
  };
  for (const z of ir.zones) addNs(z.namespace, meshOn ? { ...z.namespaceLabels } : {});
  // Annotations the mesh reads (Linkerd: injection, default inbound policy), on namespaces and pods.
  const podAnnotations = meshOn
    ? plan.parts.find((p) => p.target.enforcementPoint === 'mesh')?.target.mesh?.podAnnotations
    : undefined;
  const nsAnnotations = new Map<string, Record<string, string>>();
  for (const z of ir.zones)
    if (meshOn && z.namespaceAnnotations)
      nsAnnotations.set(z.namespace, { ...(nsAnnotations.get(z.namespace) ?? {}), ...z.namespaceAnnotations });
  const zoneOf = new Map(ir.zones.map((z) => [z.id, z]));
  const annotationsOf = (w: IrWorkload): Record<string, string> => {
    if (!podAnnotations) return {};
    const meshed = !w.system && w.meshed;
    return {
      ...(meshed ? (zoneOf.get(w.zone)?.podAnnotations ?? {}) : {}),
      ...(meshed ? (w.podAnnotations ?? {}) : {}),
      ...(meshed ? podAnnotations.meshed : podAnnotations.unmeshed),
    };
  };
  const pods = new Map<string, PodInfo>();
  const addPod = (p: PodInfo) => {
    if (!pods.has(`${p.namespace}/${p.name}`)) pods.set(`${p.namespace}/${p.name}`, p);
  };
  const workloads = new Map<string, IrWorkload>();
  for (const w of [...ir.workloads, ...plan.parts.flatMap((p) => p.ir.workloads)])
    if (!workloads.has(w.id)) workloads.set(w.id, w);
  for (const w of workloads.values()) {
    addNs(w.namespace);
    addPod({
      namespace: w.namespace,
      name: w.name,
      labels: { ...(meshOn ? (w.meshLabels?.pods ?? {}) : {}), ...w.selector },
      serviceAccount: w.serviceAccount ?? 'default',
      containerPorts: w.ports.map((p) => ({
        containerPort: p.port,
        protocol: p.protocol,
        ...(p.name ? { name: p.name } : {}),
      })),
      dataplane: w.system ? 'none' : w.meshed && meshOn ? meshMode : 'none',
      ...(Object.keys(annotationsOf(w)).length > 0 ? { annotations: sorted(annotationsOf(w)) } : {}),
    });
  }
  for (const z of ir.zones) {
    if (!z.dns) continue;
    addNs(z.dns.namespace);
    addPod({
      namespace: z.dns.namespace,
      name: 'dns',
      labels: { ...z.dns.podSelector },
      serviceAccount: 'dns',
      containerPorts: z.dns.ports
        .filter((p) => p.port !== undefined)
        .map((p) => ({ containerPort: p.port!, protocol: p.protocol })),
      dataplane: 'none',
    });
  }
  const rules = [...ir.rules, ...plan.parts.flatMap((p) => p.ir.rules)];
  for (const peer of rules.flatMap((r) => [r.from, r.to])) {
    const pod = peerPod(peer, meshMode);
    if (!pod) continue;
    addNs(pod.pod.namespace, pod.namespaceLabels);
    addPod(
      podAnnotations
        ? {
            ...pod.pod,
            annotations: { ...(pod.pod.dataplane !== 'none' ? podAnnotations.meshed : podAnnotations.unmeshed) },
          }
        : pod.pod,
    );
  }
  const services: ServiceInfo[] = [];
  for (const w of workloads.values()) {
    if (!w.service) continue;
    services.push({
      namespace: w.namespace,
      name: w.service.name,
      selector: { ...w.selector },
      labels: meshOn ? { ...(w.meshLabels?.service ?? {}) } : {},
      ports: w.service.ports.map((p) => ({
        port: p.port,
        targetPort: p.targetPort,
        protocol: p.protocol,
        ...(p.name ? { name: p.name } : {}),
      })),
    });
  }
  const namespaces: NamespaceInfo[] = [...nsLabels.keys()].sort().map((name) => ({
    name,
    labels: sorted(nsLabels.get(name)!),
    ...(nsAnnotations.has(name) ? { annotations: sorted(nsAnnotations.get(name)!) } : {}),
  }));
  const byKey = <T extends { namespace: string; name: string }>(a: T, b: T) =>
    `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1;
  return { namespaces, pods: [...pods.values()].sort(byKey), services: services.sort(byKey) };
}

/**
 * A representative pod for a `pods` peer (namespace by name, or a namespace carrying the labels).
 * Names derive from the peer alone, never from its position among the rules, so that two models
 * that share a peer describe the same pod: the namespace of a peer chosen by namespace labels is
 * `peer-namespace-<hash of the labels>`; the pod is named by its label values (`peer` without
 * labels) and, when the peer names one, its service account (a pod has one identity, so peers
 * that differ in it are different pods).
 */
function peerPod(
  peer: IrPeer,
  meshMode: Dataplane,
): { pod: PodInfo; namespaceLabels: Record<string, string> } | undefined {
  if (peer.kind !== 'pods') return undefined;
  const namespace = peer.namespace ?? `peer-namespace-${shortHash(JSON.stringify(sorted(peer.namespaceLabels ?? {})))}`;
  const labels = Object.keys(peer.podLabels).length > 0 ? { ...peer.podLabels } : { 'zerotrust.cdk8s.io/peer': 'any' };
  const base = Object.values(peer.podLabels).join('-') || 'peer';
  const name = peer.serviceAccount ? `${base}-${peer.serviceAccount}` : base;
  return {
    pod: {
      namespace,
      name,
      labels,
      serviceAccount: peer.serviceAccount ?? 'default',
      containerPorts: [],
      dataplane: peer.serviceAccount ? meshMode : 'none',
    },
    namespaceLabels: { ...(peer.namespaceLabels ?? {}) },
  };
}

/** An 8-hex-digit FNV-1a hash, for stable generated names. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function sorted(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}
