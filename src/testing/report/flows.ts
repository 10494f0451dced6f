import { IrPeer, IrPort, IrRule, IrTopology } from '../../ir/types';
import { Dataplane, HttpRequest } from '../../verify/cluster';
import { KubeObject } from '../../verify/policy-set';
import { describeL7, describePeer, describePort, gatewayOf } from './describe';
import { EmittedProfile, ResolvedEndpoint } from './emitted-profile';
import { EdgeStyle } from './mermaid';

/** A request no intent allows: refused when a port is filtered at L7. */
const UNLISTED_REQUEST: HttpRequest = { method: 'PROBE', path: '/.well-known/zerotrust-unlisted-request' };
/** A public address no intent names (documentation range): reachable only when egress is widened or unenforced. */
const PUBLIC_PROBE = '198.51.100.7';
/** A port no synthetic or example intent opens to the outside. */
const UNLISTED_PORT = 4;

/** One flow of a profile's emitted manifests, as the verify engine judges it. */
export interface ProfileFlow {
  readonly from: IrPeer;
  readonly to: IrPeer;
  /** Ports and conditions: the label lines. */
  readonly lines: readonly string[];
  readonly style: EdgeStyle;
  /** What differs from the intent, e.g. `L7 rules not enforced (L7_TO_L4)`; undefined when as intended. */
  readonly difference?: string;
}

/** What one profile's emitted manifests allow, next to the intent. */
export interface ProfileView {
  readonly flows: readonly ProfileFlow[];
  /** Per zone id: `sidecar · mTLS STRICT`, `no mesh`, plus `egress open (EGRESS_UNENFORCED)`. */
  readonly zoneModes: ReadonlyMap<string, string>;
  /** Whether every pair of sources and tiers was probed for flows outside the intent. */
  readonly pairwise: boolean;
}

/**
 * Judges, with the verify engine, every edge of the intent on the profile's emitted manifests
 * (allowed as written, allowed with less filtering — widened —, or not allowed), probes egress to
 * a public address no intent names, and, when `pairwise`, every source against every declared
 * port of every tier for flows no edge of the intent asks for.
 */
