import { fieldPath, indexPath, keyPath } from './field-path';
import { formatFinding, type Finding } from './finding';
import { checkFormat } from './formats';
import { canonicalJson, cloneJson, isJsonObject, jsonTypeOf, type JsonObject, type JsonType } from './json-value';
import type { SchemaNode } from './schema-node';

/**
 * The structural schema walk: types, required fields, unknown fields, value constraints, list types and
 * combinators, with CRD defaults applied on the way down (the value is mutated: pass a copy).
 */

/** A node with CEL rules and the (defaulted) value they apply to. */
export interface RuleSite {
  /** The schema node carrying the rules. */
  readonly node: SchemaNode;
  /** The value at that node, after defaulting. */
  readonly value: unknown;
  /** Its JSON path. */
  readonly path: string;
}

/** What one walk produces: findings, and the places where CEL rules must be evaluated. */
export class WalkResult {
  /** Problems found, in walk order. */
  public readonly findings: Finding[] = [];
  /** Nodes with CEL rules, children before parents. */
  public readonly ruleSites: RuleSite[] = [];

  /** Records a problem. */
  public add(path: string, detail: string, blocking = false): void {
    this.findings.push({ path, detail, blocking });
  }
}

/**
 * Walks `value` against `node` as a structural schema: unknown fields are errors, CRD defaults are applied
 * (mutating `value`), and nodes with CEL rules are recorded in `result.ruleSites`.
 */
export function walkStructural(node: SchemaNode, value: unknown, path: string, result: WalkResult): void {
  walk(node, value, path, result, true);
}

/** Walks `value` against `node` for its value constraints only, as for an `allOf`/`anyOf`/`oneOf`/`not` branch. */
function walkValueOnly(node: SchemaNode, value: unknown, path: string): WalkResult {
  const result = new WalkResult();
  walk(node, value, path, result, false);
  return result;
}

function typeLabel(node: SchemaNode): string {
  return node.intOrString ? 'integer or string' : String(node.type);
}

function acceptsType(node: SchemaNode, type: JsonType): boolean {
  if (node.intOrString) return type === 'integer' || type === 'string';
  return node.type === undefined || node.type === type || (type === 'integer' && node.type === 'number');
}

function walk(node: SchemaNode, value: unknown, path: string, result: WalkResult, structural: boolean): void {
  const type = jsonTypeOf(value);
  if (type === undefined) {
    result.add(path, `is not a JSON value (${typeof value})`, true);
    return;
  }
  if (type === 'null') {
    if (!node.nullable && (node.type !== undefined || node.intOrString))
      result.add(path, `must be of type ${typeLabel(node)}, got null`, true);
    return;
  }
  if (!acceptsType(node, type)) {
    result.add(path, `must be of type ${typeLabel(node)}, got ${type}`, true);
    return;
  }
  checkValue(node, value, type, path, result);
  if (type === 'object') walkObject(node, value as JsonObject, path, result, structural);
  else if (type === 'array') walkArray(node, value as unknown[], path, result, structural);
  checkCombinators(node, value, path, result);
  if (structural && node.rules.length > 0) result.ruleSites.push({ node, value, path });
}

function describeEnum(node: SchemaNode): string {
  const values = [...(node.enumValues ?? [])];
  const shown = values.slice(0, 12).join(', ');
  return values.length > 12 ? `${shown}, ...` : shown;
}

function checkValue(node: SchemaNode, value: unknown, type: JsonType, path: string, result: WalkResult): void {
  if (node.enumValues !== undefined && !node.enumValues.has(canonicalJson(value))) {
    result.add(path, `unsupported value ${canonicalJson(value)}; supported values: ${describeEnum(node)}`, true);
  }
  if (typeof value === 'string') checkString(node, value, path, result);
  else if (type === 'integer' || type === 'number') checkNumber(node, value as number, path, result);
  if (node.format !== undefined) {
    const problem = checkFormat(node.format, value);
    if (problem !== undefined) result.add(path, problem);
  }
}

function checkString(node: SchemaNode, value: string, path: string, result: WalkResult): void {
  if (node.minLength !== undefined || node.maxLength !== undefined) {
    const length = [...value].length;
    if (node.minLength !== undefined && length < node.minLength)
      result.add(path, `must be at least ${node.minLength} characters long`);
    if (node.maxLength !== undefined && length > node.maxLength)
      result.add(path, `must be at most ${node.maxLength} characters long`);
  }
  if (node.pattern !== undefined) {
    if (node.pattern.regex === undefined)
      result.add(path, `pattern ${node.pattern.source} cannot be compiled; value not checked`);
    else if (!node.pattern.regex.test(value))
      result.add(path, `${JSON.stringify(value)} does not match pattern ${node.pattern.source}`);
  }
}

function checkNumber(node: SchemaNode, value: number, path: string, result: WalkResult): void {
  if (node.minimum !== undefined) {
    if (node.exclusiveMinimum ? value <= node.minimum : value < node.minimum) {
      result.add(
        path,
        `${value} must be ${node.exclusiveMinimum ? 'greater than' : 'greater than or equal to'} ${node.minimum}`,
      );
    }
  }
  if (node.maximum !== undefined) {
    if (node.exclusiveMaximum ? value >= node.maximum : value > node.maximum) {
      result.add(
        path,
        `${value} must be ${node.exclusiveMaximum ? 'less than' : 'less than or equal to'} ${node.maximum}`,
      );
    }
  }
  if (node.multipleOf !== undefined && node.multipleOf > 0 && !Number.isInteger(value / node.multipleOf)) {
    result.add(path, `${value} must be a multiple of ${node.multipleOf}`);
  }
}

