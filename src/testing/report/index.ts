/**
 * Reports of a topology: Mermaid diagrams of the intent (a zone overview and one per part of a
 * zone once one diagram would not be legible), per profile what its emitted manifests allow as
 * the verify engine judges them (differences from the intent drawn apart and listed), widenings
 * and warnings.
 */
export { renderReport } from './render';
export { writeReports } from './write';
export { renderMermaid } from './mermaid';
export { connectivityMatrix } from './matrix';
export type { ConnectivityMatrix, MatrixRow } from './matrix';
export { EmittedProfile } from './emitted-profile';
export type { ResolvedEndpoint } from './emitted-profile';
