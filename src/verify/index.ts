/**
 * The verify engine: reads manifests (emitted or hand-written) and answers "may A reach B on
 * port P (with request R)?" for a profile of enforcement layers, explaining which object and rule
 * decided. It never imports the compiler (src/model, src/ir, src/plan, src/targets): it is an independent check.
 */
export * from './cluster';
export { allPairs, ReachabilityMatrix } from './all-pairs';
export type { PortProbe } from './all-pairs';
export { CalicoLayer } from './calico/layer';
export { CalicoSelectorError, calicoSelectorMatches, parseCalicoSelector } from './calico/selector';
export type { CalicoSelector } from './calico/selector';
export { CiliumLayer } from './cilium/layer';
export { evaluate, Verifier } from './evaluate';
export { formatFinding, formatVerdict } from './format';
export { groupIdentities, identityKey } from './identity';
export type { Identity } from './identity';
export { KubernetesLayer } from './kubernetes/layer';
export type { BulkDecider, EnforcementPoint, LayerFactory, LayerFlow, Payload, PolicyLayer } from './layer';
export { knownLayerNames, layersOf, profileOf, registerMeshLayer } from './layers';
export {
  clusterFromObjects,
  dataplaneOf,
  loadManifests,
  mergeClusters,
  parseManifests,
  policiesFromObjects,
  readManifests,
  waypointPod,
} from './load';
export type { LoadedManifests } from './load';
export { parseLabelSelector, selectorMatches } from './match/label-selector';
export type { LabelRequirement, LabelSelector } from './match/label-selector';
export {
  AMBIENT_HEALTH_PROBE_SOURCE,
  cniHops,
  HBONE_PORT,
  healthProbeFlow,
  MeshObjects,
  meshObjectsOf,
  meshRoute,
  NO_MESH_OBJECTS,
  waypointOf,
  WaypointQuery,
} from './mesh-path';
export type { MeshRoute, Waypoint } from './mesh-path';
export { DEFAULT_DNS_SERVER_LABELS } from './options';
export type { VerifyOptions } from './options';
export { isKubeObject, objectRef, PolicySet } from './policy-set';
export type { KubeObject } from './policy-set';
export { EXTERNAL_PROBE_SOURCE, parseProbes, probeApplies, runProbes } from './probes';
export type { Probe, ProbeResult, RunProbesOptions } from './probes';
export { parseProfile } from './profile';
export type { Profile } from './profile';
export { clusterFromScenario, parsePortSpec } from './scenario';
export type { ScenarioOptions } from './scenario';
