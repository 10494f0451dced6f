import { ClusterInfo, Flow, FlowEndpoint, HttpRequest, PodInfo } from '../../verify/cluster';
import { serviceForPodPort } from '../../verify/istio/destination-port';
import { IrPeer, IrRule, IrTopology, IrWorkload, IrZone } from '../../ir/types';
import { parseAddress } from './address';
import { l7Admits } from './http-request';
import { labelsSelect, tiersOf, zonesOf } from './membership';
import { declaredMtlsMode, declaredZoneMtlsMode } from './mtls';
import { peerCovers } from './peer-covers';
import { portsAdmit } from './ports';
import { routeRules } from './routes';

/** What the profile under comparison enforces of the model, beside the rules themselves. */
export interface IntentOptions {
  /**
   * Whether egress restrictions hold. A mesh-only profile that accepted
   * `Widening.EGRESS_UNENFORCED` leaves egress open on purpose: pass false for it.
   * @default true
   */
  readonly egressEnforced?: boolean;
  /**
   * Whether HTTP requests are judged. A profile without an L7 layer judges a request as the
   * connection that carries it: pass false to drop the request.
   * @default true
   */
  readonly l7?: boolean;
  /**
   * Whether the profile runs the mesh, so that the tiers' declared mTLS modes apply.
   * @default false
   */
  readonly mesh?: boolean;
  /**
   * Whether a layer of the profile names Cilium entities. When false, an entity peer that states
   * a fallback (`Peer.kubeApiserver({ fallback })`) is judged by that fallback CIDR: the form such
   * a profile enforces, by the user's own choice.
   * @default true
   */
  readonly entities?: boolean;
  /**
   * Whether a layer of the profile matches DNS names. When false, a DNS-name peer that states a
   * fallback (`Peer.fqdn(...).withFallback(...)`) is judged by that fallback CIDR.
   * @default true
   */
  readonly dnsNames?: boolean;
  /**
   * Whether the service account of a pods peer holds. A plain NetworkPolicy profile that
   * accepted `Widening.IDENTITY_TO_LABELS` matches such peers by labels: pass false for it.
   * @default true
   */
  readonly peerServiceAccounts?: boolean;
  /**
   * Whether the pod labels of a pods peer named by service account hold. A mesh-only profile
   * that accepted `Widening.LABELS_TO_IDENTITY` matches such peers by identity: pass false for it.
   * @default true
   */
  readonly peerLabelsWithIdentity?: boolean;
}

/** The declared verdict on a flow, with one reason per deciding fact. */
export interface IntentVerdict {
  readonly allowed: boolean;
  readonly reasons: readonly string[];
}

/**
 * Whether the model (the IR of the user's intent, never a planned or rendered IR) allows a
 * flow. See {@link explainIntent} for the rules.
 */
export function intentAllows(ir: IrTopology, flow: Flow, cluster: ClusterInfo, options: IntentOptions = {}): boolean {
  return explainIntent(ir, flow, cluster, options).allowed;
}

/**
 * The declared connectivity of a model, computed from its IR alone: a flow is allowed iff its
 * source side allows it, its destination side allows it and, under a mesh, the destination's
 * mTLS mode accepts the source.
 *
 * - **A side restricts only when it is a pod of a zone that denies that direction** (egress for
 *   the source, ingress for the destination). A pod of such a zone is under its default deny
 *   whether or not it is a tier (a zone is its namespace, narrowed by its pod labels). Anything
 *   else (pods outside every zone, addresses, DNS names) does not restrict its side. Egress never
 *   restricts when `egressEnforced` is false.
 * - **A restricting side allows the flow iff one rule allows it**: a rule whose end on that side
 *   is a tier the pod belongs to (`tiersOf`), whose other end covers the other endpoint
 *   (`peerCovers`), whose ports admit the destination port (`portsAdmit`, named ports resolved
 *   against the destination pod), and whose L7 restriction admits the request (`l7Admits`; a
 *   flow without a request asks for the connection only). Rules form a union: any one suffices.
 * - **Routes** are rules too (`routeRules`): a route through a gateway or an ingress controller
 *   lets the gateway's pods (or Cilium's `ingress` entity) reach each backend on its pod port,
 *   unless an edge between the same ends states that port.
 * - **DNS**: a zone that denies egress and keeps a DNS allowance lets its pods reach the DNS
 *   pods (the DNS namespace, the DNS pod labels) and the node-local DNS addresses on the DNS
 *   ports.
 * - **mTLS** (when `mesh`): a TCP flow into a pod with a mesh data plane whose declared mode on
 *   the port is `STRICT` (its tier's, else its zone's: a zone-wide mode covers every pod of the
 *   zone) needs a source pod with a mesh data plane; plaintext is refused. UDP and SCTP are never
 *   subject to mTLS.
 * - **Accepted widenings of pods peers**: without `peerServiceAccounts` a pods peer is matched
 *   without its service account; without `peerLabelsWithIdentity` a pods peer with a service
 *   account is matched without its pod labels.
 * - **Ambient addressing** (when `mesh`): a rule with HTTP rules into an ambient pod holds only
 *   for traffic addressed to the tier's Service (`flow.addressing`, by default `service` when a
 *   Service of the pod exposes the port): a waypoint sees Service traffic only, so a pod-addressed
 *   connection (headless Service, pod IP) is admitted by rules without L7 only.
 * - Requests are dropped first when `l7` is false.
 * - A peer that states a fallback is judged by it where the profile cannot render the peer itself
 *   (`entities`, `dnsNames` false): that is what the profile enforces, by the user's choice.
 */
