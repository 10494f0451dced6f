import { defaultSchemaValidator } from '../../../src/validation/schema';
import { Manifest } from '../../../src/targets/target';
import { AuthorizationPolicyManifest, AuthorizationRule, IstioManifest } from '../../../src/targets/istio';

/** The object of this kind and name; fails the test when it is missing or ambiguous. */
export function find<T extends Manifest = IstioManifest>(docs: readonly Manifest[], kind: string, name: string): T {
  const found = docs.filter((d) => d.kind === kind && d.metadata.name === name);
  if (found.length !== 1) {
    throw new Error(
      `expected one ${kind} '${name}', found ${found.length} among ${docs.map((d) => `${d.kind}/${d.metadata.name}`).join(', ')}`,
    );
  }
  return found[0] as T;
}

/** The AuthorizationPolicy with this name. */
export function policy(docs: readonly Manifest[], name: string): AuthorizationPolicyManifest {
  return find<AuthorizationPolicyManifest>(docs, 'AuthorizationPolicy', name);
}

/** `Kind/name` of every object, in output order. */
export function names(docs: readonly Manifest[]): string[] {
  return docs.map((d) => `${d.kind}/${d.metadata.name}`);
}

/** The policies enforced by a workload's own proxy or ztunnel: every AuthorizationPolicy without `targetRefs`. */
export function selectorPolicies(docs: readonly Manifest[]): AuthorizationPolicyManifest[] {
  return docs
    .filter((d): d is AuthorizationPolicyManifest => d.kind === 'AuthorizationPolicy')
    .filter((d) => d.spec.targetRefs === undefined);
}

/**
 * Every attribute of a rule that needs L7 processing: methods, paths, hosts (and their negations)
 * and `when` conditions on request attributes, as `field=value` strings.
 */
export function l7Attributes(rule: AuthorizationRule): string[] {
  const out: string[] = [];
  for (const to of rule.to ?? []) {
    const op = to.operation as { [key: string]: unknown };
    for (const field of ['methods', 'paths', 'hosts', 'notMethods', 'notPaths', 'notHosts']) {
      if (op[field] !== undefined) out.push(`${field}=${JSON.stringify(op[field])}`);
    }
  }
  for (const w of rule.when ?? []) if (w.key.startsWith('request.')) out.push(`when=${w.key}`);
  return out;
}

/** What the shared schema validator (vendored CRDs, CEL rules included) finds wrong with a document. */
export function schemaProblems(doc: Manifest): string[] {
  return defaultSchemaValidator()
    .validate(doc)
    .map((v) => `${v.kind}/${v.name}: ${v.message}`);
}
