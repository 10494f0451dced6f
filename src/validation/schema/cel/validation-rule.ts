import { isJsonObject } from '../json-value';
import { compileCel, type CelProgram } from './environment';

/**
 * One `x-kubernetes-validations` entry of a schema node, compiled.
 */
export interface ValidationRule {
  /** The CEL expression. */
  readonly rule: string;
  /** Where the rule sits: kind and schema path, e.g. `gateway.networking.k8s.io/v1 HTTPRoute spec.rules[].matches[].path`. */
  readonly location: string;
  /** The fixed message, when given. */
  readonly message?: string;
  /** A CEL expression producing the message, when given. */
  readonly messageExpression?: string;
  /** A path relative to the node where the error is reported (`.spec.foo`), when given. */
  readonly fieldPath?: string;
  /** True for transition rules (they read `oldSelf`), which apply only to updates and are not evaluated here. */
  readonly transition: boolean;
  /** The compiled rule, or the error that prevented compiling it; undefined for transition rules. */
  readonly program?: CelProgram | Error;
  /** The compiled message expression, or its compile error. */
  readonly messageProgram?: CelProgram | Error;
}

const OLD_SELF = /\boldSelf\b/;

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads and compiles the `x-kubernetes-validations` list of a raw schema node. */
export function readValidationRules(raw: unknown, location: string): ValidationRule[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isJsonObject).map((entry) => {
    const rule = typeof entry.rule === 'string' ? entry.rule : '';
    const messageExpression = optionalString(entry.messageExpression);
    const transition = OLD_SELF.test(rule);
    return {
      rule,
      location,
      message: optionalString(entry.message),
      messageExpression,
      fieldPath: optionalString(entry.fieldPath),
      transition,
      program: transition ? undefined : compileCel(rule),
      messageProgram: transition || messageExpression === undefined ? undefined : compileCel(messageExpression),
    };
  });
}
