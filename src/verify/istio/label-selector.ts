import { LabelMap } from '../cluster';

/** A Kubernetes label selector (`matchLabels` and `matchExpressions`). */
export interface LabelSelectorView {
  readonly matchLabels?: LabelMap;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }[];
}

/** Whether every `key: value` of `selector` is present in `labels` (an empty selector matches everything). */
export function matchesLabels(selector: LabelMap, labels: LabelMap): boolean {
  return Object.keys(selector).every(key => labels[key] === selector[key]);
}

/** Whether `labels` satisfy a full label selector; an unknown operator never matches. */
export function matchesLabelSelector(selector: LabelSelectorView, labels: LabelMap): boolean {
  if (selector.matchLabels && !matchesLabels(selector.matchLabels, labels)) return false;
  return (selector.matchExpressions ?? []).every(expression => {
    const value = labels[expression.key];
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In': return value !== undefined && values.includes(value);
      case 'NotIn': return value === undefined || !values.includes(value);
      case 'Exists': return value !== undefined;
      case 'DoesNotExist': return value === undefined;
      default: return false;
    }
  });
}
