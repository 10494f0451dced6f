import { IrIndex } from '../../ir/query';
import { IrHttpRule, IrLabels, IrPeer, IrRule, IrTopology, IrWorkload } from '../../ir/types';
import { Manifest } from '../target';
import { authorizedWorkloads, checkLinkerd, formatLinkerdProblems, rulePorts } from './check';
import { workloadDefaultPolicy, zoneDefaultPolicy } from './descriptor';
import {
  AUTHORIZATION_API_VERSION,
  escapeRegex,
  HTTP_ROUTE_API_VERSION,
  LINKERD_POLICY_GROUP,
  LinkerdReference,
  linkerdObject,
  SERVER_API_VERSION,
} from './manifests';

/**
 * The mTLS identity of a service account: `<sa>.<ns>.serviceaccount.identity.linkerd.<trust domain>`.
 * @see https://linkerd.io/2/reference/authorization-policy/#meshtlsauthentication
 */
export function linkerdIdentity(serviceAccount: string, namespace: string, trustDomain: string): string {
  return `${serviceAccount}.${namespace}.serviceaccount.identity.linkerd.${trustDomain}`;
}

/**
 * The `proxyProtocol` of a Server from the tier's application protocol: `HTTP/1`, `gRPC`, or
 * `opaque` for TCP and Kafka — except on a TCP tier's port that carries HTTP rules, where the
 * proxy detects the protocol (`unknown`) so that its HTTPRoutes apply.
 * @see https://linkerd.io/2/reference/authorization-policy/#server
 */
export function proxyProtocol(w: IrWorkload, http: boolean): string {
  switch (w.appProtocol) {
    case 'http':
      return 'HTTP/1';
    case 'grpc':
      return 'gRPC';
    case 'tcp':
      return http ? 'unknown' : 'opaque';
    default:
      return 'opaque';
  }
}

/** The effective mTLS mode on a workload port (most specific wins; default PERMISSIVE). */
function mtlsMode(ir: IrTopology, w: IrWorkload, port: number): string {
  const wl = ir.mtls.find((m) => m.workload === w.id);
  const pm = wl?.portModes.find((p) => p.port === port);
  if (pm && pm.mode !== 'UNSET') return pm.mode;
  if (wl && wl.mode !== 'UNSET') return wl.mode;
  const zl = ir.mtls.find((m) => m.workload === undefined && m.zone === w.zone);
  return zl && zl.mode !== 'UNSET' ? zl.mode : 'PERMISSIVE';
}

/** Collects the authentication objects of one namespace, each written once. */
class Authentications {
  private readonly objects = new Map<string, Manifest>();

  public constructor(
    private readonly namespace: string,
    private readonly labels: IrLabels,
    private readonly trustDomain: string,
  ) {}

  /** The reference that authenticates the peer on a port (STRICT: only meshed identities). */
  public refFor(peer: IrPeer, strict: boolean, index: IrIndex, networkName: string): LinkerdReference {
    switch (peer.kind) {
      case 'workload': {
        const w = index.workload(peer.workload);
        if (w.serviceAccount === undefined)
          throw new Error(`source tier '${w.path}' has no service account, so Linkerd cannot authenticate it`);
        return this.meshTls(`${w.serviceAccount}.${w.namespace}.serviceaccount`, [
          linkerdIdentity(w.serviceAccount, w.namespace, this.trustDomain),
        ]);
      }
      case 'pods': {
        if (peer.namespace === undefined) throw new Error('IR invariant broken: Linkerd names namespaces only by name');
        if (peer.serviceAccount !== undefined) {
          return this.meshTls(`${peer.serviceAccount}.${peer.namespace}.serviceaccount`, [
            linkerdIdentity(peer.serviceAccount, peer.namespace, this.trustDomain),
          ]);
        }
        if (Object.keys(peer.podLabels).length > 0)
          throw new Error('Linkerd cannot select pods by label; the source pods need a service account');
        return this.meshTls(`${peer.namespace}.namespace`, [linkerdIdentity('*', peer.namespace, this.trustDomain)]);
      }
      case 'cidr':
        return this.network(networkName, [
          { cidr: peer.cidr, ...(peer.except.length > 0 ? { except: [...peer.except] } : {}) },
        ]);
      case 'any':
        return strict
          ? this.meshTls('all-meshed', ['*'])
          : this.network('all-networks', [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }]);
      default:
        throw new Error(`IR invariant broken: Linkerd cannot name the ${peer.kind} source`);
    }
  }

  /** The objects, sorted by kind then name. */
  public manifests(): Manifest[] {
    return [...this.objects.keys()].sort().map((k) => this.objects.get(k)!);
  }

  private meshTls(name: string, identities: string[]): LinkerdReference {
    const key = `MeshTLSAuthentication/${name}`;
    if (!this.objects.has(key)) {
      this.objects.set(
        key,
        linkerdObject(AUTHORIZATION_API_VERSION, 'MeshTLSAuthentication', name, this.namespace, this.labels, {
          identities,
        }),
      );
    }
    return { group: LINKERD_POLICY_GROUP, kind: 'MeshTLSAuthentication', name };
  }

  private network(name: string, networks: object[]): LinkerdReference {
    const key = `NetworkAuthentication/${name}`;
    if (!this.objects.has(key)) {
      this.objects.set(
        key,
        linkerdObject(AUTHORIZATION_API_VERSION, 'NetworkAuthentication', name, this.namespace, this.labels, {
          networks,
        }),
      );
    }
    return { group: LINKERD_POLICY_GROUP, kind: 'NetworkAuthentication', name };
  }
}

