import { IConstruct } from 'constructs';

/** Brands that let constructs find their enclosing Topology / Zone / Tier without import cycles. */
export const TOPOLOGY_BRAND = Symbol.for('cdk8s-zerotrust.Topology');
/** Brand of a Zone. */
export const ZONE_BRAND = Symbol.for('cdk8s-zerotrust.Zone');
/** Brand of a Tier. */
export const TIER_BRAND = Symbol.for('cdk8s-zerotrust.Tier');

/** True when the construct carries the brand. */
export function hasBrand(c: IConstruct, brand: symbol): boolean {
  return (c as unknown as { [k: symbol]: unknown })[brand] === true;
}

/** Marks a construct with a brand. */
export function brand(c: IConstruct, b: symbol): void {
  Object.defineProperty(c, b, { value: true, enumerable: false });
}

/** The nearest enclosing construct (self included) carrying the brand. */
export function findEnclosing(c: IConstruct, b: symbol): IConstruct | undefined {
  for (const s of [...c.node.scopes].reverse()) {
    if (hasBrand(s, b)) return s;
  }
  return undefined;
}

/** What a topology offers its members (duck-typed to avoid an import cycle). */
interface MemberHost {
  _registerMember(path: string): void;
  _diagnosticsAt(path: string): string[];
}

/**
 * Registers a model construct with its topology: its problems are reported at synth under its
 * own construct path. A construct outside any topology reports that instead.
 */
export function registerMember(c: IConstruct, kind: string): void {
  const host = findEnclosing(c, TOPOLOGY_BRAND) as unknown as MemberHost | undefined;
  const path = c.node.path; // fixed once the construct exists; cdk8s validates every construct once per chart
  host?._registerMember(path);
  c.node.addValidation({
    validate: () => host ? host._diagnosticsAt(path)
      : [`ZT120: ${kind} is not inside a Topology. Create it within a Topology (zones in the topology, tiers in a zone)`],
  });
}
