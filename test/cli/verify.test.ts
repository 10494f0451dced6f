import * as fs from 'fs';
import * as path from 'path';
import { Document, parseAllDocuments } from 'yaml';
import { DIST, run, SCENARIOS, tempDir } from './run';

const THREE_TIER = path.join(SCENARIOS, 'three-tier.yaml');
const AMBIENT = path.join(SCENARIOS, 'ambient-waypoint.yaml');
const CILIUM_FILE = path.join(DIST, 'three-tier-cilium.k8s.yaml');
const dir = tempDir();

/** Writes `text` to a file of the temporary directory and returns its path. */
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The committed cilium output of three-tier with one document changed through the YAML document API. */
function editCilium(name: string, edit: (doc: Document) => void): string {
  const docs = parseAllDocuments(fs.readFileSync(CILIUM_FILE, 'utf8')) as Document[];
  const target = docs.filter((d) => (d.toJS() as { metadata: { name: string } }).metadata.name === name);
  expect(target).toHaveLength(1);
  edit(target[0]);
  return docs.map((d) => d.toString()).join('---\n');
}

describe('cdk8s-zerotrust verify on the committed dist/', () => {
  test.each(['kubernetes', 'cilium', 'istio', 'cilium-istio'])(
    'can pass every applicable three-tier probe on profile %s',
    (profile) => {
      const out = run('verify', path.join(DIST, `three-tier-${profile}.k8s.yaml`), '--probes', THREE_TIER);
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      expect(out.stdout).toMatch(/^Schemas: \d+ documents validated, 0 invalid\.$/m);
      expect(out.stdout).toContain(`Profile: ${profile.replace('-', '+')} (inferred from the kinds present: `);
      expect(out.stdout).not.toMatch(/^FAIL/m);
      expect(out.summary).toMatch(/^([1-9]\d*) passed, 0 failed$/);
    },
  );

  test('can print a pass table with the expected and actual verdicts and the deciding object and rule', () => {
    const out = run('verify', CILIUM_FILE, '--probes', THREE_TIER);
    expect(out.stdout).toMatch(/^RESULT +PROBE +EXPECTED +GOT +DECIDED BY$/m);
    expect(out.stdout).toMatch(
      /^PASS +production\/frontend -> production\/backend-api 8080\/TCP GET \/api\/v1\/products +allow +allow +CiliumNetworkPolicy production\/backend-api-ingress ingress\[0\]\.toPorts\[0\]\.rules\.http\[0\]$/m,
    );
    expect(out.stdout).toMatch(
      /^PASS +production\/frontend -> production\/backend-api 8080\/TCP DELETE \/api\/v1\/orders +deny +deny +CiliumNetworkPolicy production\/backend-api-ingress ingress\[0\]$/m,
    );
    expect(out.summary).toBe('20 passed, 0 failed');
  });

  test('can infer an ambient mesh from the files and run the ambient-waypoint probes', () => {
    const out = run('verify', path.join(DIST, 'ambient-waypoint-cilium-istio.k8s.yaml'), '--probes', AMBIENT);
    expect(out.stdout).toContain(
      'Profile: cilium+istio (inferred from the kinds present: AuthorizationPolicy, CiliumNetworkPolicy, PeerAuthentication).',
    );
    expect(out.stdout).toContain('Mesh: ambient (a namespace is enrolled in ambient).');
    expect(out.status).toBe(0);
  });

  test('can take the profile and the mesh from the command line, ignoring gateway-api', () => {
    const out = run(
      'verify',
      path.join(DIST, 'three-tier-cilium-istio.k8s.yaml'),
      '--probes',
      THREE_TIER,
      '--profile',
      'cilium-istio-gateway-api',
      '--mesh',
      'sidecar',
    );
    expect(out.stdout).toMatch(/^Profile: cilium\+istio\.$/m);
    expect(out.stdout).toMatch(/^Mesh: sidecar\.$/m);
    expect(out.status).toBe(0);
  });

  test('can skip probes that do not apply to the profile, and count only those that do', () => {
    const out = run('verify', path.join(DIST, 'three-tier-kubernetes.k8s.yaml'), '--probes', THREE_TIER);
    expect(out.stdout).toContain('Probes: 20 in ');
    expect(out.stdout).toContain('14 apply to profile kubernetes.');
    expect(out.summary).toBe('14 passed, 0 failed');
  });

  test('can validate without probes, counting each valid document as a check', () => {
    const out = run('verify', CILIUM_FILE);
    expect(out.stdout).toMatch(/^Read 1 file, (\d+) documents\.$/m);
    const documents = /^Read 1 file, (\d+) documents\.$/m.exec(out.stdout)?.[1];
    expect(out.summary).toBe(`${documents} passed, 0 failed`);
    expect(out.status).toBe(0);
  });
});

