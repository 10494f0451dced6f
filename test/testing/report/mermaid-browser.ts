import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';

/** Debian's chromium (apt-get install chromium); no browser is downloaded at install. */
export const CHROMIUM = '/usr/bin/chromium';
/** Width of a Markdown column on GitHub, where reports are read. */
export const COLUMN_WIDTH = 880;
/** Mermaid's default font size in flowcharts, px. */
const FONT_SIZE = 16;

/** What one diagram looks like once drawn. */
export interface DrawnDiagram {
  /** The parse or render error, when mermaid refused the diagram. */
  readonly error?: string;
  /** Natural size of the SVG (its viewBox). */
  readonly width: number;
  readonly height: number;
  /** Height of text at the column width, px (the diagram is scaled down when wider than the column). */
  readonly textPx: number;
  /** Edge labels that lie (more than 2 px each way) over a node, or over another edge label. */
  readonly overlaps: readonly string[];
  /** Number of nodes and labelled edges drawn. */
  readonly nodes: number;
  readonly labels: number;
}

/** The mermaid blocks of a Markdown text, in order. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
}

/** One headless chromium with mermaid loaded in a page as wide as a Markdown column; reuse it for every diagram. */
export class MermaidBrowser {
  /** Starts chromium; fails with a clear message when it is not installed. */
  public static async start(): Promise<MermaidBrowser> {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get update && apt-get install -y chromium); .ci/run does it`,
      );
    }
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage();
    await page.setViewport({ width: COLUMN_WIDTH + 40, height: 800 });
    await page.setContent(
      `<html><body style="margin:0"><div id="out" style="width:${COLUMN_WIDTH}px"></div></body></html>`,
    );
    await page.addScriptTag({
      path: path.join(path.dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js'),
    });
    await page.addScriptTag({ path: path.join(__dirname, 'measure-svg.js') });
    await page.evaluate(() => {
      (globalThis as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({
        startOnLoad: false,
        securityLevel: 'strict',
        theme: 'default',
      });
    });
    return new MermaidBrowser(browser, page);
  }

  private count = 0;

  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  /** Parses, renders and measures one diagram. */
  public async draw(text: string): Promise<DrawnDiagram> {
    this.count++;
    const args = [text, `m${this.count}`, FONT_SIZE, COLUMN_WIDTH] as const;
    return this.page.evaluate(
      (...a) =>
        (globalThis as unknown as { drawAndMeasure(...x: unknown[]): Promise<DrawnDiagram> }).drawAndMeasure(...a),
      ...args,
    );
  }

  /** Measures an SVG as `draw` measures mermaid's (for testing the measurement itself). */
  public async measure(svg: string): Promise<DrawnDiagram> {
    const args = [svg, FONT_SIZE, COLUMN_WIDTH] as const;
    return this.page.evaluate(
      (...a) => (globalThis as unknown as { measureSvg(...x: unknown[]): DrawnDiagram }).measureSvg(...a),
      ...args,
    );
  }

  /** A PNG of the last diagram drawn, to look at. */
  public async screenshot(file: string): Promise<void> {
    const el = await this.page.$('#out');
    if (el) await el.screenshot({ path: file });
  }

  public async close(): Promise<void> {
    await this.browser.close();
  }
}
