import { App } from 'cdk8s';
import {
  EgressFqdn,
  HttpMatch,
  MeshMode,
  MeshMtls,
  MtlsMode,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Widening,
  Zone,
} from '../src';
import { SyntheticSpec, TIER_PORT } from './synthetic-spec';

/** Which profiles a benchmark topology emits. */
export type ProfileSet = 'kubernetes' | 'all';

/** Name of the benchmark topology (and prefix of its charts). */
export const TOPOLOGY_NAME = 'bench';

/**
 * The profiles of a benchmark topology: the kubernetes profile alone (accepting L7_TO_L4 and
 * FQDN_TO_PUBLIC_CIDR), or all four (istio accepting EGRESS_UNENFORCED and NON_TCP_UNENFORCED).
 */
export function benchProfiles(set: ProfileSet): Profile[] {
  const kubernetes = Profile.kubernetes({ accept: [Widening.L7_TO_L4, Widening.FQDN_TO_PUBLIC_CIDR] });
  if (set === 'kubernetes') return [kubernetes];
  // A mesh-only profile enforces neither egress nor non-TCP ingress: istio accepts both, as reported widenings.
  return [
    kubernetes,
    Profile.cilium(),
    Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] }),
    Profile.ciliumIstio(),
  ];
}

/**
 * Writes a synthetic topology with the library's constructs, as an application team would: one
 * Zone per zone (STRICT mTLS on the marked ones), one Tier per tier, `allowFrom` per edge, an
 * EgressFqdn where the tier has one. Warnings are kept silent (widenings are expected here).
 */
export function buildZeroTrust(app: App, spec: SyntheticSpec, profiles: ProfileSet): Topology {
  const topology = new Topology(app, TOPOLOGY_NAME, {
    mesh: MeshMode.SIDECAR,
    profiles: benchProfiles(profiles),
    warnings: WarningMode.SILENT,
  });
  const zones = spec.zones.map((z) => {
    const zone = new Zone(topology, z.name);
    if (z.mtls) new MeshMtls(zone, 'mtls', { mode: MtlsMode.STRICT });
    return zone;
  });
  const tiers = spec.tiers.map((t) => {
    const tier = new Tier(zones[t.zone], t.name, {
      selector: { app: t.name },
      serviceAccount: t.name,
      ports: [Port.tcp(TIER_PORT)],
    });
    if (t.fqdn) new EgressFqdn(tier, 'fqdn', { names: [t.fqdn], ports: [Port.HTTPS] });
    return tier;
  });
  for (const e of spec.edges) {
    const http = e.http?.map((h) => (h.method === 'GET' ? HttpMatch.get(h.path) : HttpMatch.post(h.path)));
    tiers[e.to].allowFrom(tiers[e.from], { ports: [Port.tcp(TIER_PORT)], ...(http ? { http } : {}) });
  }
  return topology;
}
