import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { EXAMPLES } from '../../../examples/main';
import { build as threeTier } from '../../../examples/three-tier/main';
import { HttpMatch, Port, Profile, Tier, Topology, WarningMode, Zone } from '../../../src';
import { renderReport, writeReports } from '../../../src/testing/report';
import { generateSpec } from '../../../bench/synthetic-spec';
import { buildZeroTrust } from '../../../bench/zerotrust-topology';

const DIST = path.join(__dirname, '..', '..', '..', 'dist');

/** The lines of one profile's section of a report. */
function section(report: string, profile: string): string {
  const start = report.indexOf(`## Profile \`${profile}\``);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = report.indexOf('\n## ', start + 1);
  return report.slice(start, end < 0 ? undefined : end);
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

  test('can judge each edge on the emitted manifests: L7 rules dropped on kubernetes, kept on cilium', () => {
    expect(section(report, 'kubernetes')).toContain(
      '- `production/frontend` → `production/backend-api` on 8080: L7 rules not enforced: any request (L7_TO_L4)',
    );
    expect(section(report, 'kubernetes')).toContain(
      '  tier_production_frontend -->|"8080<br/>L7 rules not enforced: any request (L7_TO_L4)"| tier_production_backend_api',
    );
    expect(section(report, 'kubernetes')).toMatch(/linkStyle \d+ stroke:#c62828/);
    expect(section(report, 'cilium')).toContain(
      "None: every edge of the intent is allowed as written, and nothing else between the tiers' declared ports.",
    );
    expect(section(report, 'cilium')).toContain(
      '- `production/frontend` → `production/backend-api`: 8080; GET /api/v1/products; GET /healthz; POST /api/v1/orders',
    );
  });

  test('can show data plane, mTLS mode and open egress of each zone as emitted', () => {
    expect(section(report, 'kubernetes')).toContain('    mode_production>"no mesh"]:::mode');
    expect(section(report, 'istio')).toContain(
      '    mode_production>"sidecar · mTLS STRICT · egress open (EGRESS_UNENFORCED)"]:::mode',
    );
    expect(section(report, 'istio')).toContain(
      '- zone `production`: egress open (EGRESS_UNENFORCED) to addresses no edge names',
    );
    expect(section(report, 'cilium-istio')).toContain('    mode_production>"sidecar · mTLS STRICT"]:::mode');
  });

  test('can list the external egress each CNI layer renders', () => {
    expect(section(report, 'cilium')).toContain('- `production/backend-api` → fqdn api.stripe.com on 443');
    expect(section(report, 'kubernetes')).not.toContain('→ fqdn api.stripe.com on 443');
    expect(section(report, 'kubernetes')).toContain(
      '- `production/backend-api` → cidr 0.0.0.0/0 except 10.0.0.0/8, 100.64.0.0/10, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16 on 443',
    );
    expect(section(report, 'istio')).toContain('No CNI layer in this profile: egress is not restricted by it.');
  });

  test('can draw zones, tiers, gateways in their namespace, external peers apart, every L7 condition and a legend', () => {
    expect(report).toContain(
      '  subgraph group_1["zone production"]\n    tier_production_backend_api["backend-api · 8080, 9090"]',
    );
    expect(report).toContain('  subgraph group_2["outside the cluster"]\n    X1(["X1 cidr 0.0.0.0/0 except 5"])');
    expect(report).toContain(
      '| X1 cidr 0.0.0.0/0 except 5 | cidr 0.0.0.0/0 except 10.0.0.0/8, 100.64.0.0/10, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16 |',
    );
    expect(report).toContain(
      '  subgraph group_4["namespace istio-system"]\n    gateway_shop_gateway{{"gateway shop-gateway · 80, 443"}}',
    );
    expect(report).toContain(
      '  tier_production_frontend -->|"8080<br/>GET /api/v1/products<br/>GET /healthz<br/>POST /api/v1/orders"| tier_production_backend_api',
    );
    expect(report).toContain('  pods -->|"9090<br/>GET /metrics"| tier_production_backend_api');
    expect(report).toContain(
      '  gateway_shop_gateway -.->|"storefront shop.example.com → 80<br/>any request"| tier_production_frontend',
    );
    expect(report).toContain('- `{{ }}` hexagon: an ingress gateway, inside its namespace');
  });

  test('can list the widenings and the warnings', () => {
    expect(report).toContain('| L7_TO_L4 | kubernetes | `three-tier/production/backend-api/from-frontend` |');
    expect(report).toContain('| EGRESS_UNENFORCED | istio | `three-tier/production` |');
    expect(report).toMatch(
      /## Warnings\n\n- ZT201 at `three-tier\/production`: namespace 'production' must carry labels istio-injection=enabled/,
    );
  });
});

