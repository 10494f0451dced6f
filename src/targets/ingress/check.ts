import { IrIndex } from '../../ir/query';
import { IrRoute, IrTopology } from '../../ir/types';
import { Diagnostic, ErrorCode } from '../../validation/codes';
import { routePaths } from './paths';

/** Sequences the API server refuses in an `Exact` or `Prefix` Ingress path. */
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
/** Endings the API server refuses in an `Exact` or `Prefix` Ingress path. */
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
/** A host an Ingress accepts: DNS labels, a `*` only as the whole first label. */
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * What an Ingress object cannot express or would reject, one diagnostic per problem, in IR
 * order: header, method and gRPC matches, weighted splits, backends in another namespace, TLS
 * hosts the Ingress does not route, paths and hosts the API server refuses, duplicated paths,
 * and Ingresses or rules without backend. Refused, never dropped.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
 */
export function checkIngresses(ir: IrTopology): Diagnostic[] {
  const index = new IrIndex(ir);
  return ir.routes.filter((r) => r.kind === 'Ingress').flatMap((r) => checkIngress(r, index));
}

function checkIngress(route: IrRoute, index: IrIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (code: ErrorCode, message: string) =>
    out.push({ code, path: route.path, message: `Ingress ${route.namespace}/${route.name} ${message}` });
  if (route.rules.length === 0)
    report(ErrorCode.INGRESS_EMPTY, 'has no rule, so it routes nothing. Give it at least one rule with a backend');
  route.rules.forEach((rule, r) => {
    const at = `rules[${r}]`;
    if (rule.backends.length === 0) report(ErrorCode.INGRESS_EMPTY, `${at} has no backend. Give the rule one backend`);
    if (rule.backends.length > 1)
      report(
        ErrorCode.INGRESS_SPLIT,
        `${at} splits traffic over ${rule.backends.length} backends, which an Ingress path cannot express (one backend per path, no weights). Give the rule one backend, or route through an IngressGateway (Gateway API) for weighted splits`,
      );
    else if (rule.backends.length === 1 && rule.backends[0].weight === 0)
      report(
        ErrorCode.INGRESS_SPLIT,
        `${at} gives its only backend weight 0 (no traffic), which an Ingress path cannot express. Drop the weight or the rule`,
      );
    for (const b of rule.backends) {
      const ns = index.workload(b.workload).namespace;
      if (ns !== route.namespace)
        report(
          ErrorCode.INGRESS_NAMESPACE,
          `${at} routes to Service ${ns}/${b.service}, but an Ingress reaches Services of its own namespace only. Put the Ingress in namespace '${ns}' (one Ingress per backend namespace)`,
        );
    }
    rule.matches.forEach((m, i) => {
      const what = `${at}.matches[${i}]`;
      const cannot = [
        m.headers.length > 0 ? `headers (${m.headers.map((h) => h.name).join(', ')})` : undefined,
        m.method !== undefined ? `method ${m.method}` : undefined,
        m.grpc !== undefined ? `gRPC service ${m.grpc.service}` : undefined,
      ].filter((x): x is string => x !== undefined);
      if (cannot.length > 0)
        report(
          ErrorCode.INGRESS_MATCH,
          `${what} matches ${cannot.join(' and ')}, which an Ingress cannot express (host and path only); dropping it would route more than asked. Match by path only, or route through an IngressGateway (Gateway API)`,
        );
      const p = m.path?.value;
      if (p !== undefined && pathProblem(p))
        report(ErrorCode.INGRESS_PATH, `${what} has path '${p}', which an Ingress refuses: ${pathProblem(p)}`);
    });
  });
  const seen = new Map<string, number>();
  for (const p of routePaths(route)) {
    const key = `${p.pathType} ${p.path}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, p.rule);
    else if (first !== p.rule)
      report(
        ErrorCode.INGRESS_PATH,
        `rules[${first}] and rules[${p.rule}] both match ${p.pathType} '${p.path}': controllers pick either. Match each path in one rule`,
      );
  }
  for (const h of route.hostnames)
    if (h.length > 253 || !HOST.test(h) || /^\d+(\.\d+){3}$/.test(h))
      report(
        ErrorCode.INGRESS_HOSTNAME,
        `has host '${h}', which an Ingress refuses (DNS labels, '*' only as the whole first label, no IP address). Write e.g. 'shop.example.com'`,
      );
  for (const [i, t] of (route.tls ?? []).entries()) {
    if (route.hostnames.length === 0 && t.hosts.length === 0)
      report(
        ErrorCode.INGRESS_TLS,
        `tls[${i}] (Secret '${t.secretName}') serves no host: the Ingress names no hostnames. Give the Ingress hostnames`,
      );
    for (const h of t.hosts)
      if (!route.hostnames.includes(h))
        report(
          ErrorCode.INGRESS_TLS,
          `tls[${i}] (Secret '${t.secretName}') serves host '${h}', which the Ingress does not route (${route.hostnames.map((x) => `'${x}'`).join(', ') || 'no hostnames'}). List the host among the Ingress hostnames, or drop it from the TLS entry`,
        );
  }
  return out;
}

/** Why the API server refuses a path of type `Exact` or `Prefix`, or undefined. */
function pathProblem(p: string): string | undefined {
  if (!p.startsWith('/')) return "it must be an absolute path. Write it with a leading '/'";
  const seq = INVALID_PATH_SEQUENCES.find((s) => p.includes(s));
  if (seq) return `it contains '${seq}'. Remove it`;
  const suffix = INVALID_PATH_SUFFIXES.find((s) => p.endsWith(s));
  if (suffix) return `it ends with '${suffix}'. Remove it`;
  return undefined;
}
