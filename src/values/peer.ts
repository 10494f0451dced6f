import { IrCidrPeer, IrEntity, IrPeer } from '../ir/types';
import { checkCidr, cidrContains, formatNetwork, PRIVATE_V4 } from '../validation/ip';
import { ErrorCode, Problem, ZeroTrustError } from '../validation/codes';
import {
  checkEnum,
  checkInstances,
  checkLabelMap,
  checkList,
  checkObject,
  checkOptionalObject,
  checkOptionalString,
  checkString,
  describeValue,
  throwProblems,
} from '../validation/input';
import { checkDnsLabel, checkDnsSubdomain } from '../validation/names';
import { sortedLabels } from '../validation/sorted-keys';
import { Fqdn } from './fqdn';

/**
 * The end of an edge as the compiler reads it. Only the library creates references: every `Tier`,
 * `IngressGateway` and `Peer` value has one. A construct of your own becomes a peer by handing out
 * the reference of the peer it stands for (see `IPeer`).
 */
export class PeerReference {
  /**
   * The reference of a library peer.
   * @internal
   */
  public static _of(end: object): PeerReference {
    return new PeerReference(end);
  }

  private constructor(/** @internal */ public readonly _end: object) {}
}

/**
 * Anything an edge can name as its other end: a `Tier` of the topology, an `IngressGateway`, or
 * a `Peer` value. To make a construct of your own a peer, implement both members and return the
 * reference of the peer it stands for, e.g. `Peer.cidr('10.0.0.5/32').peerReference` for a
 * managed database, or `tier.peerReference` for a wrapper around a tier.
 *
 * @example
 * class ManagedDb extends Construct implements IPeer {
 *   public readonly peerDescription = 'managed postgres';
 *   public readonly peerReference = Peer.cidr('10.100.0.0/16').peerReference;
 * }
 */
export interface IPeer {
  /** Human description for messages and reports, e.g. `tier production/frontend`, `cidr 10.0.0.0/8`. */
  readonly peerDescription: string;
  /** What the edge names, as the compiler reads it. */
  readonly peerReference: PeerReference;
}

/** Cilium entities: well-known groups of endpoints that have no labels of their own. */
export enum Entity {
  /** Everything outside the cluster (0.0.0.0/0 and ::/0 minus cluster endpoints). */
  WORLD = 'world',
  /** Every endpoint of the cluster, including hosts and remote nodes. */
  CLUSTER = 'cluster',
  /** The local node, including host-network pods. */
  HOST = 'host',
  /** Other nodes of the cluster. */
  REMOTE_NODE = 'remote-node',
  /** The Kubernetes API server (works for egress on every platform; for ingress not on AKS/GKE). */
  KUBE_APISERVER = 'kube-apiserver',
  /** Cilium's embedded ingress / Gateway API proxy. */
  INGRESS = 'ingress',
  /** Cilium's health endpoints. */
  HEALTH = 'health',
  /** Everything. */
  ALL = 'all',
}

/**
 * Options of a peer that some targets cannot name (a Cilium entity): the form to use there
 * instead. One program then serves every cluster: `Peer.kubeApiserver({ fallback: Peer.cidr('10.0.0.1/32') })`
 * is the `kube-apiserver` entity on Cilium and that CIDR on plain NetworkPolicy or Calico.
 */
export interface PeerFallbackOptions {
  /**
   * What a layer that cannot name this peer renders instead: a CIDR peer (`Peer.cidr(...)`). It is
   * used only by such a layer, and every use is reported (kind `FALLBACK`, with both forms); as
   * it is stated on the peer itself, no profile needs to accept it.
   * @default - none: a profile whose CNI cannot name the peer refuses the edge (ZT118)
   */
  readonly fallback?: Peer;
}

