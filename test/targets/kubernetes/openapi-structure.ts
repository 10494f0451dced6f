import { readFileSync } from 'fs';
import { join } from 'path';

/** A JSON schema node of the vendored Kubernetes OpenAPI v3 document. */
interface SchemaNode {
  readonly $ref?: string;
  readonly allOf?: readonly SchemaNode[];
  readonly type?: string;
  readonly format?: string;
  readonly properties?: { readonly [key: string]: SchemaNode };
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly required?: readonly string[];
}

const DOCUMENT = JSON.parse(readFileSync(
  join(__dirname, '../../../schemas/kubernetes/apis__networking.k8s.io__v1_openapi.json'), 'utf8',
)) as { components: { schemas: { [name: string]: SchemaNode } } };

function resolve(node: SchemaNode): SchemaNode {
  if (node.$ref) return resolve(DOCUMENT.components.schemas[node.$ref.replace('#/components/schemas/', '')]);
  if (node.allOf && node.allOf.length === 1) return resolve(node.allOf[0]);
  return node;
}

function check(value: unknown, raw: SchemaNode, at: string, out: string[]): void {
  const node = resolve(raw);
  if (node.format === 'int-or-string') {
    if (!Number.isInteger(value) && typeof value !== 'string') out.push(`${at}: expected int-or-string`);
    return;
  }
  switch (node.type) {
    case 'string':
      if (typeof value !== 'string') out.push(`${at}: expected string`);
      return;
    case 'integer':
      if (!Number.isInteger(value)) out.push(`${at}: expected integer`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${at}: expected boolean`);
      return;
    case 'array':
      if (!Array.isArray(value)) { out.push(`${at}: expected array`); return; }
      value.forEach((v, i) => node.items && check(v, node.items, `${at}[${i}]`, out));
      return;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) { out.push(`${at}: expected object`); return; }
      const record = value as { [key: string]: unknown };
      for (const req of node.required ?? []) if (!(req in record)) out.push(`${at}: missing required '${req}'`);
      for (const [key, v] of Object.entries(record)) {
        const prop = node.properties?.[key];
        const extra = node.additionalProperties;
        if (prop) check(v, prop, `${at}.${key}`, out);
        else if (extra && typeof extra === 'object') check(v, extra, `${at}.${key}`, out);
        else out.push(`${at}: unknown field '${key}'`);
      }
      return;
    }
    default:
      out.push(`${at}: schema node without a type`);
  }
}

/**
 * Structural violations of a NetworkPolicy document against the vendored OpenAPI schema:
 * unknown fields, wrong types, missing required fields. Empty when the document conforms.
 */
export function networkPolicyStructureViolations(doc: unknown): string[] {
  const out: string[] = [];
  check(doc, { $ref: '#/components/schemas/io.k8s.api.networking.v1.NetworkPolicy' }, '$', out);
  return out;
}
