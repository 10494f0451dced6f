import * as fs from 'fs';
import { App } from 'cdk8s';
import { generateSpec } from '../../../bench/synthetic-spec';
import { buildZeroTrust } from '../../../bench/zerotrust-topology';
import { EXAMPLES } from '../../../examples/main';
import { renderReport } from '../../../src/testing/report';
import { DrawnDiagram, MermaidBrowser, mermaidBlocks } from './mermaid-browser';

/**
 * Smallest text, px, a diagram may show at the width of a Markdown column. The reports of the
 * bench topologies measure 6.5 px and up at 500 tiers (per part of a zone), 7 px and up at 50.
 */
const MIN_TEXT_PX = 6;

/** Every report of the examples, and of generated 50- and 500-tier topologies. */
const REPORTS: [string, () => string][] = [
  ...Object.entries(EXAMPLES).map(([name, build]): [string, () => string] => [
    name,
    () => renderReport(build(new App())),
  ]),
  ['bench 50 tiers, 4 profiles', () => renderReport(buildZeroTrust(new App(), generateSpec(50), 'all'))],
  ['bench 500 tiers, kubernetes', () => renderReport(buildZeroTrust(new App(), generateSpec(500), 'kubernetes'))],
];

describe('report diagrams drawn by mermaid 11 in headless chromium', () => {
  let browser: MermaidBrowser;
  beforeAll(async () => {
    browser = await MermaidBrowser.start();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
  });

  test('can tell chromium is installed (the test fails, not skips, without it)', () => {
    expect(fs.existsSync('/usr/bin/chromium')).toBe(true);
  });

  test.each(REPORTS)(
    'can draw every diagram of the %s report without error, overlap or unreadable text',
    async (name, render) => {
      const blocks = mermaidBlocks(render());
      expect(blocks.length).toBeGreaterThan(0);
      const problems: string[] = [];
      const drawn: DrawnDiagram[] = [];
      for (const [i, text] of blocks.entries()) {
        const d = await browser.draw(text);
        drawn.push(d);
        if (d.error) problems.push(`${name} diagram ${i + 1}: ${d.error}`);
        else if (d.textPx < MIN_TEXT_PX)
          problems.push(
            `${name} diagram ${i + 1}: text ${d.textPx.toFixed(1)} px at column width (${Math.round(d.width)} px wide)`,
          );
        problems.push(...d.overlaps.map((o) => `${name} diagram ${i + 1}: ${o}`));
      }
      expect(problems).toEqual([]);
      expect(drawn.every((d) => d.nodes > 0)).toBe(true);
    },
    60000,
  );

  test('can catch a parse error and tiny text', async () => {
    expect((await browser.draw('flowchart LR\n  a[["x"]] --> b[')).error).toMatch(/Parse error/);
    const chain = Array.from({ length: 60 }, (_, i) => `  a${i}["node ${i}"] --> a${i + 1}["node ${i + 1}"]`).join(
      '\n',
    );
    expect((await browser.draw(`flowchart LR\n${chain}`)).textPx).toBeLessThan(MIN_TEXT_PX);
  });

  test('can catch an edge label over a node, and only then', async () => {
    const svg = (labelX: number): string =>
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100" width="400" height="100">' +
      '<g class="node"><rect x="0" y="0" width="100" height="40"/><text x="5" y="20">tier</text></g>' +
      `<g class="edgeLabel"><rect x="${labelX}" y="10" width="60" height="20"/><text x="${labelX + 5}" y="25">8080</text></g></svg>`;
    expect((await browser.measure(svg(50))).overlaps).toEqual(['edge label "8080" over node "tier"']);
    expect((await browser.measure(svg(200))).overlaps).toEqual([]);
  });
});
