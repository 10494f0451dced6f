import { HttpRequest } from '../cluster';
import { cidrContains, parseCidr, parseIp } from '../match/ip';
import { PolicyCondition, PolicyOperation, PolicyRule, PolicySource } from './authorization-policy';
import { PeerIdentity } from './peer-identity';
import { anyIstioStringMatch } from './string-match';
import { allOf, anyOf, not, Tri, tri } from './tri-state';
import { isHiddenConditionKey, isHiddenOperationField, isHiddenSourceField, Visibility } from './visibility';

/** Everything a rule is matched against at one enforcement point. */
export interface MatchContext {
  readonly visibility: Visibility;
  readonly peer: PeerIdentity;
  /** Destination workload (container) port. */
  readonly port: number;
  readonly destinationIp?: string;
  /** The HTTP request; only read when `visibility` is `http`. */
  readonly request?: HttpRequest;
  /** Namespace of the policy (the default namespace of `serviceAccounts` entries). */
  readonly policyNamespace: string;
}

/** A rule's match result and the assumptions it rests on. */
export interface RuleMatch {
  readonly result: Tri;
  /** Why the result is `unknown`, when it is. */
  readonly unknowns: readonly string[];
  /** The parts that do not match (`from`, `to`, `when`), when the result is `no`. */
  readonly failed: readonly ('from' | 'to' | 'when')[];
}

/**
 * Matches one rule: `from`, `to` and `when` are ANDed; the entries of `from` and of `to` are
 * ORed; the fields of one entry are ANDed; an empty rule always matches. Attributes invisible at
 * this enforcement point (see {@link Visibility}) are skipped, i.e. treated as matches: the caller
 * decides beforehand whether such a rule is omitted (ALLOW) or kept (DENY).
 *
 * mTLS-only attributes (`principals`, `namespaces`, `serviceAccounts`, `source.principal`,
 * `source.namespace`) see the empty value on plaintext, so the positive forms never match and
 * the `not*` forms always do. JWTs are not modelled: the request principal is empty.
 */
export function matchRule(rule: PolicyRule, context: MatchContext): RuleMatch {
  const unknowns: string[] = [];
  const from =
    rule.from === undefined ? 'yes' : anyOf(rule.from.map((source) => matchSource(source, context, unknowns)));
  const to =
    rule.to === undefined ? 'yes' : anyOf(rule.to.map((operation) => matchOperation(operation, context, unknowns)));
  const when = allOf((rule.when ?? []).map((condition) => matchCondition(condition, context, unknowns)));
  const result = allOf([from, to, when]);
  const failed = (
    [
      ['from', from],
      ['to', to],
      ['when', when],
    ] as const
  )
    .filter(([, part]) => part === 'no')
    .map(([name]) => name);
  return { result, unknowns: result === 'unknown' ? [...new Set(unknowns)].sort() : [], failed };
}

function matchSource(source: PolicySource, context: MatchContext, unknowns: string[]): Tri {
  const peer = context.peer;
  const checks: Tri[] = [];
  const visible = (field: keyof PolicySource): readonly string[] | undefined =>
    isHiddenSourceField(field, context.visibility) ? undefined : source[field];
  const positive = (list: readonly string[] | undefined, value: string): void => {
    if (list) checks.push(tri(anyIstioStringMatch(list, value)));
  };
  const negative = (list: readonly string[] | undefined, value: string): void => {
    if (list) checks.push(tri(!anyIstioStringMatch(list, value)));
  };
  positive(visible('principals'), peer.principal);
  negative(visible('notPrincipals'), peer.principal);
  positive(visible('namespaces'), peer.namespace);
  negative(visible('notNamespaces'), peer.namespace);
  positive(visible('requestPrincipals'), '');
  negative(visible('notRequestPrincipals'), '');
  const serviceAccount = peer.mtls ? `${peer.namespace}/${peer.serviceAccount}` : '';
  const accounts = (list: readonly string[]): boolean =>
    list.some((entry) => (entry.includes('/') ? entry : `${context.policyNamespace}/${entry}`) === serviceAccount);
  const serviceAccounts = visible('serviceAccounts');
  if (serviceAccounts) checks.push(tri(accounts(serviceAccounts)));
  const notServiceAccounts = visible('notServiceAccounts');
  if (notServiceAccounts) checks.push(tri(!accounts(notServiceAccounts)));
  const ipCheck = (
    list: readonly string[] | undefined,
    ip: string | undefined,
    negate: boolean,
    what: string,
  ): void => {
    if (!list) return;
    if (ip === undefined) {
      unknowns.push(`${what} of ${peer.label} is unknown`);
      checks.push('unknown');
      return;
    }
    const inside = inAnyBlock(ip, list);
    checks.push(tri(negate ? !inside : inside));
  };
  ipCheck(visible('ipBlocks'), peer.ip, false, 'the source IP');
  ipCheck(visible('notIpBlocks'), peer.ip, true, 'the source IP');
  ipCheck(visible('remoteIpBlocks'), peer.remoteIp, false, 'the remote IP');
  ipCheck(visible('notRemoteIpBlocks'), peer.remoteIp, true, 'the remote IP');
  return allOf(checks);
}

