/** Data plane modes a scenario's workloads may run. */
export const MESH_MODES = ['none', 'sidecar', 'ambient'] as const;

/** A data plane mode of `--mesh`. */
export type MeshOption = (typeof MESH_MODES)[number];

/** A command line that cannot be run: printed with the usage, exit status 2. */
export class UsageError extends Error {}
