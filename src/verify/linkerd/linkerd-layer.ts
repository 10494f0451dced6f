import { ClusterInfo, Finding, Flow, FlowEndpoint, LabelMap, LayerDecision, PodInfo } from '../cluster';
import { PolicyLayer } from '../layer';
import { Cidr, cidrContains, parseCidr, parseIp } from '../match/ip';
import { selectorMatches } from '../match/label-selector';
import { VerifyOptions } from '../options';
import { PolicySet } from '../policy-set';
import { linkerdMeshed } from './injection';
import {
  AuthorizationView,
  LinkerdClient,
  linkerdIdentity,
  LinkerdResources,
  readLinkerdResources,
  RouteView,
  ServerView,
  serverSelects,
} from './resources';

/** The default inbound policies Linkerd knows (`proxy.defaultInboundPolicy`, `config.linkerd.io/default-inbound-policy`). */
export const DEFAULT_INBOUND_POLICIES: readonly string[] = [
  'all-unauthenticated',
  'all-authenticated',
  'cluster-unauthenticated',
  'cluster-authenticated',
  'deny',
  'audit',
];

/**
 * Linkerd's default `clusterNetworks`: the addresses `cluster-*` default policies treat as
 * inside the cluster.
 * @see https://linkerd.io/2/reference/cli/install/
 */
export const DEFAULT_CLUSTER_NETWORKS: readonly string[] = [
  '10.0.0.0/8',
  '100.64.0.0/10',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fd00::/8',
];

/** Verify options with the mesh settings the Linkerd layer reads, when the caller gives them. */
export interface LinkerdVerifyOptions extends VerifyOptions {
  /**
   * The cluster-wide default inbound policy (`proxy.defaultInboundPolicy`).
   * @default 'all-unauthenticated'
   */
  readonly linkerdDefaultInboundPolicy?: string;
  /**
   * The mesh's trust domain: identities end in `identity.linkerd.<trust domain>`.
   * @default 'cluster.local'
   */
  readonly linkerdTrustDomain?: string;
  /**
   * The cluster's networks (`clusterNetworks`), for the `cluster-*` default policies.
   * @default DEFAULT_CLUSTER_NETWORKS
   */
  readonly linkerdClusterNetworks?: readonly string[];
}

const DEFAULT_POLICY = 'config.linkerd.io/default-inbound-policy';

/**
 * The Linkerd mesh as an enforcement point (profile layer `linkerd`): the destination pod's
 * proxy authorizes inbound traffic. Egress is not Linkerd's business: only the destination
 * decides.
 * - A destination without a proxy (not injected), outside the cluster, or a UDP / SCTP flow is
 *   allowed at this layer.
 * - A port no Server covers follows the default inbound policy: the pod's
 *   `config.linkerd.io/default-inbound-policy` annotation, else its namespace's, else the
 *   cluster default (`linkerdDefaultInboundPolicy`, `all-unauthenticated`).
 * - A port a Server covers is denied unless an authorization admits the client: an
 *   AuthorizationPolicy targeting the Server (or the namespace) whose every
 *   `requiredAuthenticationRefs` passes (MeshTLSAuthentication identities / identityRefs,
 *   NetworkAuthentication networks, a ServiceAccount), or a ServerAuthorization whose client
 *   matches. The Server's `accessPolicy` applies when none does (default `deny`).
 * - HTTPRoutes attached to the Server restrict requests to their matches (a request matching
 *   none is refused: 404); an AuthorizationPolicy targeting a route admits requests that match it.
 * - A meshed client is authenticated as `<sa>.<ns>.serviceaccount.identity.linkerd.<trust
 *   domain>`; an unmeshed client is unauthenticated.
 * Without a request, a flow asks whether any traffic of the client gets through.
 * @see https://linkerd.io/2/reference/authorization-policy/
 * @see https://linkerd.io/2/features/server-policy/
 */
export class LinkerdLayer implements PolicyLayer {
  /** Builds the layer from a policy set, for the engine's layer registry. */
  public static create(policies: PolicySet, options: VerifyOptions): LinkerdLayer {
    return new LinkerdLayer(policies, options);
  }

  public readonly name = 'linkerd';
  public readonly enforcementPoint = 'mesh' as const;
  public readonly l7 = true;
  private readonly resources: LinkerdResources;
  private readonly defaultPolicy: string;
  private readonly trustDomain: string;
  private readonly clusterNetworks: readonly Cidr[];