describe('report of the zones-lab example', () => {
  const report = renderReport(EXAMPLES['zones-lab'](new App()));

  test('can label every route with its match, target port and weight', () => {
    expect(report).toContain(
      '  gateway_api_gateway -.->|"api api.example.com → 80 · weight 90<br/>/canary*"| tier_backend_http_api',
    );
    expect(report).toContain(
      '  gateway_api_gateway -.->|"api api.example.com → 8080 · weight 10<br/>/canary*"| tier_backend_backend',
    );
    expect(report).toContain('/api/v1*');
    expect(report).toContain('[X-API-Version: v2]');
  });
});

describe('report of a large topology', () => {
  const report = renderReport(buildZeroTrust(new App(), generateSpec(50), 'all'));
  // 50 tiers: see MAX_TIERS_ONE_DIAGRAM (the bench generator spreads them over 3 zones).

  test('can draw a zone overview and one diagram per part of a zone instead of one diagram', () => {
    expect(report).toContain('50 tiers in 3 zones: one diagram would not be legible');
    expect(report).toContain('<details><summary>zone z000 part 1/5: 4 tiers</summary>');
    const parts = report.match(/^<details><summary>zone z\d+ part \d+\/\d+: \d tiers<\/summary>$/gm) ?? [];
    const spec = generateSpec(50);
    expect(parts.length).toBe(
      spec.zones.map((_, z) => Math.ceil(spec.tiers.filter((t) => t.zone === z).length / 4)).reduce((a, b) => a + b, 0),
    );
    const intent = report.slice(report.indexOf('## Intent'), report.indexOf('## Profile'));
    expect(intent.match(/^```mermaid$/gm)?.length).toBe(1 + parts.length);
  });

  test('can list flows instead of N × N matrices, and only the differences per profile', () => {
    expect(report).not.toContain('| from ↓ / to →');
    expect(section(report, 'kubernetes')).toMatch(/<details><summary>\d+ flows differ from the intent<\/summary>/);
    expect(section(report, 'kubernetes')).toContain('L7 rules not enforced: any request (L7_TO_L4)');
    expect(section(report, 'cilium')).toContain(
      "None: every edge of the intent is allowed as written, and nothing else between the tiers' declared ports.",
    );
  });
});

describe('reports of other topologies', () => {
  test('can give colliding names distinct Mermaid ids and escape labels', () => {
    const app = new App();
    const t = new Topology(app, 'names', { warnings: WarningMode.SILENT, profiles: [Profile.cilium()] });
    const dashed = new Tier(new Zone(t, 'a-b'), 'c', { selector: { app: 'c' }, ports: [Port.tcp(80)] });
    const split = new Tier(new Zone(t, 'a'), 'b-c', { selector: { app: 'bc' }, ports: [Port.tcp(81)] });
    split.allowFrom(dashed, {
      ports: [Port.tcp(81)],
      http: [HttpMatch.get('/x', { headers: { 'x-tag': 'a"b|c<d>#' } })],
    });
    const report = renderReport(t);
    expect(report).toContain('    tier_a_b_c["c · 80"]');
    expect(report).toContain('    tier_a_b_c_2["b-c · 81"]');
    expect(report).toContain('  tier_a_b_c -->|"81<br/>GET /x [x-tag: a#quot;b#124;c#lt;d#gt;#35;]"| tier_a_b_c_2');
    expect(section(report, 'cilium')).toContain('- `a-b/c` → `a/b-c`: 81; GET /x [x-tag: a"b\\|c<d>#]');
  });

  test('throws for a topology that does not compile', () => {
    const t = new Topology(new App(), 'dup', {
      warnings: WarningMode.SILENT,
      profiles: [Profile.cilium(), Profile.cilium()],
    });
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
