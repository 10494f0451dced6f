import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

/** A node of a CRD's structural OpenAPI v3 schema (the subset the Cilium CRD uses). */
interface SchemaNode {
  readonly type?: string;
  readonly format?: string;
  readonly properties?: { readonly [key: string]: SchemaNode };
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly maximum?: number;
  readonly minimum?: number;
  readonly oneOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
}

const CRD = parse(readFileSync(join(__dirname, '../../../schemas/cilium/ciliumnetworkpolicies.yaml'), 'utf8')) as {
  spec: { versions: { name: string; schema: { openAPIV3Schema: SchemaNode } }[] };
};

/** The served `v2` schema of the vendored Cilium 1.19.3 CiliumNetworkPolicy CRD. */
export const CNP_SCHEMA: SchemaNode = CRD.spec.versions.find((v) => v.name === 'v2')!.schema.openAPIV3Schema;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function isCidr(text: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(text);
  if (m === null) return false;
  const bits = Number(m[2]);
  if (m[1].includes(':')) return /^[0-9a-fA-F:]+$/.test(m[1]) && bits <= 128;
  const octets = m[1].split('.');
  return octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255) && bits <= 32;
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when an object carries every field an alternative (`oneOf` / `anyOf` entry) requires. */
function satisfies(value: unknown, alternative: SchemaNode): boolean {
  return isObject(value) && (alternative.required ?? []).every((r) => r in value);
}

function check(value: unknown, node: SchemaNode, at: string, out: string[]): void {
  if (node.oneOf && node.oneOf.filter((alt) => satisfies(value, alt)).length !== 1) {
    out.push(`${at}: must match exactly one of ${node.oneOf.map((alt) => (alt.required ?? []).join('+')).join(' | ')}`);
  }
  if (node.anyOf && !node.anyOf.some((alt) => satisfies(value, alt))) {
    out.push(`${at}: must have one of ${node.anyOf.map((alt) => (alt.required ?? []).join('+')).join(' | ')}`);
  }
  if (node.enum && !node.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (node['x-kubernetes-int-or-string']) {
    if (!Number.isInteger(value) && typeof value !== 'string') out.push(`${at}: expected int-or-string`);
    return;
  }
  switch (node.type) {
    case 'string':
      if (typeof value !== 'string') { out.push(`${at}: expected string`); return; }
      if (node.pattern && !new RegExp(node.pattern).test(value)) out.push(`${at}: '${value}' does not match ${node.pattern}`);
      if (node.maxLength !== undefined && value.length > node.maxLength) out.push(`${at}: longer than ${node.maxLength}`);
      if (node.minLength !== undefined && value.length < node.minLength) out.push(`${at}: shorter than ${node.minLength}`);
      if (node.format === 'cidr' && !isCidr(value)) out.push(`${at}: '${value}' is not a CIDR`);
      return;
    case 'integer':
      if (!Number.isInteger(value)) { out.push(`${at}: expected integer`); return; }
      if (node.maximum !== undefined && (value as number) > node.maximum) out.push(`${at}: above ${node.maximum}`);
      if (node.minimum !== undefined && (value as number) < node.minimum) out.push(`${at}: below ${node.minimum}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${at}: expected boolean`);
      return;
    case 'array':
      if (!Array.isArray(value)) { out.push(`${at}: expected array`); return; }
      if (node.maxItems !== undefined && value.length > node.maxItems) out.push(`${at}: more than ${node.maxItems} items`);
      if (node.minItems !== undefined && value.length < node.minItems) out.push(`${at}: fewer than ${node.minItems} items`);
      if (node['x-kubernetes-list-type'] === 'set'
        && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) out.push(`${at}: duplicate set items`);
      value.forEach((v, i) => node.items && check(v, node.items, `${at}[${i}]`, out));
      return;
    case 'object': {
      if (!isObject(value)) { out.push(`${at}: expected object`); return; }
      for (const req of node.required ?? []) if (!(req in value)) out.push(`${at}: missing required '${req}'`);
      if (!node.properties && node.additionalProperties === undefined) return; // metadata: checked separately
      for (const [key, v] of Object.entries(value)) {
        const prop = node.properties?.[key];
        const extra = node.additionalProperties;
        if (v === undefined) out.push(`${at}.${key}: undefined value`);
        else if (prop) check(v, prop, `${at}.${key}`, out);
        else if (extra && typeof extra === 'object') check(v, extra, `${at}.${key}`, out);
        else out.push(`${at}: unknown field '${key}'`);
      }
      return;
    }
    default:
      out.push(`${at}: schema node without a type`);
  }
}

function checkMetadata(doc: { [key: string]: unknown }, out: string[]): void {
  const metadata = doc.metadata;
  if (!isObject(metadata)) { out.push('$.metadata: expected object'); return; }
  for (const key of Object.keys(metadata)) {
    if (!['name', 'namespace', 'labels', 'annotations'].includes(key)) out.push(`$.metadata: unexpected field '${key}'`);
  }
  const { name, namespace, labels } = metadata;
  if (typeof name !== 'string' || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) out.push(`$.metadata.name: '${String(name)}' invalid`);
  if (typeof namespace !== 'string' || !DNS1123_LABEL.test(namespace)) out.push(`$.metadata.namespace: '${String(namespace)}' invalid`);
  for (const [key, value] of Object.entries(isObject(labels) ? labels : {})) {
    const [prefix, local] = key.includes('/') ? key.split('/', 2) : [undefined, key];
    if (prefix !== undefined && !DNS1123_SUBDOMAIN.test(prefix)) out.push(`$.metadata.labels: key prefix '${prefix}' invalid`);
    if (local.length > 63 || !LABEL_NAME.test(local)) out.push(`$.metadata.labels: key '${key}' invalid`);
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) out.push(`$.metadata.labels.${key}: invalid value`);
  }
}

/**
 * Violations of a document against the vendored CiliumNetworkPolicy CRD, as the API server would
 * report them under strict validation: unknown fields, wrong types, enums, patterns, bounds,
 * `oneOf` / `anyOf`, CIDR format, metadata names and labels. Empty when the document conforms.
 */
export function cnpStructureViolations(doc: unknown): string[] {
  const out: string[] = [];
  if (!isObject(doc)) return ['$: expected object'];
  if (doc.apiVersion !== 'cilium.io/v2') out.push('$.apiVersion: expected cilium.io/v2');
  if (doc.kind !== 'CiliumNetworkPolicy') out.push('$.kind: expected CiliumNetworkPolicy');
  check(doc, CNP_SCHEMA, '$', out);
  checkMetadata(doc, out);
  return out;
}