function fieldSchema(node: SchemaNode, key: string): SchemaNode | undefined {
  const additional = node.additionalProperties;
  return node.property(key) ?? (typeof additional === 'object' ? additional : undefined);
}

/**
 * True when `value[key]` counts as set. Like the API server, a null in a field that is not nullable counts as
 * absent: it is pruned (and then defaulted, for CRDs).
 */
function isPresent(node: SchemaNode, value: JsonObject, key: string): boolean {
  const item = value[key];
  return item !== undefined && (item !== null || fieldSchema(node, key)?.nullable !== false);
}

function applyDefaults(node: SchemaNode, value: JsonObject): void {
  for (const [name, child] of node.defaultedProperties) {
    if (value[name] === undefined) value[name] = cloneJson(child.defaultValue);
  }
}

function walkObject(node: SchemaNode, value: JsonObject, path: string, result: WalkResult, structural: boolean): void {
  if (structural) {
    for (const key of Object.keys(value)) if (!isPresent(node, value, key)) delete value[key];
    if (node.dialect === 'crd') applyDefaults(node, value);
  }
  const keys = Object.keys(value).filter((key) => isPresent(node, value, key));
  const required = node.embeddedResource && structural ? [...node.required, 'apiVersion', 'kind'] : node.required;
  for (const name of required) {
    if (!keys.includes(name)) result.add(fieldPath(path, name), 'required field is missing');
  }
  if (node.minProperties !== undefined && keys.length < node.minProperties)
    result.add(path, `must have at least ${node.minProperties} properties`);
  if (node.maxProperties !== undefined && keys.length > node.maxProperties)
    result.add(path, `must have at most ${node.maxProperties} properties`);
  const additional = node.additionalProperties;
  for (const key of keys) {
    const child = node.property(key);
    if (child !== undefined) {
      walk(child, value[key], fieldPath(path, key), result, structural);
    } else if (typeof additional === 'object') {
      walk(additional, value[key], keyPath(path, key), result, structural);
    } else if (additional === false && !structural) {
      result.add(fieldPath(path, key), `additional property "${key}" is not allowed`);
    } else if (structural && additional !== true && !node.preserveUnknownFields) {
      result.add(fieldPath(path, key), `unknown field "${key}"`);
    }
  }
}

function walkArray(node: SchemaNode, value: unknown[], path: string, result: WalkResult, structural: boolean): void {
  if (node.minItems !== undefined && value.length < node.minItems)
    result.add(path, `must have at least ${node.minItems} items`);
  if (node.maxItems !== undefined && value.length > node.maxItems)
    result.add(path, `must have at most ${node.maxItems} items`);
  const items = node.items;
  if (items !== undefined) value.forEach((item, i) => walk(items, item, indexPath(path, i), result, structural));
  if (node.listType === 'set' || node.uniqueItems) {
    reportDuplicates(
      value,
      path,
      result,
      (item) => canonicalJson(item),
      (item) => `duplicate value ${canonicalJson(item)}`,
    );
  } else if (node.listType === 'map' && node.listMapKeys.length > 0) {
    const keyOf = (item: unknown): string =>
      node.listMapKeys.map((k) => `${k}=${canonicalJson(isJsonObject(item) ? item[k] : undefined)}`).join(',');
    reportDuplicates(value, path, result, keyOf, (item) => `duplicate entry with key ${keyOf(item)}`);
  }
}

function reportDuplicates(
  value: readonly unknown[],
  path: string,
  result: WalkResult,
  keyOf: (item: unknown) => string,
  describe: (item: unknown) => string,
): void {
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) result.add(indexPath(path, i), describe(item));
    seen.add(key);
  });
}

function summarize(branch: WalkResult): string {
  const first = branch.findings[0];
  return first === undefined ? 'valid' : formatFinding(first);
}

function checkCombinators(node: SchemaNode, value: unknown, path: string, result: WalkResult): void {
  const { allOf, anyOf, oneOf } = node.combinators;
  for (const branch of allOf)
    result.findings.push(...walkValueOnly(branch, value, path).findings.map((f) => ({ ...f, blocking: false })));
  if (anyOf.length > 0) {
    const outcomes = anyOf.map((branch) => walkValueOnly(branch, value, path));
    if (outcomes.every((o) => o.findings.length > 0)) {
      result.add(path, `must satisfy at least one of (anyOf): ${outcomes.map(summarize).join(' | ')}`);
    }
  }
  if (oneOf.length > 0) {
    const outcomes = oneOf.map((branch) => walkValueOnly(branch, value, path));
    const passing = outcomes.filter((o) => o.findings.length === 0).length;
    if (passing === 0) result.add(path, `must satisfy exactly one of (oneOf): ${outcomes.map(summarize).join(' | ')}`);
    else if (passing > 1) result.add(path, `must satisfy exactly one of (oneOf), but satisfies ${passing}`);
  }
  const not = node.not;
  if (not !== undefined && walkValueOnly(not, value, path).findings.length === 0)
    result.add(path, 'must not satisfy the "not" schema');
}
