/**
 * Facts about the cluster and its data planes that manifests do not carry, given by the caller.
 * Every field is optional; the defaults describe a plain cluster.
 */
export interface VerifyOptions {
  /**
   * Whether NetworkPolicy `ipBlock` peers match pod IPs on the generic `kubernetes` profile.
   * Upstream e2e tests expect it (and Calico does it); Cilium never does, so the `cilium` profile
   * ignores this option (SEMANTICS B1.4).
   * @default true
   */
  readonly ipBlockMatchesPods?: boolean;

  /**
   * Resolves a DNS name to IP addresses, for flows toward `fqdn` endpoints. Without a resolver,
   * an FQDN endpoint is an unknown public address: it matches only a CIDR / ipBlock that
   * contains every public address (a `/0` whose exceptions are all non-public ranges), and
   * Cilium's `world` entity.
   * @default no resolver
   */
  readonly resolveFqdn?: (name: string) => readonly string[];

  /**
   * Addresses of the node that hosts the pod under test (kubelet, hostNetwork pods). Traffic from
   * them to a pod is node traffic: always allowed into pods by NetworkPolicy (SEMANTICS B1.10)
   * and by Cilium's default `allow-localhost` setting; Cilium's `host` entity matches them.
   * @default []
   */
  readonly hostIps?: readonly string[];

  /** Addresses of the other nodes: Cilium's `remote-node` entity. @default [] */
  readonly remoteNodeIps?: readonly string[];

  /**
   * Addresses of the Kubernetes API server: Cilium's `kube-apiserver` entity matches only these.
   * @default []
   */
  readonly kubeApiserverIps?: readonly string[];

  /**
   * Whether Cilium CIDR rules also match node addresses (Helm `policyCIDRMatchMode: nodes`).
   * @default false
   */
  readonly ciliumCidrMatchesNodes?: boolean;

  /**
   * Pod labels of the cluster DNS servers, used to check that a Cilium DNS rule points at the
   * DNS server (toFQDNs works only through such a rule).
   * @default { 'k8s-app': 'kube-dns' }
   */
  readonly dnsServerLabels?: { readonly [key: string]: string };
}

/** Pod labels of the cluster DNS servers when `dnsServerLabels` is not given (kube-dns / CoreDNS). */
export const DEFAULT_DNS_SERVER_LABELS: { readonly [key: string]: string } = { 'k8s-app': 'kube-dns' };
