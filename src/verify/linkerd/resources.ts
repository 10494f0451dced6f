import { HttpRequest, LabelMap, PodInfo } from '../cluster';
import { arrayOf, isRecord, recordOf, stringMapOf, stringOf } from '../json';
import { Cidr, cidrContains, cidrCovers, parseCidr, parseIp } from '../match/ip';
import { LabelSelector, parseLabelSelector, selectorMatches, selectorOf } from '../match/label-selector';
import { KubeObject, namespaceOf, objectRef, PolicySet } from '../policy-set';

/**
 * The mTLS identity of a meshed pod's service account:
 * `<sa>.<ns>.serviceaccount.identity.linkerd.<trust domain>`.
 * @see https://linkerd.io/2/features/automatic-mtls/
 */
export function linkerdIdentity(serviceAccount: string, namespace: string, trustDomain: string): string {
  return `${serviceAccount}.${namespace}.serviceaccount.identity.linkerd.${trustDomain}`;
}

/** Linkerd's policy API group. */
const LINKERD_API = 'policy.linkerd.io/';
const GATEWAY_API = 'gateway.networking.k8s.io/';

/** A client as a Linkerd proxy sees it. */
export interface LinkerdClient {
  /** Text for messages. */
  readonly text: string;
  /** The mTLS identity of a meshed client; undefined = unauthenticated (unmeshed). */
  readonly identity?: string;
  /** The client's address, when known. */
  readonly ip?: string;
  /** Whether the client is inside the cluster (a pod, or an address in the cluster networks). */
  readonly inCluster: boolean;
}

/** A network of a NetworkAuthentication or ServerAuthorization: a CIDR minus exceptions. */
export interface LinkerdNetwork {
  readonly cidr: Cidr;
  readonly except: readonly Cidr[];
}

/** Whether the client's address lies in one of the networks (a pod without known IP: only when a network contains every cluster network). */
export function clientInNetworks(
  client: LinkerdClient,
  networks: readonly LinkerdNetwork[],
  clusterNetworks: readonly Cidr[],
): boolean {
  const ip = client.ip !== undefined ? parseIp(client.ip) : undefined;
  if (ip) return networks.some((n) => cidrContains(n.cidr, ip) && !n.except.some((x) => cidrContains(x, ip)));
  return (
    client.inCluster &&
    networks.some(
      (n) => n.except.length === 0 && clusterNetworks.every((c) => c.family !== n.cidr.family || cidrCovers(n.cidr, c)),
    )
  );
}

/** A Server: a port of the pods it selects. */
export interface ServerView {
  readonly object: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: LabelMap;
  readonly podSelector: LabelSelector;
  /** A port number or a container port name. */
  readonly port: number | string;
  readonly proxyProtocol: string;
  /** `spec.accessPolicy`: what applies when no authorization admits a client. @default 'deny' */
  readonly accessPolicy: string;
}

/** Whether a Server selects the pod on the port. */
export function serverSelects(s: ServerView, pod: PodInfo, port: number): boolean {
  if (s.namespace !== pod.namespace || !selectorMatches(s.podSelector, pod.labels)) return false;
  return typeof s.port === 'number'
    ? s.port === port
    : pod.containerPorts.some((c) => c.name === s.port && c.containerPort === port && c.protocol === 'TCP');
}

/** One authentication requirement of an AuthorizationPolicy, or a whole ServerAuthorization client. */
export interface Authentication {
  /** Where it comes from, for messages. */
  readonly text: string;
  /** Why the client fails it, or undefined when it passes. */
  check(client: LinkerdClient): string | undefined;
}

/** What an authorization targets. */
export type AuthorizationTarget =
  | { readonly kind: 'server'; readonly name: string }
  | { readonly kind: 'serverSelector'; readonly selector: LabelSelector }
  | { readonly kind: 'namespace' }
  | { readonly kind: 'route'; readonly name: string }
  | { readonly kind: 'unsupported'; readonly text: string };

/** An AuthorizationPolicy or ServerAuthorization: every requirement must pass. */
export interface AuthorizationView {
  readonly object: string;
  readonly namespace: string;
  readonly target: AuthorizationTarget;
  readonly requirements: readonly Authentication[];
}

