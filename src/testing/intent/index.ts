/**
 * The intent side of verification: the connectivity a model declares, computed from its IR, and
 * the cluster the model describes, against which emitted manifests are judged.
 */
export { explainIntent, intentAllows } from './intent';
export type { IntentOptions, IntentVerdict } from './intent';
export { routeRules } from './routes';
export { clusterFromIr } from './world';
export type { PlannedProfile } from './world';
