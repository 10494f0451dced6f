import { IrGuardrailSelector } from '../ir/types';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { GuardrailPodsProps, guardrailSelector } from './guardrail-selector';

/**
 * The pods a guardrail applies to: every namespace, namespaces by label, or pods by label within
 * them. A guardrail is cluster-wide: subjects never name a namespace the topology manages.
 *
 * @example
 * GuardrailSubject.allNamespaces(); GuardrailSubject.namespaces({ zone: 'pci' });
 * GuardrailSubject.pods({ namespaceLabels: { zone: 'pci' }, podLabels: { app: 'ledger' } });
 */
export class GuardrailSubject {
  /** Every pod of every namespace. */
  public static allNamespaces(): GuardrailSubject {
    return new GuardrailSubject({ namespaceLabels: {} }, 'every namespace');
  }

  /** Every pod of the namespaces carrying these labels (at least one). */
  public static namespaces(labels: { [key: string]: string }): GuardrailSubject {
    if (Object.keys(labels ?? {}).length === 0) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_GUARDRAIL,
        'GuardrailSubject.namespaces({}) would select every namespace. Use GuardrailSubject.allNamespaces() to say so',
      );
    }
    const s = guardrailSelector('GuardrailSubject.namespaces', labels, undefined);
    return new GuardrailSubject(s, `namespaces ${JSON.stringify(s.namespaceLabels)}`);
  }

  /** Pods carrying `podLabels` in the namespaces carrying `namespaceLabels` (every namespace when absent). */
  public static pods(props: GuardrailPodsProps): GuardrailSubject {
    const s = guardrailSelector('GuardrailSubject.pods', props.namespaceLabels, props.podLabels ?? {});
    return new GuardrailSubject(
      s,
      `pods ${JSON.stringify(s.podLabels)} in namespaces ${JSON.stringify(s.namespaceLabels)}`,
    );
  }

  private constructor(
    /** @internal */
    public readonly _selector: IrGuardrailSelector,
    /** What it selects, for messages. */
    public readonly description: string,
  ) {}
}
