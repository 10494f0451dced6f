import { HttpRequest } from '../cluster';
import { AuthorizationPolicyView, PolicyOperation, PolicyRule } from './authorization-policy';
import { exampleOf, istioStringMatch } from './string-match';

const COMMON_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;
const MAX_EXAMPLES = 64;

/**
 * Concrete HTTP requests to try when a flow to an HTTP port names no request: one per method and
 * path that each ALLOW rule of the policies spells out for `port` (prefix, suffix and presence
 * patterns made concrete, headers taken from `request.headers[...]` conditions), then one per
 * common method on `/`. Deterministic, de-duplicated and bounded. If one of them is allowed, some
 * request is; if none is, the flow is reported denied (a rule could in theory admit a request
 * none of them hits, e.g. one built only from `not*` fields).
 */
export function exampleRequests(policies: readonly AuthorizationPolicyView[], port: number): readonly HttpRequest[] {
  const examples: HttpRequest[] = [];
  const seen = new Set<string>();
  const add = (request: HttpRequest): void => {
    const key = JSON.stringify(request);
    if (examples.length < MAX_EXAMPLES && !seen.has(key)) {
      seen.add(key);
      examples.push(request);
    }
  };
  for (const policy of policies.filter((p) => p.action === 'ALLOW')) {
    for (const rule of policy.rules ?? []) {
      for (const operation of rule.to ?? [{}]) {
        if (!operationAdmitsPort(operation, port)) continue;
        for (const request of fromOperation(operation, headersOf(rule))) add(request);
      }
    }
  }
  for (const method of COMMON_METHODS) add({ method, path: '/' });
  return examples;
}

function operationAdmitsPort(operation: PolicyOperation, port: number): boolean {
  return (
    (operation.ports === undefined || operation.ports.includes(String(port))) &&
    !(operation.notPorts ?? []).includes(String(port))
  );
}

function fromOperation(
  operation: PolicyOperation,
  headers: { readonly [name: string]: string },
): readonly HttpRequest[] {
  const methods = operation.methods?.map((m) => exampleOf(m, 'GET')) ?? [
    COMMON_METHODS.find((m) => !(operation.notMethods ?? []).some((p) => istioStringMatch(p, m))) ?? 'GET',
  ];
  const paths = operation.paths?.map((p) => exampleOf(p, '/')) ?? [
    ['/', '/index.html', '/api'].find((path) => !(operation.notPaths ?? []).some((p) => istioStringMatch(p, path))) ??
      '/',
  ];
  const host = operation.hosts?.[0];
  const requests: HttpRequest[] = [];
  for (const method of methods) {
    for (const path of paths) {
      requests.push({
        method,
        path,
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        ...(host !== undefined ? { host: exampleOf(host, 'example.com') } : {}),
      });
    }
  }
  return requests;
}

function headersOf(rule: PolicyRule): { readonly [name: string]: string } {
  const headers: { [name: string]: string } = {};
  for (const condition of rule.when ?? []) {
    const header = /^request\.headers\[(.+)\]$/.exec(condition.key);
    const value = condition.values?.[0];
    if (header && value !== undefined) headers[header[1]!] = exampleOf(value, 'x');
  }
  return headers;
}