  /** Reads the Linkerd policy objects of a policy set; throws on an unknown default policy or a bad cluster network. */
  public constructor(policies: PolicySet, options: LinkerdVerifyOptions = {}) {
    this.defaultPolicy = options.linkerdDefaultInboundPolicy ?? 'all-unauthenticated';
    if (!DEFAULT_INBOUND_POLICIES.includes(this.defaultPolicy)) {
      throw new Error(
        `linkerdDefaultInboundPolicy '${this.defaultPolicy}' is not one of ${DEFAULT_INBOUND_POLICIES.join(', ')}`,
      );
    }
    this.trustDomain = options.linkerdTrustDomain ?? 'cluster.local';
    this.clusterNetworks = (options.linkerdClusterNetworks ?? DEFAULT_CLUSTER_NETWORKS).map((text) => {
      const c = parseCidr(text);
      if (!c || !text.includes('/')) throw new Error(`linkerdClusterNetworks: '${text}' is not a CIDR`);
      return c;
    });
    this.resources = readLinkerdResources(policies, this.trustDomain, this.clusterNetworks);
  }

  /** Decides whether the destination's proxy lets the flow in. */
  public decide(flow: Flow, cluster: ClusterInfo): LayerDecision {
    const d = flow.destination;
    if (d.kind !== 'pod')
      return this.verdict(true, [
        this.note(
          'the destination is not a pod: Linkerd enforces only inbound policy on meshed pods (egress is allowed)',
        ),
      ]);
    const pod = d.pod;
    const where = `${pod.namespace}/${pod.name}`;
    if (!linkerdMeshed(pod, cluster))
      return this.verdict(true, [
        this.note(
          `${where} has no Linkerd proxy (linkerd.io/inject is not enabled): Linkerd does not decide this flow`,
        ),
      ]);
    if (flow.protocol !== 'TCP')
      return this.verdict(true, [this.note(`Linkerd proxies only TCP: ${flow.protocol} traffic is not captured`)]);
    const client = this.client(flow.source, cluster);
    const servers = this.resources.servers.filter((s) => serverSelects(s, pod, flow.port));
    if (servers.length === 0) {
      const [policy, from] = this.defaultPolicyOf(pod, cluster);
      return this.byDefaultPolicy(
        policy,
        `${from} default inbound policy '${policy}' (no Server covers ${where} port ${flow.port})`,
        client,
      );
    }
    const server = servers[0];
    const findings: Finding[] =
      servers.length > 1
        ? [
            this.note(
              `${servers.map((s) => s.object).join(', ')} all select ${where} port ${flow.port}: Linkerd uses one of them (here ${server.object})`,
            ),
          ]
        : [];
    return this.byServer(server, client, flow, findings);
  }

  private byServer(server: ServerView, client: LinkerdClient, flow: Flow, findings: Finding[]): LayerDecision {
    const targets = (a: AuthorizationView): boolean =>
      a.namespace === server.namespace &&
      ((a.target.kind === 'server' && a.target.name === server.name) ||
        (a.target.kind === 'serverSelector' && selectorMatches(a.target.selector, server.labels)) ||
        a.target.kind === 'namespace');
    const serverAuthz = this.resources.authorizations.filter(targets);
    const http = server.proxyProtocol !== 'opaque' && server.proxyProtocol !== 'TLS';
    const routes = http
      ? this.resources.routes.filter((r) => r.namespace === server.namespace && r.servers.includes(server.name))
      : [];
    const routeAuthz = (r: RouteView): AuthorizationView[] =>
      this.resources.authorizations.filter(
        (a) => a.namespace === r.namespace && a.target.kind === 'route' && a.target.name === r.name,
      );
    let candidates = serverAuthz;
    if (routes.length > 0) {
      const request = flow.request;
      const matched = request ? routes.filter((r) => r.matches.some((m) => m.matches(request))) : routes;
      if (matched.length === 0) {
        return this.verdict(false, [
          ...findings,
          {
            layer: this.name,
            object: server.object,
            message: `${request?.method ?? ''} ${request?.path ?? ''} matches no HTTPRoute of the Server (${routes.map((r) => r.object).join(', ')}): refused with 404`,
          },
        ]);
      }
      if (!request)
        findings.push(
          this.note(
            `no request given: HTTPRoutes ${routes.map((r) => r.object).join(', ')} restrict requests on ${server.object}; any route's authorizations are tried`,
          ),
        );
      candidates = [...serverAuthz, ...matched.flatMap(routeAuthz)];
    }
    const reasons: Finding[] = [];
    for (const a of candidates) {
      const failures = a.requirements.map((r) => r.check(client)).filter((x): x is string => x !== undefined);
      if (failures.length === 0) {
        return this.verdict(true, [
          ...findings,
          { layer: this.name, object: a.object, message: `authorizes ${client.text} on ${server.object}` },
        ]);
      }
      reasons.push({
        layer: this.name,
        object: a.object,
        message: `does not authorize ${client.text}: ${failures.join('; ')}`,
      });
    }
    if (server.accessPolicy !== 'deny') {
      const d = this.byDefaultPolicy(
        server.accessPolicy,
        `${server.object} accessPolicy '${server.accessPolicy}'`,
        client,
      );
      return this.verdict(d.allowed, [...findings, ...reasons, ...d.findings]);
    }
    return this.verdict(false, [
      ...findings,
      ...reasons,
      {
        layer: this.name,
        object: server.object,
        message: `covers port ${flow.port} and no authorization admits ${client.text}: denied${candidates.length === 0 ? ' (no AuthorizationPolicy or ServerAuthorization targets it)' : ''}`,
      },
    ]);
  }

