import { ClusterInfo, Finding, LabelMap, PodInfo } from '../cluster';
import { AuthorizationPolicyView, authorizationPolicyName } from './authorization-policy';
import { ServicePortMatch } from './destination-port';
import { EffectiveMtls, resolveMtls } from './effective-mtls';
import { GatewayView } from './gateway';
import { PeerAuthenticationView } from './peer-authentication';
import { identityOfSource, MeshSource, PeerIdentity, principalOf } from './peer-identity';
import { servicePolicies, waypointPolicies, workloadPolicies } from './policy-attachment';
import { resolveWaypoint, Waypoint } from './waypoint';

/** Label (on a Service or namespace) that lets Istio ingress gateways send through the waypoint. */
export const INGRESS_USE_WAYPOINT_LABEL = 'istio.io/ingress-use-waypoint';

/** One proxy on the way to the destination that enforces policy. */
export interface Hop {
  /** For messages: `the sidecar of production/api`, `waypoint ns-test/waypoint`, `the ztunnel of ns-test/web`. */
  readonly point: string;
  readonly proxy: 'sidecar' | 'waypoint' | 'ztunnel';
  /** The peer this proxy sees. */
  readonly peer: PeerIdentity;
  /** The AuthorizationPolicies it enforces. */
  readonly policies: readonly AuthorizationPolicyView[];
  /** The PeerAuthentication mode it enforces, if any. */
  readonly mtls?: EffectiveMtls;
  /**
   * The destination port this proxy sees, when it is not the pod port: a waypoint receives
   * service-addressed traffic on the Service's VIP and port.
   */
  readonly port?: number;
  /** Whether the destination address this proxy sees is the pod's (not a Service VIP). */
  readonly seesPodAddress: boolean;
}

/** The enforcement points of a flow, in order, and how they were found. */
export interface EnforcementPath {
  readonly hops: readonly Hop[];
  readonly findings: readonly Finding[];
}

/** Everything {@link planPath} needs. */
export interface PathInput {
  readonly source: MeshSource;
  readonly destination: PodInfo;
  readonly port: number;
  readonly service?: ServicePortMatch;
  readonly namespaceLabels: LabelMap;
  readonly authorizationPolicies: readonly AuthorizationPolicyView[];
  readonly peerAuthentications: readonly PeerAuthenticationView[];
  readonly gateways: readonly GatewayView[];
  readonly cluster: ClusterInfo;
  readonly rootNamespace: string;
  readonly trustDomain: string;
}

/**
 * Finds the proxies that enforce policy on a flow to a meshed pod.
 *
 * Sidecar destination: its sidecar enforces everything (PeerAuthentication, then the workload's
 * AuthorizationPolicies with full L7). A source without a proxy sends plaintext, and so does a
 * proxy facing a `DISABLE` port (auto mTLS follows the server's mode).
 *
 * Ambient destination: traffic addressed to a Service that uses a waypoint goes source →
 * waypoint → destination. The waypoint enforces the `targetRefs` policies with full L7 and the
 * source's identity, on the Service's port (it receives the traffic on the Service VIP and port,
 * as its access logs show, and picks the target port only when forwarding); then the destination's ztunnel enforces PeerAuthentication and the
 * selector/namespace policies at L4, seeing the waypoint's identity. Only sources with a proxy
 * are redirected to a waypoint (plaintext goes straight to the destination's ztunnel); an Istio
 * ingress gateway is redirected only when the Service or namespace carries
 * `istio.io/ingress-use-waypoint: "true"`. Without a waypoint in the path, `targetRefs`
 * policies are not enforced at all.
 *
 * @see https://istio.io/latest/docs/ambient/usage/authorization-policy/
 */
export function planPath(input: PathInput): EnforcementPath {
  return input.destination.dataplane === 'ambient' ? ambientPath(input) : sidecarPath(input);
}

function sidecarPath(input: PathInput): EnforcementPath {
  const { source, destination } = input;
  const findings: Finding[] = [];
  const mtls = resolveMtls(input.peerAuthentications, destination, input.port, input.rootNamespace);
  const proxied = source.proxy !== 'none';
  if (proxied && mtls.mode === 'DISABLE') {
    findings.push({
      layer: 'istio',
      ...(mtls.decidedBy ? { object: mtls.decidedBy } : {}),
      message: `port ${input.port} of ${label(destination)} is DISABLE: the proxy of ${source.label} sends plaintext, without an identity`,
    });
  }
  if (input.service) {
    for (const policy of servicePolicies(input.authorizationPolicies, input.service.service)) {
      findings.push({
        layer: 'istio',
        object: authorizationPolicyName(policy),
        message: `targets Service ${input.service.service.namespace}/${input.service.service.name}; sidecars ignore targetRefs policies, so it is not enforced for ${label(destination)}`,
      });
    }
  }
  return {
    findings,
    hops: [
      {
        point: `the sidecar of ${label(destination)}`,
        proxy: 'sidecar',
        peer: identityOfSource(source, input.trustDomain, proxied && mtls.mode !== 'DISABLE'),
        policies: workloadPolicies(input.authorizationPolicies, destination, input.rootNamespace),
        mtls,
        seesPodAddress: true,
      },
    ],
  };
}

