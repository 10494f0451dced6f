import * as fs from 'fs';
import * as path from 'path';
import { DIST, run, SCENARIOS, tempDir } from './run';

const THREE_TIER = path.join(SCENARIOS, 'three-tier.yaml');
const KUBERNETES_FILE = path.join(DIST, 'three-tier-kubernetes.k8s.yaml');
const CILIUM_FILE = path.join(DIST, 'three-tier-cilium.k8s.yaml');
const dir = tempDir();

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Two Deployments in one namespace and a NetworkPolicy letting web reach db on 5432 only. */
const SMALL = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: web, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: db, namespace: shop }
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: db, ports: [{ containerPort: 5432 }] }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-ingress, namespace: shop }
spec:
  podSelector: { matchLabels: { app: db } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ podSelector: { matchLabels: { app: web } } }]
      ports: [{ port: 5432, protocol: TCP }]
`;

describe('cdk8s-zerotrust list', () => {
  test('can list every allowed flow between the workloads of the files, on every declared or named port', () => {
    const out = run('list', write('small.yaml', SMALL));
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout.split('\n').filter((l) => l !== '')).toEqual([
      '== cluster (profile kubernetes, mesh none): 3 flows between 2 workloads on 2 ports',
      'shop/db -> shop/web 5432/TCP  (kubernetes: shop/db is not isolated for egress: no policy selects it for egress)',
      'shop/db -> shop/web 8080/TCP  (kubernetes: shop/db is not isolated for egress: no policy selects it for egress)',
      'shop/web -> shop/db 5432/TCP  (NetworkPolicy shop/db-ingress ingress[0])',
    ]);
  });

  test('can list the flows of the committed dist/ per profile group, with the workloads of a scenario', () => {
    const out = run('list', DIST, '--probes', THREE_TIER);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(
      /^== three-tier\/kubernetes \(profile kubernetes, mesh none\): \d+ flows between 6 workloads/m,
    );
    expect(out.stdout).toMatch(/^== three-tier\/cilium-istio \(profile cilium\+istio, mesh sidecar\)/m);
    expect(out.stdout).toContain(
      'production/frontend -> production/backend-api 8080/TCP  (NetworkPolicy production/backend-api-ingress ingress[0])',
    );
    expect(out.stdout).not.toContain('production/frontend -> production/redis 6379/TCP');
    expect(out.stderr).toMatch(
      /^note: skipped \(not the topology of a scenario: three-tier\): ambient-waypoint\/calico, ambient-waypoint\/calico-istio, ambient-waypoint\/cilium, /,
    );
  });

  test('can take the workloads of several scenarios, each in the groups of its topology', () => {
    const out = run('list', DIST, '--probes', THREE_TIER, '--probes', path.join(SCENARIOS, 'zones-lab.yaml'));
    expect(out.status).toBe(0);
    expect(out.stderr).toMatch(
      /^note: skipped \(not the topology of a scenario: three-tier, zones-lab\): ambient-waypoint\/calico, ambient-waypoint\/calico-istio, ambient-waypoint\/cilium, /,
    );
    expect(out.stdout).toMatch(/^== zones-lab\/kubernetes \(profile kubernetes, mesh none\): \d+ flows/m);
    expect(out.stdout).toMatch(
      /^== three-tier\/kubernetes \(profile kubernetes, mesh none\): \d+ flows between 6 workloads/m,
    );
  });

  test('can mark flows filtered by L7 rules', () => {
    const out = run('list', CILIUM_FILE, '--probes', THREE_TIER);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(
      'production/frontend -> production/backend-api 8080/TCP L7  (CiliumNetworkPolicy production/backend-api-ingress ingress[0])',
    );
    expect(out.stdout).toContain('production/backend-api -> production/redis 6379/TCP  (');
    const kubernetes = run('list', KUBERNETES_FILE, '--probes', THREE_TIER);
    expect(kubernetes.stdout).toContain('production/frontend -> production/backend-api 8080/TCP  (');
  });

  test('can write CSV, JSON, Markdown and Mermaid, the same every time', () => {
    const file = write('small-formats.yaml', SMALL);
    const csv = run('list', file, '--output', 'csv');
    expect(csv.stdout.split('\n').slice(0, 2)).toEqual([
      'group,profile,source,destination,port,protocol,l7,decided_by',
      ',kubernetes,shop/db,shop/web,5432,TCP,,kubernetes: shop/db is not isolated for egress: no policy selects it for egress',
    ]);
    const json = JSON.parse(run('list', file, '--output=json').stdout) as {
      groups: { profile: string; workloads: string[]; ports: string[]; flows: { source: string; l7: boolean }[] }[];
    };
    expect(json.groups).toHaveLength(1);
    expect(json.groups[0]).toMatchObject({
      profile: 'kubernetes',
      workloads: ['shop/db', 'shop/web'],
      ports: ['5432/TCP', '8080/TCP'],
    });
    expect(json.groups[0].flows.map((f) => f.source)).toEqual(['shop/db', 'shop/db', 'shop/web']);
    const md = run('list', CILIUM_FILE, '--probes', THREE_TIER, '--output', 'md').stdout;
    expect(md).toContain('| source | destination | port | L7 | decided by |');
    expect(md).toContain(
      '| production/frontend | production/backend-api | 8080/TCP | L7 | CiliumNetworkPolicy production/backend-api-ingress ingress[0] |',
    );
    const mermaid = run('list', file, '--output', 'mermaid').stdout;
    expect(mermaid.split('\n')).toEqual(
      expect.arrayContaining([
        'flowchart LR',
        '    g0_1 -->|"5432/TCP"| g0_0',
        '    g0_0 -->|"5432/TCP, 8080/TCP"| g0_1',
      ]),
    );
    for (const format of ['text', 'csv', 'json', 'md', 'mermaid']) {
      expect(run('list', DIST, '--probes', THREE_TIER, '--output', format).stdout).toBe(
        run('list', DIST, '--probes', THREE_TIER, '--output', format).stdout,
      );
    }
  });

  test('can be given a profile', () => {
    const out = run('list', CILIUM_FILE, '--probes', THREE_TIER, '--profile', 'kubernetes');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^== three-tier\/cilium \(profile kubernetes, mesh none\)/m);
  });

  test('can explain itself with --help', () => {
    const out = run('list', '--help');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^Usage: cdk8s-zerotrust list <file or directory>/);
    expect(run('--help').stdout).toContain('cdk8s-zerotrust list <file or directory>...');
  });

  test.each([
    [['list'], /^error: list needs at least one file or directory \(cdk8s-zerotrust --help shows the usage\)\n$/],
    [['list', 'dist/', '--output', 'xml'], /^error: --output must be one of text, csv, json, md, mermaid, not 'xml' /],
    [['list', 'dist/', '--max-file-size', '1'], /^error: unknown option '--max-file-size' for list /],
    [['list', 'dist/', '--mesh', 'linkerd2'], /^error: --mesh must be one of none, sidecar, ambient, not 'linkerd2' /],
    [['list', '/nonexistent/zt'], /^error: \/nonexistent\/zt: no such file or directory\n$/],
    [
      ['list', KUBERNETES_FILE],
      /^error: no workload in .*three-tier-kubernetes\.k8s\.yaml: nothing to list\. Give the Pods, Deployments/,
    ],
    [
      ['list', KUBERNETES_FILE, '--probes', '/nonexistent/s.yaml'],
      /^error: \/nonexistent\/s\.yaml: cannot read the scenario file: no such file or directory\n$/,
    ],
    [
      ['list', KUBERNETES_FILE, '--profile', 'calico-enterprise'],
      /^error: --profile: profile 'calico-enterprise': unknown layer/,
    ],
  ])('cannot run on bad input: one line, exit status 2: %j', (argv, message) => {
    const out = run(...argv);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('cannot run on a scenario without workloads or an unreadable manifest', () => {
    const scenario = write('no-workloads.yaml', 'probes: []\n');
    expect(run('list', KUBERNETES_FILE, '--probes', scenario).stderr).toMatch(/not a scenario with workloads/);
    const broken = write('broken.yaml', 'kind: [\n');
    const out = run('list', broken);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/broken\.yaml: document 1: line \d+, column \d+: YAML syntax error/);
  });
});