  /** The default inbound policy of a pod, and where it comes from. */
  private defaultPolicyOf(pod: PodInfo, cluster: ClusterInfo): [string, string] {
    const own = pod.annotations?.[DEFAULT_POLICY];
    if (own !== undefined) return [own, `pod ${pod.namespace}/${pod.name}`];
    const ns: LabelMap | undefined = cluster.namespaces.find((n) => n.name === pod.namespace)?.annotations;
    if (ns?.[DEFAULT_POLICY] !== undefined) return [ns[DEFAULT_POLICY], `namespace ${pod.namespace}`];
    return [this.defaultPolicy, 'cluster'];
  }

  /**
   * A default policy: `all-unauthenticated` and `audit` allow everyone; `cluster-unauthenticated`
   * clients in the cluster networks; `all-authenticated` and `cluster-authenticated` meshed
   * clients (of this cluster, which is all this engine models); `deny` no one.
   */
  private byDefaultPolicy(policy: string, what: string, client: LinkerdClient): LayerDecision {
    let allowed: boolean;
    let why: string;
    switch (policy) {
      case 'all-unauthenticated':
        allowed = true;
        why = 'allows every client';
        break;
      case 'audit':
        allowed = true;
        why = 'allows every client (and flags it in logs and metrics)';
        break;
      case 'cluster-unauthenticated':
        allowed = client.inCluster;
        why = client.inCluster
          ? 'allows clients in the cluster networks'
          : `denies ${client.text}, which is outside the cluster networks`;
        break;
      case 'all-authenticated':
      case 'cluster-authenticated':
        allowed = client.identity !== undefined;
        why = allowed
          ? `allows meshed clients (${client.identity})`
          : `denies ${client.text}, which is not meshed (unauthenticated)`;
        break;
      case 'deny':
        allowed = false;
        why = 'denies every client';
        break;
      default:
        allowed = false;
        why = `is not a known policy (${DEFAULT_INBOUND_POLICIES.join(', ')}): the proxy cannot start with it`;
    }
    return this.verdict(allowed, [this.note(`${what} ${why}`)]);
  }

  private client(source: FlowEndpoint, cluster: ClusterInfo): LinkerdClient {
    switch (source.kind) {
      case 'pod': {
        const p = source.pod;
        const text = `${p.namespace}/${p.name}`;
        const base = { text, inCluster: true, ...(p.ip !== undefined ? { ip: p.ip } : {}) };
        return linkerdMeshed(p, cluster)
          ? { ...base, identity: linkerdIdentity(p.serviceAccount, p.namespace, this.trustDomain) }
          : base;
      }
      case 'ip': {
        const address = parseIp(source.ip);
        return {
          text: source.ip,
          ip: source.ip,
          inCluster: address !== undefined && this.clusterNetworks.some((c) => cidrContains(c, address)),
        };
      }
      case 'fqdn':
        return { text: source.name, inCluster: false };
    }
  }

  private verdict(allowed: boolean, findings: readonly Finding[]): LayerDecision {
    return { layer: this.name, allowed, findings };
  }

  private note(message: string): Finding {
    return { layer: this.name, message };
  }
}
