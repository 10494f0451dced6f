import { IrPeer, IrTopology, IrWorkload } from '../../ir/types';
import { Topology } from '../../model/topology';
import {
  ClusterInfo,
  Dataplane,
  FlowEndpoint,
  FlowProtocol,
  HttpRequest,
  LabelMap,
  NamespaceInfo,
  PodInfo,
  Verdict,
} from '../../verify/cluster';
import { Verifier } from '../../verify/evaluate';
import '../../verify/istio';
import '../../verify/linkerd';
import { clusterFromIr } from '../intent/world';
import { loadManifests, mergeClusters } from '../../verify/load';
import { findTarget } from '../../targets/registry';
import { PolicySet } from '../../verify/policy-set';
import { EXTERNAL_PROBE_SOURCE } from '../../verify/probes';

/** Name of the pod that stands for a `Peer.pods` peer no rule of the topology mentions. */
const PEER_POD_NAME = 'expectations-peer';

/** One end of a question, resolved against a profile's cluster. */
export interface ResolvedEndpoint {
  /** How the end reads in messages: `production/frontend`, `cidr:10.0.0.1`, `fqdn:api.stripe.com`. */
  readonly text: string;
  readonly endpoint: FlowEndpoint;
  /** Set when the pod is not part of the topology's cluster and must be added to ask about it. */
  readonly added?: { readonly pod: PodInfo; readonly namespace: NamespaceInfo };
}

/**
 * One profile of a compiled topology, ready to be questioned: the manifests it *emitted*, judged
 * by the verify engine on the cluster the topology describes (`clusterFromIr`: a pod per tier,
 * the DNS pods, a pod per `Peer.pods` peer, derived gateway and waypoint pods). The layers are
 * the profile's targets, less those that enforce nothing (the `ingress` enforcement point:
 * `gateway-api`), which the verify engine therefore does not model; a cluster tier
 * (`network-policy-api`) is read by the `kubernetes` layer.
 */
export class EmittedProfile {
  /**
   * Every profile of a topology, in declaration order. Throws with the topology's diagnostics
   * when it does not compile.
   */
  public static all(topology: Topology): EmittedProfile[] {
    const compiled = topology._compile();
    if (compiled.diagnostics.length > 0 || !compiled.ir) {
      const lines = compiled.diagnostics.map((d) => `${d.path}: ${d.code}: ${d.message}`);
      throw new Error(`topology ${topology.node.path} does not compile:\n${lines.join('\n')}`);
    }
    return topology.profiles.map((profile) => {
      const plan = compiled.plans.find((p) => p.profile === profile.name);
      const manifests = compiled.manifests[profile.name];
      if (!plan || !manifests)
        throw new Error(`topology ${topology.node.path}: profile '${profile.name}' has no compiled output`);
      // A cluster tier (the network-policy-api) is evaluated by the kubernetes layer, around its NetworkPolicies.
      const layers = [
        ...new Set(
          profile.targets
            .filter((t) => findTarget(t)?.enforcementPoint !== 'ingress')
            .map((t) => (findTarget(t)?.clusterTier ? 'kubernetes' : t)),
        ),
      ].sort();
      const emitted = loadManifests(manifests);
      return new EmittedProfile(
        profile.name,
        layers,
        plan.clusterIr,
        emitted.policies,
        mergeClusters(emitted.cluster, clusterFromIr(plan)),
      );
    });
  }

  private readonly verifier: Verifier;

  private constructor(
    /** The topology's profile name, e.g. `cilium-istio`. */
    public readonly name: string,
    /** The verify layers of the profile, e.g. `['cilium', 'istio']`. */
    public readonly layers: readonly string[],
    /** The IR describing the profile's cluster. */
    public readonly ir: IrTopology,
    /** The emitted policies. */
    public readonly policies: PolicySet,
    /** The emitted objects' cluster merged with the one the topology describes. */
    public readonly cluster: ClusterInfo,
  ) {
    this.verifier = new Verifier(policies, cluster, layers);
  }

  /** The workload (tier, or derived gateway / waypoint) with this id; throws when unknown. */
  public workload(id: string): IrWorkload {
    const w = this.ir.workloads.find((x) => x.id === id);
    if (!w) throw new Error(`profile ${this.name}: no workload '${id}'`);
    return w;
  }