describe('cdk8s-zerotrust verify on hand-edited files', () => {
  test('cannot pass when the backend-api-ingress rule is removed, and explains the failure', () => {
    const file = write(
      'removed/three-tier-cilium.k8s.yaml',
      editCilium('backend-api-ingress', (d) => d.deleteIn(['spec', 'ingress', 0])),
    );
    const out = run('verify', file, '--probes', THREE_TIER);
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(
      /^FAIL +production\/frontend -> production\/backend-api 8080\/TCP +allow +deny +cilium: production\/backend-api is isolated for ingress by CiliumNetworkPolicy production\/backend-api-ingress/m,
    );
    expect(out.stdout).toContain('\nFailures:\n');
    expect(out.stdout).toMatch(
      /^FAIL production\/frontend -> production\/backend-api 8080\/TCP expect allow \(profile cilium\)\nproduction\/frontend -> production\/backend-api: DENY\n {2}cilium: deny\n/m,
    );
    expect(out.summary).toMatch(/^\d+ passed, [1-9]\d* failed$/);
  });

  test('cannot pass when the backend-api-ingress rule is widened to the whole cluster', () => {
    const original = fs.readFileSync(CILIUM_FILE, 'utf8');
    const frontendPeer =
      '    - fromEndpoints:\n        - matchLabels:\n            app: frontend\n            k8s:io.kubernetes.pod.namespace: production\n';
    expect(original.split(frontendPeer)).toHaveLength(2);
    const file = write('widened.yaml', original.replace(frontendPeer, '    - fromEntities:\n        - cluster\n'));
    const out = run('verify', file, '--probes', THREE_TIER);
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(
      /^FAIL +legacy\/legacy-client -> production\/backend-api 8080\/TCP +deny +allow +CiliumNetworkPolicy production\/backend-api-ingress ingress\[0\]$/m,
    );
    expect(out.stdout).toMatch(
      /^FAIL legacy\/legacy-client -> production\/backend-api 8080\/TCP expect deny \(profile cilium\)\nlegacy\/legacy-client -> production\/backend-api: ALLOW\n/m,
    );
    expect(out.summary).toBe('19 passed, 1 failed');
  });

  test('cannot pass a schema-invalid document, and names the file, the object and the field', () => {
    const file = write(
      'invalid.yaml',
      editCilium('backend-api-ingress', (d) =>
        d.setIn(['spec', 'ingress', 0, 'toPorts', 0, 'ports', 0, 'protocol'], 'TPC'),
      ),
    );
    const out = run('verify', file);
    expect(out.stdout).toContain(
      `${file}: CiliumNetworkPolicy production/backend-api-ingress: spec.ingress[0].toPorts[0].ports[0].protocol: `,
    );
    expect(out.stdout).toMatch(/^Schemas: \d+ documents validated, 1 invalid\.$/m);
    expect(out.summary).toMatch(/^\d+ passed, 1 failed$/);
    expect(out.status).toBe(1);
  });

  test('cannot pass a file that is not valid YAML', () => {
    const file = write('broken.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: [x\n');
    const out = run('verify', file);
    expect(out.stdout).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: document 1: `, 'm'));
    expect(out.summary).toBe('0 passed, 1 failed');
    expect(out.status).toBe(1);
  });

  test('can read directories recursively in sorted order, JSON included, other files ignored', () => {
    const tree = path.join(dir, 'tree');
    const [first, ...rest] = (parseAllDocuments(fs.readFileSync(CILIUM_FILE, 'utf8')) as Document[]).map((d) =>
      d.toJS(),
    );
    fs.mkdirSync(path.join(tree, 'b', 'c'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'b', 'c', 'policies.yml'), rest.map((d) => JSON.stringify(d)).join('\n---\n'));
    fs.writeFileSync(path.join(tree, 'a.json'), JSON.stringify(first));
    fs.writeFileSync(path.join(tree, 'notes.txt'), 'not a manifest');
    const out = run('verify', tree, '--probes', THREE_TIER);
    expect(out.stdout).toContain(`Read 2 files, ${rest.length + 1} documents.`);
    expect(out.summary).toBe('20 passed, 0 failed');
  });

  test('can merge the workloads found in the files with those of the scenario', () => {
    const scenario = write(
      'scenario.yaml',
      [
        'namespaces: [{ name: production }]',
        'workloads:',
        '  - { name: backend-api, namespace: production, labels: { app: backend-api }, ports: [8080/TCP] }',
        'probes:',
        '  - { from: legacy/legacy-client, to: production/backend-api, port: 8080/TCP, expect: deny, targets: [cilium] }',
      ].join('\n'),
    );
    const deployment = write(
      'workloads/legacy.yaml',
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: legacy-client, namespace: legacy }',
        'spec: { template: { metadata: { labels: { app: legacy-client } }, spec: { containers: [{ name: c, image: x }] } } }',
      ].join('\n'),
    );
    const out = run('verify', CILIUM_FILE, deployment, '--probes', scenario);
    expect(out.stdout).toContain('not validated (no vendored schema): apps/v1 Deployment.');
    expect(out.summary).toBe('1 passed, 0 failed');
  });
});

describe('cdk8s-zerotrust usage', () => {
  test('can print the help on stdout', () => {
    const out = run('--help');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(
      /^Usage: cdk8s-zerotrust verify <file or directory>\.\.\. \[--probes <scenario\.yaml>\] \[--profile <name>\] \[--mesh none\|sidecar\|ambient\]/,
    );
  });

  test.each([
    [[], /^error: missing command: verify, list, diff or import \(cdk8s-zerotrust --help shows the usage\)\n$/],
    [['verify'], /^error: verify needs at least one file or directory \(cdk8s-zerotrust --help shows the usage\)\n$/],
    [['verify', 'dist/', '--color'], /^error: unknown option '--color' \(cdk8s-zerotrust --help shows the usage\)\n$/],
    [['verify', 'dist/', '--mesh', 'linkerd'], /^error: --mesh must be one of none, sidecar, ambient, not 'linkerd'/],
  ])('exits 2 with a usage error for %j', (argv, message) => {
    const out = run(...argv);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
  });

  test('exits 2 on a path that does not exist, an unknown profile, and a probe naming no workload', () => {
    const missing = run('verify', path.join(dir, 'nope.yaml'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: no such file or directory/);
    const profile = run('verify', CILIUM_FILE, '--probes', THREE_TIER, '--profile', 'weave');
    expect(profile.status).toBe(2);
    expect(profile.stderr).toMatch(/^error: --profile: profile 'weave': unknown layer 'weave'/);
    const scenario = write(
      'ghost.yaml',
      'probes:\n  - { from: ghost/ghost, to: production/backend-api, port: 8080/TCP, expect: deny, targets: [cilium] }\n',
    );
    const ghost = run('verify', CILIUM_FILE, '--probes', scenario);
    expect(ghost.status).toBe(2);
    expect(ghost.stderr).toMatch(/ghost\.yaml: probe endpoint 'ghost\/ghost': no workload ghost in namespace ghost/);
  });
});