export function profileView(
  base: IrTopology,
  profile: EmittedProfile,
  widenings: readonly { kind: string; detail: string }[],
  pairwise: boolean,
): ProfileView {
  const named = (kind: string, what: string): string =>
    widenings.some((w) => w.kind === kind) ? `${what} (${kind})` : what;
  const resolved = new Map<string, ResolvedEndpoint | undefined>();
  const resolve = (p: IrPeer, side: 'source' | 'destination'): ResolvedEndpoint | undefined => {
    const key = `${side}:${JSON.stringify(p)}`;
    if (!resolved.has(key)) {
      let r: ResolvedEndpoint | undefined;
      try {
        r = profile.resolve(representative(p), side);
      } catch {
        r = undefined;
      }
      resolved.set(key, r);
    }
    return resolved.get(key);
  };
  const flows: ProfileFlow[] = [];
  const covered = new Set<string>();
  for (const rule of base.rules) {
    const source = resolve(rule.from, 'source');
    const destination = resolve(rule.to, 'destination');
    const ports = probePorts(base, rule);
    const l7 = describeL7(rule.l7);
    if (!source || !destination || ports.length === 0) {
      flows.push({
        from: rule.from,
        to: rule.to,
        lines: [portsText(rule.ports), ...l7, 'not probed'],
        style: 'allowed',
      });
      continue;
    }
    for (const p of ports) covered.add(`${describePeer(rule.from)}>${describePeer(rule.to)}>${p.protocol}/${p.port}`);
    const allowed = ports.filter((p) => profile.evaluate(source, destination, p.port, p.protocol).allowed);
    if (allowed.length === 0) {
      flows.push({
        from: rule.from,
        to: rule.to,
        lines: [portsText(rule.ports), ...l7],
        style: 'denied',
        difference: 'not allowed',
      });
      continue;
    }
    const unfiltered =
      l7.length > 0 &&
      rule.l7?.kind === 'http' &&
      allowed.some((p) => profile.evaluate(source, destination, p.port, p.protocol, UNLISTED_REQUEST).allowed);
    if (unfiltered) {
      const what = named('L7_TO_L4', 'L7 rules not enforced: any request');
      flows.push({
        from: rule.from,
        to: rule.to,
        lines: [portsText(rule.ports), what],
        style: 'widened',
        difference: what,
      });
    } else if (rule.to.kind === 'fqdn') {
      // Widened when a public address no edge of this source names is reachable on the same port,
      // while egress as a whole is enforced (open egress is shown on the zone).
      const publicByIntent = (port: number): boolean =>
        base.rules.some(
          (r) =>
            describePeer(r.from) === describePeer(rule.from) &&
            ((r.to.kind === 'cidr' && r.to.cidr.startsWith('0.0.0.0/')) ||
              (r.to.kind === 'entity' && r.to.entity === 'world')) &&
            (r.ports.length === 0 || r.ports.some((x) => x.port === port)),
        );
      const publicOpen =
        !profile.evaluate(source, publicEndpoint(), UNLISTED_PORT, 'TCP').allowed &&
        allowed.some(
          (p) => !publicByIntent(p.port) && profile.evaluate(source, publicEndpoint(), p.port, p.protocol).allowed,
        );
      const what = publicOpen ? named('FQDN_TO_PUBLIC_CIDR', 'also any public address') : undefined;
      flows.push({
        from: rule.from,
        to: rule.to,
        lines: [portsText(rule.ports), ...l7, ...(what ? [what] : [])],
        style: what ? 'widened' : 'allowed',
        ...(what ? { difference: what } : {}),
      });
    } else {
      flows.push({ from: rule.from, to: rule.to, lines: [portsText(rule.ports), ...l7], style: 'allowed' });
    }
  }
  for (const route of base.routes) {
    if (route.parent.kind !== 'Gateway') continue;
    const gw = base.gateways.find((g) => g.id === (route.parent as { gateway: string }).gateway);
    if (!gw) continue;
    const peer: IrPeer = {
      kind: 'pods',
      namespace: gw.namespace,
      podLabels: gw.podSelector,
      serviceAccount: gw.serviceAccount,
    };
    for (const b of route.rules.flatMap((r) => r.backends))
      covered.add(`${describePeer(peer)}>${b.workload}>TCP/${b.targetPort}`);
  }
  if (pairwise) flows.push(...unintended(base, profile, covered, resolve));
  return { flows, zoneModes: zoneModes(base, profile, resolve, named), pairwise };
}

/** Flows the manifests allow between sources and tiers' declared ports that no edge or route asks for. */
function unintended(
  base: IrTopology,
  profile: EmittedProfile,
  covered: Set<string>,
  resolve: (p: IrPeer, side: 'source' | 'destination') => ResolvedEndpoint | undefined,
): ProfileFlow[] {
  const tiers = base.workloads.filter((w) => !w.system);
  const sources: IrPeer[] = [
    ...tiers.map((w): IrPeer => ({ kind: 'workload', workload: w.id })),
    ...base.gateways.map((g): IrPeer => ({
      kind: 'pods',
      namespace: g.namespace,
      podLabels: g.podSelector,
      serviceAccount: g.serviceAccount,
    })),
  ];
  for (const r of base.rules) if (r.from.kind === 'pods' && !gatewayOf(base, r.from)) sources.push(r.from);
  const out: ProfileFlow[] = [];
  const seen = new Set<string>();
  for (const from of sources) {
    const fromText = describePeer(from);
    if (seen.has(fromText)) continue;
    seen.add(fromText);
    const source = resolve(from, 'source');
    if (!source) continue;
    for (const w of tiers) {
      const to: IrPeer = { kind: 'workload', workload: w.id };
      const destination = resolve(to, 'destination');
      if (!destination || (from.kind === 'workload' && from.workload === w.id)) continue;
      const open = w.ports.filter(
        (p) =>
          !covered.has(`${fromText}>${w.id}>${p.protocol}/${p.port}`) &&
          profile.evaluate(source, destination, p.port, p.protocol).allowed,
      );
      if (open.length === 0) continue;
      const ports = open.map((p) => describePort({ protocol: p.protocol, port: p.port })).join(', ');
      out.push({
        from,
        to,
        lines: [ports, 'no edge asks for it'],
        style: 'unintended',
        difference: 'allowed, no edge of the intent asks for it',
      });
    }
  }
  return out;
}

