import { Prng } from './prng';

/** The port every synthetic tier serves (and every edge allows). */
export const TIER_PORT = 8080;
/** Tiers per zone: a topology of N tiers has N / 20 zones. */
export const TIERS_PER_ZONE = 20;
/** Inbound edges per tier. */
export const INBOUND_EDGES = 3;
/** Share of edges that carry HTTP rules. */
export const HTTP_SHARE = 0.1;
/** Share of tiers with FQDN egress. */
export const FQDN_SHARE = 0.05;
/** Share of zones with STRICT mTLS. */
export const MTLS_SHARE = 0.5;
/** Chance that an inbound edge comes from the destination's own zone (locality, as in real services). */
export const SAME_ZONE_SHARE = 0.7;

/** A zone of a synthetic topology: its namespace and whether it has STRICT mTLS. */
export interface SyntheticZone {
  readonly name: string;
  readonly mtls: boolean;
}

/** A tier of a synthetic topology: selector `app: <name>`, service account `<name>`, TCP `TIER_PORT`. */
export interface SyntheticTier {
  readonly name: string;
  /** Index into `zones`. */
  readonly zone: number;
  /** DNS name the tier may reach on HTTPS, when it has FQDN egress. */
  readonly fqdn?: string;
}

/** One HTTP rule of an edge. */
export interface SyntheticHttpRule {
  readonly method: 'GET' | 'POST';
  readonly path: string;
}

/** An edge: tier `from` may open connections to tier `to` on `TIER_PORT` (optionally only these HTTP requests). */
export interface SyntheticEdge {
  /** Index into `tiers`. */
  readonly from: number;
  /** Index into `tiers`. */
  readonly to: number;
  readonly http?: readonly SyntheticHttpRule[];
}

/** A synthetic topology as plain data, independent of any construct library. */
export interface SyntheticSpec {
  readonly tiersCount: number;
  readonly seed: number;
  readonly zones: readonly SyntheticZone[];
  readonly tiers: readonly SyntheticTier[];
  /** Sorted by destination, then source. */
  readonly edges: readonly SyntheticEdge[];
}

/** Default seed of the benchmark. */
export const DEFAULT_SEED = 20240601;

/**
 * Generates a topology of `n` tiers over `n / 20` zones, deterministically from `seed`: each tier
 * receives 3 edges on TCP 8080 from distinct tiers (70% from its own zone), 10% of edges carry
 * HTTP rules, 5% of tiers have FQDN egress and half of the zones STRICT mTLS.
 */
export function generateSpec(n: number, seed: number = DEFAULT_SEED): SyntheticSpec {
  if (!Number.isInteger(n) || n < INBOUND_EDGES + 1)
    throw new Error(`need at least ${INBOUND_EDGES + 1} tiers (got ${n})`);
  const random = new Prng(seed);
  const zoneCount = Math.max(1, Math.round(n / TIERS_PER_ZONE));
  const mtlsZones = new Set(random.sample(zoneCount, Math.round(zoneCount * MTLS_SHARE)));
  const zones: SyntheticZone[] = Array.from({ length: zoneCount }, (_, z) => ({
    name: `z${pad(z, 3)}`,
    mtls: mtlsZones.has(z),
  }));

  const zoneOf = (t: number) => Math.floor((t * zoneCount) / n);
  const fqdnTiers = new Set(random.sample(n, Math.round(n * FQDN_SHARE)));
  const tiers: SyntheticTier[] = Array.from({ length: n }, (_, t) => ({
    name: `t${pad(t, 4)}`,
    zone: zoneOf(t),
    ...(fqdnTiers.has(t) ? { fqdn: `api-${pad(t, 4)}.example.com` } : {}),
  }));
  const zoneMembers: number[][] = zones.map(() => []);
  tiers.forEach((t, i) => zoneMembers[t.zone].push(i));

  const pairs: { from: number; to: number }[] = [];
  for (let to = 0; to < n; to++) {
    const members = zoneMembers[tiers[to].zone];
    const chosen = new Set<number>([to]);
    while (chosen.size <= INBOUND_EDGES) {
      const local = members.length > INBOUND_EDGES && random.next() < SAME_ZONE_SHARE;
      const from = local ? members[random.below(members.length)] : random.below(n);
      if (chosen.has(from)) continue;
      chosen.add(from);
      pairs.push({ from, to });
    }
  }
  pairs.sort((a, b) => a.to - b.to || a.from - b.from);
  const httpEdges = new Set(random.sample(pairs.length, Math.round(pairs.length * HTTP_SHARE)));
  const edges = pairs.map((p, i): SyntheticEdge =>
    httpEdges.has(i)
      ? {
          ...p,
          http: [
            { method: 'GET', path: `/api/v1/${tiers[p.to].name}/items` },
            { method: 'POST', path: `/api/v1/${tiers[p.to].name}/orders` },
          ],
        }
      : p,
  );
  return { tiersCount: n, seed, zones, tiers, edges };
}

function pad(i: number, width: number): string {
  return String(i).padStart(width, '0');
}
