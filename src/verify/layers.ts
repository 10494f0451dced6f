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

/**
 * The policy kinds (`<API group> <kind>`) each layer evaluates: what shows that a set of files is
 * written for it. The engine's own copy of these facts (it never reads the compiler's targets).
 */
const POLICY_KINDS: { readonly [layer: string]: readonly string[] } = {
  cilium: ['cilium.io CiliumNetworkPolicy', 'cilium.io CiliumClusterwideNetworkPolicy'],
  kubernetes: ['networking.k8s.io NetworkPolicy'],
  istio: ['security.istio.io AuthorizationPolicy', 'security.istio.io PeerAuthentication'],
  calico: ['projectcalico.org NetworkPolicy', 'projectcalico.org GlobalNetworkPolicy', 'projectcalico.org Tier'],
  linkerd: [
    'policy.linkerd.io Server',
    'policy.linkerd.io ServerAuthorization',
    'policy.linkerd.io AuthorizationPolicy',
    'policy.linkerd.io MeshTLSAuthentication',
    'policy.linkerd.io NetworkAuthentication',
    'policy.linkerd.io HTTPRoute',
  ],
};

/**
 * Kinds a layer also evaluates without their presence showing that files are written for it: the
 * CNIs that enforce NetworkPolicy beside their own kinds, and the cluster-wide network-policy-api
 * tiers the NetworkPolicy layer applies around NetworkPolicies.
 */
const ALSO_READS: { readonly [layer: string]: readonly string[] } = {
  cilium: ['networking.k8s.io NetworkPolicy'],
  calico: ['networking.k8s.io NetworkPolicy'],
  kubernetes: [
    'policy.networking.k8s.io AdminNetworkPolicy',
    'policy.networking.k8s.io BaselineAdminNetworkPolicy',
    'policy.networking.k8s.io ClusterNetworkPolicy',
  ],
};

/**
 * The layer whose probes a layer answers for: scenario probes name the layers they were written
 * for (`targets: [kubernetes, cilium, istio]`), and a layer added later that enforces the same
 * thing is held to them — Calico to the L3/L4 probes of NetworkPolicy, Linkerd to the identity
 * and L7 probes of Istio.
 */
const PROBE_STAND_INS: { readonly [layer: string]: string } = { calico: 'kubernetes', linkerd: 'istio' };

/** The layer whose scenario probes `layer` must also pass, if any (`calico` → `kubernetes`). */
export function probeStandIn(layer: string): string | undefined {
  return PROBE_STAND_INS[layer];
}

/** Layer names of profiles that enforce nothing (they route traffic): evaluation leaves them out. */
const NON_ENFORCING_LAYERS: readonly string[] = ['gateway-api', 'ingress'];

/** CNI layer names, the one that enforces the others' policies too first. */
const CNI_PRECEDENCE: readonly string[] = ['cilium', 'calico', 'kubernetes'];

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

/** True when the layer is a CNI layer (`cilium`, `kubernetes`), false for a mesh layer. */
export function isCniLayer(name: string): boolean {
  return CNI_LAYERS[name] !== undefined;
}

/** True when a profile may name the layer although it enforces nothing (`gateway-api`, `ingress`). */
export function isNonEnforcingLayer(name: string): boolean {
  return NON_ENFORCING_LAYERS.includes(name);
}

/** Every policy kind (`<API group> <kind>`) some layer of this engine evaluates. */
export function modelledPolicyKinds(): ReadonlySet<string> {
  return new Set([...Object.values(POLICY_KINDS).flat(), ...Object.values(ALSO_READS).flat()]);
}

/** Every policy kind (`<API group> <kind>`) a layer evaluates: its own, and those it also reads. */
export function kindsReadBy(layer: string): readonly string[] {
  return [...(POLICY_KINDS[layer] ?? []), ...(ALSO_READS[layer] ?? [])];
}

/** The policy kinds (`<API group> <kind>`) a layer evaluates; none for an unknown layer. */
export function policyKindsOf(layer: string): readonly string[] {
  return POLICY_KINDS[layer] ?? [];
}

/**
 * The CNI layers by precedence: a profile naming several has one CNI, the first (Cilium enforces
 * NetworkPolicy too).
 */
export function cniLayersByPrecedence(): readonly string[] {
  return CNI_PRECEDENCE;
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
  const cni = CNI_PRECEDENCE.find((name) => profile.layers.includes(name));
  if (cni) out.push(CNI_LAYERS[cni](policies, options));
  for (const name of profile.layers) {
    if (CNI_LAYERS[name]) continue;
    const factory = meshLayers.get(name);
    if (!factory) {
      throw new Error(
        `profile '${profile.name}' needs the '${name}' layer, but no evaluator is registered for it: ` +
          `import its module (which calls registerMeshLayer('${name}', ...)) before evaluating`,
      );
    }
    out.push(factory(policies, options));
  }
  return out;
}
