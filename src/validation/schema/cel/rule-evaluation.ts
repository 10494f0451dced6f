import { isCelError, type CelInput } from '@bufbuild/cel';
import { fieldPath } from '../field-path';
import type { Finding } from '../finding';
import type { RuleSite } from '../schema-walk';
import type { CelProgram } from './environment';
import type { ValidationRule } from './validation-rule';
import type { CelValueConverter } from './cel-value';

/**
 * Evaluation of `x-kubernetes-validations` rules at one node, as the API server does it on create:
 * transition rules (`oldSelf`) are skipped; a rule that evaluates to false reports its message; a rule that
 * raises an error reports the error. Rules that cannot run at all (compile errors, functions this library does
 * not provide) are also handed to `unevaluated`, so they never pass silently.
 */

/** Receives a description (`location: rule (reason)`) of a rule that could not be evaluated. */
export type UnevaluatedRuleSink = (description: string) => void;

const LIBRARY_GAP = /unbound function|no matching overload|no such overload/;

function describe(rule: ValidationRule, reason: string): string {
  return `${rule.location}: ${rule.rule} (${reason})`;
}

/** Appends a rule's `fieldPath` (`.spec.ports['http']`, `.foo[0]`) to the node's path. */
function reportPath(path: string, relative: string | undefined): string {
  if (relative === undefined) return path;
  const normalized = relative.replace(/\[['"]([^'"]*)['"]\]/g, '[$1]').replace(/^\./, '');
  return normalized === '' ? path : normalized.startsWith('[') ? `${path}${normalized}` : fieldPath(path, normalized);
}

function failureMessage(rule: ValidationRule, self: CelInput): string {
  const program = rule.messageProgram;
  if (program !== undefined && !(program instanceof Error)) {
    const message = program({ self });
    if (typeof message === 'string' && message.trim() !== '') return message;
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

function evaluateRule(
  rule: ValidationRule,
  program: CelProgram,
  site: RuleSite,
  self: CelInput,
  unevaluated: UnevaluatedRuleSink,
): Finding | undefined {
  const outcome = program({ self });
  if (outcome === true) return undefined;
  if (outcome === false)
    return { path: reportPath(site.path, rule.fieldPath), detail: `CEL rule failed: ${failureMessage(rule, self)}` };
  if (isCelError(outcome)) {
    if (LIBRARY_GAP.test(outcome.message)) unevaluated(describe(rule, outcome.message));
    return {
      path: site.path,
      detail: `CEL rule error: ${outcome.message} evaluating rule: ${rule.message ?? rule.rule}`,
    };
  }
  unevaluated(describe(rule, 'did not evaluate to a bool'));
  return { path: site.path, detail: `CEL rule did not evaluate to a bool (rule: ${rule.rule})` };
}

/** Evaluates every rule of a site; returns the findings. */
export function evaluateRuleSite(
  site: RuleSite,
  converter: CelValueConverter,
  unevaluated: UnevaluatedRuleSink,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of site.node.rules) {
    if (rule.transition) continue;
    const program = rule.program;
    if (program === undefined || program instanceof Error) {
      unevaluated(describe(rule, `cannot compile: ${program?.message ?? 'empty rule'}`));
      findings.push({ path: site.path, detail: `CEL rule could not be compiled (rule: ${rule.rule})` });
      continue;
    }
    const finding = evaluateRule(rule, program, site, converter.convert(site.node, site.value), unevaluated);
    if (finding !== undefined) findings.push(finding);
  }
  return findings;
}
