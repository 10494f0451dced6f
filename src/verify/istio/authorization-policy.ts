import { arrayOf, isRecord, recordOf, stringOf } from '../json';
import { LabelSelector, parseLabelSelector } from '../match/label-selector';
import { asStringList, byNamespaceAndName, isKind, readMeta } from './manifest-fields';

/** The action of an AuthorizationPolicy (`ALLOW` when absent). */
export type AuthorizationAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

/** `rules[].from[].source` of an AuthorizationPolicy; every present field must match (AND). */
export interface PolicySource {
  readonly principals?: readonly string[];
  readonly notPrincipals?: readonly string[];
  readonly requestPrincipals?: readonly string[];
  readonly notRequestPrincipals?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly notNamespaces?: readonly string[];
  readonly serviceAccounts?: readonly string[];
  readonly notServiceAccounts?: readonly string[];
  readonly ipBlocks?: readonly string[];
  readonly notIpBlocks?: readonly string[];
  readonly remoteIpBlocks?: readonly string[];
  readonly notRemoteIpBlocks?: readonly string[];
}

/** `rules[].to[].operation` of an AuthorizationPolicy; every present field must match (AND). */
export interface PolicyOperation {
  readonly hosts?: readonly string[];
  readonly notHosts?: readonly string[];
  readonly ports?: readonly string[];
  readonly notPorts?: readonly string[];
  readonly methods?: readonly string[];
  readonly notMethods?: readonly string[];
  readonly paths?: readonly string[];
  readonly notPaths?: readonly string[];
}

/** `rules[].when[]`: an attribute condition. */
export interface PolicyCondition {
  readonly key: string;
  readonly values?: readonly string[];
  readonly notValues?: readonly string[];
}

/** One rule: `from`, `to` and `when` are ANDed; the entries of `from` and `to` are ORed. */
export interface PolicyRule {
  readonly from?: readonly PolicySource[];
  readonly to?: readonly PolicyOperation[];
  readonly when?: readonly PolicyCondition[];
}

/** `targetRefs[]` (or the legacy `targetRef`) of a policy. */
export interface PolicyTargetRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** An AuthorizationPolicy read from a manifest. */
export interface AuthorizationPolicyView {
  readonly namespace: string;
  readonly name: string;
  readonly action: AuthorizationAction;
  /** `undefined` when `rules` is absent: the policy never matches (an ALLOW policy is then allow-nothing). */
  readonly rules?: readonly PolicyRule[];
  /** `selector.matchLabels`; `undefined` when there is no selector (namespace-wide or mesh-wide). */
  readonly selector?: LabelSelector;
  readonly targetRefs: readonly PolicyTargetRef[];
  /** The `istio.io/dry-run: "true"` annotation: the policy is evaluated for logs only, never enforced. */
  readonly dryRun: boolean;
  /** `provider.name` of a CUSTOM policy. */
  readonly provider?: string;
}

const SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'notServiceAccounts',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
] as const;
const OPERATION_FIELDS = [
  'hosts',
  'notHosts',
  'ports',
  'notPorts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
] as const;

/** The display name used in findings: `AuthorizationPolicy ns/name`. */
export function authorizationPolicyName(policy: { readonly namespace: string; readonly name: string }): string {
  return `AuthorizationPolicy ${policy.namespace}/${policy.name}`;
}

/** Reads every `security.istio.io` AuthorizationPolicy among the manifests, ordered by namespace and name. */
export function readAuthorizationPolicies(objects: readonly unknown[]): readonly AuthorizationPolicyView[] {
  const policies: AuthorizationPolicyView[] = [];
  for (const candidate of objects) {
    if (isRecord(candidate) && isKind(candidate, 'security.istio.io', 'AuthorizationPolicy'))
      policies.push(readPolicy(candidate));
  }
  return policies.sort(byNamespaceAndName);
}

function readPolicy(object: Record<string, unknown>): AuthorizationPolicyView {
  const meta = readMeta(object);
  const spec = recordOf(object.spec);
  const action = readAction(spec.action);
  const provider = stringOf(recordOf(spec.provider).name);
  const targetRefs = [...arrayOf(spec.targetRefs), ...(spec.targetRef !== undefined ? [spec.targetRef] : [])]
    .filter(isRecord)
    .map((ref) => ({
      group: stringOf(ref.group) ?? '',
      kind: stringOf(ref.kind) ?? '',
      name: stringOf(ref.name) ?? '',
    }));
  return {
    namespace: meta.namespace,
    name: meta.name,
    action,
    ...(Array.isArray(spec.rules) ? { rules: spec.rules.map(readRule) } : {}),
    ...(isRecord(spec.selector) ? { selector: parseLabelSelector({ matchLabels: spec.selector.matchLabels }) } : {}),
    targetRefs,
    dryRun: (meta.annotations['istio.io/dry-run'] ?? '').toLowerCase() === 'true',
    ...(provider !== undefined ? { provider } : {}),
  };
}

function readAction(value: unknown): AuthorizationAction {
  const action = stringOf(value);
  return action === 'DENY' || action === 'AUDIT' || action === 'CUSTOM' ? action : 'ALLOW';
}

function readRule(value: unknown): PolicyRule {
  const rule = recordOf(value);
  const parsed: { from?: PolicySource[]; to?: PolicyOperation[]; when?: PolicyCondition[] } = {};
  if (Array.isArray(rule.from))
    parsed.from = rule.from.map((entry) => readFields(recordOf(recordOf(entry).source), SOURCE_FIELDS));
  if (Array.isArray(rule.to))
    parsed.to = rule.to.map((entry) => readFields(recordOf(recordOf(entry).operation), OPERATION_FIELDS));
  if (Array.isArray(rule.when)) parsed.when = rule.when.map(readCondition);
  return parsed;
}

function readFields<K extends string>(
  record: Record<string, unknown>,
  fields: readonly K[],
): { [P in K]?: readonly string[] } {
  const result: { [P in K]?: readonly string[] } = {};
  for (const field of fields) {
    const list = asStringList(record[field]);
    if (list !== undefined) result[field] = list;
  }
  return result;
}

function readCondition(value: unknown): PolicyCondition {
  const record = recordOf(value);
  const values = asStringList(record.values);
  const notValues = asStringList(record.notValues);
  return {
    key: stringOf(record.key) ?? '',
    ...(values !== undefined ? { values } : {}),
    ...(notValues !== undefined ? { notValues } : {}),
  };
}
