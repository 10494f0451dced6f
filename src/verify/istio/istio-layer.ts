import { ClusterInfo, Finding, Flow, HttpRequest, LabelMap, LayerDecision } from '../cluster';
import { AuthorizationPolicyView, readAuthorizationPolicies } from './authorization-policy';
import { appProtocolOf, serviceForPodPort } from './destination-port';
import { EnforcementPath, planPath } from './enforcement-path';
import { evaluatePath, PathOutcome, PathTraffic } from './evaluate-path';
import { exampleRequests } from './example-requests';
import { GatewayView, readGateways } from './gateway';
import { effectiveNamespaceLabels, readNamespaceLabels } from './namespace-labels';
import { PeerAuthenticationView, readPeerAuthentications } from './peer-authentication';
import { classifySource } from './peer-identity';

/** Options of the {@link IstioLayer}. */
export interface IstioLayerOptions {
  /**
   * The mesh's root namespace (`meshConfig.rootNamespace`): policies there apply mesh-wide.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * The mesh's trust domain (`meshConfig.trustDomain`), the first part of every principal.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
}

/**
 * The Istio mesh as an enforcement point: decides whether a flow passes the proxies of the
 * destination, from the PeerAuthentication, AuthorizationPolicy and Gateway (waypoint) manifests
 * and the labels of namespaces and Services.
 *
 * - Only a destination pod with a proxy (`dataplane` `sidecar` or `ambient`) is decided; other
 *   destinations (no proxy, outside the cluster, UDP/SCTP) are allowed at this layer with a
 *   finding saying why.
 * - Sidecar mode: the destination's sidecar enforces PeerAuthentication and every selector,
 *   namespace-wide and mesh-wide AuthorizationPolicy, with full L7.
 * - Ambient mode: a waypoint (when the destination uses one and the source is redirected to it)
 *   enforces the `targetRefs` policies with full L7 and the source's identity; the destination's
 *   ztunnel enforces PeerAuthentication and the other policies at L4 with the identity of the
 *   peer it sees (the waypoint's when there is one). ztunnel omits ALLOW rules with L7
 *   attributes and enforces DENY rules without them, as istiod's conversion does: an ALLOW
 *   policy whose every rule is L7 then admits nothing, which is the documented "ztunnel will
 *   simply drop all traffic" of L7 policies without a waypoint.
 * - A flow with a `request` is an HTTP request (unless the port is declared TCP). A flow without
 *   one is a raw TCP connection, except on a port declared HTTP (Service or container port named
 *   `http`, `http2`, `grpc`, ...): there the question is whether some request gets through, and
 *   concrete example requests built from the ALLOW rules are tried, the first allowed one being
 *   reported.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export class IstioLayer {
  /** The layer name, used in every finding. */
  public readonly name = 'istio' as const;
  private readonly authorizationPolicies: readonly AuthorizationPolicyView[];
  private readonly peerAuthentications: readonly PeerAuthenticationView[];
  private readonly gateways: readonly GatewayView[];
  private readonly namespaceLabels: ReadonlyMap<string, LabelMap>;
  private readonly rootNamespace: string;
  private readonly trustDomain: string;

  /**
   * @param objects every manifest; the Istio, Gateway API and Namespace objects are picked out.
   * @param options the mesh's root namespace and trust domain.
   */
  public constructor(objects: readonly unknown[], options: IstioLayerOptions = {}) {
    this.authorizationPolicies = readAuthorizationPolicies(objects);
    this.peerAuthentications = readPeerAuthentications(objects);
    this.gateways = readGateways(objects);
    this.namespaceLabels = readNamespaceLabels(objects);
    this.rootNamespace = options.rootNamespace ?? 'istio-system';
    this.trustDomain = options.trustDomain ?? 'cluster.local';
  }

  /** Decides whether the mesh lets the flow through. */
  public decide(flow: Flow, cluster: ClusterInfo): LayerDecision {
    const destination = flow.destination;
    if (flow.protocol !== 'TCP') {
      return this.pass(`Istio proxies only TCP: ${flow.protocol} traffic is not captured`);
    }
    if (destination.kind !== 'pod') {
      const where = destination.kind === 'ip' ? destination.ip : destination.name;
      return this.pass(`${where} is not a pod of the mesh: Istio enforces no inbound policy there`);
    }
    const pod = destination.pod;
    if (pod.dataplane === 'none') {
      return this.pass(`${pod.namespace}/${pod.name} has no proxy (dataplane none): Istio does not decide this flow`);
    }
    const service = serviceForPodPort(pod, flow.port, flow.protocol, cluster.services);
    const protocol = appProtocolOf(pod, flow.port, service);
    const path = planPath({
      source: classifySource(flow.source, this.gateways),
      destination: pod,
      port: flow.port,
      ...(service ? { service } : {}),
      namespaceLabels: effectiveNamespaceLabels(cluster, this.namespaceLabels, pod.namespace),
      authorizationPolicies: this.authorizationPolicies,
      peerAuthentications: this.peerAuthentications,
      gateways: this.gateways,
      cluster,
      rootNamespace: this.rootNamespace,
      trustDomain: this.trustDomain,
    });
    const traffic: PathTraffic = { port: flow.port, protocol: protocol.protocol, ...(pod.ip !== undefined ? { destinationIp: pod.ip } : {}) };
    const parsesHttp = path.hops.some(hop => hop.proxy !== 'ztunnel');
    const notes: Finding[] = [];
    let outcome: PathOutcome;
    if (flow.request) {
      if (protocol.protocol === 'tcp' && parsesHttp) notes.push(this.note(`${protocol.reason}: Istio treats it as TCP and sees no HTTP attributes`));
      outcome = evaluatePath(path, { ...traffic, request: flow.request });
    } else if (protocol.protocol === 'http' && parsesHttp) {
      outcome = this.someRequest(path, traffic, notes, protocol.reason);
    } else {
      if (parsesHttp) notes.push(this.note(`no request given and ${protocol.reason}: evaluated as a TCP connection`));
      outcome = evaluatePath(path, traffic);
    }
    return { layer: this.name, allowed: outcome.allowed, findings: [...path.findings, ...notes, ...outcome.findings] };
  }

  /** Whether some HTTP request passes the path: tries example requests, reports the first that passes. */
  private someRequest(path: EnforcementPath, traffic: PathTraffic, notes: Finding[], reason: string): PathOutcome {
    const policies = path.hops.filter(hop => hop.proxy !== 'ztunnel').flatMap(hop => hop.policies);
    const examples = exampleRequests(policies, traffic.port);
    let first: PathOutcome | undefined;
    for (const request of examples) {
      const outcome = evaluatePath(path, { ...traffic, request });
      if (outcome.allowed) {
        notes.push(this.note(`no request given and ${reason} (HTTP): some requests get through, e.g. ${show(request)}`));
        return outcome;
      }
      first ??= outcome;
    }
    notes.push(this.note(`no request given and ${reason} (HTTP): none of ${examples.length} example requests gets through (${examples.slice(0, 5).map(show).join(', ')}${examples.length > 5 ? ', ...' : ''}); the first one's evaluation follows`));
    return first ?? { allowed: false, findings: [] };
  }

  private pass(message: string): LayerDecision {
    return { layer: this.name, allowed: true, findings: [this.note(message)] };
  }

  private note(message: string): Finding {
    return { layer: this.name, message };
  }
}

function show(request: HttpRequest): string {
  return `${request.method} ${request.path}`;
}
