import { ClusterInfo, Finding, Flow, HttpRequest, LabelMap, LayerDecision } from '../cluster';
import { VerifyOptions } from '../options';
import { PolicySet } from '../policy-set';
import { AuthorizationPolicyView, readAuthorizationPolicies } from './authorization-policy';
import { AppProtocol, appProtocolOf, serviceForPodPort } from './destination-port';
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

/** Verify options with the mesh settings the Istio layer reads, when the caller gives them. */
export interface IstioVerifyOptions extends VerifyOptions {
  /**
   * The mesh's root namespace.
   * @default 'istio-system'
   */
  readonly istioRootNamespace?: string;
  /**
   * The mesh's trust domain.
   * @default 'cluster.local'
   */
  readonly istioTrustDomain?: string;
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
 * - A flow addressed to the pod (`addressing: 'pod'`: headless Services, pod IPs) is not Service
 *   traffic: it passes a waypoint only when the pod (or its namespace) names one that handles
 *   `workload` traffic, and policies attached to the Service do not see it.
 * - A flow with a `request` is an HTTP request, unless the port is declared TCP (Service or
 *   container port named `tcp`, `tls`, `redis`, ...: Istio then sees no HTTP attribute). A flow
 *   without one asks whether any traffic the source may send gets through: on a port declared
 *   TCP, a TCP connection (ALLOW rules with HTTP fields never match it, DENY rules with HTTP
 *   fields match it); on a port declared HTTP (`http`, `http2`, `grpc`, ...), some HTTP
 *   request; on an undeclared port, where Istio sniffs the protocol, either. Concrete example
 *   requests built from the ALLOW rules are tried and the first one that passes is reported.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
 */
export class IstioLayer {
  /**
   * Builds the layer from a policy set, for the engine's layer registry; the mesh settings come
   * from {@link IstioVerifyOptions} when the options carry them.
   */
  public static create(policies: PolicySet, options: VerifyOptions): IstioLayer {
    const mesh: IstioVerifyOptions = options;
    return new IstioLayer(policies.all(), {
      ...(mesh.istioRootNamespace !== undefined ? { rootNamespace: mesh.istioRootNamespace } : {}),
      ...(mesh.istioTrustDomain !== undefined ? { trustDomain: mesh.istioTrustDomain } : {}),
    });
  }

  /** The layer name, used in every finding. */
  public readonly name = 'istio' as const;
  /** The mesh proxies enforce after the CNI: a flow must pass both. */
  public readonly enforcementPoint = 'mesh' as const;
  /** The mesh judges HTTP requests (sidecars and waypoints). */
  public readonly l7 = true as const;
  private readonly authorizationPolicies: readonly AuthorizationPolicyView[];
  private readonly peerAuthentications: readonly PeerAuthenticationView[];
  private readonly gateways: readonly GatewayView[];
  private readonly namespaceLabels: ReadonlyMap<string, LabelMap>;
  private readonly rootNamespace: string;
  private readonly trustDomain: string;

  /**
   * Reads the PeerAuthentication, AuthorizationPolicy, Gateway and Namespace objects among the manifests.
   * @param objects every manifest; objects of other kinds, and malformed ones, are skipped.
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
    const exposing = serviceForPodPort(pod, flow.port, flow.protocol, cluster.services);
    // Pod-addressed traffic (headless Services, pod IPs) is not Service traffic: a Service's
    // waypoint and its policies do not see it; the port names still declare the protocol.
    const service = flow.addressing === 'pod' ? undefined : exposing;
    const protocol = appProtocolOf(pod, flow.port, exposing);
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
    const traffic: PathTraffic = {
      port: flow.port,
      protocol: protocol.protocol,
      ...(pod.ip !== undefined ? { destinationIp: pod.ip } : {}),
    };
    const parsesHttp = path.hops.some((hop) => hop.proxy !== 'ztunnel');
    const notes: Finding[] = [];
    let outcome: PathOutcome;
    if (flow.request) {
      if (protocol.protocol === 'tcp' && parsesHttp)
        notes.push(this.note(`${protocol.reason}: Istio treats it as TCP and sees no HTTP attributes`));
      outcome = evaluatePath(path, { ...traffic, request: flow.request });
    } else if (!parsesHttp || protocol.protocol === 'tcp') {
      if (parsesHttp)
        notes.push(this.note(`no request given and ${protocol.reason} (TCP): evaluated as a TCP connection`));
      outcome = evaluatePath(path, traffic);
    } else {
      outcome = this.anyTraffic(path, traffic, protocol, notes);
    }
    return { layer: this.name, allowed: outcome.allowed, findings: [...path.findings, ...notes, ...outcome.findings] };
  }

  /**
   * Whether some traffic the source may send passes the path: on a port declared HTTP, some
   * HTTP request; on an undeclared port, where Istio sniffs the protocol, a raw TCP connection or
   * some HTTP request. Example requests built from the ALLOW rules are tried; the first traffic
   * that passes is reported.
   */
  private anyTraffic(
    path: EnforcementPath,
    traffic: PathTraffic,
    protocol: { readonly protocol: AppProtocol; readonly reason: string },
    notes: Finding[],
  ): PathOutcome {
    const sniffed = protocol.protocol === 'unknown';
    const kind = sniffed ? 'the protocol is sniffed' : 'HTTP';
    const tcp = sniffed ? evaluatePath(path, traffic) : undefined;
    if (tcp?.allowed) {
      notes.push(this.note(`no request given and ${protocol.reason} (${kind}): a TCP connection gets through`));
      return tcp;
    }
    const examples = [
      ...new Map(
        path.hops
          .filter((hop) => hop.proxy !== 'ztunnel')
          .flatMap((hop) => exampleRequests(hop.policies, hop.port ?? traffic.port))
          .map((request) => [JSON.stringify(request), request] as const),
      ).values(),
    ];
    let first = tcp;
    for (const request of examples) {
      const outcome = evaluatePath(path, { ...traffic, request });
      if (outcome.allowed) {
        notes.push(
          this.note(
            `no request given and ${protocol.reason} (${kind}): ${sniffed ? 'a raw TCP connection is refused, but ' : ''}some HTTP requests get through, e.g. ${show(request)}`,
          ),
        );
        return outcome;
      }
      first ??= outcome;
    }
    const tried = `${examples.slice(0, 5).map(show).join(', ')}${examples.length > 5 ? ', ...' : ''}`;
    notes.push(
      this.note(
        `no request given and ${protocol.reason} (${kind}): ${sniffed ? 'neither a TCP connection nor ' : 'none of '}${examples.length} example HTTP requests (${tried}) get through; the evaluation of the ${sniffed ? 'TCP connection' : 'first'} follows`,
      ),
    );
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
