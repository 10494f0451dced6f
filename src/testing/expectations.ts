import { IrPeer, IrTopology } from '../ir/types';
import { Tier } from '../model/tier';
import { Topology } from '../model/topology';
import { FlowProtocol, HttpRequest, Verdict } from '../verify/cluster';
import { formatVerdict } from '../verify/format';
import { EmittedProfile } from './report/emitted-profile';
import { IPeer, Peer } from '../values/peer';
import { Port } from '../values/port';

/** Port ranges wider than this are refused: name the ports that matter instead. */
const MAX_RANGE_PORTS = 1024;

/** An HTTP request an expectation is about. */
export interface HttpRequestSpec {
  /** The request path, optionally with a query string: `/api/v1/products?page=2`. */
  readonly path: string;
  /**
   * The HTTP method.
   * @default 'GET'
   */
  readonly method?: string;
  /**
   * Request headers (names are case-insensitive).
   * @default - none
   */
  readonly headers?: { [name: string]: string };
  /**
   * The `Host` / `:authority` of the request.
   * @default - none
   */
  readonly host?: string;
}

/** The verdict of one profile on one port. */
interface Outcome {
  readonly profile: string;
  readonly port: string;
  readonly source: string;
  readonly destination: string;
  readonly verdict: Verdict;
}

/**
 * Questions about what a topology's *emitted* manifests allow, answered by the verify engine
 * (which never reads the compiler's rules): may `from` reach `to` on a port, with a request?
 *
 * - Peers: a `Tier` of the topology is its pod; `Peer.pods(...)` is a representative pod of
 *   those pods; `Peer.cidr('1.2.3.4/32')` is that address; `Peer.fqdn('x')` is that DNS name
 *   (destination only); `Peer.world()` is an address outside the cluster.
 * - Port omitted: every declared port of the destination tier must satisfy the expectation.
 * - Profile omitted: every profile of the topology must agree; `explain` says which did not.
 * - A request is judged by the layers that see L7; the others (plain NetworkPolicy) judge the
 *   connection at L4.
 *
 * @example
 * const shop = Expectations.of(topology, 'cilium');
 * shop.allows(frontend, api, Port.tcp(8080), { method: 'GET', path: '/api/v1/products' }); // true
 * shop.allows(frontend, redis);                                                           // false
 */
export class Expectations {
  /**
   * Expectations on a topology's emitted manifests, for one profile or (by default) every one.
   * Throws when the topology does not compile or has no such profile.
   * @param profile a profile name of the topology, e.g. `cilium` @default - every profile
   */
  public static of(topology: Topology, profile?: string): Expectations {
    const all = EmittedProfile.all(topology);
    if (profile === undefined) return new Expectations(topology, all);
    const chosen = all.filter((p) => p.name === profile);
    if (chosen.length === 0)
      throw new Error(
        `topology ${topology.node.path} has no profile '${profile}' (profiles: ${all.map((p) => p.name).join(', ')})`,
      );
    return new Expectations(topology, chosen);
  }

  private constructor(
    private readonly topology: Topology,
    private readonly profiles: readonly EmittedProfile[],
  ) {}

  /** Names of the profiles the expectations hold for. */
  public get profileNames(): string[] {
    return this.profiles.map((p) => p.name);
  }

  /**
   * True when every profile allows `source` to reach `destination` on the port (every declared port of the
   * destination tier when omitted), with the request when one is given.
   * @param port @default - every declared port of the destination tier
   * @param request @default - a connection, no request
   */
  public allows(source: IPeer, destination: IPeer, port?: Port, request?: HttpRequestSpec): boolean {
    return this.outcomes(source, destination, port, request).every((o) => o.verdict.allowed);
  }

  /**
   * True when every profile denies `source` reaching `destination` on the port (every declared port of the
   * destination tier when omitted), with the request when one is given.
   * @param port @default - every declared port of the destination tier
   * @param request @default - a connection, no request
   */
  public denies(source: IPeer, destination: IPeer, port?: Port, request?: HttpRequestSpec): boolean {
    return this.outcomes(source, destination, port, request).every((o) => !o.verdict.allowed);
  }

