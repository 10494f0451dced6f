import { ClusterInfo, Flow, LayerDecision, Verdict } from './cluster';
import { PolicyLayer } from './layer';
import { layersOf, profileOf } from './layers';
import { cniHops, MeshObjects, meshObjectsOf } from './mesh-path';
import { VerifyOptions } from './options';
import { PolicySet } from './policy-set';
import { Profile } from './profile';

const DEFAULT_OPTIONS: VerifyOptions = Object.freeze({});

/**
 * Evaluates flows against the policies of one profile on one cluster. Layers are built once;
 * build one verifier and call `evaluate` many times.
 *
 * Composition (DESIGN §3): inside one enforcement point, policies form a union (Cilium enforces
 * NetworkPolicy and Cilium policies together); across enforcement points (the CNI, then the mesh)
 * a flow must pass every point. The CNI judges the flow as it sees it under the mesh (`cniHops`:
 * HBONE on 15008, waypoint hops, mTLS payloads); the mesh judges the original flow. A profile
 * without a CNI layer (`istio`) has no CNI enforcement.
 */
export class Verifier {
  public readonly profile: Profile;
  public readonly layers: readonly PolicyLayer[];

  /**
   * @param profile a profile name such as `cilium+istio` (see `parseProfile`)
   * @throws when the profile names an unknown or unregistered layer
   */
  public constructor(
    public readonly policies: PolicySet,
    public readonly cluster: ClusterInfo,
    profile: string | readonly string[] | Profile,
    public readonly options: VerifyOptions = DEFAULT_OPTIONS,
  ) {
    this.profile = profileOf(profile);
    this.layers = cachedLayers(this.profile, policies, options);
  }

  /** The Gateways and Namespace labels among the policies: how the CNI path finds waypoints. */
  public get meshObjects(): MeshObjects {
    let objects = MESH_OBJECTS.get(this.policies);
    if (!objects) {
      objects = meshObjectsOf(this.policies.all());
      MESH_OBJECTS.set(this.policies, objects);
    }
    return objects;
  }

  /** May the flow happen? Allowed only when every enforcement point allows it. */
  public evaluate(flow: Flow): Verdict {
    const decisions = this.layers.map((layer) => this.layerDecision(layer, flow));
    return { allowed: decisions.every((d) => d.allowed), layers: decisions };
  }

  /**
   * One layer's decision: a CNI layer judges every hop of the flow as the CNI sees it under the
   * mesh (all must pass); a mesh layer judges the original flow.
   */
  public layerDecision(layer: PolicyLayer, flow: Flow): LayerDecision {
    if (layer.enforcementPoint !== 'cni') return layer.decide(flow, this.cluster);
    const hops = cniHops(flow, this.cluster, this.meshObjects);
    if (hops.length === 1 && hops[0] === flow) return layer.decide(flow, this.cluster);
    const decisions = hops.map((h) => layer.decide(h, this.cluster));
    return {
      layer: layer.name,
      allowed: decisions.every((d) => d.allowed),
      findings: decisions.flatMap((d) => d.findings),
    };
  }
}

/**
 * May `flow` happen on `cluster` under `policies`, for the layers of `profile`? Returns the
 * verdict with each layer's decision and the objects and rules that decided.
 * @example evaluate({ source: { kind: 'pod', pod: web }, destination: { kind: 'pod', pod: api }, port: 8080, protocol: 'TCP' }, policies, cluster, 'cilium')
 */
export function evaluate(
  flow: Flow,
  policies: PolicySet,
  cluster: ClusterInfo,
  profile: string | readonly string[] | Profile,
  options?: VerifyOptions,
): Verdict {
  return new Verifier(policies, cluster, profile, options).evaluate(flow);
}

const MESH_OBJECTS = new WeakMap<PolicySet, MeshObjects>();

const LAYER_CACHE = new WeakMap<PolicySet, WeakMap<VerifyOptions, Map<string, readonly PolicyLayer[]>>>();

function cachedLayers(profile: Profile, policies: PolicySet, options: VerifyOptions): readonly PolicyLayer[] {
  let byOptions = LAYER_CACHE.get(policies);
  if (!byOptions) {
    byOptions = new WeakMap();
    LAYER_CACHE.set(policies, byOptions);
  }
  let byProfile = byOptions.get(options);
  if (!byProfile) {
    byProfile = new Map();
    byOptions.set(options, byProfile);
  }
  let layers = byProfile.get(profile.name);
  if (!layers) {
    layers = layersOf(profile, policies, options);
    byProfile.set(profile.name, layers);
  }
  return layers;
}
