import { IrIndex } from '../../ir/query';
import { IrPeer } from '../../ir/types';
import { AuthorizationSource } from './manifests';

/**
 * The SPIFFE-derived principal of a service account, `<trustDomain>/ns/<namespace>/sa/<sa>`,
 * without the `spiffe://` prefix. The trust domain comes from the IR, never hard-coded.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export function principal(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * True for peers Istio authenticates by mTLS identity (principal or namespace): workloads and
 * pods. Behind a waypoint the destination sees the waypoint's identity, so these rules belong to
 * the waypoint.
 */
export function isIdentityPeer(peer: IrPeer): boolean {
  return peer.kind === 'workload' || peer.kind === 'pods';
}

/**
 * Renders a rule's source as an Istio `source`, or `undefined` for the `any` peer (no `from`).
 * - workload, or pods with a service account: `principals` (requires mTLS, B3.4);
 * - pods of a namespace with no pod labels: `namespaces`;
 * - CIDR: `ipBlocks` with `notIpBlocks` for the exceptions.
 * Throws on what Istio cannot identify (reported by check, or refused by the planner).
 */
export function renderSource(peer: IrPeer, index: IrIndex, where: string): AuthorizationSource | undefined {
  const trustDomain = index.ir.mesh.trustDomain;
  switch (peer.kind) {
    case 'workload': {
      const w = index.workload(peer.workload);
      if (w.serviceAccount === undefined) {
        throw new Error(`${where}: source tier '${w.path}' has no service account, so Istio cannot identify it`);
      }
      return { principals: [principal(trustDomain, w.namespace, w.serviceAccount)] };
    }
    case 'pods': {
      if (peer.namespace === undefined) {
        throw new Error(`IR invariant broken: ${where}: Istio matches namespaces by name, not by labels`);
      }
      if (peer.serviceAccount !== undefined) {
        return { principals: [principal(trustDomain, peer.namespace, peer.serviceAccount)] };
      }
      if (Object.keys(peer.podLabels).length > 0) {
        throw new Error(`${where}: Istio cannot select pods by label; the source pods need a service account`);
      }
      return { namespaces: [peer.namespace] };
    }
    case 'cidr':
      return peer.except.length === 0
        ? { ipBlocks: [peer.cidr] }
        : { ipBlocks: [peer.cidr], notIpBlocks: [...peer.except] };
    case 'any':
      return undefined;
    case 'entity':
      throw new Error(`IR invariant broken: ${where}: entity '${peer.entity}' cannot be expressed by Istio`);
    case 'fqdn':
      throw new Error(`IR invariant broken: ${where}: an FQDN source cannot be expressed by Istio`);
  }
}