/** Pods not modelled as tiers, e.g. Prometheus in `monitoring`. */
export interface PodsPeerProps {
  /**
   * Namespace by name. Exactly one of `namespace` and `namespaceLabels` is required.
   * @default - none
   */
  readonly namespace?: string;
  /**
   * Namespaces by label. Not expressible in a namespaced CiliumNetworkPolicy.
   * @default - none
   */
  readonly namespaceLabels?: { [key: string]: string };
  /**
   * Pod labels inside those namespaces.
   * @default - every pod of the namespaces
   */
  readonly labels?: { [key: string]: string };
  /**
   * The service account the selected pods run as: their mesh identity. It must be exactly those
   * pods' identity (every pod with these labels runs as it, and no other pod does): CNI targets
   * select the pods by labels, mesh targets by this identity, so a pod that has one but not the
   * other is outside the model. Needed for a mesh target to name them.
   * @default - none (a mesh target can then only name the whole namespace)
   */
  readonly serviceAccount?: string;
}

/**
 * A peer that is not a tier: pods elsewhere, CIDRs, DNS names, Cilium entities.
 *
 * @example
 * Peer.pods({ namespace: 'monitoring', labels: { app: 'prometheus' }, serviceAccount: 'prometheus' });
 * Peer.cidr('10.100.0.0/16');
 * Peer.publicInternet();
 */
export class Peer implements IPeer {
  /** Pods outside the topology, selected by namespace and labels. */
  public static pods(props: PodsPeerProps): Peer {
    throwProblems([
      checkObject('Peer.pods props', props, "{ namespace: 'monitoring', labels: { app: 'prometheus' } }"),
    ]);
    throwProblems([
      checkOptionalString('namespace', props.namespace, 'monitoring'),
      checkOptionalString('serviceAccount', props.serviceAccount, 'prometheus'),
      ...checkLabelMap('namespaceLabels', props.namespaceLabels, true),
      ...checkLabelMap('labels', props.labels, true),
    ]);
    const problems: Problem[] = [];
    if ((props.namespace === undefined) === (props.namespaceLabels === undefined)) {
      problems.push({
        code: ErrorCode.INVALID_EDGE,
        message:
          "Peer.pods needs exactly one of 'namespace' or 'namespaceLabels'. For every namespace, use Peer.allNamespaces()",
      });
    }
    if (props.namespace !== undefined) {
      const e = checkDnsLabel('namespace', props.namespace);
      if (e) problems.push(e);
    }
    if (props.namespaceLabels !== undefined && Object.keys(props.namespaceLabels).length === 0) {
      problems.push({
        code: ErrorCode.INVALID_EDGE,
        message:
          'Peer.pods with empty namespaceLabels would select every namespace. Use Peer.allNamespaces() to say so on purpose',
      });
    }
    if (props.serviceAccount !== undefined) {
      const e = checkDnsSubdomain('service account', props.serviceAccount);
      if (e) problems.push(e);
    }
    if (problems.length > 0) throw ZeroTrustError.of(problems);
    const base = {
      podLabels: sortedLabels(props.labels ?? {}),
      ...(props.serviceAccount !== undefined ? { serviceAccount: props.serviceAccount } : {}),
    };
    const ir: IrPeer =
      props.namespace !== undefined
        ? { kind: 'pods', namespace: props.namespace, ...base }
        : { kind: 'pods', namespaceLabels: sortedLabels(props.namespaceLabels ?? {}), ...base };
    const where = props.namespace ?? `namespaces ${fmt(props.namespaceLabels ?? {})}`;
    return new Peer(ir, `pods ${where}${props.labels ? ` ${fmt(props.labels)}` : ''}`);
  }

  /** Every pod of one namespace. */
  public static namespace(name: string): Peer {
    return Peer.pods({ namespace: name });
  }

  /**
   * Pods in every namespace, optionally narrowed by pod labels. An explicit "all namespaces".
   * @param labels pod labels @default - every pod of the cluster
   */
  public static allNamespaces(labels?: { [key: string]: string }): Peer {
    throwProblems(checkLabelMap('labels', labels, true));
    return new Peer(
      { kind: 'pods', namespaceLabels: {}, podLabels: sortedLabels(labels ?? {}) },
      `pods in every namespace${labels ? ` ${fmt(labels)}` : ''}`,
    );
  }

