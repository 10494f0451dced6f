import { ClusterInfo } from '../verify/cluster';
import { recordOf } from '../verify/json';
import {
  cniLayersByPrecedence,
  isCniLayer,
  isNonEnforcingLayer,
  knownLayerNames,
  policyKindsOf,
  profileOf,
} from '../verify/layers';
import { Profile } from '../verify/profile';
import { KubeObject } from '../verify/policy-set';
import { MeshOption } from './options';

/** A profile and why it was chosen. */
export interface ChosenProfile {
  readonly profile: Profile;
  /** `given`, or the reason of the inference. */
  readonly reason: string;
}

/**
 * The profile named by `--profile` (`cilium+istio`, `cilium-istio`; `gateway-api` is dropped as
 * it enforces nothing), or the one the kinds present imply: Cilium policies → cilium, else
 * NetworkPolicy → kubernetes; plus istio when Istio AuthorizationPolicy or PeerAuthentication is
 * present (same-named kinds of other API groups do not count). Throws on an unknown layer name.
 */
export function chooseProfile(given: string | undefined, objects: readonly KubeObject[]): ChosenProfile {
  if (given !== undefined) return { profile: profileOf(withoutNonEnforcing(given)), reason: 'given' };
  const kinds = new Set(objects.map((o) => `${o.apiVersion.split('/')[0]} ${o.kind}`));
  const present = (layer: string) =>
    policyKindsOf(layer)
      .filter((k) => kinds.has(k))
      .map((k) => k.split(' ')[1]);
  const cni = cniLayersByPrecedence().find((layer) => present(layer).length > 0);
  const meshes = knownLayerNames().filter((layer) => !isCniLayer(layer) && present(layer).length > 0);
  const layers = [...(cni ? [cni] : []), ...meshes];
  if (layers.length === 0) return { profile: profileOf('kubernetes'), reason: 'no policy kind is present' };
  const seen = layers.flatMap(present).sort();
  return { profile: profileOf(layers), reason: `inferred from the kinds present: ${seen.join(', ')}` };
}

/**
 * The data plane of the scenario's workloads: the one given, else `none` for a profile without
 * istio, else `ambient` when a namespace (of the files or the scenario) is enrolled in ambient or
 * the files declare a waypoint, else `sidecar`.
 */
export function chooseMesh(
  given: MeshOption | undefined,
  profile: Profile,
  objects: readonly KubeObject[],
  scenario: ClusterInfo,
): { mesh: MeshOption; reason: string } {
  if (given !== undefined) return { mesh: given, reason: 'given' };
  if (profile.layers.every(isCniLayer)) return { mesh: 'none', reason: 'the profile has no mesh layer' };
  const enrolled =
    objects.some((o) => o.kind === 'Namespace' && o.metadata.labels?.['istio.io/dataplane-mode'] === 'ambient') ||
    scenario.namespaces.some((n) => n.labels['istio.io/dataplane-mode'] === 'ambient');
  const waypoint = objects.some((o) => o.kind === 'Gateway' && recordOf(o.spec).gatewayClassName === 'istio-waypoint');
  if (enrolled || waypoint)
    return { mesh: 'ambient', reason: enrolled ? 'a namespace is enrolled in ambient' : 'a waypoint is declared' };
  return { mesh: 'sidecar', reason: 'no namespace is enrolled in ambient' };
}

/** A profile name without the layers that enforce nothing (`gateway-api`). */
function withoutNonEnforcing(name: string): string {
  return name
    .split('+')
    .map((part) => withoutNonEnforcingPieces(part.split('-')).join('-'))
    .filter((part) => part !== '')
    .join('+');
}

/** Drops every run of `-`-separated pieces that spells a non-enforcing layer name. */
function withoutNonEnforcingPieces(pieces: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < pieces.length) {
    let j = pieces.length;
    while (j > i && !isNonEnforcingLayer(pieces.slice(i, j).join('-'))) j--;
    if (j > i) {
      i = j;
      continue;
    }
    out.push(pieces[i]);
    i++;
  }
  return out;
}
