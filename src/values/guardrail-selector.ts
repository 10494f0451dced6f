import { IrGuardrailSelector, IrLabels } from '../ir/types';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { checkLabels } from '../validation/names';
import { sortedLabels } from '../validation/sorted-keys';

/** Pods a guardrail selects, by the labels of their namespace and, optionally, their own. */
export interface GuardrailPodsProps {
  /**
   * Labels of the namespaces.
   * @default - every namespace
   */
  readonly namespaceLabels?: { [key: string]: string };
  /** Labels of the pods (at least one: for every pod of the namespaces, use `namespaces`). */
  readonly podLabels: { [key: string]: string };
}

/** Checks labels and builds the selector; throws a ZeroTrustError on bad input. */
export function guardrailSelector(
  what: string,
  namespaceLabels: { readonly [key: string]: string } | undefined,
  podLabels: { readonly [key: string]: string } | undefined,
): IrGuardrailSelector {
  const problems = [...checkLabels(namespaceLabels ?? {}), ...checkLabels(podLabels ?? {})];
  if (podLabels !== undefined && Object.keys(podLabels).length === 0) {
    problems.push({
      code: ErrorCode.INVALID_GUARDRAIL,
      message: `${what} with empty podLabels would select every pod. Use the namespaces form to say so`,
    });
  }
  if (problems.length > 0) throw ZeroTrustError.of(problems);
  return {
    namespaceLabels: sortedLabels(namespaceLabels ?? {}),
    ...(podLabels !== undefined ? { podLabels: sortedLabels(podLabels) } : {}),
  };
}

/** `{a=b,c=d}` for messages. */
export function formatLabels(labels: IrLabels): string {
  return `{${Object.keys(labels)
    .map((k) => `${k}=${labels[k]}`)
    .join(',')}}`;
}