  /**
   * An IP block (v4 or v6), optionally minus some sub-blocks. Never matches pods on Cilium.
   * @param exceptCidrs sub-blocks to exclude (ipBlock `except`); each must lie strictly inside `cidr` @default []
   */
  public static cidr(cidr: string, exceptCidrs?: string[]): Peer {
    throwProblems([checkString('cidr', cidr, '10.0.0.0/8'), checkList('except', exceptCidrs, "['10.1.0.0/16']", true)]);
    throwProblems((exceptCidrs ?? []).map((e, i) => checkString(`except[${i}]`, e, '10.1.0.0/16')));
    const outer = checkCidr(cidr);
    if (typeof outer === 'string') throw new ZeroTrustError(ErrorCode.INVALID_CIDR, outer);
    const ex: string[] = [];
    const problems: Problem[] = [];
    for (const e of exceptCidrs ?? []) {
      const inner = checkCidr(e);
      if (typeof inner === 'string') {
        problems.push({ code: ErrorCode.INVALID_CIDR, message: `except ${inner}` });
        continue;
      }
      if (!cidrContains(outer, inner) || inner.prefix === outer.prefix) {
        problems.push({
          code: ErrorCode.EXCEPT_OUTSIDE_CIDR,
          message: `except '${e}' is not strictly inside '${cidr}'. Remove it, or widen the cidr`,
        });
        continue;
      }
      ex.push(formatNetwork(inner));
    }
    if (problems.length > 0) throw ZeroTrustError.of(problems);
    const c = formatNetwork(outer);
    const sortedEx = [...new Set(ex)].sort();
    return new Peer(
      { kind: 'cidr', cidr: c, except: sortedEx },
      `cidr ${c}${sortedEx.length ? ` except ${sortedEx.join(',')}` : ''}`,
    );
  }

  /**
   * Every public IPv4 address: 0.0.0.0/0 minus the private (10/8, 172.16/12, 192.168/16),
   * carrier-grade NAT (100.64/10) and link-local (169.254/16, cloud metadata) ranges.
   */
  public static publicInternet(): Peer {
    return Peer.cidr('0.0.0.0/0', [...PRIVATE_V4]);
  }
  /** DNS names or patterns (see `Fqdn.parse`): egress only; without `ports` the edge opens HTTPS (443/TCP), as `EgressFqdn`. */
  /** DNS names or patterns (see `Fqdn.parse`): egress only. */
  public static fqdn(...names: string[]): Peer {
    if (names.length === 0)
      throw new ZeroTrustError(
        ErrorCode.EMPTY_LIST,
        "Peer.fqdn needs at least one name, e.g. Peer.fqdn('api.example.com')",
      );
    const parsed = names.map((n) => Fqdn.parse(n));
    return Peer.fromFqdns(parsed);
  }

  /** DNS names built with `Fqdn` factories: egress only. */
  public static fromFqdns(names: Fqdn[]): Peer {
    throwProblems(
      checkInstances('names', names, Fqdn, "Fqdn.exact('api.example.com')", false, 'would name no destination', (x) =>
        typeof x === 'string' ? `Fqdn.parse('${x}')` : undefined,
      ),
    );
    const uniq = new Map<string, Fqdn>();
    for (const n of names) uniq.set(n.toString(), n);
    const keys = [...uniq.keys()].sort();
    return new Peer({ kind: 'fqdn', names: keys.map((k) => uniq.get(k)!._ir) }, `fqdn ${keys.join(',')}`);
  }

  /**
   * A Cilium entity.
   * @param options a CIDR for layers that cannot name entities @default - none
   */
  public static entity(entity: Entity, options?: PeerFallbackOptions): Peer {
    throwProblems([
      checkEnum('entity', entity, Entity, 'Entity', false),
      checkOptionalObject('entity options', options),
    ]);
    const fallback = fallbackOf(options?.fallback, `entity ${entity}`);
    return new Peer(
      {
        kind: 'entity',
        entity: entity as string as IrEntity,
        ...(fallback ? { fallback: fallback._ir as IrCidrPeer } : {}),
      },
      `entity ${entity}`,
    );
  }