export function explainIntent(
  ir: IrTopology,
  flow: Flow,
  cluster: ClusterInfo,
  options: IntentOptions = {},
): IntentVerdict {
  const request = options.l7 === false ? undefined : flow.request;
  const reasons: string[] = [];
  const podAddressedAmbient = options.mesh === true && podAddressedIntoAmbient(flow, cluster);
  const egress =
    options.egressEnforced === false
      ? open('egress is not enforced by this profile')
      : egressSide(ir, flow, request, cluster, options, podAddressedAmbient);
  const ingress = ingressSide(ir, flow, request, cluster, options, podAddressedAmbient);
  const mtls = options.mesh === true ? mtlsSide(ir, flow) : open('no mesh');
  reasons.push(`egress: ${egress.reason}`, `ingress: ${ingress.reason}`, `mTLS: ${mtls.reason}`);
  return { allowed: egress.allowed && ingress.allowed && mtls.allowed, reasons };
}

interface SideDecision {
  readonly allowed: boolean;
  readonly reason: string;
}

function open(reason: string): SideDecision {
  return { allowed: true, reason };
}

/** Whether the flow is TCP addressed to an ambient pod's own address rather than to its Service. */
function podAddressedIntoAmbient(flow: Flow, cluster: ClusterInfo): boolean {
  if (flow.protocol !== 'TCP' || flow.destination.kind !== 'pod' || flow.destination.pod.dataplane !== 'ambient')
    return false;
  // Service addressing needs a Service of the pod exposing the port; without one it is the pod's own.
  if (flow.addressing === 'pod') return true;
  return serviceForPodPort(flow.destination.pod, flow.port, flow.protocol, cluster.services) === undefined;
}

function egressSide(
  ir: IrTopology,
  flow: Flow,
  request: HttpRequest | undefined,
  cluster: ClusterInfo,
  options: IntentOptions,
  podAddressedAmbient: boolean,
): SideDecision {
  if (flow.source.kind !== 'pod') return open('the source is not a pod');
  const source = flow.source.pod;
  const denying = zonesOf(ir, source).filter((z) => z.denyEgress);
  if (denying.length === 0) return open(`${podText(source)} is in no zone that denies egress`);
  const tiers = tiersOf(ir, source);
  const rule = allowingRule(ir, tiers, 'from', flow, request, cluster, options, podAddressedAmbient);
  if (rule) return { allowed: true, reason: `rule ${rule.id} allows it` };
  const dns = denying.find((z) => dnsAllows(z, flow));
  if (dns) return { allowed: true, reason: `the DNS allowance of zone ${dns.id} allows it` };
  return {
    allowed: false,
    reason: `${podText(source)} is in zone ${denying.map((z) => z.id).join(', ')} (deny egress) and no rule of ${tiersText(tiers)} allows it`,
  };
}

function ingressSide(
  ir: IrTopology,
  flow: Flow,
  request: HttpRequest | undefined,
  cluster: ClusterInfo,
  options: IntentOptions,
  podAddressedAmbient: boolean,
): SideDecision {
  if (flow.destination.kind !== 'pod') return open('the destination is not a pod');
  const destination = flow.destination.pod;
  const denying = zonesOf(ir, destination).filter((z) => z.denyIngress);
  if (denying.length === 0) return open(`${podText(destination)} is in no zone that denies ingress`);
  const tiers = tiersOf(ir, destination);
  const rule = allowingRule(ir, tiers, 'to', flow, request, cluster, options, podAddressedAmbient);
  if (rule) return { allowed: true, reason: `rule ${rule.id} allows it` };
  return {
    allowed: false,
    reason: `${podText(destination)} is in zone ${denying.map((z) => z.id).join(', ')} (deny ingress) and no rule into ${tiersText(tiers)} allows it`,
  };
}