/** One HTTPRoute match: path, method and headers must all match. */
export interface RouteMatch {
  readonly text: string;
  matches(request: HttpRequest): boolean;
}

/** An HTTPRoute attached to Servers (`parentRefs` of kind Server). */
export interface RouteView {
  readonly object: string;
  readonly name: string;
  readonly namespace: string;
  /** Names of the Servers of `namespace` it attaches to. */
  readonly servers: readonly string[];
  /** Alternatives: a request matching any one matches the route. */
  readonly matches: readonly RouteMatch[];
}

/** Every Linkerd policy object of a policy set, read once. */
export interface LinkerdResources {
  readonly servers: readonly ServerView[];
  readonly authorizations: readonly AuthorizationView[];
  readonly routes: readonly RouteView[];
}

/**
 * Reads the `policy.linkerd.io` Server, ServerAuthorization, AuthorizationPolicy,
 * MeshTLSAuthentication, NetworkAuthentication and HTTPRoute objects, and Gateway API
 * HTTPRoutes whose parent is a Server.
 * @param trustDomain the mesh's trust domain (the end of every identity)
 */
export function readLinkerdResources(
  set: PolicySet,
  trustDomain: string,
  clusterNetworks: readonly Cidr[],
): LinkerdResources {
  const linkerd = (kind: string): readonly KubeObject[] =>
    set.ofKind(kind).filter((o) => o.apiVersion.startsWith(LINKERD_API));
  const servers = linkerd('Server').map(readServer);
  const meshTls = new Map(
    linkerd('MeshTLSAuthentication').map((o) => [`${namespaceOf(o)}/${o.metadata.name}`, o] as const),
  );
  const networks = new Map(
    linkerd('NetworkAuthentication').map((o) => [`${namespaceOf(o)}/${o.metadata.name}`, o] as const),
  );
  const authorizations = [
    ...linkerd('AuthorizationPolicy').map((o) =>
      readAuthorizationPolicy(o, meshTls, networks, trustDomain, clusterNetworks),
    ),
    ...linkerd('ServerAuthorization').map((o) => readServerAuthorization(o, trustDomain, clusterNetworks)),
  ];
  const routes = set
    .ofKind('HTTPRoute')
    .filter((o) => o.apiVersion.startsWith(LINKERD_API) || o.apiVersion.startsWith(GATEWAY_API))
    .map(readRoute)
    .filter((r) => r.servers.length > 0);
  return { servers, authorizations, routes };
}

function readServer(o: KubeObject): ServerView {
  const spec = recordOf(o.spec);
  const rawPort = spec.port;
  const port =
    typeof rawPort === 'number' ? rawPort : /^\d+$/.test(String(rawPort)) ? Number(rawPort) : String(rawPort ?? '');
  let podSelector: LabelSelector;
  try {
    podSelector = parseLabelSelector(spec.podSelector);
  } catch {
    // The API server rejects a bad selector: such a Server selects no pod.
    podSelector = selectorOf([
      { key: 'linkerd.io/invalid-selector', operator: 'Exists', values: [] },
      { key: 'linkerd.io/invalid-selector', operator: 'DoesNotExist', values: [] },
    ]);
  }
  return {
    object: objectRef(o),
    name: o.metadata.name,
    namespace: namespaceOf(o),
    labels: stringMapOf(o.metadata.labels),
    podSelector,
    port,
    proxyProtocol: stringOf(spec.proxyProtocol) ?? 'unknown',
    accessPolicy: stringOf(spec.accessPolicy) ?? 'deny',
  };
}

function networksOf(raw: unknown): LinkerdNetwork[] {
  return arrayOf(raw).flatMap((n) => {
    const r = recordOf(n);
    const cidr = parseCidr(String(r.cidr ?? ''));
    if (!cidr) return [];
    const except = arrayOf(r.except)
      .map((x) => parseCidr(String(x)))
      .filter((x): x is Cidr => x !== undefined);
    return [{ cidr, except }];
  });
}

/** An identity pattern: exact, `*` (any meshed client), or `*.suffix` (every identity under the suffix). */
function identityMatches(pattern: string, identity: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return identity.endsWith(pattern.slice(1));
  return pattern === identity;
}

