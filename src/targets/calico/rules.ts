import { IrIndex } from '../../ir/query';
import { IrPeer, IrPort, IrProtocol, IrRule } from '../../ir/types';
import { CalicoEntityRule, CalicoRule } from './policy';
import { labelsExpression, namespaceByName, workloadExpression } from './selectors';

/**
 * What one IR peer matches, as the fields of an entity rule, seen from a policy in
 * `policyNamespace`; `{}` for an `any` peer (the rule then has no source or destination
 * criteria besides ports).
 *
 * - a tier: its selector, plus its namespace by name when it lives elsewhere (a selector without
 *   `namespaceSelector` sees only the policy's namespace). A tier is named by its labels only,
 *   as every other layer names it: its pods are the pods its selector picks;
 * - pods: their namespace by name or by labels (`all()` for every namespace), their labels, and,
 *   when the model gives them an identity, `serviceAccounts` — Calico resolves the service
 *   account to the pods' IPs, so "pods of that identity" holds at L3 without a mesh;
 * - a CIDR: `nets`, its exceptions `notNets` (both must hold).
 * Throws on peers Calico cannot express (entities, DNS names): the planner removes them.
 */
export function entityOf(peer: IrPeer, policyNamespace: string, index: IrIndex, where: string): CalicoEntityRule {
  switch (peer.kind) {
    case 'workload': {
      const w = index.workload(peer.workload);
      const selector = workloadExpression(w);
      return w.namespace === policyNamespace
        ? { selector }
        : { selector, namespaceSelector: namespaceByName(w.namespace) };
    }
    case 'pods': {
      if ((peer.namespace === undefined) === (peer.namespaceLabels === undefined)) {
        throw new Error(
          `IR invariant broken: ${where}: a pods peer needs exactly one of namespace and namespaceLabels`,
        );
      }
      const namespaceSelector =
        peer.namespace !== undefined
          ? namespaceByName(peer.namespace)
          : labelsExpression(peer.namespaceLabels ?? {}, where);
      const hasLabels = Object.keys(peer.podLabels).length > 0;
      return {
        ...(hasLabels ? { selector: labelsExpression(peer.podLabels, where) } : {}),
        namespaceSelector,
        ...(peer.serviceAccount !== undefined ? { serviceAccounts: { names: [peer.serviceAccount] } } : {}),
      };
    }
    case 'cidr':
      return peer.except.length === 0 ? { nets: [peer.cidr] } : { nets: [peer.cidr], notNets: [...peer.except] };
    case 'any':
      return {};
    case 'entity':
      throw new Error(`IR invariant broken: ${where}: entity '${peer.entity}' cannot be expressed by Calico`);
    case 'fqdn':
      throw new Error(`IR invariant broken: ${where}: DNS names cannot be expressed by open-source Calico`);
  }
}

/** One protocol's share of a rule's ports: `undefined` = every port of the protocol. */
interface ProtocolPorts {
  readonly protocol: IrProtocol;
  readonly ports?: (number | string)[];
}

/**
 * Groups ports by protocol, in the order protocols first appear (a Calico rule has one protocol):
 * numbers stay numbers, ranges become `"7000:7010"`, names stay names; a port with neither number
 * nor name opens the whole protocol.
 */
export function portsByProtocol(ports: readonly IrPort[], where: string): ProtocolPorts[] {
  const groups = new Map<IrProtocol, (number | string)[] | undefined>();
  for (const p of ports) {
    const value = portValue(p, where);
    if (!groups.has(p.protocol)) {
      groups.set(p.protocol, value === undefined ? undefined : [value]);
      continue;
    }
    const list = groups.get(p.protocol);
    if (list === undefined) continue; // the whole protocol is already open
    if (value === undefined) groups.set(p.protocol, undefined);
    else if (!list.includes(value)) list.push(value);
  }
  return [...groups.entries()].map(([protocol, list]) =>
    list === undefined ? { protocol } : { protocol, ports: list },
  );
}

function portValue(p: IrPort, where: string): number | string | undefined {
  if (p.name !== undefined) {
    if (p.port !== undefined || p.endPort !== undefined)
      throw new Error(`IR invariant broken: ${where}: port ${JSON.stringify(p)} has a name and a number`);
    return p.name;
  }
  if (p.endPort !== undefined) {
    if (p.port === undefined || p.endPort < p.port)
      throw new Error(`IR invariant broken: ${where}: port ${JSON.stringify(p)} is not a valid range`);
    return p.endPort === p.port ? p.port : `${p.port}:${p.endPort}`;
  }
  return p.port;
}

/**
 * The Allow rules of one IR rule: one per protocol of its ports (destination ports go in
 * `destination.ports`), or a single rule without protocol for every port and protocol.
 * `peerSide` says where the peer's criteria go: `source` for ingress, `destination` for egress.
 */
export function allowRules(
  peer: CalicoEntityRule,
  ports: readonly IrPort[],
  peerSide: 'source' | 'destination',
  where: string,
): CalicoRule[] {
  if (ports.length === 0) return [ruleOf(undefined, peer, undefined, peerSide)];
  return portsByProtocol(ports, where).map((g) => ruleOf(g.protocol, peer, g.ports, peerSide));
}

function ruleOf(
  protocol: IrProtocol | undefined,
  peer: CalicoEntityRule,
  ports: readonly (number | string)[] | undefined,
  peerSide: 'source' | 'destination',
): CalicoRule {
  const hasPeer = Object.keys(peer).length > 0;
  const portsOnly: CalicoEntityRule | undefined = ports ? { ports: [...ports] } : undefined;
  const destination: CalicoEntityRule | undefined =
    peerSide === 'destination' ? (hasPeer || portsOnly ? { ...peer, ...(portsOnly ?? {}) } : undefined) : portsOnly;
  const source = peerSide === 'source' && hasPeer ? peer : undefined;
  return {
    action: 'Allow',
    ...(protocol ? { protocol } : {}),
    ...(source ? { source } : {}),
    ...(destination ? { destination } : {}),
  };
}

/** Names an IR rule for messages, and checks that it carries no L7 (which this target cannot see). */
export function ruleWhere(rule: IrRule): string {
  const where = `rule '${rule.id}' (${rule.paths.join(', ')})`;
  if (rule.l7 !== undefined)
    throw new Error(`IR invariant broken: ${where}: ${rule.l7.kind} L7 rules cannot be expressed by Calico`);
  return where;
}
