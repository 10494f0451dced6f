import { App } from 'cdk8s';
import { build } from '../../examples/three-tier/main';
import { Tier, Topology } from '../../src';

/** The three-tier example topology and its tiers, found by construct id. */
export interface ThreeTier {
  readonly shop: Topology;
  readonly frontend: Tier;
  readonly api: Tier;
  readonly redis: Tier;
}

/** Builds the three-tier example (examples/three-tier/main.ts) in a fresh app. */
export function threeTier(): ThreeTier {
  const shop = build(new App());
  const tier = (id: string): Tier => {
    const found = shop.node.findAll().filter((c): c is Tier => c instanceof Tier && c.node.id === id);
    if (found.length !== 1) throw new Error(`expected one tier '${id}', found ${found.length}`);
    return found[0];
  };
  return { shop, frontend: tier('frontend'), api: tier('backend-api'), redis: tier('redis') };
}
