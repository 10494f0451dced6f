import { fieldPath, indexPath, keyPath } from '../field-path';
import type { Finding } from '../finding';
import { isJsonObject } from '../json-value';
import { checkLabelValue, checkQualifiedName } from '../names';

/**
 * Kubernetes LabelSelector validation (apimachinery ValidateLabelSelector): label keys and values in
 * `matchLabels`; in `matchExpressions`, a valid key, a supported operator, and values required for In/NotIn
 * and forbidden for Exists/DoesNotExist.
 */

const OPERATORS_WITH_VALUES: ReadonlySet<string> = new Set(['In', 'NotIn']);
const OPERATORS_WITHOUT_VALUES: ReadonlySet<string> = new Set(['Exists', 'DoesNotExist']);

function checkKey(key: unknown, path: string): Finding[] {
  if (typeof key !== 'string') return [];
  const problem = checkQualifiedName(key);
  return problem === undefined ? [] : [{ path, detail: `invalid label key ${JSON.stringify(key)}: ${problem}` }];
}

function checkValue(value: unknown, path: string): Finding[] {
  if (typeof value !== 'string') return [];
  const problem = checkLabelValue(value);
  return problem === undefined ? [] : [{ path, detail: `invalid label value ${JSON.stringify(value)}: ${problem}` }];
}

function checkRequirement(requirement: unknown, path: string): Finding[] {
  if (!isJsonObject(requirement)) return [];
  const findings = checkKey(requirement.key, fieldPath(path, 'key'));
  const operator = requirement.operator;
  const values = Array.isArray(requirement.values) ? requirement.values : [];
  const valuesPath = fieldPath(path, 'values');
  if (typeof operator === 'string' && OPERATORS_WITH_VALUES.has(operator)) {
    if (values.length === 0)
      findings.push({ path: valuesPath, detail: `must be specified when operator is ${operator}` });
  } else if (typeof operator === 'string' && OPERATORS_WITHOUT_VALUES.has(operator)) {
    if (values.length > 0)
      findings.push({ path: valuesPath, detail: `may not be specified when operator is ${operator}` });
  } else if (operator !== undefined) {
    findings.push({
      path: fieldPath(path, 'operator'),
      detail: `unsupported value ${JSON.stringify(operator)}; supported values: "In", "NotIn", "Exists", "DoesNotExist"`,
    });
  }
  values.forEach((value, i) => findings.push(...checkValue(value, indexPath(valuesPath, i))));
  return findings;
}

/** Checks a Kubernetes label selector at `path`; non-objects are left to the schema walk. */
export function checkLabelSelector(selector: unknown, path: string): Finding[] {
  if (!isJsonObject(selector)) return [];
  const findings: Finding[] = [];
  if (isJsonObject(selector.matchLabels)) {
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      const entryPath = keyPath(fieldPath(path, 'matchLabels'), key);
      findings.push(...checkKey(key, entryPath), ...checkValue(value, entryPath));
    }
  }
  if (Array.isArray(selector.matchExpressions)) {
    selector.matchExpressions.forEach((requirement, i) =>
      findings.push(...checkRequirement(requirement, indexPath(fieldPath(path, 'matchExpressions'), i))),
    );
  }
  return findings;
}
