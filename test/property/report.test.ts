import { App } from 'cdk8s';
import fc from 'fast-check';
import { renderReport } from '../../src/testing/report';
import { topologySpec } from './arbitraries';
import { buildTopology } from './build';
import { runs, SEED } from './properties';
import { PROFILES, TopologySpec } from './spec';

/** The mermaid blocks of a report. */
function diagrams(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
}

/** Problems of one diagram's text: arrows between undeclared nodes, ids outside `[A-Za-z0-9_]`, link styles past the last arrow. */
function structureProblems(text: string): string[] {
  const declared = new Set([...text.matchAll(/^ {2,4}([A-Za-z][A-Za-z0-9_]*)(?:\[|\{\{|\(\[|>")/gm)].map((m) => m[1]));
  const arrows = [...text.matchAll(/^ {2}(\S+) (?:-->|-\.->|-\.-x)(?:\|"[^"]*"\|)? (\S+)$/gm)];
  const problems = arrows.flatMap((a) =>
    [a[1], a[2]].filter((id) => !declared.has(id)).map((id) => `arrow to undeclared node ${id}`),
  );
  for (const m of text.matchAll(/^ {2}linkStyle (\d+) /gm))
    if (Number(m[1]) >= arrows.length) problems.push(`linkStyle ${m[1]} past ${arrows.length} arrows`);
  return problems;
}

describe.each(PROFILES)('report, profile %s', (profile) => {
  test('can render well-formed diagrams, the same text twice, and mark a flow in the diagram exactly when it lists a difference', () => {
    let arrows = 0;
    fc.assert(
      fc.property(topologySpec(profile), (spec) => {
        const report = renderReport(buildTopology(new App(), spec));
        expect(renderReport(buildTopology(new App(), spec))).toBe(report);
        for (const d of diagrams(report)) {
          expect(structureProblems(d)).toEqual([]);
          arrows += (d.match(/^ {2}\S+ (?:-->|-\.->|-\.-x)/gm) ?? []).length;
        }
        expect(diagrams(report).length).toBeGreaterThanOrEqual(2);
        const section = report.slice(report.indexOf('## Profile'), report.indexOf('## Widenings'));
        const styled = /^ {2}linkStyle \d+ stroke:#(c62828|e65100|9e9e9e)/m.test(section);
        const flowDifferences = /^- `[^`]+` → `[^`]+` on /m.test(section.slice(section.indexOf('#### Differences')));
        expect(styled).toBe(flowDifferences);
      }),
      { seed: SEED, numRuns: runs(15) },
    );
    expect(arrows).toBeGreaterThan(15);
  });
});

describe('report regressions', () => {
  // Found by `npm run test:fresh` (seed 105043902): past 8 tiers the profile view drew zones only,
  // so a flow that differs from the intent inside one zone was listed but drawn nowhere.
  test('can draw a difference inside one zone of a large topology', () => {
    const tier = (ports: { protocol: 'TCP'; port: number }[] = []) => ({
      serviceAccount: false,
      ports,
      http: false,
      service: false,
      unmeshed: false,
    });
    const spec = {
      profile: 'kubernetes',
      dns: 'kube',
      mesh: 'none',
      sharedNamespace: false,
      zones: [
        { deny: 'BOTH', dns: true, podSelector: false, tiers: [tier(), tier(), tier(), tier(), tier()] },
        { deny: 'NONE', dns: true, podSelector: false, tiers: [tier(), tier([{ protocol: 'TCP', port: 80 }])] },
        { deny: 'BOTH', dns: true, podSelector: false, tiers: [tier(), tier()] },
      ],
      edges: [],
      requests: [],
    } as unknown as TopologySpec;
    const report = renderReport(buildTopology(new App(), spec));
    const section = report.slice(report.indexOf('## Profile'), report.indexOf('## Widenings'));
    expect(section).toContain('- `zone-1/tier-0` → `zone-1/tier-1` on 80: allowed, no edge of the intent asks for it');
    expect(section).toMatch(/^ {2}tier_zone_1_tier_0 -->\|"80<br\/>no edge asks for it"\| tier_zone_1_tier_1$/m);
    expect(section).toMatch(/^ {2}linkStyle \d+ stroke:#e65100/m);
  });
});
