/** Data plane modes a scenario's workloads may run. */
export const MESH_MODES = ['none', 'sidecar', 'ambient'] as const;

/** A data plane mode of `--mesh`. */
export type MeshOption = typeof MESH_MODES[number];

/** What the command line asks for. */
export type Command =
  | { readonly kind: 'help' }
  | {
    readonly kind: 'verify';
    /** Files and directories, in the order given. */
    readonly paths: readonly string[];
    readonly probes?: string;
    readonly profile?: string;
    readonly mesh?: MeshOption;
  };

/** A command line that cannot be run: printed with the usage, exit status 2. */
export class UsageError extends Error {}

/** The help text. */
export const USAGE = `Usage: cdk8s-zerotrust verify <file or directory>... [--probes <scenario.yaml>] [--profile <name>] [--mesh none|sidecar|ambient]

Validates every Kubernetes document of the given .yaml, .yml and .json files (directories are
read recursively, in sorted order) against the vendored schemas and, with --probes, evaluates
the probes of a scenario file over the policies of those files.

Options:
  --probes <file>   a scenario file (namespaces, workloads, probes); its namespaces and
                    workloads join those found in the files
  --profile <name>  the layers that enforce the files: kubernetes, cilium, istio, cilium+istio
                    (cilium-istio works too; gateway-api enforces nothing and is ignored)
                    default: inferred from the kinds present
  --mesh <mode>     data plane of the scenario's workloads: none, sidecar or ambient
                    default: none without istio; with istio, ambient when a namespace of the
                    files or the scenario is enrolled in ambient, sidecar otherwise
  -h, --help        show this help

Exit status: 0 when every check passes, 1 when one fails, 2 on a usage or input error.
`;

const VALUE_OPTIONS = ['--probes', '--profile', '--mesh'] as const;
type ValueOption = typeof VALUE_OPTIONS[number];

/**
 * Parses the arguments after the program name. `--name value` and `--name=value` are both
 * accepted; `--` ends the options. Throws `UsageError` with a one-line reason.
 */
export function parseArgs(argv: readonly string[]): Command {
  if (argv.some((a) => a === '--help' || a === '-h')) return { kind: 'help' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command: verify');
  if (command !== 'verify') throw new UsageError(`unknown command '${command}' (the only command is verify)`);
  const paths: string[] = [];
  const values: Partial<Record<ValueOption, string>> = {};
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
    if (!isValueOption(name)) throw new UsageError(`unknown option '${name}'`);
    if (values[name] !== undefined) throw new UsageError(`${name} is given twice`);
    const value = eq >= 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
    values[name] = value;
  }
  if (paths.length === 0) throw new UsageError('verify needs at least one file or directory');
  const mesh = values['--mesh'];
  if (mesh !== undefined && !isMeshOption(mesh)) throw new UsageError(`--mesh must be one of ${MESH_MODES.join(', ')}, not '${mesh}'`);
  return {
    kind: 'verify',
    paths,
    ...(values['--probes'] !== undefined ? { probes: values['--probes'] } : {}),
    ...(values['--profile'] !== undefined ? { profile: values['--profile'] } : {}),
    ...(mesh !== undefined ? { mesh } : {}),
  };
}

function isValueOption(name: string): name is ValueOption {
  return (VALUE_OPTIONS as readonly string[]).includes(name);
}

function isMeshOption(value: string): value is MeshOption {
  return (MESH_MODES as readonly string[]).includes(value);
}