function meshTlsRequirement(text: string, patterns: readonly string[]): Authentication {
  return {
    text,
    check: (c) => {
      if (c.identity === undefined) return `${c.text} is not meshed: it has no mTLS identity (${text})`;
      const id = c.identity;
      return patterns.some((p) => identityMatches(p, id))
        ? undefined
        : `identity ${id} is not among ${patterns.join(', ') || 'no identities'} (${text})`;
    },
  };
}

function networkRequirement(
  text: string,
  networks: readonly LinkerdNetwork[],
  clusterNetworks: readonly Cidr[],
): Authentication {
  return {
    text,
    check: (c) =>
      clientInNetworks(c, networks, clusterNetworks)
        ? undefined
        : `${c.text} is not in the networks ${networks.map((n) => n.cidr.text + (n.except.length > 0 ? ` except ${n.except.map((x) => x.text).join(',')}` : '')).join(', ')} (${text})`,
  };
}

function readAuthorizationPolicy(
  o: KubeObject,
  meshTls: ReadonlyMap<string, KubeObject>,
  networks: ReadonlyMap<string, KubeObject>,
  trustDomain: string,
  clusterNetworks: readonly Cidr[],
): AuthorizationView {
  const identityOf = (sa: string, ns: string): string => linkerdIdentity(sa, ns, trustDomain);
  const spec = recordOf(o.spec);
  const namespace = namespaceOf(o);
  const ref = recordOf(spec.targetRef);
  const kind = stringOf(ref.kind) ?? '';
  const name = stringOf(ref.name) ?? '';
  const target: AuthorizationTarget =
    kind === 'Server'
      ? { kind: 'server', name }
      : kind === 'Namespace'
        ? name === namespace
          ? { kind: 'namespace' }
          : { kind: 'unsupported', text: `Namespace ${name} (only the policy's own namespace can be targeted)` }
        : kind === 'HTTPRoute'
          ? { kind: 'route', name }
          : { kind: 'unsupported', text: `${kind} ${name}` };
  const requirements = arrayOf(spec.requiredAuthenticationRefs).map((raw): Authentication => {
    const r = recordOf(raw);
    const refKind = stringOf(r.kind) ?? '';
    const refName = stringOf(r.name) ?? '';
    const refNs = stringOf(r.namespace) ?? namespace;
    const text = `${refKind} ${refNs}/${refName}`;
    if (refKind === 'ServiceAccount') return meshTlsRequirement(text, [identityOf(refName, refNs)]);
    const obj = (
      refKind === 'MeshTLSAuthentication'
        ? meshTls
        : refKind === 'NetworkAuthentication'
          ? networks
          : new Map<string, KubeObject>()
    ).get(`${refNs}/${refName}`);
    if (!obj) return { text, check: () => `${text} does not exist: the requirement cannot be met` };
    const s = recordOf(obj.spec);
    if (refKind === 'NetworkAuthentication') return networkRequirement(text, networksOf(s.networks), clusterNetworks);
    const patterns = [
      ...arrayOf(s.identities).map(String),
      ...arrayOf(s.identityRefs).flatMap((x) => {
        const i = recordOf(x);
        const iNs = stringOf(i.namespace) ?? refNs;
        if (i.kind === 'ServiceAccount') return [identityOf(stringOf(i.name) ?? '', iNs)];
        if (i.kind === 'Namespace') return [identityOf('*', stringOf(i.name) ?? '')];
        return [];
      }),
    ];
    return meshTlsRequirement(text, patterns);
  });
  return { object: objectRef(o), namespace, target, requirements };
}

