import {
  asArray, asRecord, asString, asStringList, asStringMap, byNamespaceAndName, isKind, ManifestRecord, readMeta,
} from './manifest-fields';

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
  /** `matchLabels` of `selector`; `undefined` when there is no selector (namespace-wide or mesh-wide). */
  readonly selector?: { readonly [key: string]: string };
  readonly targetRefs: readonly PolicyTargetRef[];
  /** The `istio.io/dry-run: "true"` annotation: the policy is evaluated for logs only, never enforced. */
  readonly dryRun: boolean;
  /** `provider.name` of a CUSTOM policy. */
  readonly provider?: string;
}

const SOURCE_FIELDS = [
  'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces',
  'serviceAccounts', 'notServiceAccounts', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks',
] as const;
const OPERATION_FIELDS = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'] as const;

/** The display name used in findings: `AuthorizationPolicy ns/name`. */
export function authorizationPolicyName(policy: { readonly namespace: string; readonly name: string }): string {
  return `AuthorizationPolicy ${policy.namespace}/${policy.name}`;
}

/** Reads every `security.istio.io` AuthorizationPolicy among the manifests, ordered by namespace and name. */
export function readAuthorizationPolicies(objects: readonly unknown[]): readonly AuthorizationPolicyView[] {
  const policies: AuthorizationPolicyView[] = [];
  for (const candidate of objects) {
    const object = asRecord(candidate);
    if (object && isKind(object, 'security.istio.io', 'AuthorizationPolicy')) policies.push(readPolicy(object));
  }
  return policies.sort(byNamespaceAndName);
}

function readPolicy(object: ManifestRecord): AuthorizationPolicyView {
  const meta = readMeta(object);
  const spec = asRecord(object.spec) ?? {};
  const action = readAction(spec.action);
  const selectorRecord = asRecord(spec.selector);
  const provider = asString(asRecord(spec.provider)?.name);
  const targetRefs = [...asArray(spec.targetRefs), ...(spec.targetRef !== undefined ? [spec.targetRef] : [])]
    .map(asRecord)
    .filter((ref): ref is ManifestRecord => ref !== undefined)
    .map(ref => ({ group: asString(ref.group) ?? '', kind: asString(ref.kind) ?? '', name: asString(ref.name) ?? '' }));
  return {
    namespace: meta.namespace,
    name: meta.name,
    action,
    ...(Array.isArray(spec.rules) ? { rules: spec.rules.map(readRule) } : {}),
    ...(selectorRecord ? { selector: asStringMap(selectorRecord.matchLabels) } : {}),
    targetRefs,
    dryRun: (meta.annotations['istio.io/dry-run'] ?? '').toLowerCase() === 'true',
    ...(provider !== undefined ? { provider } : {}),
  };
}

function readAction(value: unknown): AuthorizationAction {
  const action = asString(value);
  return action === 'DENY' || action === 'AUDIT' || action === 'CUSTOM' ? action : 'ALLOW';
}

function readRule(value: unknown): PolicyRule {
  const rule = asRecord(value) ?? {};
  const parsed: { from?: PolicySource[]; to?: PolicyOperation[]; when?: PolicyCondition[] } = {};
  if (Array.isArray(rule.from)) parsed.from = rule.from.map(entry => readFields(asRecord(asRecord(entry)?.source), SOURCE_FIELDS));
  if (Array.isArray(rule.to)) parsed.to = rule.to.map(entry => readFields(asRecord(asRecord(entry)?.operation), OPERATION_FIELDS));
  if (Array.isArray(rule.when)) parsed.when = rule.when.map(readCondition);
  return parsed;
}

function readFields<K extends string>(record: ReturnType<typeof asRecord>, fields: readonly K[]): { [P in K]?: readonly string[] } {
  const result: { [P in K]?: readonly string[] } = {};
  if (!record) return result;
  for (const field of fields) {
    const list = asStringList(record[field]);
    if (list !== undefined) result[field] = list;
  }
  return result;
}

function readCondition(value: unknown): PolicyCondition {
  const record = asRecord(value) ?? {};
  const values = asStringList(record.values);
  const notValues = asStringList(record.notValues);
  return {
    key: asString(record.key) ?? '',
    ...(values !== undefined ? { values } : {}),
    ...(notValues !== undefined ? { notValues } : {}),
  };
}
