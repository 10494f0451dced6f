import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Document, parseAllDocuments } from 'yaml';
import { DIST, run, SCENARIOS, tempDir } from './run';

const THREE_TIER = path.join(SCENARIOS, 'three-tier.yaml');
const KUBERNETES_FILE = path.join(DIST, 'three-tier-kubernetes.k8s.yaml');
const CILIUM_FILE = path.join(DIST, 'three-tier-cilium.k8s.yaml');
const ISTIO_FILE = path.join(DIST, 'three-tier-istio.k8s.yaml');
const dir = tempDir();

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Manifests (a committed file, or text) with documents changed through the YAML document API, by name. */
function editAll(source: string, changes: { readonly [name: string]: (doc: Document) => void }): string {
  const text = source.includes('\n') ? source : fs.readFileSync(source, 'utf8');
  const docs = (parseAllDocuments(text) as Document[]).filter((d) => d.toJS() !== null && d.toJS() !== undefined);
  for (const [name, change] of Object.entries(changes)) {
    const target = docs.filter((d) => (d.toJS() as { metadata: { name: string } }).metadata.name === name);
    expect(target).toHaveLength(1);
    change(target[0]);
  }
  return docs.map((d) => d.toString()).join('---\n');
}

function edit(source: string, name: string, change: (doc: Document) => void): string {
  return editAll(source, { [name]: change });
}

/** redis-ingress also admits every pod of namespace monitoring: prometheus -> redis opens. */
const OPENED = edit(KUBERNETES_FILE, 'redis-ingress', (d) =>
  d.addIn(
    ['spec', 'ingress', 0, 'from'],
    d.createNode({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
    }),
  ),
);

