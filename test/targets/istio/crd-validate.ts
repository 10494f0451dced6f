import { readFileSync } from 'fs';
import { join } from 'path';
import { run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { parse } from 'yaml';

/** A node of a CRD structural schema (the subset the Istio and Gateway API CRDs use). */
interface SchemaNode {
  readonly type?: string;
  readonly properties?: { readonly [key: string]: SchemaNode };
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly default?: unknown;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly maxProperties?: number;
  readonly minProperties?: number;
  readonly maximum?: number;
  readonly minimum?: number;
  readonly oneOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly not?: SchemaNode;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-validations'?: readonly { readonly rule: string; readonly message?: string }[];
}

interface Crd {
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { readonly name: string; readonly served: boolean; readonly schema: { readonly openAPIV3Schema: SchemaNode } }[];
  };
}

const SCHEMAS = join(__dirname, '../../../schemas');
const CRD_FILES = [
  'istio/authorizationpolicies.security.istio.io.yaml',
  'istio/peerauthentications.security.istio.io.yaml',
  'gateway-api/gateway.networking.k8s.io_gateways.yaml',
];

/** Served schemas by `apiVersion/kind`. */
const BY_TYPE = new Map<string, SchemaNode>();
for (const file of CRD_FILES) {
  const crd = parse(readFileSync(join(SCHEMAS, file), 'utf8')) as Crd;
  for (const v of crd.spec.versions.filter((x) => x.served)) {
    BY_TYPE.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema.openAPIV3Schema);
  }
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value with the schema's defaults filled in, as the API server does before CEL. */
function withDefaults(value: unknown, node: SchemaNode): unknown {
  if (Array.isArray(value)) return node.items ? value.map((v) => withDefaults(v, node.items!)) : value;
  if (!isObject(value)) return value;
  const out: { [key: string]: unknown } = {};
  for (const [k, v] of Object.entries(value)) {
    const child = node.properties?.[k] ?? (isObject(node.additionalProperties) ? node.additionalProperties : undefined);
    out[k] = child ? withDefaults(v, child) : v;
  }
  for (const [k, child] of Object.entries(node.properties ?? {})) {
    if (!(k in out) && child.default !== undefined) out[k] = withDefaults(structuredClone(child.default), child);
  }
  return out;
}

/** A JSON value as a CEL input: objects as maps, integers as CEL ints. */
function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (isObject(value)) return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value;
}

/** True when an object satisfies an alternative of `oneOf`/`anyOf` (required fields and `not`). */
function satisfies(value: unknown, alt: SchemaNode): boolean {
  if (!isObject(value)) return false;
  if (!(alt.required ?? []).every((r) => r in value)) return false;
  if (alt.anyOf && !alt.anyOf.some((a) => satisfies(value, a))) return false;
  if (alt.not && satisfies(value, alt.not)) return false;
  return true;
}

function typeOk(value: unknown, node: SchemaNode): boolean {
  if (node['x-kubernetes-int-or-string']) return typeof value === 'string' || Number.isInteger(value);
  switch (node.type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    default: return true;
  }
}