function readServerAuthorization(
  o: KubeObject,
  trustDomain: string,
  clusterNetworks: readonly Cidr[],
): AuthorizationView {
  const identityOf = (sa: string, ns: string): string => linkerdIdentity(sa, ns, trustDomain);
  const spec = recordOf(o.spec);
  const namespace = namespaceOf(o);
  const server = recordOf(spec.server);
  let target: AuthorizationTarget;
  if (stringOf(server.name) !== undefined) {
    target = { kind: 'server', name: stringOf(server.name) ?? '' };
  } else if (isRecord(server.selector)) {
    try {
      target = { kind: 'serverSelector', selector: parseLabelSelector(server.selector) };
    } catch (e) {
      target = { kind: 'unsupported', text: `server.selector: ${(e as Error).message}` };
    }
  } else {
    target = { kind: 'unsupported', text: 'no server name or selector' };
  }
  const client = recordOf(spec.client);
  const requirements: Authentication[] = [];
  if (client.networks !== undefined)
    requirements.push(networkRequirement('client.networks', networksOf(client.networks), clusterNetworks));
  if (client.unauthenticated !== true) {
    const mtls = recordOf(client.meshTLS);
    if (mtls.unauthenticatedTLS === true) {
      requirements.push({ text: 'client.meshTLS.unauthenticatedTLS', check: () => undefined });
    } else {
      const patterns = [
        ...arrayOf(mtls.identities).map(String),
        ...arrayOf(mtls.serviceAccounts).map((x) => {
          const sa = recordOf(x);
          return identityOf(stringOf(sa.name) ?? '', stringOf(sa.namespace) ?? namespace);
        }),
      ];
      requirements.push(meshTlsRequirement('client.meshTLS', patterns));
    }
  }
  return { object: objectRef(o), namespace, target, requirements };
}

function readRoute(o: KubeObject): RouteView {
  const spec = recordOf(o.spec);
  const namespace = namespaceOf(o);
  const servers = arrayOf(spec.parentRefs)
    .map(recordOf)
    .filter(
      (p) =>
        p.kind === 'Server' &&
        (p.group === undefined || p.group === 'policy.linkerd.io') &&
        (stringOf(p.namespace) ?? namespace) === namespace,
    )
    .map((p) => stringOf(p.name) ?? '');
  const rules = arrayOf(spec.rules).map(recordOf);
  const matches = (rules.length === 0 ? [{}] : rules).flatMap((rule, i) => {
    const list = arrayOf(rule.matches);
    return (list.length === 0 ? [{}] : list).map((m, j) => compileMatch(recordOf(m), `rules[${i}].matches[${j}]`));
  });
  return { object: objectRef(o), name: o.metadata.name, namespace, servers, matches };
}

/**
 * One Gateway API HTTPRouteMatch: `path` (`Exact`, `PathPrefix` by whole segments, or
 * `RegularExpression`; default `PathPrefix /`), `method`, and `headers` (`Exact` by default, or
 * `RegularExpression`; names case-insensitive).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch
 */
function compileMatch(m: Record<string, unknown>, where: string): RouteMatch {
  const path = recordOf(m.path);
  const pathType = stringOf(path.type) ?? 'PathPrefix';
  const pathValue = stringOf(path.value) ?? '/';
  const method = stringOf(m.method);
  const headers = arrayOf(m.headers)
    .map(recordOf)
    .map((h) => ({
      name: (stringOf(h.name) ?? '').toLowerCase(),
      value: stringOf(h.value) ?? '',
      regex: h.type === 'RegularExpression' ? (regexOf(stringOf(h.value) ?? '') ?? null) : undefined,
    }));
  const pathRegex = pathType === 'RegularExpression' ? regexOf(pathValue) : undefined;
  const pathOk = (p: string): boolean => {
    const clean = p.split('?')[0];
    if (pathType === 'Exact') return clean === pathValue;
    if (pathType === 'RegularExpression') return pathRegex !== undefined && pathRegex.test(clean);
    const prefix = pathValue.replace(/\/+$/, '');
    return prefix === '' || clean === prefix || clean.startsWith(`${prefix}/`);
  };
  const text = [
    `${pathType} ${pathValue}`,
    method,
    ...headers.map((h) => `${h.name}${h.regex === undefined ? '=' : '~'}${h.value}`),
  ]
    .filter((x) => x !== undefined)
    .join(' ');
  return {
    text: `${where}: ${text}`,
    matches: (r) => {
      if (!pathOk(r.path)) return false;
      if (method !== undefined && method.toUpperCase() !== r.method.toUpperCase()) return false;
      const got = new Map(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      return headers.every((h) => {
        const v = got.get(h.name);
        if (v === undefined) return false;
        if (h.regex === undefined) return v === h.value;
        return h.regex !== null && h.regex.test(v);
      });
    },
  };
}

/** A whole-string regular expression, or undefined when the text is not a valid one (it then matches nothing). */
function regexOf(text: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${text})$`);
  } catch {
    return undefined;
  }
}