  /**
   * Resolves a peer to one end of a flow:
   * - a workload: its pod;
   * - `pods`: the pod the topology's cluster has for it (same namespace, same labels, same service
   *   account), or a new representative pod (no labels when the peer selects every pod);
   * - `cidr`: its address, when the block is a single address;
   * - `fqdn`: the name, when it is one exact name (destination only);
   * - the `world` entity: an address outside the cluster (`EXTERNAL_PROBE_SOURCE`).
   * Throws, with a hint, for peers that stand for no single endpoint.
   */
  public resolve(peer: IrPeer, side: 'source' | 'destination'): ResolvedEndpoint {
    switch (peer.kind) {
      case 'workload': {
        const pod = this.podOf(this.workload(peer.workload));
        return { text: `${pod.namespace}/${pod.name}`, endpoint: { kind: 'pod', pod } };
      }
      case 'pods':
        return this.resolvePods(peer);
      case 'cidr': {
        const [address, prefix] = peer.cidr.split('/');
        const single = Number(prefix) === (address.includes(':') ? 128 : 32);
        if (!single)
          throw new Error(
            `cidr ${peer.cidr} is a block, not one address: name one address, e.g. Peer.cidr('${address}/${address.includes(':') ? 128 : 32}')`,
          );
        return { text: `cidr:${address}`, endpoint: { kind: 'ip', ip: address } };
      }
      case 'fqdn': {
        if (side === 'source') throw new Error('a DNS name can only be a destination (egress)');
        const [name, ...more] = peer.names;
        if (!name || more.length > 0 || name.kind !== 'exact') {
          throw new Error(
            `fqdn ${peer.names.map((n) => n.value).join(',')} is not one exact name: name one host, e.g. Peer.fqdn('api.example.com')`,
          );
        }
        return { text: `fqdn:${name.value}`, endpoint: { kind: 'fqdn', name: name.value } };
      }
      case 'entity':
        if (peer.entity !== 'world')
          throw new Error(
            `entity ${peer.entity} stands for no single endpoint: use Peer.world(), a tier, Peer.pods(...) or a /32 Peer.cidr(...)`,
          );
        return { text: `world:${EXTERNAL_PROBE_SOURCE}`, endpoint: { kind: 'ip', ip: EXTERNAL_PROBE_SOURCE } };
      case 'any':
        throw new Error('the "any" peer stands for no single endpoint');
    }
  }

  /** The verdict of the profile's layers on a flow between two resolved ends. */
  public evaluate(
    source: ResolvedEndpoint,
    destination: ResolvedEndpoint,
    port: number,
    protocol: FlowProtocol,
    request?: HttpRequest,
  ): Verdict {
    const added = [source.added, destination.added].filter(
      (a): a is NonNullable<ResolvedEndpoint['added']> => a !== undefined,
    );
    const verifier =
      added.length === 0
        ? this.verifier
        : new Verifier(
            this.policies,
            mergeClusters(this.cluster, {
              namespaces: added.map((a) => a.namespace),
              pods: added.map((a) => a.pod),
              services: [],
            }),
            this.layers,
          );
    return verifier.evaluate({
      source: source.endpoint,
      destination: destination.endpoint,
      port,
      protocol,
      ...(request ? { request } : {}),
    });
  }

  private podOf(w: IrWorkload): PodInfo {
    const pod = this.cluster.pods.find((p) => p.namespace === w.namespace && p.name === w.name);
    if (!pod) throw new Error(`profile ${this.name}: workload ${w.id} has no pod in the cluster`);
    return pod;
  }

  private resolvePods(peer: Extract<IrPeer, { kind: 'pods' }>): ResolvedEndpoint {
    const nsMatches = (ns: string): boolean => {
      if (peer.namespace !== undefined) return ns === peer.namespace;
      const labels = this.cluster.namespaces.find((n) => n.name === ns)?.labels ?? {};
      return Object.keys(peer.namespaceLabels ?? {}).length > 0 && contains(labels, peer.namespaceLabels ?? {});
    };
    const hasLabels = Object.keys(peer.podLabels).length > 0;
    const existing = hasLabels
      ? this.cluster.pods.find(
          (p) =>
            nsMatches(p.namespace) &&
            sameLabels(p.labels, peer.podLabels) &&
            (peer.serviceAccount === undefined || p.serviceAccount === peer.serviceAccount),
        )
      : undefined;
    if (existing) return { text: `${existing.namespace}/${existing.name}`, endpoint: { kind: 'pod', pod: existing } };
    const namespace =
      peer.namespace !== undefined
        ? (this.cluster.namespaces.find((n) => n.name === peer.namespace) ?? {
            name: peer.namespace,
            labels: { 'kubernetes.io/metadata.name': peer.namespace },
          })
        : (this.cluster.namespaces.find((n) => nsMatches(n.name)) ?? {
            name: PEER_POD_NAME,
            labels: { ...peer.namespaceLabels, 'kubernetes.io/metadata.name': PEER_POD_NAME },
          });
    const pod: PodInfo = {
      namespace: namespace.name,
      name: PEER_POD_NAME,
      labels: { ...peer.podLabels },
      serviceAccount: peer.serviceAccount ?? 'default',
      containerPorts: [],
      dataplane: peer.serviceAccount !== undefined ? this.meshDataplane() : 'none',
    };
    return { text: `${pod.namespace}/${pod.name}`, endpoint: { kind: 'pod', pod }, added: { pod, namespace } };
  }

  /** The data plane of the profile's meshed tiers (`none` when the profile runs no mesh). */
  private meshDataplane(): Dataplane {
    const meshed = this.ir.workloads
      .filter((w) => !w.system)
      .map((w) => this.podOf(w).dataplane)
      .find((d) => d !== 'none');
    return meshed ?? 'none';
  }
}

function contains(labels: LabelMap, wanted: LabelMap): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

function sameLabels(a: LabelMap, b: LabelMap): boolean {
  return Object.keys(a).length === Object.keys(b).length && contains(a, b);
}
