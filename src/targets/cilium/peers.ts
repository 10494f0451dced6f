import { IrIndex } from '../../ir/query';
import { isGatewayPeer } from '../../ir/routes';
import { IrPeer } from '../../ir/types';
import { CidrRule, EgressRule, EndpointSelector, IngressRule } from './cnp';
import {
  anyNamespacePeer,
  namespaceLabelsPeer,
  namespacedPeer,
  SERVICE_ACCOUNT_LABEL,
  withExclusions,
} from './endpoints';
import { fqdnSelector } from './fqdn';

/**
 * The endpoint selector of a pod peer: a workload or pods of a named namespace carry that
 * namespace's label; pods of every namespace (`namespaceLabels: {}`) require the label to exist.
 * A CiliumNetworkPolicy ignores namespace labels (SEMANTICS §7): namespaces by label are selected
 * only in a CiliumClusterwideNetworkPolicy (`clusterwide`), by Cilium's
 * `io.cilium.k8s.namespace.labels.<key>` identity labels. A pods peer with a service account also
 * requires Cilium's service-account label, so the selector matches labels AND identity (the pods
 * of an ingress gateway are named by their labels, as on every layer).
 */
function endpointSelector(
  peer: Extract<IrPeer, { kind: 'workload' | 'pods' }>,
  index: IrIndex,
  clusterwide: boolean,
): EndpointSelector {
  if (peer.kind === 'workload') {
    const w = index.workload(peer.workload);
    return withExclusions(namespacedPeer(w.namespace, w.selector), w.excluded);
  }
  const byName = peer.namespace !== undefined;
  const byLabels = peer.namespaceLabels !== undefined;
  if (byName === byLabels) {
    throw new Error('IR invariant broken: a pods peer needs exactly one of namespace and namespaceLabels');
  }
  const labels =
    peer.serviceAccount !== undefined && !isGatewayPeer(index.ir, peer)
      ? { ...peer.podLabels, [SERVICE_ACCOUNT_LABEL]: peer.serviceAccount }
      : peer.podLabels;
  if (peer.namespace !== undefined) return namespacedPeer(peer.namespace, labels);
  if (Object.keys(peer.namespaceLabels ?? {}).length > 0) {
    if (!clusterwide) {
      throw new Error(
        'IR invariant broken: a CiliumNetworkPolicy cannot select namespaces by label; such rules go to a CiliumClusterwideNetworkPolicy',
      );
    }
    return namespaceLabelsPeer(peer.namespaceLabels ?? {}, labels);
  }
  return anyNamespacePeer(labels);
}

function cidrRule(peer: Extract<IrPeer, { kind: 'cidr' }>): CidrRule {
  return peer.except.length === 0 ? { cidr: peer.cidr } : { cidr: peer.cidr, except: [...peer.except] };
}

/** The source of an ingress rule: exactly one `from*` field. */
export function ingressPeer(peer: IrPeer, index: IrIndex, clusterwide = false): IngressRule {
  switch (peer.kind) {
    case 'workload':
    case 'pods':
      return { fromEndpoints: [endpointSelector(peer, index, clusterwide)] };
    case 'cidr':
      return { fromCIDRSet: [cidrRule(peer)] };
    case 'entity':
      return { fromEntities: [peer.entity] };
    case 'any':
      return { fromEntities: ['all'] };
    case 'fqdn':
      throw new Error('IR invariant broken: a DNS-name peer can only be an egress destination');
  }
}

/**
 * The destination of an egress rule: exactly one `to*` field. DNS names go alone in `toFQDNs`,
 * which may not share a rule with any other destination field.
 */
export function egressPeer(peer: IrPeer, index: IrIndex, clusterwide = false): EgressRule {
  switch (peer.kind) {
    case 'workload':
    case 'pods':
      return { toEndpoints: [endpointSelector(peer, index, clusterwide)] };
    case 'cidr':
      return { toCIDRSet: [cidrRule(peer)] };
    case 'entity':
      return { toEntities: [peer.entity] };
    case 'any':
      return { toEntities: ['all'] };
    case 'fqdn':
      if (peer.names.length === 0) throw new Error('IR invariant broken: a DNS-name peer without names');
      return { toFQDNs: peer.names.map(fqdnSelector) };
  }
}
