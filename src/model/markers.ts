import { Construct, IConstruct } from 'constructs';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { describeValue } from '../validation/input';

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
    validate: () =>
      host
        ? host._diagnosticsAt(path)
        : [
            `ZT120: ${kind} is not inside a Topology. Create it within a Topology (zones in the topology, tiers in a zone)`,
          ],
  });
}

/**
 * The id a construct of this library is created with, checked before the constructs library
 * sees it: a scope that is not a construct, an id that is not a string, or an id already taken
 * in the scope is a coded error naming the scope, not a raw exception.
 */
export function freeId(scope: Construct, id: string, kind: string): string {
  if (!(scope instanceof Construct)) {
    throw new ZeroTrustError(
      ErrorCode.WRONG_TYPE,
      `${kind} '${String(id)}': its scope is ${describeValue(scope)}, not a construct. Pass the enclosing construct first, e.g. new ${kind}(zone, '${typeof id === 'string' ? id : 'name'}', ...)`,
    );
  }
  if (typeof id !== 'string' || id.length === 0) {
    throw new ZeroTrustError(
      ErrorCode.WRONG_TYPE,
      `${kind} in '${scope.node.path}': its id is ${describeValue(id)}. Give a non-empty string id, e.g. new ${kind}(scope, 'api', ...)`,
    );
  }
  if (scope.node.tryFindChild(id)) {
    throw new ZeroTrustError(
      ErrorCode.DUPLICATE_ID,
      `${kind} '${id}': '${scope.node.path || 'the app'}' already has a construct with id '${id}'. Give each construct of one scope its own id`,
    );
  }
  return id;
}