function mtlsSide(ir: IrTopology, flow: Flow): SideDecision {
  if (flow.protocol !== 'TCP' || flow.destination.kind !== 'pod') return open('not a TCP flow into a pod');
  const pod = flow.destination.pod;
  if (pod.dataplane === 'none') return open(`${podText(pod)} has no mesh data plane`);
  const tiers = tiersOf(ir, pod).filter((w) => w.meshed);
  const modes =
    tiers.length > 0
      ? tiers.map((w) => declaredMtlsMode(ir, w, flow.port))
      : zonesOf(ir, pod)
          .filter((z) => z.meshed)
          .map((z) => declaredZoneMtlsMode(ir, z));
  if (!modes.includes('STRICT')) return open('the destination port is not STRICT');
  if (meshedSource(flow.source)) return open('STRICT, and the source has a mesh data plane');
  return { allowed: false, reason: `${podText(pod)} is STRICT on ${flow.port} and the source sends plaintext` };
}

function meshedSource(e: FlowEndpoint): boolean {
  return e.kind === 'pod' && e.pod.dataplane !== 'none';
}

function dnsAllows(zone: IrZone, flow: Flow): boolean {
  const dns = zone.dns;
  if (!dns) return false;
  const d = flow.destination;
  if (d.kind === 'pod') {
    return (
      d.pod.namespace === dns.namespace &&
      labelsSelect(dns.podSelector, d.pod.labels) &&
      portsAdmit(dns.ports, flow.port, flow.protocol, d.pod)
    );
  }
  if (d.kind !== 'ip') return false;
  const ip = parseAddress(d.ip);
  const nodeLocal = dns.nodeLocalAddresses.map(parseAddress);
  return (
    ip !== undefined &&
    nodeLocal.some((a) => a !== undefined && a.family === ip.family && a.value === ip.value) &&
    portsAdmit(dns.ports, flow.port, flow.protocol, undefined)
  );
}

/** A rule whose end on the restricting side is one of `tiers`, whose other end covers the other endpoint, on the port, with the request. */
function allowingRule(
  ir: IrTopology,
  tiers: readonly IrWorkload[],
  side: 'from' | 'to',
  flow: Flow,
  request: HttpRequest | undefined,
  cluster: ClusterInfo,
  options: IntentOptions,
  podAddressedAmbient: boolean,
): IrRule | undefined {
  const ids = new Set(tiers.map((t) => t.id));
  const other = side === 'from' ? 'to' : 'from';
  const otherEnd = side === 'from' ? flow.destination : flow.source;
  const destination = flow.destination.kind === 'pod' ? flow.destination.pod : undefined;
  return [...ir.rules, ...routeRules(ir)].find((r) => {
    const own = r[side];
    return (
      own.kind === 'workload' &&
      ids.has(own.workload) &&
      !(podAddressedAmbient && r.l7 !== undefined && r.to.kind === 'workload') &&
      peerCovers(ir, accepted(enforcedForm(r[other], options), options), otherEnd, cluster) &&
      portsAdmit(r.ports, flow.port, flow.protocol, destination) &&
      l7Admits(r.l7, request)
    );
  });
}

/** The form of a peer the profile enforces: its stated fallback where no layer renders the peer itself. */
function enforcedForm(p: IrPeer, options: IntentOptions): IrPeer {
  if (p.kind === 'entity' && p.fallback && options.entities === false) return p.fallback;
  if (p.kind === 'fqdn' && p.fallback && options.dnsNames === false) return p.fallback;
  return p;
}

/** A pods peer as an accepted widening matches it: without its service account, or without its labels. */
function accepted(peer: IrPeer, options: IntentOptions): IrPeer {
  if (peer.kind !== 'pods' || peer.serviceAccount === undefined) return peer;
  if (options.peerServiceAccounts === false) {
    const { serviceAccount, ...rest } = peer;
    void serviceAccount;
    return rest;
  }
  if (options.peerLabelsWithIdentity === false) return { ...peer, podLabels: {} };
  return peer;
}

function podText(p: PodInfo): string {
  return `${p.namespace}/${p.name}`;
}

function tiersText(tiers: readonly IrWorkload[]): string {
  return tiers.length === 0 ? 'its tiers (it is none)' : tiers.map((t) => t.id).join(', ');
}
