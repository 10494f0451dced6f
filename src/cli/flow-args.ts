import { MESH_MODES, MeshOption, splitOptions, UsageError } from './options';

/** Output formats of `list`. */
export const LIST_FORMATS = ['text', 'csv', 'json', 'md', 'mermaid'] as const;
/** Output formats of `diff`. */
export const DIFF_FORMATS = ['text', 'json', 'md'] as const;

/** `cdk8s-zerotrust list`. */
export interface ListCommand {
  readonly kind: 'list';
  readonly paths: readonly string[];
  /** Scenario files (`--probes`, which may be given several times). */
  readonly probes: readonly string[];
  readonly profile?: string;
  readonly mesh?: MeshOption;
  readonly output: (typeof LIST_FORMATS)[number];
}

/** `cdk8s-zerotrust diff`. */
export interface DiffCommand {
  readonly kind: 'diff';
  /** The old side: files and directories, read at `base` when it is given. */
  readonly oldPaths: readonly string[];
  /** The new side: files and directories of the work tree. */
  readonly newPaths: readonly string[];
  /** A git revision the old side is read at (`git show`, never checked out). */
  readonly base?: string;
  /** Scenario files (`--probes`, which may be given several times). */
  readonly probes: readonly string[];
  readonly profile?: string;
  readonly mesh?: MeshOption;
  readonly output: (typeof DIFF_FORMATS)[number];
}

/** The help of `list`. */
export const LIST_USAGE = `Usage: cdk8s-zerotrust list <file or directory>... [--probes <scenario.yaml>] [--profile <name>] [--mesh none|sidecar|ambient] [--output text|csv|json|md|mermaid]

Lists every flow the policies of the given files allow between the workloads of the cluster
they describe (Pods, Deployments, StatefulSets, DaemonSets ..., Namespaces and Services of the
files, and the workloads of --probes), on every port a workload declares or a policy names,
through every layer of the profile (a union inside one enforcement point, an intersection
across points). Objects labelled zerotrust.cdk8s.io/profile are listed per topology and
profile, each group as its own cluster. A flow filtered by L7 rules is marked L7. Output is
sorted by source, destination, protocol and port.

Options:
  --probes <file>   a scenario file whose namespaces and workloads join those of the files
                    (only the groups of its topology when it has a name); may be repeated
  --profile <name>  the layers: kubernetes, cilium, istio, cilium+istio ... (default: inferred per group)
  --mesh <mode>     data plane of the scenario's workloads: none, sidecar or ambient (default: inferred)
  --output <format> text (default), csv, json, md (a Markdown table per group) or mermaid (a graph)
  -h, --help        show this help

Exit status: 0 when the flows are listed, 2 on a usage or input error.
`;

/** The help of `diff`. */
export const DIFF_USAGE = `Usage: cdk8s-zerotrust diff <old> <new> [--probes <scenario.yaml>] [--profile <name>] [--mesh none|sidecar|ambient] [--output text|json|md]
       cdk8s-zerotrust diff --base <git-rev> [<path>...] [options]

Compares what two sets of manifests allow, per topology and profile: the flows the change opens
and closes (source -> destination, port/protocol, L7 rules, the deciding rule), flows whose L7
rules change, mTLS mode changes (PeerAuthentication), and the objects whose change has no
effect on connectivity. <old> and <new> are files or directories. With --base, the old side is
the given paths (default dist/) as committed at that git revision, read with git ls-tree and
git show (nothing is checked out), and the new side is the same paths in the work tree. The
workloads are those of both sides (and of --probes).

Options:
  --base <git-rev>  read the old side at this revision (e.g. origin/main)
  --probes <file>   a scenario file whose namespaces and workloads join those of both sides,
                    in the groups of its topology when it has a name; may be repeated
  --profile <name>  the layers: kubernetes, cilium, istio, cilium+istio ... (default: inferred per group)
  --mesh <mode>     data plane of the scenario's workloads: none, sidecar or ambient (default: inferred)
  --output <format> text (default), md (a comment a pull-request bot can post) or json
  -h, --help        show this help

Exit status: 0 when no flow opens, 1 when a flow opens or its L7 rules are relaxed or changed
(CI can require an approval), 2 on a usage or input error.
`;

const VALUES = ['--probes', '--profile', '--mesh', '--output', '--base'] as const;
type Value = (typeof VALUES)[number];

/** Parses the options and paths of `list` or `diff` (the arguments after the command). */
function parseOptions(
  command: string,
  rest: readonly string[],
  allowed: readonly Value[],
): { paths: string[]; values: Partial<Record<Value, string>>; probes: string[] } {
  const { paths, values, repeated } = splitOptions(rest, allowed, (name) => `unknown option '${name}' for ${command}`, [
    '--probes',
  ]);
  const probes = repeated['--probes'] ?? [];
  const mesh = values['--mesh'];
  if (mesh !== undefined && !(MESH_MODES as readonly string[]).includes(mesh))
    throw new UsageError(`--mesh must be one of ${MESH_MODES.join(', ')}, not '${mesh}'`);
  return { paths, values, probes };
}

function common(
  values: Partial<Record<Value, string>>,
  probes: readonly string[],
): { probes: readonly string[]; profile?: string; mesh?: MeshOption } {
  return {
    probes,
    ...(values['--profile'] !== undefined ? { profile: values['--profile'] } : {}),
    ...(values['--mesh'] !== undefined ? { mesh: values['--mesh'] as MeshOption } : {}),
  };
}

function format<T extends string>(value: string | undefined, formats: readonly T[]): T {
  if (value === undefined) return formats[0];
  const found = formats.find((f) => f === value);
  if (found === undefined) throw new UsageError(`--output must be one of ${formats.join(', ')}, not '${value}'`);
  return found;
}

/** Parses `list <paths> [options]`. */
export function parseList(rest: readonly string[]): ListCommand {
  const { paths, values, probes } = parseOptions('list', rest, ['--probes', '--profile', '--mesh', '--output']);
  if (paths.length === 0) throw new UsageError('list needs at least one file or directory');
  return { kind: 'list', paths, ...common(values, probes), output: format(values['--output'], LIST_FORMATS) };
}

/** Parses `diff <old> <new> [options]` or `diff --base <rev> [paths] [options]`. */
export function parseDiff(rest: readonly string[]): DiffCommand {
  const { paths, values, probes } = parseOptions('diff', rest, VALUES);
  const base = values['--base'];
  const output = format(values['--output'], DIFF_FORMATS);
  if (base !== undefined) {
    const given = paths.length > 0 ? paths : ['dist/'];
    return { kind: 'diff', oldPaths: given, newPaths: given, base, ...common(values, probes), output };
  }
  if (paths.length !== 2) {
    throw new UsageError(
      `diff needs two paths, <old> and <new> (got ${paths.length}), or --base <git-rev> to compare with a revision`,
    );
  }
  return { kind: 'diff', oldPaths: [paths[0]], newPaths: [paths[1]], ...common(values, probes), output };
}
