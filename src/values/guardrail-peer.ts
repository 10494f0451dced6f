import { IrGuardrailPeer } from '../ir/types';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { checkCidr, formatNetwork } from '../validation/ip';
import { GuardrailPodsProps, guardrailSelector } from './guardrail-selector';

/**
 * A peer of a guardrail: pods by the labels of their namespace and their own, or a CIDR network
 * (egress only: the network-policy-api matches networks as destinations).
 *
 * @example
 * GuardrailPeer.cidr('169.254.169.254/32'); GuardrailPeer.namespaces({ zone: 'app' });
 * GuardrailPeer.pods({ namespaceLabels: { team: 'sre' }, podLabels: { app: 'prometheus' } });
 */
export class GuardrailPeer {
  /** Every pod of every namespace. */
  public static allNamespaces(): GuardrailPeer {
    return new GuardrailPeer({ kind: 'pods', namespaceLabels: {} }, 'every namespace');
  }

  /** Every pod of the namespaces carrying these labels (at least one). */
  public static namespaces(labels: { [key: string]: string }): GuardrailPeer {
    if (Object.keys(labels ?? {}).length === 0) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_GUARDRAIL,
        'GuardrailPeer.namespaces({}) would select every namespace. Use GuardrailPeer.allNamespaces() to say so',
      );
    }
    const s = guardrailSelector('GuardrailPeer.namespaces', labels, undefined);
    return new GuardrailPeer({ kind: 'pods', ...s }, `namespaces ${JSON.stringify(s.namespaceLabels)}`);
  }

  /** Pods carrying `podLabels` in the namespaces carrying `namespaceLabels` (every namespace when absent). */
  public static pods(props: GuardrailPodsProps): GuardrailPeer {
    const s = guardrailSelector('GuardrailPeer.pods', props.namespaceLabels, props.podLabels ?? {});
    return new GuardrailPeer(
      { kind: 'pods', ...s },
      `pods ${JSON.stringify(s.podLabels)} in namespaces ${JSON.stringify(s.namespaceLabels)}`,
    );
  }

  /** A network, as a destination (egress guardrails). Host bits must be clear. */
  public static cidr(cidr: string): GuardrailPeer {
    const c = checkCidr(String(cidr));
    if (typeof c === 'string') throw new ZeroTrustError(ErrorCode.INVALID_CIDR, c);
    const text = formatNetwork(c);
    return new GuardrailPeer({ kind: 'cidr', cidr: text }, `network ${text}`);
  }

  private constructor(
    /** @internal */
    public readonly _peer: IrGuardrailPeer,
    /** What it names, for messages. */
    public readonly description: string,
  ) {}
}
