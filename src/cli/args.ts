import { DiffCommand, ListCommand, parseDiff, parseList } from './flow-args';
import { ImportCommand, parseImport } from './import';
import { MESH_MODES, MeshOption, UsageError } from './options';

/** What the command line asks for. */
export type Command =
  | { readonly kind: 'help'; readonly topic?: 'list' | 'diff' | 'import' }
  | ListCommand
  | DiffCommand
  | ImportCommand
  | {
      readonly kind: 'verify';
      /** Files and directories, in the order given. */
      readonly paths: readonly string[];
      readonly probes?: string;
      readonly profile?: string;
      readonly mesh?: MeshOption;
      /** Policy kinds the engine does not model are reported but do not fail the run. */
      readonly allowUnmodelled?: boolean;
      /** Files larger than this many bytes are refused before they are read. */
      readonly maxFileSize?: number;
    };

/** The help text. */
export const USAGE = `Usage: cdk8s-zerotrust verify <file or directory>... [--probes <scenario.yaml>] [--profile <name>] [--mesh none|sidecar|ambient] [--allow-unmodelled] [--max-file-size <size>]
       cdk8s-zerotrust list <file or directory>... [options]     every allowed flow (list --help)
       cdk8s-zerotrust diff <old> <new> | --base <git-rev> [options]
                                                               flows a change opens and closes (diff --help)
       cdk8s-zerotrust import <file or directory>... [--output <main.ts>]
                                                               policies in, a TypeScript program out (import --help)

Validates every Kubernetes document of the given .yaml, .yml and .json files (directories are
read recursively, in sorted order) against the vendored schemas and, with --probes, evaluates
the probes of a scenario file over the policies of those files. Objects labelled
zerotrust.cdk8s.io/profile are evaluated per topology and profile, each group as its own
cluster (only those of the scenario's topology when the scenario has a name); files of
several clusters without that label are refused. Documents that fail their
schema are left out of the evaluation and named. Nothing checked is a failure.

Options:
  --probes <file>   a scenario file (namespaces, workloads, probes); its namespaces and
                    workloads join those found in the files
  --profile <name>  the layers that enforce the files: kubernetes, cilium, istio, cilium+istio
                    (cilium-istio works too; gateway-api enforces nothing and is ignored)
                    default: inferred from the kinds present
  --mesh <mode>     data plane of the scenario's workloads: none, sidecar or ambient
                    default: none without istio; with istio, ambient when a namespace of the
                    files or the scenario is enrolled in ambient, sidecar otherwise
  --allow-unmodelled
                    report policy kinds the engine does not model (AdminNetworkPolicy,
                    Calico, Linkerd, unknown *.networking.* and security.* kinds ...) as
                    warnings only; without it they fail the run, since the verdicts ignore them
  --max-file-size <size>
                    refuse files larger than this, before reading them: bytes, or with a
                    unit KiB, MiB, GiB (default 256MiB)
  -h, --help        show this help

Exit status: 0 when every check passes, 1 when one fails, 2 on a usage or input error.
`;

const VALUE_OPTIONS = ['--probes', '--profile', '--mesh', '--max-file-size'] as const;
const FLAG_OPTIONS = ['--allow-unmodelled'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

/**
 * Parses the arguments after the program name. `--name value` and `--name=value` are both
 * accepted; `--` ends the options. Throws `UsageError` with a one-line reason.
 */
export function parseArgs(argv: readonly string[]): Command {
  if (argv.some((a) => a === '--help' || a === '-h'))
    return argv[0] === 'list' || argv[0] === 'diff' || argv[0] === 'import'
      ? { kind: 'help', topic: argv[0] }
      : { kind: 'help' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command: verify, list, diff or import');
  if (command === 'list') return parseList(rest);
  if (command === 'diff') return parseDiff(rest);
  if (command === 'import') return parseImport(rest);
  if (command !== 'verify')
    throw new UsageError(`unknown command '${command}' (the commands are verify, list, diff and import)`);
  const paths: string[] = [];
  const values: Partial<Record<ValueOption, string>> = {};
  const flags = new Set<string>();
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
    if ((FLAG_OPTIONS as readonly string[]).includes(name)) {
      if (eq >= 0) throw new UsageError(`${name} takes no value`);
      if (flags.has(name)) throw new UsageError(`${name} is given twice`);
      flags.add(name);
      continue;
    }
    if (!isValueOption(name)) throw new UsageError(`unknown option '${name}'`);
    if (values[name] !== undefined) throw new UsageError(`${name} is given twice`);
    const value = eq >= 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`${name} needs a value`);
    values[name] = value;
  }
  if (paths.length === 0) throw new UsageError('verify needs at least one file or directory');
  const mesh = values['--mesh'];
  if (mesh !== undefined && !isMeshOption(mesh))
    throw new UsageError(`--mesh must be one of ${MESH_MODES.join(', ')}, not '${mesh}'`);
  const size = values['--max-file-size'];
  return {
    kind: 'verify',
    paths,
    ...(values['--probes'] !== undefined ? { probes: values['--probes'] } : {}),
    ...(values['--profile'] !== undefined ? { profile: values['--profile'] } : {}),
    ...(mesh !== undefined ? { mesh } : {}),
    ...(flags.has('--allow-unmodelled') ? { allowUnmodelled: true } : {}),
    ...(size !== undefined ? { maxFileSize: parseSize(size) } : {}),
  };
}

const SIZE_UNITS: { readonly [unit: string]: number } = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Parses `--max-file-size`: a positive number of bytes, optionally with a unit B, KiB, MiB or GiB. */
function parseSize(text: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit ? Number(m[1]) * unit : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0)
    throw new UsageError(`--max-file-size must be a positive size such as 1048576, 512KiB or 256MiB, not '${text}'`);
  return bytes;
}

function isValueOption(name: string): name is ValueOption {
  return (VALUE_OPTIONS as readonly string[]).includes(name);
}

function isMeshOption(value: string): value is MeshOption {
  return (MESH_MODES as readonly string[]).includes(value);
}
