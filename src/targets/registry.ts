import { calicoTarget } from './calico';
import { ciliumTarget } from './cilium';
import { gatewayApiTarget } from './gateway-api';
import { ingressTarget } from './ingress';
import { istioTarget } from './istio';
import { kubernetesTarget } from './kubernetes';
import { networkPolicyApiTarget } from './network-policy-api';
import { linkerdTarget } from './linkerd';
import { GatewayClassFacts } from '../ir/input';
import { Target } from './target';

/**
 * The only list of targets. Adding an enforcement layer (Calico, Linkerd, ...) is adding one
 * folder under src/targets (its descriptor, checks and render) and one line here.
 */
const BUILT_IN: readonly Target[] = [
  kubernetesTarget,
  ciliumTarget,
  calicoTarget,
  istioTarget,
  gatewayApiTarget,
  networkPolicyApiTarget,
  linkerdTarget,
  ingressTarget,
];

const custom = new Map<string, Target>();

/** Every registered target, built-in first, then custom ones by name. */
export function allTargets(): readonly Target[] {
  return [...BUILT_IN, ...[...custom.keys()].sort().map((k) => custom.get(k)!)];
}

/** The target with this name, or undefined. */
export function findTarget(name: string): Target | undefined {
  return BUILT_IN.find((t) => t.name === name) ?? custom.get(name);
}

/** Registers a custom target (an escape hatch); its name must be new. */
export function registerTarget(target: Target): void {
  if (findTarget(target.name)) throw new Error(`a target named '${target.name}' is already registered`);
  custom.set(target.name, target);
}

/** The facts of a gateway class, from the descriptor of the target that implements it. */
export function gatewayClassFacts(className: string): GatewayClassFacts | undefined {
  for (const t of allTargets()) {
    const found = t.gatewayClasses?.find((c) => c.className === className);
    if (found) return found;
  }
  return undefined;
}

/** Targets that join every profile of a topology that declares ingress gateways or routes. */
export function targetsJoiningRoutedProfiles(): readonly Target[] {
  return allTargets().filter((t) => t.joinsProfilesWithRoutes === true);
}