function ambientPath(input: PathInput): EnforcementPath {
  const { source, destination } = input;
  const resolution = resolveWaypoint(
    {
      pod: destination,
      ...(input.service ? { service: input.service.service } : {}),
      namespaceLabels: input.namespaceLabels,
    },
    input.gateways,
    input.cluster,
  );
  const findings: Finding[] = [...resolution.findings];
  const waypoint =
    resolution.waypoint && redirectedToWaypoint(input, resolution.waypoint, findings) ? resolution.waypoint : undefined;
  const mtls = resolveMtls(input.peerAuthentications, destination, input.port, input.rootNamespace);
  const ztunnel = (peer: PeerIdentity): Hop => ({
    point: `the ztunnel of ${label(destination)}`,
    proxy: 'ztunnel',
    peer,
    policies: workloadPolicies(input.authorizationPolicies, destination, input.rootNamespace),
    mtls,
    seesPodAddress: true,
  });
  if (!waypoint) {
    if (input.service) {
      for (const policy of servicePolicies(input.authorizationPolicies, input.service.service)) {
        findings.push({
          layer: 'istio',
          object: authorizationPolicyName(policy),
          message: `targets Service ${input.service.service.namespace}/${input.service.service.name}, but no waypoint is in the path of ${source.label}: not enforced`,
        });
      }
    }
    return { findings, hops: [ztunnel(identityOfSource(source, input.trustDomain, source.proxy !== 'none'))] };
  }
  const gateway = waypoint.gateway;
  const principal = principalOf(input.trustDomain, gateway.namespace, waypoint.serviceAccount);
  const waypointPeer: PeerIdentity = {
    label: `waypoint ${gateway.namespace}/${gateway.name} (mTLS ${principal})`,
    mtls: true,
    principal,
    namespace: gateway.namespace,
    serviceAccount: waypoint.serviceAccount,
    ...(waypoint.ip !== undefined ? { ip: waypoint.ip } : {}),
    ...(source.ip !== undefined ? { remoteIp: source.ip } : {}),
  };
  return {
    findings,
    hops: [
      {
        point: `waypoint ${gateway.namespace}/${gateway.name}`,
        proxy: 'waypoint',
        peer: identityOfSource(source, input.trustDomain, true),
        policies: waypointPolicies(input.authorizationPolicies, gateway, input.service?.service, input.rootNamespace),
        ...(input.service ? { port: input.service.port.port } : {}),
        seesPodAddress: !input.service,
      },
      ztunnel(waypointPeer),
    ],
  };
}

function redirectedToWaypoint(input: PathInput, waypoint: Waypoint, findings: Finding[]): boolean {
  const { source, destination } = input;
  const name = `${waypoint.gateway.namespace}/${waypoint.gateway.name}`;
  const skip = (message: string): false => {
    findings.push({ layer: 'istio', message });
    return false;
  };
  switch (source.proxy) {
    case 'none':
      return skip(
        `${source.label} has no proxy: its plaintext is not redirected to waypoint ${name} and reaches the ztunnel of ${label(destination)} directly`,
      );
    case 'waypoint':
      return skip(`${source.label} is a waypoint: waypoints do not chain, so waypoint ${name} is skipped`);
    case 'ingress-gateway': {
      const service = input.service?.service;
      if (
        service?.labels[INGRESS_USE_WAYPOINT_LABEL] === 'true' ||
        input.namespaceLabels[INGRESS_USE_WAYPOINT_LABEL] === 'true'
      )
        return true;
      return skip(
        `ingress gateway ${source.label} sends straight to ${label(destination)}, skipping waypoint ${name}: ` +
          `neither ${service ? `Service ${service.namespace}/${service.name}` : 'the Service'} nor namespace ${destination.namespace} carries ${INGRESS_USE_WAYPOINT_LABEL}: "true"`,
      );
    }
    default:
      return true;
  }
}

function label(pod: PodInfo): string {
  return `${pod.namespace}/${pod.name}`;
}
