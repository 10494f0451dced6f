import { IrIndex } from '../../ir/query';
import { IrPeer } from '../../ir/types';
import { NetworkPolicyPeer } from './network-policy';
import { isEmptyLabels, namespaceByName, selectorOf, workloadSelector } from './selectors';
import { Where, whereText } from './where';

/**
 * Renders an IR peer as exactly one NetworkPolicy peer element, seen from a policy in
 * `policyNamespace`.
 *
 * A namespace selector and a pod selector always share one element (AND); two elements would
 * mean OR and widen the rule to every pod of the namespace. Never returns an empty element `{}`,
 * and never selects every pod or namespace unless the IR asks for it (`namespaceLabels: {}`).
 * Throws on peers NetworkPolicy cannot express (entity, FQDN): the planner removes them. An `any`
 * peer is not a peer element: the rule renders without `from` / `to` (see workload-policy.ts).
 */
export function renderPeer(peer: IrPeer, policyNamespace: string, index: IrIndex, where: Where): NetworkPolicyPeer {
  switch (peer.kind) {
    case 'workload': {
      const w = index.workload(peer.workload);
      if (isEmptyLabels(w.selector)) {
        throw new Error(`IR invariant broken: ${whereText(where)}: workload '${w.id}' has an empty selector`);
      }
      const podSelector = workloadSelector(w);
      return w.namespace === policyNamespace
        ? { podSelector }
        : { namespaceSelector: namespaceByName(w.namespace), podSelector };
    }
    case 'pods': {
      const byName = peer.namespace !== undefined;
      const byLabels = peer.namespaceLabels !== undefined;
      if (byName === byLabels) {
        throw new Error(
          `IR invariant broken: ${whereText(where)}: a pods peer needs exactly one of namespace and namespaceLabels`,
        );
      }
      const namespaceSelector =
        peer.namespace !== undefined ? namespaceByName(peer.namespace) : selectorOf(peer.namespaceLabels ?? {});
      return isEmptyLabels(peer.podLabels)
        ? { namespaceSelector }
        : { namespaceSelector, podSelector: selectorOf(peer.podLabels) };
    }
    case 'cidr':
      return peer.except.length === 0
        ? { ipBlock: { cidr: peer.cidr } }
        : { ipBlock: { cidr: peer.cidr, except: [...peer.except] } };
    case 'entity':
      throw new Error(
        `IR invariant broken: ${whereText(where)}: entity '${peer.entity}' cannot be expressed by NetworkPolicy`,
      );
    case 'fqdn':
      throw new Error(`IR invariant broken: ${whereText(where)}: an FQDN peer cannot be expressed by NetworkPolicy`);
    case 'any':
      throw new Error(`IR invariant broken: ${whereText(where)}: an 'any' peer cannot be expressed by NetworkPolicy`);
  }
}