describe('cdk8s-zerotrust diff', () => {
  test('can name an opened flow and its deciding rule, with exit status 1', () => {
    const out = run('diff', KUBERNETES_FILE, write('opened/k.yaml', OPENED), '--probes', THREE_TIER);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(1);
    expect(out.stdout).toContain(
      '== three-tier/kubernetes (profile kubernetes, mesh none)\n' +
        'opened: monitoring/prometheus -> production/redis 6379/TCP  (NetworkPolicy production/redis-ingress ingress[0])\n' +
        'changes connectivity: changed NetworkPolicy production/redis-ingress (',
    );
    expect(out.summary).toBe('1 flow opened, 0 closed, 0 L7 changes, 0 mTLS changes in 1 profile group: a flow opens');
  });

  test('can list a closed flow with what denies it now, with exit status 0', () => {
    const closed = edit(KUBERNETES_FILE, 'backend-api-ingress', (d) => d.deleteIn(['spec', 'ingress', 1]));
    const out = run('diff', KUBERNETES_FILE, write('closed/k.yaml', closed), '--probes', THREE_TIER);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(
      /^closed: monitoring\/prometheus -> production\/backend-api 9090\/TCP {2}\(now kubernetes: production\/backend-api is isolated for ingress .*; was NetworkPolicy production\/backend-api-ingress ingress\[1\]\)$/m,
    );
    expect(out.summary).toBe('0 flows opened, 1 closed, 0 L7 changes, 0 mTLS changes in 1 profile group');
  });

  test('can list a rewrite that keeps the meaning as an object without effect, with no flow change', () => {
    // The two ingress rules swapped and the ports written before the peers: the same policy.
    const rewritten = edit(KUBERNETES_FILE, 'backend-api-ingress', (d) => {
      const rules = (d.toJS() as { spec: { ingress: { from: unknown; ports: unknown }[] } }).spec.ingress;
      d.setIn(['spec', 'ingress'], d.createNode([...rules].reverse().map((r) => ({ ports: r.ports, from: r.from }))));
    });
    const out = run('diff', KUBERNETES_FILE, write('rewritten/k.yaml', rewritten), '--probes', THREE_TIER);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('no effect on connectivity: changed NetworkPolicy production/backend-api-ingress (');
    expect(out.stdout).toContain('no flow and no mTLS mode changes');
    expect(out.summary).toBe('0 flows opened, 0 closed, 0 L7 changes, 0 mTLS changes in 1 profile group');
    const same = run('diff', KUBERNETES_FILE, KUBERNETES_FILE, '--probes', THREE_TIER);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('== three-tier/kubernetes (profile kubernetes, mesh none)\nno change\n');
  });

  test('can report L7 rules removed from an allowed flow as an opening', () => {
    const relaxed = editAll(CILIUM_FILE, {
      'backend-api-ingress': (d) => d.deleteIn(['spec', 'ingress', 0, 'toPorts', 0, 'rules']),
      'frontend-egress': (d) => d.deleteIn(['spec', 'egress', 0, 'toPorts', 0, 'rules']),
    });
    const out = run('diff', CILIUM_FILE, write('relaxed/c.yaml', relaxed), '--probes', THREE_TIER);
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(
      /^L7 rules removed \(every request allowed\): production\/frontend -> production\/backend-api 8080\/TCP {2}\(/m,
    );
  });

  test('can report mTLS mode changes from PeerAuthentication', () => {
    const permissive = edit(ISTIO_FILE, 'production-mtls', (d) => d.setIn(['spec', 'mtls', 'mode'], 'PERMISSIVE'));
    const out = run(
      'diff',
      ISTIO_FILE,
      write('permissive/i.yaml', permissive),
      '--probes',
      THREE_TIER,
      '--output',
      'json',
    );
    const json = JSON.parse(out.stdout) as {
      opens: boolean;
      groups: { mtls: string[]; effective: { object: string }[] }[];
    };
    expect(json.groups[0].mtls).toEqual(['PeerAuthentication production/production-mtls: STRICT -> PERMISSIVE']);
    expect(json.groups[0].effective.map((c) => c.object)).toEqual(['PeerAuthentication production/production-mtls']);
    expect(out.status).toBe(json.opens ? 1 : 0);
  });

  test('can write a Markdown comment with a table per profile, opened flows first', () => {
    const mixed = edit(OPENED, 'backend-api-ingress', (d) => d.deleteIn(['spec', 'ingress', 1]));
    const out = run('diff', KUBERNETES_FILE, write('mixed/k.yaml', mixed), '--probes', THREE_TIER, '--output', 'md');
    expect(out.status).toBe(1);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('## Network policy diff');
    expect(lines).toContain('### three-tier/kubernetes (profile `kubernetes`, mesh `none`)');
    const table = lines.filter((l) => l.startsWith('| '));
    expect(table[0]).toBe('| change | source | destination | port | L7 | deciding rule |');
    expect(table[2]).toBe(
      '| **opened** | monitoring/prometheus | production/redis | 6379/TCP |  | NetworkPolicy production/redis-ingress ingress[0] |',
    );
    expect(table[3]).toMatch(/^\| closed \| monitoring\/prometheus \| production\/backend-api \| 9090\/TCP \|/);
  });

  test('can read the old side at a git revision without checking it out', () => {
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, 'dist'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.invalid', ...args], {
        cwd: repo,
        stdio: 'pipe',
      });
    git('init', '-q', '-b', 'main');
    fs.copyFileSync(KUBERNETES_FILE, path.join(repo, 'dist', 'three-tier-kubernetes.k8s.yaml'));
    fs.writeFileSync(path.join(repo, 'dist', 'notes.txt'), 'not a manifest\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    fs.writeFileSync(path.join(repo, 'dist', 'three-tier-kubernetes.k8s.yaml'), OPENED);
    const out = run('diff', '--base', 'main', path.join(repo, 'dist'), '--probes', THREE_TIER);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(1);
    expect(out.stdout).toContain(`Diff of ${path.join(repo, 'dist')} at main -> ${path.join(repo, 'dist')}`);
    expect(out.stdout).toContain('opened: monitoring/prometheus -> production/redis 6379/TCP');
    expect(out.stdout).toContain(
      `changes connectivity: changed NetworkPolicy production/redis-ingress (${path.join(repo, 'dist', 'three-tier-kubernetes.k8s.yaml')})`,
    );
    // The work tree is untouched: the file still holds the change.
    expect(fs.readFileSync(path.join(repo, 'dist', 'three-tier-kubernetes.k8s.yaml'), 'utf8')).toBe(OPENED);
    const bad = run('diff', '--base', 'no-such-branch', path.join(repo, 'dist'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(
      /^error: --base no-such-branch: not a revision of the git repository at .*\. Fetch it \(git fetch\) or name a commit, branch or tag\n$/,
    );
    fs.writeFileSync(path.join(repo, 'new.yaml'), OPENED);
    const missing = run('diff', '--base', 'main', path.join(repo, 'new.yaml'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(
      /new\.yaml: does not exist at main\. Give a path that is committed at that revision\n$/,
    );
  });

  test('can show widenings added and removed, from the reports synth writes beside the manifests', () => {
    const old = path.join(dir, 'widenings-old');
    fs.mkdirSync(old, { recursive: true });
    for (const f of fs.readdirSync(DIST)) fs.copyFileSync(path.join(DIST, f), path.join(old, f));
    const report = fs.readFileSync(path.join(DIST, 'three-tier.report.md'), 'utf8');
    const row = '| L7_TO_L4 | kubernetes | `three-tier/production/backend-api/from-frontend` |';
    expect(report).toContain(row);
    fs.writeFileSync(
      path.join(old, 'three-tier.report.md'),
      report
        .split('\n')
        .filter((l) => !l.startsWith(row))
        .join('\n'),
    );
    const out = run('diff', old, DIST, '--output', 'json');
    const json = JSON.parse(out.stdout) as { widenings: { reports: string[]; added: string[]; removed: string[] } };
    expect(json.widenings.added).toEqual([
      'three-tier: L7_TO_L4 (kubernetes) at three-tier/production/backend-api/from-frontend: HTTP rules from tier production/frontend to tier production/backend-api widened to L4 on 8080/TCP',
    ]);
    expect(json.widenings.removed).toEqual([]);
    expect(run('diff', old, DIST).stdout).toContain(
      '\nwidening added: three-tier: L7_TO_L4 (kubernetes) at three-tier/production/backend-api/from-frontend: ',
    );
    expect(run('diff', KUBERNETES_FILE, KUBERNETES_FILE).stdout).toContain(
      'Widenings: not compared. The manifests do not record them',
    );
  });

  test('can explain itself with --help', () => {
    const out = run('diff', '--help');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^Usage: cdk8s-zerotrust diff <old> <new>/);
  });

  test.each([
    [
      ['diff'],
      /^error: diff needs two paths, <old> and <new> \(got 0\), or --base <git-rev> to compare with a revision /,
    ],
    [['diff', 'dist/'], /^error: diff needs two paths, <old> and <new> \(got 1\)/],
    [['diff', 'a', 'b', 'c'], /^error: diff needs two paths, <old> and <new> \(got 3\)/],
    [['diff', 'a', 'b', '--output', 'csv'], /^error: --output must be one of text, json, md, not 'csv' /],
    [['diff', '--base'], /^error: --base needs a value /],
    [['diff', '/nonexistent/a', KUBERNETES_FILE], /^error: \/nonexistent\/a: no such file or directory\n$/],
    [
      ['diff', KUBERNETES_FILE, KUBERNETES_FILE, '--profile', 'nope'],
      /^error: --profile: profile 'nope': unknown layer/,
    ],
    [
      ['diff', '--base', 'HEAD', dir],
      /^error: .*: not inside a git work tree, so --base cannot read it\. Compare two paths instead \(diff <old> <new>\)/,
    ],
  ])('cannot run on bad input: one line, exit status 2: %j', (argv, message) => {
    const out = run(...argv);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('cannot compare an unreadable side', () => {
    const out = run('diff', KUBERNETES_FILE, write('broken/k.yaml', 'kind: [\n'));
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^error: .*broken\/k\.yaml: document 1: line \d+, column \d+: YAML syntax error/);
  });
});
