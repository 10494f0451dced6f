import { Endpoint, isNode } from '../engine/endpoint';

/** Entity names Cilium accepts in `fromEntities` / `toEntities` (layer3.rst, "Entities based"). */
export const ENTITIES: ReadonlySet<string> = new Set([
  'all',
  'world',
  'world-ipv4',
  'world-ipv6',
  'cluster',
  'host',
  'remote-node',
  'kube-apiserver',
  'ingress',
  'health',
  'init',
  'unmanaged',
]);

/**
 * True when an entity covers an endpoint:
 * - `all`: everything;
 * - `world` (and `world-ipv4` / `world-ipv6` by family): outside the cluster: addresses that
 *   are not pods or nodes, and DNS names;
 * - `cluster`: every pod, node (`host`, `remote-node`) and the API server;
 * - `host` / `remote-node` / `kube-apiserver`: the addresses the options list for them;
 * - `ingress`, `health`, `init`, `unmanaged`: Cilium-internal identities no flow of this engine
 *   has, so they match nothing.
 * @see https://docs.cilium.io/en/stable/security/policy/layer3/#entities-based
 */
export function entityMatches(entity: string, e: Endpoint): boolean {
  switch (entity) {
    case 'all':
      return true;
    case 'world':
      return isWorld(e);
    case 'world-ipv4':
      return isWorld(e) && familyOf(e) !== 6;
    case 'world-ipv6':
      return isWorld(e) && familyOf(e) !== 4;
    case 'cluster':
      return e.kind === 'pod' || (e.kind === 'ip' && (isNode(e) || e.apiserver));
    case 'host':
      return e.kind === 'ip' && e.host;
    case 'remote-node':
      return e.kind === 'ip' && e.remoteNode;
    case 'kube-apiserver':
      return e.kind === 'ip' && e.apiserver;
    default:
      return false;
  }
}

function isWorld(e: Endpoint): boolean {
  return e.kind === 'fqdn' || (e.kind === 'ip' && !isNode(e));
}

function familyOf(e: Endpoint): 4 | 6 | undefined {
  if (e.kind === 'ip') return e.address.family;
  if (e.kind === 'fqdn') return e.address?.family;
  return undefined;
}