  /**
   * Explains the verdicts: which profiles allow and which deny, then each profile's verdict per
   * port with the objects and rules that decided.
   * @param port @default - every declared port of the destination tier
   * @param request @default - a connection, no request
   */
  public explain(source: IPeer, destination: IPeer, port?: Port, request?: HttpRequestSpec): string {
    const outcomes = this.outcomes(source, destination, port, request);
    const names = (allowed: boolean) => [
      ...new Set(outcomes.filter((o) => o.verdict.allowed === allowed).map((o) => o.profile)),
    ];
    const lines = [
      `${source.peerDescription} -> ${destination.peerDescription}${port ? ` on ${port}` : ''}${request ? ` ${requestOf(request).method} ${request.path}` : ''}`,
      `  allowed by: ${names(true).join(', ') || 'no profile'}`,
      `  denied by: ${names(false).join(', ') || 'no profile'}`,
    ];
    for (const o of outcomes) {
      lines.push(
        `profile ${o.profile}, ${o.port}: ${o.source} -> ${o.destination}: ${formatVerdict(o.verdict).split('\n').join('\n  ')}`,
      );
    }
    return lines.join('\n');
  }

  private outcomes(from: IPeer, to: IPeer, port: Port | undefined, request: HttpRequestSpec | undefined): Outcome[] {
    const ir = this.topology._compile().ir as IrTopology;
    const source = this.peerOf(from, ir);
    const destination = this.peerOf(to, ir);
    const req = request ? requestOf(request) : undefined;
    return this.profiles.flatMap((profile) => {
      const src = profile.resolve(source, 'source');
      const dst = profile.resolve(destination, 'destination');
      return portsOf(port, destination, profile, to).map((p) => ({
        profile: profile.name,
        port: `${p.port}/${p.protocol}`,
        source: src.text,
        destination: dst.text,
        verdict: profile.evaluate(src, dst, p.port, p.protocol, req),
      }));
    });
  }

  private peerOf(given: IPeer, ir: IrTopology): IrPeer {
    const peer = given.peerReference._end;
    if (peer instanceof Peer) return peer._ir;
    if (peer instanceof Tier) {
      const w = ir.workloads.find((x) => x.path === peer.node.path);
      if (!w) throw new Error(`${peer.peerDescription} is not a tier of topology ${this.topology.node.path}`);
      return { kind: 'workload', workload: w.id };
    }
    throw new Error(`${given.peerDescription}: expectations take a Tier or a Peer`);
  }
}

/** The numeric ports an expectation is about, resolved against the destination when needed. */
function portsOf(
  port: Port | undefined,
  destination: IrPeer,
  profile: EmittedProfile,
  to: IPeer,
): { port: number; protocol: FlowProtocol }[] {
  const tierPorts = () => {
    if (destination.kind !== 'workload') throw new Error(`${to.peerDescription} is not a tier: name the port`);
    return profile.workload(destination.workload).ports;
  };
  if (port === undefined) {
    const declared = tierPorts();
    if (declared.length === 0) throw new Error(`${to.peerDescription} declares no ports: name the port`);
    return declared.map((p) => ({ port: p.port, protocol: p.protocol }));
  }
  const protocol = port.protocol as string as FlowProtocol;
  if (port.name !== undefined) {
    const named = tierPorts().filter((p) => p.name === port.name && p.protocol === protocol);
    if (named.length === 0) throw new Error(`${to.peerDescription} has no ${protocol} port named '${port.name}'`);
    return named.map((p) => ({ port: p.port, protocol }));
  }
  if (port.startPort === undefined) throw new Error(`${port} stands for every port: name a port or a range`);
  const last = port.endPort ?? port.startPort;
  if (last - port.startPort >= MAX_RANGE_PORTS)
    throw new Error(`${port} spans more than ${MAX_RANGE_PORTS} ports: name the ports that matter`);
  const out: { port: number; protocol: FlowProtocol }[] = [];
  for (let p = port.startPort; p <= last; p++) out.push({ port: p, protocol });
  return out;
}

function requestOf(spec: HttpRequestSpec): HttpRequest {
  return {
    method: (spec.method ?? 'GET').toUpperCase(),
    path: spec.path,
    ...(spec.headers ? { headers: { ...spec.headers } } : {}),
    ...(spec.host ? { host: spec.host } : {}),
  };
}