/** Per zone: data plane and namespace-wide mTLS mode of the emitted objects, and open egress. */
function zoneModes(
  base: IrTopology,
  profile: EmittedProfile,
  resolve: (p: IrPeer, side: 'source' | 'destination') => ResolvedEndpoint | undefined,
  named: (kind: string, what: string) => string,
): Map<string, string> {
  const auths = profile.policies.ofKind('PeerAuthentication');
  const modeIn = (namespace: string): string | undefined => {
    const wide = auths.find((a) => a.metadata.namespace === namespace && !spec(a).selector);
    const mtls = wide ? (spec(wide).mtls as { mode?: string } | undefined)?.mode : undefined;
    return mtls;
  };
  const out = new Map<string, string>();
  for (const z of base.zones) {
    const tiers = base.workloads.filter((w) => !w.system && w.zone === z.id);
    const planes = new Set<Dataplane>(
      tiers.map((w) => {
        const pod = profile.cluster.pods.find((p) => p.namespace === w.namespace && p.name === w.name);
        return pod?.dataplane ?? 'none';
      }),
    );
    const plane = [...planes].sort().join('+') || 'none';
    const parts = [plane === 'none' ? 'no mesh' : plane];
    if (plane !== 'none')
      parts.push(`mTLS ${modeIn(z.namespace) ?? modeIn(base.mesh.rootNamespace) ?? 'default (PERMISSIVE)'}`);
    const open = tiers.filter((w) => {
      const source = resolve({ kind: 'workload', workload: w.id }, 'source');
      return source !== undefined && profile.evaluate(source, publicEndpoint(), UNLISTED_PORT, 'TCP').allowed;
    });
    if (open.length > 0)
      parts.push(
        named(
          'EGRESS_UNENFORCED',
          `egress open${open.length < tiers.length ? ` for ${open.length}/${tiers.length} tiers` : ''}`,
        ),
      );
    out.set(z.id, parts.join(' · '));
  }
  return out;
}

function spec(o: KubeObject): { [key: string]: unknown } {
  return (o.spec ?? {}) as { [key: string]: unknown };
}

function publicEndpoint(): ResolvedEndpoint {
  return { text: `ip:${PUBLIC_PROBE}`, endpoint: { kind: 'ip', ip: PUBLIC_PROBE } };
}

/** A peer narrowed to one endpoint the engine can ask about: a CIDR block to one address inside it, DNS names to the first exact one. */
function representative(p: IrPeer): IrPeer {
  if (p.kind === 'cidr') {
    if (p.cidr.startsWith('0.0.0.0/')) return { kind: 'cidr', cidr: `${PUBLIC_PROBE}/32`, except: [] };
    const [address, prefix] = p.cidr.split('/');
    if (address.includes(':') || Number(prefix) >= 31)
      return { ...p, cidr: `${address}/${address.includes(':') ? 128 : 32}`, except: [] };
    const octets = address.split('.').map(Number);
    octets[3] = octets[3] + 1;
    return { kind: 'cidr', cidr: `${octets.join('.')}/32`, except: [] };
  }
  if (p.kind === 'fqdn') {
    const exact = p.names.find((n) => n.kind === 'exact');
    return exact ? { kind: 'fqdn', names: [exact] } : p;
  }
  return p;
}

/** The numeric ports to probe for a rule: its own, or the destination tier's when it names none. */
function probePorts(base: IrTopology, rule: IrRule): { port: number; protocol: 'TCP' | 'UDP' | 'SCTP' }[] {
  const own = rule.ports
    .filter((p): p is IrPort & { port: number } => p.port !== undefined)
    .map((p) => ({ port: p.port, protocol: p.protocol }));
  if (own.length > 0 || rule.ports.length > 0) return own;
  const to = rule.to;
  if (to.kind !== 'workload') return [{ port: 443, protocol: 'TCP' }];
  return (base.workloads.find((w) => w.id === to.workload)?.ports ?? []).map((p) => ({
    port: p.port,
    protocol: p.protocol,
  }));
}

function portsText(ports: readonly IrPort[]): string {
  return ports.length === 0 ? 'any port' : ports.map(describePort).join(', ');
}
