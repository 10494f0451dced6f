import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { EXAMPLES } from '../../../examples/main';
import { build as threeTier } from '../../../examples/three-tier/main';
import { HttpMatch, Port, Profile, Tier, Topology, WarningMode, Zone } from '../../../src';
import { renderReport, writeReports } from '../../../src/testing/report';

const DIST = path.join(__dirname, '..', '..', '..', 'dist');

/** The lines of one profile's section of a report. */
function section(report: string, profile: string): string {
  const start = report.indexOf(`## Profile \`${profile}\``);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = report.indexOf('\n## ', start + 1);
  return report.slice(start, end < 0 ? undefined : end);
}

/** The cells of a matrix row, by its label. */
function row(sectionText: string, label: string): string[] {
  const line = sectionText.split('\n').find((l) => l.startsWith(`| ${label} |`));
  if (!line) throw new Error(`no row '${label}' in:\n${sectionText}`);
  return line.split(' | ').slice(1).map((c) => c.replace(/ \|$/, ''));
}

describe.each(Object.entries(EXAMPLES))('report of example %s', (name, build) => {
  const report = renderReport(build(new App()));

  test('matches the committed dist/ report (re-run `npm run synth` when this fails)', () => {
    const committed = path.join(DIST, `${name}.report.md`);
    expect(fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : `<missing ${name}.report.md>`).toBe(report);
  });

  test('can render the same text twice (deterministic)', () => {
    expect(renderReport(build(new App()))).toBe(report);
  });

  test('can keep every Mermaid node id to letters, digits and underscores', () => {
    const diagram = report.slice(report.indexOf('```mermaid\n'), report.indexOf('\n```\n'));
    const ids = [...diagram.matchAll(/^ {2,4}(?:subgraph )?(\S+?)(?:\[|\{\{|\(\[| -)/gm)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(2);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
  });
});

describe('report of the three-tier example', () => {
  const report = renderReport(threeTier(new App()));

  test('can show L7 filtering on cilium and the L4 widening on kubernetes in the matrix', () => {
    expect(section(report, 'kubernetes')).toContain('| from ↓ / to → | production/backend-api | production/frontend | production/redis |');
    expect(row(section(report, 'kubernetes'), 'production/frontend')).toEqual(['8080', '—', '—']);
    expect(row(section(report, 'cilium'), 'production/frontend')).toEqual(['8080 (L7)', '—', '—']);
    expect(row(section(report, 'cilium'), 'production/backend-api')).toEqual(['—', '—', '6379']);
    expect(row(section(report, 'cilium-istio'), 'pods monitoring {app=prometheus}')).toEqual(['9090 (L7)', '—', '—']);
    expect(row(section(report, 'istio'), 'gateway istio-system/shop-gateway')).toEqual(['—', '80', '—']);
  });

  test('can list the external egress each CNI layer renders', () => {
    expect(section(report, 'cilium')).toContain('- `production/backend-api` → fqdn api.stripe.com on 443');
    expect(section(report, 'kubernetes')).not.toContain('fqdn api.stripe.com');
    expect(section(report, 'kubernetes')).toContain('- `production/backend-api` → cidr 0.0.0.0/0 except 10.0.0.0/8, 100.64.0.0/10, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16 on 443');
    expect(section(report, 'istio')).toContain('No CNI layer in this profile: egress is not restricted by it.');
  });

  test('can draw zones, tiers, peers and edges with ports and L7 conditions', () => {
    expect(report).toContain('  subgraph zone_production["zone production · namespace production"]');
    expect(report).toContain('    tier_production_backend_api["backend-api · 8080, 9090"]');
    expect(report).toContain('  tier_production_frontend -->|"8080 GET /api/v1/products … (+2)"| tier_production_backend_api');
    expect(report).toMatch(/ {2}(peer_\d+)\["pods monitoring \{app=prometheus\}"\]\n[\s\S]*\1 -->\|"9090 GET \/metrics"\| tier_production_backend_api/);
    expect(report).toContain('  gateway_shop_gateway -.->|"HTTPRoute storefront shop.example.com → 80"| tier_production_frontend');
  });

  test('can list the widenings and the warnings', () => {
    expect(report).toContain('| L7_TO_L4 | kubernetes | `three-tier/production/backend-api/from-frontend` |');
    expect(report).toContain('| EGRESS_UNENFORCED | istio | `three-tier/production` |');
    expect(report).toMatch(/## Warnings\n\n- ZT201 at `three-tier\/production`: namespace 'production' must carry labels istio-injection=enabled/);
  });
});

describe('reports of other topologies', () => {
  test('can give colliding names distinct Mermaid ids and escape labels', () => {
    const app = new App();
    const t = new Topology(app, 'names', { warnings: WarningMode.SILENT, profiles: [Profile.cilium()] });
    const dashed = new Tier(new Zone(t, 'a-b'), 'c', { selector: { app: 'c' }, ports: [Port.tcp(80)] });
    const split = new Tier(new Zone(t, 'a'), 'b-c', { selector: { app: 'bc' }, ports: [Port.tcp(81)] });
    split.allowFrom(dashed, { ports: [Port.tcp(81)], http: [HttpMatch.get('/x', { headers: { 'x-tag': 'a"b|c<d>#' } })] });
    const report = renderReport(t);
    expect(report).toContain('    tier_a_b_c["b-c · 81"]');
    expect(report).toContain('    tier_a_b_c_2["c · 80"]');
    expect(report).toContain('  tier_a_b_c_2 -->|"81 GET /x [x-tag: a#quot;b#124;c#lt;d#gt;#35;]"| tier_a_b_c');
    expect(row(section(report, 'cilium'), 'a-b/c')).toEqual(['—', '81 (L7)']);
  });

  test('throws for a topology that does not compile', () => {
    const t = new Topology(new App(), 'dup', { warnings: WarningMode.SILENT, profiles: [Profile.cilium(), Profile.cilium()] });
    expect(() => renderReport(t)).toThrow(/topology dup does not compile/);
  });
});

describe('writeReports', () => {
  test('can write one report per topology of the app into its outdir', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-report-'));
    try {
      const app = new App({ outdir });
      const shop = threeTier(app);
      const lab = EXAMPLES['zones-lab'](app);
      app.synth();
      const written = writeReports(app);
      expect(written).toEqual([path.join(outdir, 'three-tier.report.md'), path.join(outdir, 'zones-lab.report.md')]);
      expect(fs.readFileSync(written[0], 'utf8')).toBe(renderReport(shop));
      expect(fs.readFileSync(written[1], 'utf8')).toBe(renderReport(lab));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