  /**
   * Everything outside the cluster (Cilium `world`).
   * @param options a CIDR for layers that cannot name entities @default - none
   */
  public static world(options?: PeerFallbackOptions): Peer {
    return Peer.entity(Entity.WORLD, options);
  }
  /**
   * Every endpoint of the cluster (Cilium `cluster`).
   * @param options a CIDR for layers that cannot name entities @default - none
   */
  public static cluster(options?: PeerFallbackOptions): Peer {
    return Peer.entity(Entity.CLUSTER, options);
  }
  /**
   * The local node (Cilium `host`).
   * @param options a CIDR for layers that cannot name entities @default - none
   */
  public static host(options?: PeerFallbackOptions): Peer {
    return Peer.entity(Entity.HOST, options);
  }
  /**
   * The Kubernetes API server (Cilium `kube-apiserver`).
   * @param options a CIDR for layers that cannot name entities, e.g. the API server's address @default - none
   */
  public static kubeApiserver(options?: PeerFallbackOptions): Peer {
    return Peer.entity(Entity.KUBE_APISERVER, options);
  }
  /**
   * Cilium's ingress / Gateway API proxy (Cilium `ingress`).
   * @param options a CIDR for layers that cannot name entities @default - none
   */
  public static ingress(options?: PeerFallbackOptions): Peer {
    return Peer.entity(Entity.INGRESS, options);
  }

  /** What an edge to this peer names. */
  public readonly peerReference: PeerReference;

  private constructor(
    /** @internal */ public readonly _ir: IrPeer,
    /** Human description. */
    public readonly peerDescription: string,
  ) {
    this.peerReference = PeerReference._of(this);
  }

  /**
   * This peer with a fallback: the CIDR a layer that cannot name it renders instead (an entity, or
   * DNS names on a CNI without FQDN rules, where it is used in place of `Widening.FQDN_TO_PUBLIC_CIDR`).
   * Every use is reported (kind `FALLBACK`). Only entity and DNS-name peers take one (ZT146).
   * @param fallback a CIDR peer, e.g. `Peer.cidr('203.0.113.0/24')`
   */
  public withFallback(fallback: Peer): Peer {
    const ir = this._ir;
    if (ir.kind !== 'entity' && ir.kind !== 'fqdn') {
      throw new ZeroTrustError(
        ErrorCode.INVALID_FALLBACK,
        `${this.peerDescription} needs no fallback: every CNI target names it. Give fallbacks to entities and DNS names only`,
      );
    }
    const f = fallbackOf(fallback, this.peerDescription)!;
    // The description (and so the id of an edge to it) names the primary form only: adding a fallback renames nothing.
    return new Peer({ ...ir, fallback: f._ir as IrCidrPeer }, this.peerDescription);
  }

  /** The description. */
  public toString(): string {
    return this.peerDescription;
  }
}

/** A stated fallback, checked: a CIDR peer (ZT146), or undefined when none is given. */
function fallbackOf(fallback: unknown, primary: string): Peer | undefined {
  if (fallback === undefined) return undefined;
  if (!(fallback instanceof Peer) || fallback._ir.kind !== 'cidr') {
    throw new ZeroTrustError(
      ErrorCode.INVALID_FALLBACK,
      `the fallback of ${primary} is ${fallback instanceof Peer ? fallback.peerDescription : describeValue(fallback)}, not a CIDR. Give Peer.cidr(...), e.g. Peer.cidr('10.0.0.1/32'), the form every CNI target renders`,
    );
  }
  return fallback;
}

function fmt(labels: { [key: string]: string }): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',')}}`;
}

/**
 * What an edge end may be: anything that hands out a `PeerReference` (only the library creates
 * them) and a description — a Tier, an IngressGateway, a Peer, or a construct of the user's own
 * standing for one of these. Plain JavaScript can pass anything; this is where it is refused.
 * @internal
 */
export function _checkPeer(what: string, peer: unknown): Problem | undefined {
  const ref =
    peer !== null && typeof peer === 'object' ? (peer as { peerReference?: unknown }).peerReference : undefined;
  if (ref instanceof PeerReference && typeof (peer as { peerDescription?: unknown }).peerDescription === 'string')
    return undefined;
  return {
    code: ErrorCode.INVALID_PEER,
    message: `${what} is ${describeValue(peer)}, not a Tier, a Peer, an IngressGateway or a construct handing out a peer's peerReference. Pass a Tier of the topology, a Peer value such as Peer.pods({ namespace: 'monitoring', labels: { app: 'prometheus' } }), or a gateway`,
  };
}
