import * as fs from 'fs';
import { defaultSchemaValidator } from '../../validation/schema';
import { DEFAULT_MAX_FILE_SIZE, describeError, InputError, readInputs } from '../inputs';
import { checkSchemas } from '../schema-check';
import { splitOptions, UsageError } from '../options';
import { emitProgram } from './emit';
import { planImport } from './plan';

/** `cdk8s-zerotrust import`. */
export interface ImportCommand {
  readonly kind: 'import';
  /** Files and directories, in the order given. */
  readonly paths: readonly string[];
  /** Where the program is written; stdout when undefined. */
  readonly output?: string;
}

/** The help of `import`. */
export const IMPORT_USAGE = `Usage: cdk8s-zerotrust import <file or directory>... [--output <main.ts>]

Reads existing policies (NetworkPolicy, CiliumNetworkPolicy, Istio AuthorizationPolicy ...,
with the Namespaces and workloads of the cluster when given) and writes a TypeScript program
that builds the same policy with cdk8s-zerotrust constructs. The NetworkPolicies of a namespace
become a Zone, its Tiers (named after the workload each selects, when the files hold it) and
their edges when they mean exactly that: a policy selecting every pod with no allow rule but
kube-dns is the zone's default deny, every other policy only allows, with label selectors,
namespaces, CIDRs and ports. On the istio profile, and with istio beside kubernetes or cilium
(sidecar mode), the AuthorizationPolicies become the same constructs (with MeshMtls for the
PeerAuthentications), and must agree with the CNI policies. Every other object is listed with
the reason at the top of the program and added to the profile's chart as it is, so the program
enforces exactly what the files enforce. One comment per construct names the objects and rules it came from. The profile
is inferred from the kinds present; the files must describe one cluster (one topology and
profile). The same files give the same program, byte for byte, formatted as prettier would.

Options:
  --output <file>   write the program to this file instead of stdout
  -h, --help        show this help

Exit status: 0 when the program is written, 2 on a usage or input error.
`;

/** Parses the arguments of `import`. */
export function parseImport(argv: readonly string[]): ImportCommand {
  const { paths, values } = splitOptions(
    argv,
    ['--output'],
    (name) => `unknown option '${name}' (import takes --output)`,
  );
  const output = values['--output'];
  if (paths.length === 0) throw new UsageError('import needs at least one file or directory');
  return { kind: 'import', paths, ...(output !== undefined ? { output } : {}) };
}

/**
 * Runs `import`: reads the files, writes the program to `--output` or `print`, and a summary
 * line to `warn`. Throws `InputError` on bad input (unreadable files, no object, several
 * clusters).
 */
export function runImport(command: ImportCommand, print: (text: string) => void, warn: (line: string) => void): number {
  const inputs = readInputs(command.paths, { maxFileSize: DEFAULT_MAX_FILE_SIZE });
  if (inputs.unreadable.length > 0) throw new InputError(inputs.unreadable[0]);
  if (inputs.documents.length === 0)
    throw new InputError(
      `no Kubernetes object in ${command.paths.join(', ')}: nothing to import. Give the policy files`,
    );
  // A program carrying an object its schema rejects would fail synth (ZT160): refuse it here, with the reason.
  const schema = checkSchemas(inputs.documents, defaultSchemaValidator());
  if (schema.violations.length > 0)
    throw new InputError(
      `${schema.violations[0]}${schema.violations.length > 1 ? ` (and ${schema.violations.length - 1} more)` : ''}: ` +
        'a cluster would reject this object, so import does not carry it. Fix it (verify lists every violation), or leave the file out',
    );
  const plan = planImport(inputs.files, inputs.documents);
  const program = emitProgram(plan);
  if (command.output !== undefined) {
    try {
      fs.writeFileSync(command.output, program);
    } catch (e) {
      throw new InputError(`${command.output}: cannot write the program: ${describeError(e)}`);
    }
  } else print(program);
  const constructs = new Set(
    [
      ...plan.zones.flatMap((z) => [...z.sources, ...z.tiers.flatMap((t) => t.sources)]),
      ...plan.mtls.map((m) => m.source),
    ].map((s) => s.object),
  ).size;
  warn(
    `imported ${constructs + plan.carried.length} policy objects: ${constructs} as constructs (${plan.zones.length} zones, ` +
      `${plan.zones.reduce((n, z) => n + z.tiers.length, 0)} tiers, ${plan.edges.length} edges), ${plan.carried.length} carried as they are` +
      `${command.output !== undefined ? `; wrote ${command.output}` : ''}`,
  );
  return 0;
}
