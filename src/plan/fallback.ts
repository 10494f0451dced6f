import { describePeer, portText } from '../ir/describe';
import { IrCidrPeer, IrL7, IrPeer, IrRule, IrWidening } from '../ir/types';

/**
 * Fallbacks: the form the user stated, on a peer (`Peer.kubeApiserver({ fallback })`) or on an
 * edge's Kafka rules (`kafkaFallback`), for layers that cannot render the primary form. A layer
 * that can render the primary form never sees the fallback; one that cannot renders the fallback,
 * and each use is reported like a widening (kind `FALLBACK`), with both forms.
 */

/** A peer that states a fallback. */
export type PeerWithFallback = Extract<IrPeer, { fallback?: IrCidrPeer }> & { readonly fallback: IrCidrPeer };

/** True when the peer states a fallback. */
export function hasFallback(p: IrPeer): p is PeerWithFallback {
  return (p.kind === 'entity' || p.kind === 'fqdn') && p.fallback !== undefined;
}

/** The peer as a layer that renders it renders it: without its fallback (the same object when it has none). */
export function primaryPeer(p: IrPeer): IrPeer {
  if (!hasFallback(p)) return p;
  const { fallback, ...primary } = p;
  void fallback;
  return primary as IrPeer;
}

/** True when an L7 restriction is Kafka rules that all fall back to L4 (`KafkaFallback.L4`). */
export function kafkaFallsBack(l7: IrL7 | undefined): boolean {
  return l7?.kind === 'kafka' && l7.rules.every((k) => k.l4Fallback === true);
}

/** The L7 restriction as a layer that sees it renders it: without fallback marks (the same object when it has none). */
export function primaryL7(l7: IrL7): IrL7 {
  if (l7.kind !== 'kafka' || !l7.rules.some((k) => k.l4Fallback !== undefined)) return l7;
  const seen = new Set<string>();
  const rules = l7.rules
    .map((k) =>
      k.clientId === undefined
        ? { role: k.role, topic: k.topic }
        : { role: k.role, topic: k.topic, clientId: k.clientId },
    )
    .filter((k) => {
      const key = JSON.stringify(k);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return { kind: 'kafka', rules };
}

/** The report of a peer fallback used by a target on a rule. */
export function peerFallbackReport(target: string, r: IrRule, p: PeerWithFallback, why: string): IrWidening {
  return {
    kind: 'FALLBACK',
    target,
    rule: r.id,
    path: r.paths[0],
    detail: `${describePeer(primaryPeer(p))} rendered as its stated fallback ${describePeer(p.fallback)}${p.fallback.except.length > 0 ? ` except ${p.fallback.except.join(',')}` : ''} on ${r.ports.map(portText).join(', ') || 'every port'} (${why}); the fallback names addresses, not what the primary names, and may admit more`,
  };
}

/** The report of a Kafka fallback used by a target on a rule. */
export function kafkaFallbackReport(target: string, r: IrRule, why: string): IrWidening {
  return {
    kind: 'FALLBACK',
    target,
    rule: r.id,
    path: r.paths[0],
    detail: `Kafka rules from ${describePeer(primaryPeer(r.from))} to ${describePeer(primaryPeer(r.to))} rendered as their stated fallback, L4 on ${r.ports.map(portText).join(', ')} (${why}): every Kafka request on those ports is allowed`,
  };
}
