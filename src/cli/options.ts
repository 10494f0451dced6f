/** Data plane modes a scenario's workloads may run. */
export const MESH_MODES = ['none', 'sidecar', 'ambient'] as const;

/** A data plane mode of `--mesh`. */
export type MeshOption = (typeof MESH_MODES)[number];

/** A command line that cannot be run: printed with the usage, exit status 2. */
export class UsageError extends Error {}

/**
 * Splits the arguments after a command into paths and `--name value` / `--name=value` options
 * (`--` ends the options; `-` is a path). An option outside `allowed` throws `unknown(name)`; one
 * given twice throws, unless it is `repeatable` (each value is then kept, in order).
 */
export function splitOptions<V extends string>(
  rest: readonly string[],
  allowed: readonly V[],
  unknown: (name: string) => string,
  repeatable: readonly V[] = [],
): { paths: string[]; values: Partial<Record<V, string>>; repeated: Partial<Record<V, string[]>> } {
  const paths: string[] = [];
  const values: Partial<Record<V, string>> = {};
  const repeated: Partial<Record<V, string[]>> = {};
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const option = allowed.find((o) => o === name);
    if (option === undefined) throw new UsageError(unknown(name));
    const many = repeatable.includes(option);
    if (values[option] !== undefined && !many) throw new UsageError(`${option} is given twice`);
    const value = eq >= 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`${option} needs a value`);
    values[option] = value;
    if (many) repeated[option] = [...(repeated[option] ?? []), value];
  }
  return { paths, values, repeated };
}
