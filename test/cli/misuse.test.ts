import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DIST, run, SCENARIOS, tempDir } from './run';

const dir = tempDir();
const CILIUM = path.join(DIST, 'three-tier-cilium.k8s.yaml');
const KUBERNETES = path.join(DIST, 'three-tier-kubernetes.k8s.yaml');
const THREE_TIER = path.join(SCENARIOS, 'three-tier.yaml');

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

function folder(name: string, files: { [name: string]: string } = {}): string {
  const p = path.join(dir, name);
  fs.mkdirSync(p, { recursive: true });
  for (const [n, text] of Object.entries(files)) fs.writeFileSync(path.join(p, n), text);
  return p;
}

const probe = (fields: string) =>
  `workloads:\n  - { name: a, namespace: production, labels: { app: a }, ports: [8080/TCP] }\nprobes:\n  - { ${fields} }\n`;
const strip = (f: string) => fs.readFileSync(f, 'utf8').replace(/^ {4}zerotrust\.cdk8s\.io\/profile: .*\n/gm, '');

/**
 * One misuse: the arguments (built lazily, once the fixtures exist), the exit status, where the
 * message goes and what its one line says.
 */
interface Misuse {
  readonly what: string;
  readonly argv: () => string[];
  readonly status: 1 | 2;
  readonly message: RegExp;
  /** A usage error: the line points to --help. */
  readonly usage?: boolean;
}

const USAGE = / \(cdk8s-zerotrust --help shows the usage\)$/;

