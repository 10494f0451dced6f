import { CalicoLayer } from './calico/layer';
import { CiliumLayer } from './cilium/layer';
import { KubernetesLayer } from './kubernetes/layer';
import { LayerFactory, PolicyLayer } from './layer';
import { VerifyOptions } from './options';
import { PolicySet } from './policy-set';
import { parseProfile, Profile } from './profile';

/**
 * The CNI layers this engine implements. `cilium` and `calico` also enforce NetworkPolicy (one
 * enforcement point).
 */
const CNI_LAYERS: { readonly [name: string]: LayerFactory } = {
  calico: CalicoLayer.create,
  cilium: CiliumLayer.create,
  kubernetes: KubernetesLayer.create,
};

/** Mesh layer names a profile may use even before their module registers them. */
const KNOWN_MESH_LAYERS: readonly string[] = ['istio', 'linkerd'];

const meshLayers = new Map<string, LayerFactory>();

/**
 * Registers the evaluator of a mesh layer (e.g. `istio`), so that profiles naming it can be
 * evaluated. The mesh module calls this when it is imported; registering a name again replaces
 * the previous factory.
 */
export function registerMeshLayer(name: string, factory: LayerFactory): void {
  if (CNI_LAYERS[name]) throw new Error(`'${name}' is a CNI layer and cannot be registered as a mesh layer`);
  meshLayers.set(name, factory);
}

/** Every layer name a profile may contain, sorted. */
export function knownLayerNames(): string[] {
  return [...new Set([...Object.keys(CNI_LAYERS), ...KNOWN_MESH_LAYERS, ...meshLayers.keys()])].sort();
}

/** Parses a profile name against the known layer names (see `parseProfile`). */
export function profileOf(input: string | readonly string[] | Profile): Profile {
  return typeof input === 'object' && 'layers' in input ? input : parseProfile(input, knownLayerNames());
}

/**
 * The enforcement layers of a profile, CNI first. A profile naming `cilium` or `calico` and
 * `kubernetes` has one CNI, Cilium or Calico, which enforces the NetworkPolicies too (a profile
 * naming both Cilium and Calico takes Cilium). A profile with no CNI
 * layer (`istio`) has no CNI enforcement: the CNI allows everything. Throws when a mesh layer of
 * the profile is not registered.
 */
export function layersOf(profile: Profile, policies: PolicySet, options: VerifyOptions): PolicyLayer[] {
  const out: PolicyLayer[] = [];
  const cni = ['cilium', 'calico', 'kubernetes'].find((name) => profile.layers.includes(name));
  if (cni) out.push(CNI_LAYERS[cni](policies, options));
  for (const name of profile.layers) {
    if (CNI_LAYERS[name]) continue;
    const factory = meshLayers.get(name);
    if (!factory) {
      throw new Error(`profile '${profile.name}' needs the '${name}' layer, but no evaluator is registered for it: `
        + `import its module (which calls registerMeshLayer('${name}', ...)) before evaluating`);
    }
    out.push(factory(policies, options));
  }
  return out;
}