function matchOperation(operation: PolicyOperation, context: MatchContext, unknowns: string[]): Tri {
  const checks: Tri[] = [];
  const visible = (field: keyof PolicyOperation): readonly string[] | undefined =>
    isHiddenOperationField(field, context.visibility) ? undefined : operation[field];
  const port = String(context.port);
  const ports = visible('ports');
  if (ports) checks.push(tri(ports.includes(port)));
  const notPorts = visible('notPorts');
  if (notPorts) checks.push(tri(!notPorts.includes(port)));
  const request = context.request;
  const method = request?.method ?? '';
  const path = pathOf(request);
  const stringCheck = (
    list: readonly string[] | undefined,
    value: string,
    negate: boolean,
    ignoreCase = false,
  ): void => {
    if (list) checks.push(tri(anyIstioStringMatch(list, value, { ignoreCase }) !== negate));
  };
  stringCheck(visible('methods'), method, false);
  stringCheck(visible('notMethods'), method, true);
  stringCheck(visible('paths'), path, false);
  stringCheck(visible('notPaths'), path, true);
  for (const [field, negate] of [
    ['hosts', false],
    ['notHosts', true],
  ] as const) {
    const hosts = visible(field);
    if (!hosts) continue;
    if (request?.host === undefined) {
      unknowns.push('the request host is not given');
      checks.push('unknown');
    } else {
      stringCheck(hosts, request.host, negate, true);
    }
  }
  return allOf(checks);
}

function matchCondition(condition: PolicyCondition, context: MatchContext, unknowns: string[]): Tri {
  if (isHiddenConditionKey(condition.key, context.visibility)) return 'yes';
  const value = conditionValue(condition.key, context);
  if (value.kind === 'unknown') {
    unknowns.push(value.reason);
    return 'unknown';
  }
  const matches = (list: readonly string[]): boolean =>
    value.kind === 'ip' ? inAnyBlock(value.value, list) : anyIstioStringMatch(list, value.value);
  const checks: Tri[] = [];
  if (condition.values) checks.push(tri(matches(condition.values)));
  if (condition.notValues) checks.push(not(tri(matches(condition.notValues))));
  return allOf(checks);
}

type ConditionValue =
  { readonly kind: 'string' | 'ip'; readonly value: string } | { readonly kind: 'unknown'; readonly reason: string };

function conditionValue(key: string, context: MatchContext): ConditionValue {
  const peer = context.peer;
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) return { kind: 'string', value: headerValue(context.request, header[1]!) };
  const ip = (address: string | undefined, what: string): ConditionValue =>
    address === undefined ? { kind: 'unknown', reason: `${what} is unknown` } : { kind: 'ip', value: address };
  switch (key) {
    case 'source.ip':
      return ip(peer.ip, `the source IP of ${peer.label}`);
    case 'remote.ip':
      return ip(peer.remoteIp, `the remote IP of ${peer.label}`);
    case 'destination.ip':
      return ip(context.destinationIp, 'the destination IP');
    case 'source.namespace':
      return { kind: 'string', value: peer.namespace };
    case 'source.principal':
      return { kind: 'string', value: peer.principal };
    case 'destination.port':
      return { kind: 'string', value: String(context.port) };
    default:
      if (key.startsWith('request.auth.')) return { kind: 'string', value: '' };
      return { kind: 'unknown', reason: `condition key ${key} is not modelled` };
  }
}

function headerValue(request: HttpRequest | undefined, name: string): string {
  const headers = request?.headers ?? {};
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? '' : (headers[key] ?? '');
}

/** The request path without query string or fragment (Istio matches `paths` on the path only). */
function pathOf(request: HttpRequest | undefined): string {
  const path = request?.path ?? '';
  const end = path.search(/[?#]/);
  return end < 0 ? path : path.slice(0, end);
}

/** Whether `ip` lies in one of the blocks (single addresses or CIDRs); malformed entries never match. */
function inAnyBlock(ip: string, blocks: readonly string[]): boolean {
  const address = parseIp(ip);
  return (
    address !== undefined &&
    blocks.some((block) => {
      const cidr = parseCidr(block);
      return cidr !== undefined && cidrContains(cidr, address);
    })
  );
}