/**
 * One IR HTTP rule as an HTTPRoute match. gRPC methods are POSTs to `/<service>/<method>`. A
 * prefix is a plain string prefix in the IR, which `PathPrefix` (by whole segments) is not: it is
 * written as an anchored `RegularExpression`; a regular expression is anchored at both ends, so it
 * means the same whether the proxy matches the whole path or searches it. A header without value
 * matches any value; a header prefix is an anchored `RegularExpression` too, and a header regex is
 * anchored at both ends (the proxy's `MatchHeader::Regex` also requires the match to span the
 * whole value). Excluded paths and methods have no HTTPRoute form and throw (reported by check, ZT350).
 */
export function routeMatch(h: IrHttpRule): object {
  const method = h.grpc ? 'POST' : h.method;
  const path = h.grpc
    ? h.grpc.method !== undefined
      ? { type: 'Exact', value: `/${h.grpc.service}/${h.grpc.method}` }
      : { type: 'RegularExpression', value: `^${escapeRegex(`/${h.grpc.service}/`)}.*` }
    : h.path === undefined
      ? undefined
      : h.path.kind === 'exact'
        ? { type: 'Exact', value: h.path.value }
        : h.path.kind === 'regex'
          ? { type: 'RegularExpression', value: `^(?:${h.path.value})$` }
          : h.path.value === '/'
            ? undefined
            : { type: 'RegularExpression', value: `^${escapeRegex(h.path.value)}.*` };
  if ((h.notPaths ?? []).length > 0 || (h.notMethods ?? []).length > 0) {
    throw new Error('Linkerd cannot express excluded paths or methods (notPaths, notMethods) in an HTTPRoute match');
  }
  if ((h.hosts ?? []).length > 0) throw new Error('Linkerd cannot express hosts in an HTTPRoute match');
  const headers = h.headers.map((x) =>
    x.value === undefined
      ? { type: 'RegularExpression', name: x.name, value: '.*' }
      : x.kind === 'prefix'
        ? { type: 'RegularExpression', name: x.name, value: `^${escapeRegex(x.value)}.*` }
        : x.kind === 'regex'
          ? { type: 'RegularExpression', name: x.name, value: `^(?:${x.value})$` }
          : { type: 'Exact', name: x.name, value: x.value },
  );
  return {
    ...(path ? { path } : { path: { type: 'PathPrefix', value: '/' } }),
    ...(method ? { method } : {}),
    ...(headers.length > 0 ? { headers } : {}),
  };
}

/**
 * The objects of one workload: a Server per TCP port its ingress rules open, and per rule an
 * AuthorizationPolicy. On a port with HTTP rules each such rule gets an HTTPRoute (its matches)
 * and the policy targets the route; sources without HTTP rules are authorized on the Server, and
 * a catch-all route keeps their requests from being refused with 404.
 */
function workloadPolicies(
  w: IrWorkload,
  rules: readonly IrRule[],
  index: IrIndex,
  auth: Authentications,
  labels: IrLabels,
): Manifest[] {
  const out: Manifest[] = [];
  const ports = [...new Set(rules.flatMap((r) => rulePorts(r)))].sort((a, b) => a - b);
  for (const port of ports) {
    const server = `${w.name}-${port}`;
    const strict = mtlsMode(index.ir, w, port) === 'STRICT';
    const onPort = rules.filter((r) => rulePorts(r).includes(port));
    const l7 = onPort.filter((r) => r.l7?.kind === 'http');
    const l4 = onPort.filter((r) => r.l7 === undefined);
    out.push(
      linkerdObject(SERVER_API_VERSION, 'Server', server, w.namespace, labels, {
        podSelector: selectorOf(w),
        port,
        proxyProtocol: proxyProtocol(w, l7.length > 0),
      }),
    );
    const serverRef = { group: LINKERD_POLICY_GROUP, kind: 'Server', name: server };
    if (l7.length > 0 && l4.length > 0) {
      out.push(httpRoute(`${server}-any`, w.namespace, labels, server, [{ path: { type: 'PathPrefix', value: '/' } }]));
    }
    onPort.forEach((r, i) => {
      const name = `${server}-${i}`;
      const ref = auth.refFor(r.from, strict, index, name);
      let target: LinkerdReference = serverRef;
      if (r.l7?.kind === 'http') {
        out.push(httpRoute(name, w.namespace, labels, server, r.l7.rules.map(routeMatch)));
        target = { group: LINKERD_POLICY_GROUP, kind: 'HTTPRoute', name };
      }
      out.push(
        linkerdObject(AUTHORIZATION_API_VERSION, 'AuthorizationPolicy', name, w.namespace, labels, {
          targetRef: target,
          requiredAuthenticationRefs: [ref],
        }),
      );
    });
  }
  return out;
}

