import type { Finding } from '../finding';
import type { JsonObject } from '../json-value';
import { checkCiliumPolicy } from './cilium';
import { checkNetworkPolicy } from './networkpolicy';

/**
 * The registry of built-in checks: validation that the API server (or, for Cilium, the agent) performs beyond
 * the schema, per apiVersion and kind.
 */

/** A built-in check of one manifest. */
export type BuiltinCheck = (doc: JsonObject) => Finding[];

const CHECKS: ReadonlyMap<string, BuiltinCheck> = new Map<string, BuiltinCheck>([
  ['networking.k8s.io/v1 NetworkPolicy', checkNetworkPolicy],
  ['cilium.io/v2 CiliumNetworkPolicy', (doc) => checkCiliumPolicy(doc, true)],
  ['cilium.io/v2 CiliumClusterwideNetworkPolicy', (doc) => checkCiliumPolicy(doc, false)],
]);

/** The built-in check of a kind, when there is one. */
export function builtinCheckFor(apiVersion: string, kind: string): BuiltinCheck | undefined {
  return CHECKS.get(`${apiVersion} ${kind}`);
}
