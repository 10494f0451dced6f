import { keyPath } from './field-path';
import type { Finding } from './finding';
import { isJsonObject } from './json-value';
import { checkDns1123Label, checkDns1123Subdomain, checkLabelValue, checkQualifiedName } from './names';

/**
 * The API server's ObjectMeta rules that the OpenAPI schema does not carry (apimachinery ValidateObjectMeta):
 * a valid name, a valid namespace (none on cluster-scoped kinds), valid label keys and values, valid annotation keys.
 */

/** How a kind's `metadata.name` is validated. */
export type NameRule = 'dns1123-subdomain' | 'dns1123-label';

/** What the metadata check needs to know about the kind. */
export interface MetadataRules {
  /** True for cluster-scoped kinds, which must not carry `metadata.namespace`. */
  readonly clusterScoped: boolean;
  /** The rule for `metadata.name`. */
  readonly nameRule: NameRule;
}

const MAX_ANNOTATIONS_BYTES = 256 * 1024;
const LABEL_NAMED_KINDS: ReadonlySet<string> = new Set(['v1 Namespace', 'v1 Service']);

/** The name rule of a kind: RFC 1123 labels for Namespace and Service, RFC 1123 subdomains otherwise. */
export function nameRuleOf(apiVersion: string, kind: string): NameRule {
  return LABEL_NAMED_KINDS.has(`${apiVersion} ${kind}`) ? 'dns1123-label' : 'dns1123-subdomain';
}

function checkName(name: unknown, rule: NameRule): Finding[] {
  const path = 'metadata.name';
  if (name === undefined) return [{ path, detail: 'required field is missing' }];
  if (typeof name !== 'string') return [];
  const problem = rule === 'dns1123-label' ? checkDns1123Label(name) : checkDns1123Subdomain(name);
  return problem === undefined ? [] : [{ path, detail: `${JSON.stringify(name)} ${problem}` }];
}

function checkNamespace(namespace: unknown, clusterScoped: boolean): Finding[] {
  const path = 'metadata.namespace';
  if (typeof namespace !== 'string') return [];
  if (clusterScoped) return [{ path, detail: 'must not be set on a cluster-scoped kind' }];
  const problem = checkDns1123Label(namespace);
  return problem === undefined ? [] : [{ path, detail: `${JSON.stringify(namespace)} ${problem}` }];
}

function checkLabels(labels: unknown): Finding[] {
  if (!isJsonObject(labels)) return [];
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const path = keyPath('metadata.labels', key);
    const keyProblem = checkQualifiedName(key);
    if (keyProblem !== undefined)
      findings.push({ path, detail: `invalid label key ${JSON.stringify(key)}: ${keyProblem}` });
    const valueProblem = typeof value === 'string' ? checkLabelValue(value) : undefined;
    if (valueProblem !== undefined)
      findings.push({ path, detail: `invalid label value ${JSON.stringify(value)}: ${valueProblem}` });
  }
  return findings;
}

function checkAnnotations(annotations: unknown): Finding[] {
  if (!isJsonObject(annotations)) return [];
  const findings: Finding[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const problem = checkQualifiedName(key.toLowerCase());
    if (problem !== undefined)
      findings.push({
        path: keyPath('metadata.annotations', key),
        detail: `invalid annotation key ${JSON.stringify(key)}: ${problem}`,
      });
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > MAX_ANNOTATIONS_BYTES)
    findings.push({
      path: 'metadata.annotations',
      detail: `total size ${size} exceeds ${MAX_ANNOTATIONS_BYTES} bytes`,
    });
  return findings;
}

/** Checks `metadata` of a manifest; type errors are left to the schema walk. */
export function checkMetadata(metadata: unknown, rules: MetadataRules): Finding[] {
  if (metadata === undefined) return [{ path: 'metadata', detail: 'required field is missing' }];
  if (!isJsonObject(metadata)) return [];
  return [
    ...checkName(metadata.name, rules.nameRule),
    ...checkNamespace(metadata.namespace, rules.clusterScoped),
    ...checkLabels(metadata.labels),
    ...checkAnnotations(metadata.annotations),
  ];
}
