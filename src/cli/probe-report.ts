import { Verdict } from '../verify/cluster';
import { formatFinding } from '../verify/format';
import { Probe, ProbeResult } from '../verify/probes';
import { formatTable } from './table';

/** The probe as one line: `from -> to 8080/TCP GET /path`. */
export function probeTitle(result: ProbeResult): string {
  return titleOf(result.probe);
}

/** `probeTitle` of a probe not yet evaluated. */
export function titleOf(p: Probe): string {
  return `${p.from} -> ${p.to} ${p.port}/${p.protocol}${p.request ? ` ${p.request.method} ${p.request.path}` : ''}`;
}

/**
 * What decided a verdict, as `Kind ns/name rule` (or `layer: message` when no object did): in
 * the first layer that denied, or else the last layer, the last finding naming an object, or
 * else the first finding.
 */
export function decidedBy(verdict: Verdict): string {
  if (verdict.layers.length === 0) return 'no enforcement layer';
  const layer = verdict.layers.find((l) => !l.allowed) ?? verdict.layers[verdict.layers.length - 1];
  const finding = [...layer.findings].reverse().find((f) => f.object !== undefined) ?? layer.findings[0];
  if (!finding) return layer.layer;
  return finding.object !== undefined
    ? [finding.object, finding.rule].filter((s) => s).join(' ')
    : `${layer.layer}: ${formatFinding(finding)}`;
}

/**
 * The table of applicable probes: result, probe, expected and got verdicts, and what decided.
 * A probe that expands to several pairs shows the first pair that went wrong (or the first pair).
 */
export function probeTable(results: readonly ProbeResult[]): string[] {
  return formatTable([...TABLE_HEADER], results.filter((r) => r.applies).map(probeRow));
}

/** The table's header. */
const TABLE_HEADER = ['RESULT', 'PROBE', 'EXPECTED', 'GOT', 'DECIDED BY'] as const;

/**
 * `probeTable`, one row at a time: prints each row as its probe is decided, with exactly the
 * layout `probeTable` gives the whole list. The column widths that depend on the probes alone
 * are known before any is evaluated; the width of GOT (`allow`, `deny`) is settled by the first
 * `allow`, and rows decided before it wait (as strings) until then, or until `end`.
 */
export class ProbeTableWriter {
  private readonly widths: number[];
  private pending: string[][] | undefined = [];

  /** `titles`: of the probes whose rows will be written, for the PROBE column's width. */
  constructor(
    titles: Iterable<string>,
    private readonly print: (line: string) => void,
  ) {
    let probe = TABLE_HEADER[1].length;
    for (const t of titles) probe = Math.max(probe, t.length);
    this.widths = [
      Math.max(TABLE_HEADER[0].length, 4),
      probe,
      Math.max(TABLE_HEADER[2].length, 'allow'.length),
      TABLE_HEADER[3].length,
    ];
  }

  /** Adds the row of an applicable result. */
  write(result: ProbeResult): void {
    const row = probeRow(result);
    if (this.pending === undefined) {
      this.print(this.line(row));
      return;
    }
    this.pending.push(row);
    this.widths[3] = Math.max(this.widths[3], row[3].length);
    if (this.widths[3] === 'allow'.length) this.flush();
  }

  /** Prints the rows still waiting, and the header when no row came. */
  end(): void {
    if (this.pending !== undefined) this.flush();
  }

  private flush(): void {
    this.print(this.line([...TABLE_HEADER]));
    for (const row of this.pending ?? []) this.print(this.line(row));
    this.pending = undefined;
  }

  private line(row: readonly string[]): string {
    return row
      .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(this.widths[c])))
      .join('  ')
      .trimEnd();
  }
}

/** The row of one applicable result. */
function probeRow(r: ProbeResult): string[] {
  const wanted = r.probe.expect === 'allow';
  const shown = r.verdicts.find((v) => v.verdict.allowed !== wanted) ?? r.verdicts[0];
  const got = shown ? (shown.verdict.allowed ? 'allow' : 'deny') : '-';
  return [r.passed ? 'PASS' : 'FAIL', probeTitle(r), r.probe.expect, got, shown ? decidedBy(shown.verdict) : '-'];
}
