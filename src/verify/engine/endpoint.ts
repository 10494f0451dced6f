import { ClusterInfo, FlowEndpoint, NamespaceInfo, PodInfo } from '../cluster';
import { IpAddress, parseIp } from '../match/ip';
import { VerifyOptions } from '../options';

/** A pod, with its namespace (and namespace labels). */
export interface PodEndpoint {
  readonly kind: 'pod';
  readonly pod: PodInfo;
  readonly namespace: NamespaceInfo;
}

/** An address that is not a pod: outside the cluster, a node, or the API server. */
export interface IpEndpoint {
  readonly kind: 'ip';
  readonly address: IpAddress;
  /** The node that hosts the pod under test. */
  readonly host: boolean;
  /** Another node. */
  readonly remoteNode: boolean;
  /** The Kubernetes API server. */
  readonly apiserver: boolean;
}

/** A DNS name outside the cluster, optionally with one address it resolved to. */
export interface FqdnEndpoint {
  readonly kind: 'fqdn';
  /** Lower-case, without trailing dot. */
  readonly name: string;
  /** The resolved address this endpoint stands for; undefined without a resolver. */
  readonly address?: IpAddress;
}

/** A flow endpoint as rules match it. */
export type Endpoint = PodEndpoint | IpEndpoint | FqdnEndpoint;

/** Human text for an endpoint: `ns/workload`, `203.0.113.7`, `api.example.com (93.184.216.34)`. */
export function endpointText(e: Endpoint): string {
  switch (e.kind) {
    case 'pod':
      return `${e.pod.namespace}/${e.pod.name}`;
    case 'ip':
      return e.address.text;
    case 'fqdn':
      return e.address ? `${e.name} (${e.address.text})` : e.name;
  }
}

/** True when an IP endpoint is a node address (host or remote node). */
export function isNode(e: IpEndpoint): boolean {
  return e.host || e.remoteNode;
}

/**
 * The cluster as endpoint classification needs it: namespaces by name, pods by IP, and the
 * addresses the options declare. Built once per (cluster, options).
 */
export class ClusterView {
  /** The view of a cluster under options, cached per pair of objects. */
  public static of(cluster: ClusterInfo, options: VerifyOptions): ClusterView {
    let byOptions = VIEWS.get(cluster);
    if (!byOptions) {
      byOptions = new WeakMap();
      VIEWS.set(cluster, byOptions);
    }
    let view = byOptions.get(options);
    if (!view) {
      view = new ClusterView(cluster, options);
      byOptions.set(options, view);
    }
    return view;
  }

  private readonly namespaces = new Map<string, NamespaceInfo>();
  private readonly podsByIp = new Map<string, PodInfo>();
  private readonly podEndpoints = new WeakMap<PodInfo, PodEndpoint>();
  private readonly hostIps: ReadonlySet<string>;
  private readonly remoteNodeIps: ReadonlySet<string>;
  private readonly apiserverIps: ReadonlySet<string>;

  private constructor(
    public readonly cluster: ClusterInfo,
    public readonly options: VerifyOptions,
  ) {
    for (const ns of cluster.namespaces) this.namespaces.set(ns.name, ns);
    for (const pod of cluster.pods) {
      const ip = pod.ip ? parseIp(pod.ip) : undefined;
      if (ip && !this.podsByIp.has(canonical(ip))) this.podsByIp.set(canonical(ip), pod);
    }
    this.hostIps = addressSet(options.hostIps);
    this.remoteNodeIps = addressSet(options.remoteNodeIps);
    this.apiserverIps = addressSet(options.kubeApiserverIps);
  }

  /**
   * A namespace by name. A namespace no manifest declares still exists for a pod in it, with
   * the automatic `kubernetes.io/metadata.name` label.
   */
  public namespace(name: string): NamespaceInfo {
    return this.namespaces.get(name) ?? { name, labels: { 'kubernetes.io/metadata.name': name } };
  }

  /** The endpoint of a pod (one object per pod, so that per-endpoint caches hit). */
  public podEndpoint(pod: PodInfo): PodEndpoint {
    let e = this.podEndpoints.get(pod);
    if (!e) {
      e = { kind: 'pod', pod, namespace: this.namespace(pod.namespace) };
      this.podEndpoints.set(pod, e);
    }
    return e;
  }

  /**
   * Classifies a flow endpoint. An IP that belongs to a known pod is that pod. An FQDN with a
   * resolver becomes one endpoint per resolved address (a name that resolves to nothing gives
   * none: nothing can be reached). Throws on an invalid IP.
   */
  public classify(e: FlowEndpoint): readonly Endpoint[] {
    switch (e.kind) {
      case 'pod':
        return [this.podEndpoint(e.pod)];
      case 'ip':
        return [this.ipEndpoint(e.ip)];
      case 'fqdn': {
        const name = e.name.toLowerCase().replace(/\.$/, '');
        const resolve = this.options.resolveFqdn;
        if (!resolve) return [{ kind: 'fqdn', name }];
        return resolve(name).map((text) => ({ kind: 'fqdn', name, address: mustParseIp(text) }));
      }
    }
  }

  /** Classifies an address: a pod's IP, a node, the API server, or outside the cluster. */
  public ipEndpoint(text: string): PodEndpoint | IpEndpoint {
    const address = mustParseIp(text);
    const key = canonical(address);
    const pod = this.podsByIp.get(key);
    if (pod) return this.podEndpoint(pod);
    return {
      kind: 'ip',
      address,
      host: this.hostIps.has(key),
      remoteNode: this.remoteNodeIps.has(key),
      apiserver: this.apiserverIps.has(key),
    };
  }
}

const VIEWS = new WeakMap<ClusterInfo, WeakMap<VerifyOptions, ClusterView>>();

function canonical(ip: IpAddress): string {
  return `${ip.family}:${ip.value.toString(16)}`;
}

function mustParseIp(text: string): IpAddress {
  const ip = parseIp(text);
  if (!ip) throw new Error(`'${text}' is not an IP address`);
  return ip;
}

function addressSet(list: readonly string[] | undefined): ReadonlySet<string> {
  return new Set((list ?? []).map((t) => canonical(mustParseIp(t))));
}
