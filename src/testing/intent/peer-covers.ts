import { ClusterInfo, FlowEndpoint } from '../../verify/cluster';
import { IrPeer, IrTopology } from '../../ir/types';
import { Block, blockContains, coversEveryPublicV4, parseAddress, parseBlock } from './address';
import { fqdnMatches } from './fqdn-pattern';
import { labelsSelect, workloadSelects } from './membership';

/**
 * True when an IR peer covers a flow endpoint, as the model states it:
 * - `workload`: a pod of that tier (its namespace, and the tier's selector on its labels);
 * - `pods`: a pod whose namespace is the one named, or carries `namespaceLabels` (`{}` = every
 *   namespace), whose labels carry `podLabels`, and whose service account is `serviceAccount`
 *   when the peer names one (the model's "pods of that identity");
 * - `cidr`: an address outside the cluster inside `cidr` and outside every `except`; a DNS name
 *   (which may resolve to any public address) only when the block holds every public IPv4
 *   address. Pods are never covered: the model's CIDR peers name external networks (SEMANTICS
 *   B1.4: ipBlocks "should be cluster-external IPs"; Cilium never matches pod IPs);
 * - `entity`: `all` everything, `world` any address or DNS name outside the cluster, `cluster`
 *   any pod; the node-level entities (host, remote-node, kube-apiserver, ingress, health) name
 *   nothing a flow of this model has;
 * - `fqdn`: a DNS name matching one of the names or patterns (`fqdnMatches`); never a bare IP;
 * - `any`: everything.
 */
export function peerCovers(ir: IrTopology, peer: IrPeer, endpoint: FlowEndpoint, cluster: ClusterInfo): boolean {
  switch (peer.kind) {
    case 'workload': {
      if (endpoint.kind !== 'pod') return false;
      const w = ir.workloads.find((x) => x.id === peer.workload);
      return w !== undefined && w.namespace === endpoint.pod.namespace && workloadSelects(w, endpoint.pod.labels);
    }
    case 'pods': {
      if (endpoint.kind !== 'pod') return false;
      const pod = endpoint.pod;
      const inNamespace =
        peer.namespace !== undefined
          ? pod.namespace === peer.namespace
          : labelsSelect(peer.namespaceLabels ?? {}, namespaceLabels(cluster, pod.namespace));
      return (
        inNamespace &&
        labelsSelect(peer.podLabels, pod.labels) &&
        (peer.serviceAccount === undefined || peer.serviceAccount === pod.serviceAccount)
      );
    }
    case 'cidr': {
      const cidr = parseBlock(peer.cidr);
      const except = peer.except.map(parseBlock).filter((b): b is Block => b !== undefined);
      if (!cidr) return false;
      if (endpoint.kind === 'fqdn') return coversEveryPublicV4(cidr, except);
      if (endpoint.kind !== 'ip') return false;
      const ip = parseAddress(endpoint.ip);
      return ip !== undefined && blockContains(cidr, ip) && !except.some((e) => blockContains(e, ip));
    }
    case 'entity':
      switch (peer.entity) {
        case 'all':
          return true;
        case 'world':
          return endpoint.kind !== 'pod';
        case 'cluster':
          return endpoint.kind === 'pod';
        default:
          return false;
      }
    case 'fqdn':
      return endpoint.kind === 'fqdn' && peer.names.some((n) => fqdnMatches(n, endpoint.name));
    case 'any':
      return true;
  }
}

function namespaceLabels(cluster: ClusterInfo, name: string): { readonly [key: string]: string } {
  return cluster.namespaces.find((n) => n.name === name)?.labels ?? { 'kubernetes.io/metadata.name': name };
}