function httpRoute(name: string, namespace: string, labels: IrLabels, server: string, matches: object[]): Manifest {
  return linkerdObject(HTTP_ROUTE_API_VERSION, 'HTTPRoute', name, namespace, labels, {
    parentRefs: [{ group: LINKERD_POLICY_GROUP, kind: 'Server', name: server }],
    rules: [{ matches }],
  });
}

/** The Server's pod selector: the tier's labels, minus the pods of narrower tiers. */
function selectorOf(w: IrWorkload): object {
  const excluded = Object.entries(w.excluded ?? {});
  return {
    matchLabels: { ...w.selector },
    ...(excluded.length > 0
      ? { matchExpressions: excluded.map(([key, values]) => ({ key, operator: 'NotIn', values: [...values] })) }
      : {}),
  };
}

/**
 * In a zone that keeps ingress open, a port whose mTLS mode differs from the pod's default gets a
 * Server whose `accessPolicy` says it: `all-authenticated` for STRICT, `all-unauthenticated` for
 * PERMISSIVE. (In a zone that denies ingress every port is denied unless authorized.)
 */
function portModeServers(w: IrWorkload, ir: IrTopology, labels: IrLabels): Manifest[] {
  const zone = ir.zones.find((z) => z.id === w.zone)!;
  const podDefault = workloadDefaultPolicy(w, ir) ?? zoneDefaultPolicy(zone, ir) ?? 'all-unauthenticated';
  const modes = ir.mtls.find((m) => m.workload === w.id)?.portModes ?? [];
  return modes.flatMap((pm) => {
    const policy =
      pm.mode === 'STRICT' ? 'all-authenticated' : pm.mode === 'PERMISSIVE' ? 'all-unauthenticated' : undefined;
    if (policy === undefined || policy === podDefault) return [];
    return [
      linkerdObject(SERVER_API_VERSION, 'Server', `${w.name}-${pm.port}`, w.namespace, labels, {
        podSelector: selectorOf(w),
        port: pm.port,
        proxyProtocol: proxyProtocol(w, false),
        accessPolicy: policy,
      }),
    ];
  });
}

/**
 * Renders a planned topology as Linkerd policy objects: per namespace (in IR order of its
 * workloads) the Servers, HTTPRoutes and AuthorizationPolicies of each meshed tier of a zone that
 * denies ingress, then the namespace's MeshTLSAuthentications and NetworkAuthentications. Zones
 * are enrolled and default-denied by namespace annotations (see the descriptor), not here. Only
 * the destination side is written: Linkerd does not enforce egress. Pure and deterministic.
 * Throws, listing every problem, when check finds any.
 */
export function renderLinkerd(ir: IrTopology): Manifest[] {
  const problems = checkLinkerd(ir);
  if (problems.length > 0)
    throw new Error(`The Linkerd target cannot render this topology:\n${formatLinkerdProblems(problems)}`);
  if (ir.mesh.mode === 'ambient')
    throw new Error('Linkerd runs sidecar proxies only: it cannot render an ambient mesh');
  const index = new IrIndex(ir);
  const labels = ir.settings.commonLabels;
  const auths = new Map<string, Authentications>();
  const out: Manifest[] = [];
  for (const w of authorizedWorkloads(ir)) {
    const rules = index.ingressRules(w);
    if (!index.zoneOf(w).denyIngress) out.push(...portModeServers(w, ir, labels));
    if (rules.length === 0) continue;
    if (!auths.has(w.namespace)) auths.set(w.namespace, new Authentications(w.namespace, labels, ir.mesh.trustDomain));
    out.push(...workloadPolicies(w, rules, index, auths.get(w.namespace)!, labels));
  }
  for (const ns of [...auths.keys()].sort()) out.push(...auths.get(ns)!.manifests());
  return out;
}