function check(value: unknown, node: SchemaNode, at: string, out: string[]): void {
  if (!typeOk(value, node)) {
    out.push(`${at}: expected ${node.type ?? 'int-or-string'}, got ${JSON.stringify(value)}`);
    return;
  }
  if (node.oneOf && node.oneOf.filter((alt) => satisfies(value, alt)).length !== 1) out.push(`${at}: oneOf not satisfied`);
  if (node.anyOf && !node.anyOf.some((alt) => satisfies(value, alt))) out.push(`${at}: anyOf not satisfied`);
  if (node.enum && !node.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(node.enum)}`);
  if (typeof value === 'string') {
    if (node.pattern && !new RegExp(node.pattern).test(value)) out.push(`${at}: '${value}' does not match ${node.pattern}`);
    if (node.maxLength !== undefined && value.length > node.maxLength) out.push(`${at}: longer than ${node.maxLength}`);
    if (node.minLength !== undefined && value.length < node.minLength) out.push(`${at}: shorter than ${node.minLength}`);
  }
  if (typeof value === 'number') {
    if (node.maximum !== undefined && value > node.maximum) out.push(`${at}: above ${node.maximum}`);
    if (node.minimum !== undefined && value < node.minimum) out.push(`${at}: below ${node.minimum}`);
  }
  if (Array.isArray(value)) {
    if (node.maxItems !== undefined && value.length > node.maxItems) out.push(`${at}: more than ${node.maxItems} items`);
    if (node.minItems !== undefined && value.length < node.minItems) out.push(`${at}: fewer than ${node.minItems} items`);
    const listType = node['x-kubernetes-list-type'];
    const keyOf = (v: unknown): string => listType === 'map'
      ? JSON.stringify((node['x-kubernetes-list-map-keys'] ?? []).map((k) => (isObject(v) ? v[k] : undefined)))
      : JSON.stringify(v);
    if ((listType === 'set' || listType === 'map') && new Set(value.map(keyOf)).size !== value.length) {
      out.push(`${at}: duplicate entries in a list of type ${listType}`);
    }
    value.forEach((v, i) => node.items && check(v, node.items, `${at}[${i}]`, out));
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (node.maxProperties !== undefined && keys.length > node.maxProperties) out.push(`${at}: too many properties`);
    if (node.minProperties !== undefined && keys.length < node.minProperties) out.push(`${at}: too few properties`);
    for (const r of node.required ?? []) if (!(r in value)) out.push(`${at}: missing required field '${r}'`);
    for (const k of keys) {
      const child = node.properties?.[k] ?? (isObject(node.additionalProperties) ? node.additionalProperties : undefined);
      if (child) check(value[k], child, `${at}.${k}`, out);
      else if (!node['x-kubernetes-preserve-unknown-fields'] && node.additionalProperties !== true) {
        out.push(`${at}: unknown field '${k}'`);
      }
    }
  }
  for (const v of node['x-kubernetes-validations'] ?? []) {
    if (v.rule.includes('oldSelf')) continue;
    let result: unknown;
    try {
      result = run(v.rule, { self: toCel(value) } as never, { funcs: strings });
    } catch (e) {
      result = e;
    }
    if (result !== true) out.push(`${at}: CEL rule failed (${v.message ?? v.rule}): ${String(result)}`);
  }
}

function metadataProblems(doc: { [key: string]: unknown }): string[] {
  const out: string[] = [];
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const allowed = ['name', 'namespace', 'labels', 'annotations'];
  for (const k of Object.keys(meta)) if (!allowed.includes(k)) out.push(`metadata: unknown field '${k}'`);
  if (typeof meta.name !== 'string' || meta.name.length > 253 || !DNS1123_SUBDOMAIN.test(meta.name)) {
    out.push(`metadata.name: '${String(meta.name)}' is not a DNS-1123 subdomain`);
  }
  if (typeof meta.namespace !== 'string' || meta.namespace.length > 63 || !DNS1123_LABEL.test(meta.namespace)) {
    out.push(`metadata.namespace: '${String(meta.namespace)}' is not a DNS-1123 label`);
  }
  for (const [k, v] of Object.entries(isObject(meta.labels) ? meta.labels : {})) {
    const slash = k.lastIndexOf('/');
    const prefix = slash < 0 ? undefined : k.slice(0, slash);
    const name = slash < 0 ? k : k.slice(slash + 1);
    const keyOk = name.length <= 63 && LABEL_NAME.test(name)
      && (prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix)));
    if (!keyOk) out.push(`metadata.labels: invalid key '${k}'`);
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) out.push(`metadata.labels.${k}: invalid value`);
  }
  return out;
}

/**
 * Validates a document against the vendored CRD of its apiVersion and kind, as
 * `kubectl apply --validate=strict` would: structural schema (types, unknown fields, required,
 * enums, patterns, bounds, list uniqueness), CRD defaults, then the `x-kubernetes-validations`
 * CEL rules (create-time only), plus metadata syntax. Returns one message per violation.
 */
export function validateDocument(doc: unknown): string[] {
  if (!isObject(doc)) return ['document is not an object'];
  const [group, version] = String(doc.apiVersion).split('/');
  const schema = BY_TYPE.get(`${group}/${version}/${String(doc.kind)}`);
  if (schema === undefined) return [`no vendored CRD for ${String(doc.apiVersion)} ${String(doc.kind)}`];
  const out = metadataProblems(doc);
  const spec = schema.properties?.spec;
  if (spec === undefined) return [...out, 'CRD has no spec schema'];
  for (const k of Object.keys(doc)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(k)) out.push(`unknown top-level field '${k}'`);
  }
  check(withDefaults(doc.spec, spec), spec, 'spec', out);
  return out;
}
