/**
 * Reports of a topology: the connectivity its emitted manifests allow per profile (as the verify
 * engine evaluates them), a Mermaid diagram of the intent, widenings and warnings.
 */
export { renderReport } from './render';
export { writeReports } from './write';
export { renderMermaid } from './mermaid';
export { connectivityMatrix } from './matrix';
export type { ConnectivityMatrix, MatrixRow } from './matrix';
export { EmittedProfile } from './emitted-profile';
export type { ResolvedEndpoint } from './emitted-profile';
