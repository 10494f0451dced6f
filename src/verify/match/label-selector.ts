import { LabelMap } from '../cluster';
import { isRecord } from '../json';

/** One `matchExpressions` entry of a Kubernetes label selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A parsed Kubernetes `LabelSelector`: every requirement must hold (AND). */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  /** Canonical text, for caching and messages (`{}` for the empty selector). */
  readonly text: string;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Parses a Kubernetes `LabelSelector` object (`matchLabels` and `matchExpressions`). An empty
 * selector selects everything. Throws on an unknown operator, as the API server would reject it.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export function parseLabelSelector(raw: unknown): LabelSelector {
  const obj = isRecord(raw) ? raw : {};
  const reqs: LabelRequirement[] = [];
  const matchLabels = isRecord(obj.matchLabels) ? obj.matchLabels : {};
  for (const key of Object.keys(matchLabels).sort()) {
    reqs.push({ key, operator: 'In', values: [String(matchLabels[key] ?? '')] });
  }
  const exprs = Array.isArray(obj.matchExpressions) ? obj.matchExpressions : [];
  for (const e of exprs) {
    if (!isRecord(e)) continue;
    const operator = String(e.operator);
    if (!OPERATORS.has(operator)) throw new Error(`unknown label selector operator '${operator}'`);
    const values = Array.isArray(e.values) ? e.values.map(String).sort() : [];
    reqs.push({ key: String(e.key), operator: operator as LabelRequirement['operator'], values });
  }
  return selectorOf(reqs);
}

/** Builds a selector from requirements, computing its canonical text. */
export function selectorOf(requirements: readonly LabelRequirement[]): LabelSelector {
  const text = requirements.length === 0 ? '{}' : requirements.map(requirementText).join(', ');
  return { requirements, text };
}

function requirementText(r: LabelRequirement): string {
  switch (r.operator) {
    case 'In':
      return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
  }
}

/** True when the labels satisfy every requirement. `NotIn` and `DoesNotExist` hold for absent keys. */
export function selectorMatches(selector: LabelSelector, labels: LabelMap): boolean {
  return selector.requirements.every((r) => requirementMatches(r, labels[r.key]));
}

/** True when one requirement holds for a label value (`undefined` = the key is absent). */
export function requirementMatches(r: LabelRequirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}