const MISUSES: Misuse[] = [
  // The command line
  { what: 'no command', argv: () => [], status: 2, message: /^error: missing command: verify/, usage: true },
  {
    what: 'an unknown command',
    argv: () => ['check', CILIUM],
    status: 2,
    message: /^error: unknown command 'check' \(the commands are verify, list, diff and import\)/,
    usage: true,
  },
  {
    what: 'verify without a path',
    argv: () => ['verify'],
    status: 2,
    message: /^error: verify needs at least one file or directory/,
    usage: true,
  },
  {
    what: 'an unknown long option',
    argv: () => ['verify', CILIUM, '--color'],
    status: 2,
    message: /^error: unknown option '--color'/,
    usage: true,
  },
  {
    what: 'an unknown short option',
    argv: () => ['verify', CILIUM, '-x'],
    status: 2,
    message: /^error: unknown option '-x'/,
    usage: true,
  },
  {
    what: '--probes without a value',
    argv: () => ['verify', CILIUM, '--probes'],
    status: 2,
    message: /^error: --probes needs a value/,
    usage: true,
  },
  {
    what: '--probes followed by an option',
    argv: () => ['verify', CILIUM, '--probes', '--mesh', 'none'],
    status: 2,
    message: /^error: --probes needs a value/,
    usage: true,
  },
  {
    what: 'an empty --profile=',
    argv: () => ['verify', CILIUM, '--profile='],
    status: 2,
    message: /^error: --profile needs a value/,
    usage: true,
  },
  {
    what: 'an unknown --mesh',
    argv: () => ['verify', CILIUM, '--mesh', 'linkerd'],
    status: 2,
    message: /^error: --mesh must be one of none, sidecar, ambient, not 'linkerd'/,
    usage: true,
  },
  {
    what: '--mesh given twice',
    argv: () => ['verify', CILIUM, '--mesh', 'none', '--mesh', 'ambient'],
    status: 2,
    message: /^error: --mesh is given twice/,
    usage: true,
  },
  {
    what: 'a --max-file-size that is not a size',
    argv: () => ['verify', CILIUM, '--max-file-size', 'huge'],
    status: 2,
    message: /^error: --max-file-size must be a positive size such as 1048576, 512KiB or 256MiB, not 'huge'/,
    usage: true,
  },
  {
    what: 'a zero --max-file-size',
    argv: () => ['verify', CILIUM, '--max-file-size=0'],
    status: 2,
    message: /^error: --max-file-size must be a positive size/,
    usage: true,
  },
  {
    what: '--allow-unmodelled with a value',
    argv: () => ['verify', CILIUM, '--allow-unmodelled=yes'],
    status: 2,
    message: /^error: --allow-unmodelled takes no value/,
    usage: true,
  },
  {
    what: '--allow-unmodelled twice',
    argv: () => ['verify', CILIUM, '--allow-unmodelled', '--allow-unmodelled'],
    status: 2,
    message: /^error: --allow-unmodelled is given twice/,
    usage: true,
  },
  {
    what: 'an unknown --profile',
    argv: () => ['verify', CILIUM, '--probes', THREE_TIER, '--profile', 'weave'],
    status: 2,
    message: /^error: --profile: profile 'weave': unknown layer 'weave'/,
  },
  // Paths
  {
    what: 'a missing file',
    argv: () => ['verify', path.join(dir, 'nope.yaml')],
    status: 2,
    message: /nope\.yaml: no such file or directory$/,
  },
  {
    what: 'a missing directory',
    argv: () => ['verify', path.join(dir, 'nowhere', '')],
    status: 2,
    message: /nowhere\/?: no such file or directory$/,
  },
  {
    what: 'an empty directory',
    argv: () => ['verify', folder('empty-dir')],
    status: 2,
    message: /empty-dir: no \.yaml, \.yml or \.json file in this directory: nothing to verify/,
  },
  {
    what: 'a directory with no YAML',
    argv: () => ['verify', folder('docs-only', { 'README.md': '# notes', 'a.txt': 'x' })],
    status: 2,
    message: /docs-only: no \.yaml, \.yml or \.json file in this directory/,
  },
  {
    what: 'a character device that never ends',
    argv: () => ['verify', '/dev/zero'],
    status: 2,
    message: /^error: \/dev\/zero: not a regular file \(a character device\): give a manifest file$/,
  },
  {
    what: 'the null device',
    argv: () => ['verify', '/dev/null'],
    status: 2,
    message: /^error: \/dev\/null: not a regular file \(a character device\)/,
  },
  {
    what: 'a FIFO',
    argv: () => {
      const p = path.join(dir, 'pipe.yaml');
      if (!fs.existsSync(p)) execFileSync('mkfifo', [p]);
      return ['verify', p];
    },
    status: 2,
    message: /pipe\.yaml: not a regular file \(a FIFO\)/,
  },
  {
    what: 'a symbolic link loop',
    argv: () => {
      const p = path.join(dir, 'self.yaml');
      if (!fs.existsSync(path.dirname(p)) || !fs.lstatSync(dir).isDirectory()) throw new Error('no dir');
      try {
        fs.symlinkSync(p, p);
      } catch {
        /* exists */
      }
      return ['verify', p];
    },
    status: 2,
    message: /self\.yaml: too many levels of symbolic links \(ELOOP\)/,
  },
  {
    what: 'a directory that links to itself',
    argv: () => {
      const d = folder('cycle', { 'a.yaml': fs.readFileSync(CILIUM, 'utf8') });
      try {
        fs.symlinkSync(d, path.join(d, 'again'));
      } catch {
        /* exists */
      }
      return ['verify', d];
    },
    status: 2,
    message: /directory loop through a symbolic link \(ELOOP\)/,
  },
  {
    what: 'a file past --max-file-size',
    argv: () => ['verify', CILIUM, '--max-file-size', '512'],
    status: 2,
    message: /three-tier-cilium\.k8s\.yaml: \d+ bytes, more than the limit of 512 bytes/,
  },
  {
    what: 'files of two profiles without their labels',
    argv: () => ['verify', file('mix/k.yaml', strip(KUBERNETES)), file('mix/c.yaml', strip(CILIUM))],
    status: 2,
    message: /is defined in .*k\.yaml and in .*c\.yaml: the files mix several clusters or profiles/,
  },
  {
    what: 'a file given that holds only comments',
    argv: () => ['verify', file('comments-only.yaml', '# nothing\n---\n')],
    status: 1,
    message: /comments-only\.yaml: no Kubernetes object in this file: nothing to verify$/,
  },
  {
    what: 'an empty file',
    argv: () => ['verify', file('empty.yaml', '')],
    status: 1,
    message: /empty\.yaml: no Kubernetes object in this file/,
  },
  // Contents
  {
    what: 'a binary file',
    argv: () => [
      'verify',
      file('image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])),
    ],
    status: 1,
    message: /image\.yaml: binary data \(a NUL byte\), not YAML or JSON$/,
  },
  {
    what: 'a YAML syntax error',
    argv: () => ['verify', file('broken.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: [x\n')],
    status: 1,
    message: /broken\.yaml: document 1: line \d+, column \d+: YAML syntax error: /,
  },
  {
    what: 'invalid JSON',
    argv: () => ['verify', file('broken.json', '{"apiVersion": "v1", "kind": ')],
    status: 1,
    message: /broken\.json: document 1: line \d+, column \d+: YAML syntax error: /,
  },
  {
    what: 'a document that is not a Kubernetes object',
    argv: () => ['verify', file('config.yaml', 'name: app\nreplicas: 3\n')],
    status: 1,
    message: /config\.yaml: document 1 is not a Kubernetes object \(apiVersion, kind, metadata\.name\)$/,
  },
  {
    what: 'a list item that is not a Kubernetes object',
    argv: () => ['verify', file('list.yaml', 'apiVersion: v1\nkind: List\nitems: [3]\n')],
    status: 1,
    message: /list\.yaml: document 1 items\[0\] is not a Kubernetes object/,
  },
  {
    what: 'a misspelt policy kind',
    argv: () => [
      'verify',
      file(
        'typo.yaml',
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyy\nmetadata: { name: x, namespace: y }\nspec: {}\n',
      ),
    ],
    status: 1,
    message: /typo\.yaml: NetworkPolicyy y\/x: /,
  },
  {
    what: 'a policy whose spec is a list',
    argv: () => [
      'verify',
      file(
        'spec-list.yaml',
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: x, namespace: y }\nspec: [1, 2]\n',
      ),
    ],
    status: 1,
    message:
      /^Excluded from evaluation \(it fails its schema, so a cluster would reject it\): .*spec-list\.yaml: NetworkPolicy y\/x$/,
  },
  {
    what: 'an unmodelled policy kind',
    argv: () => [
      'verify',
      CILIUM,
      file(
        'fw.yaml',
        'apiVersion: acme.networking.example.com/v1\nkind: FirewallRule\nmetadata: { name: x, namespace: y }\nspec: {}\n',
      ),
    ],
    status: 1,
    message: /^warning: .*fw\.yaml: FirewallRule y\/x .* Remove it, or pass --allow-unmodelled to accept this$/,
  },
  {
    what: 'only kinds without a schema and no probes',
    argv: () => [
      'verify',
      file('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: x }\nspec: {}\n'),
    ],
    status: 1,
    message: /^FAIL nothing was checked: no document has a vendored schema \(v1 Service\)/,
  },
  // The probes file
  {
    what: 'a missing probes file',
    argv: () => ['verify', CILIUM, '--probes', path.join(dir, 'none.yaml')],
    status: 2,
    message: /none\.yaml: cannot read the probes file: no such file or directory$/,
  },
  {
    what: 'a directory as the probes file',
    argv: () => ['verify', CILIUM, '--probes', dir],
    status: 2,
    message: /: the probes file is not a regular file\. Give a scenario YAML file$/,
  },
  {
    what: 'a device as the probes file',
    argv: () => ['verify', CILIUM, '--probes', '/dev/zero'],
    status: 2,
    message: /^error: \/dev\/zero: the probes file is not a regular file/,
  },
  {
    what: 'an empty probes file',
    argv: () => ['verify', CILIUM, '--probes', file('p-empty.yaml', '')],
    status: 2,
    message: /p-empty\.yaml: no probe in this file: nothing to evaluate/,
  },
  {
    what: 'a binary probes file',
    argv: () => ['verify', CILIUM, '--probes', file('p-bin.yaml', Buffer.from([1, 0, 2]))],
    status: 2,
    message: /p-bin\.yaml: the probes file holds binary data/,
  },
  {
    what: 'a probes file with a YAML error',
    argv: () => ['verify', CILIUM, '--probes', file('p-syntax.yaml', 'probes: [ { from: a\n')],
    status: 2,
    message: /p-syntax\.yaml: line \d+, column \d+: YAML syntax error: /,
  },
  {
    what: 'a probes file that is a scalar',
    argv: () => ['verify', CILIUM, '--probes', file('p-scalar.yaml', 'hello\n')],
    status: 2,
    message: /p-scalar\.yaml: not a scenario: expected a mapping with 'probes'/,
  },
  {
    what: 'a manifest given as the probes file',
    argv: () => ['verify', CILIUM, '--probes', KUBERNETES],
    status: 2,
    message: /three-tier-kubernetes\.k8s\.yaml: /,
  },
  {
    what: 'a probe without expect',
    argv: () => [
      'verify',
      CILIUM,
      '--probes',
      file('p-expect.yaml', probe('from: production/a, to: production/a, port: 8080/TCP')),
    ],
    status: 2,
    message: /p-expect\.yaml: probes\[0\]: 'expect' must be allow or deny$/,
  },
  {
    what: 'a probe with a port out of range',
    argv: () => [
      'verify',
      CILIUM,
      '--probes',
      file('p-port.yaml', probe('from: production/a, to: production/a, port: 99999/TCP, expect: deny')),
    ],
    status: 2,
    message: /p-port\.yaml: probes\[0\]: invalid port '99999\/TCP'/,
  },
  {
    what: 'a probe with an empty targets list',
    argv: () => [
      'verify',
      CILIUM,
      '--probes',
      file('p-targets.yaml', probe('from: production/a, to: production/a, port: 8080/TCP, expect: deny, targets: []')),
    ],
    status: 2,
    message: /p-targets\.yaml: probes\[0\]: 'targets' must list layer names/,
  },
  {
    what: 'a probe naming no workload',
    argv: () => [
      'verify',
      CILIUM,
      '--probes',
      file('p-ghost.yaml', probe('from: ghost/ghost, to: production/a, port: 8080/TCP, expect: deny')),
    ],
    status: 2,
    message: /p-ghost\.yaml: probe endpoint 'ghost\/ghost': no workload ghost in namespace ghost$/,
  },
  {
    what: 'probes that apply to no layer of the profile',
    argv: () => [
      'verify',
      KUBERNETES,
      '--probes',
      file(
        'p-istio.yaml',
        probe('from: production/a, to: production/a, port: 8080/TCP, expect: deny, targets: [istio]'),
      ),
    ],
    status: 1,
    message: /^FAIL no probe of .*p-istio\.yaml applies to this profile: nothing was checked/,
  },
];

describe('cdk8s-zerotrust misuse', () => {
  test('can list at least 30 misuses', () => {
    expect(MISUSES.length).toBeGreaterThanOrEqual(30);
  });

  test.each(MISUSES.map((m) => [m.what, m] as const))(
    'cannot pass %s: non-zero exit, one clear line, no stack trace',
    (_, m) => {
      const out = run(...m.argv());
      expect(out.status).toBe(m.status);
      const all = `${out.stdout}${out.stderr}`;
      expect(all).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(all).not.toMatch(/^PASS/m);
      expect(out.summary).not.toMatch(/^\d+ passed, 0 failed$/);
      if (m.status === 2) {
        const lines = out.stderr.split('\n').filter((l) => l !== '');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^error: /);
        expect(lines[0]).toMatch(m.message);
        if (m.usage) {
          expect(out.stdout).toBe('');
          expect(lines[0]).toMatch(USAGE);
        }
      } else {
        expect(out.stdout.split('\n').some((l) => m.message.test(l))).toBe(true);
        expect(out.summary).toMatch(/^\d+ passed, [1-9]\d* failed$/);
      }
    },
  );
});
