import * as fs from 'fs';
import * as path from 'path';
import { readGitTextFiles } from './git-inputs';

/** The reports synth writes beside the manifests: `<topology>.report.md`. */
const REPORT_FILE = /(^|\/)([^/]+)\.report\.md$/;

/** The widenings the reports of one side record, one line each, and the report files read. */
export interface RecordedWidenings {
  readonly reports: readonly string[];
  /** `<topology>: <WIDENING> (<target>) at <construct>: <what>`, sorted. */
  readonly widenings: readonly string[];
}

/**
 * Reads the widenings recorded in the `<topology>.report.md` files under the given directories
 * (their "Widenings" table); at git revision `rev` when it is given. The manifests themselves do
 * not record widenings, so files given by name contribute none.
 */
export function recordedWidenings(paths: readonly string[], rev?: string): RecordedWidenings {
  const files = rev !== undefined ? readGitTextFiles(rev, paths, REPORT_FILE) : reportsOnDisk(paths);
  const widenings = files.flatMap((f) => wideningsOf(f.text, (REPORT_FILE.exec(f.file) as RegExpExecArray)[2]));
  return { reports: files.map((f) => f.file), widenings: [...new Set(widenings)].sort() };
}

function reportsOnDisk(paths: readonly string[]): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (p: string): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry));
    } else if (stat.isFile() && REPORT_FILE.test(p.split(path.sep).join('/'))) {
      out.push({ file: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  for (const p of paths) {
    try {
      if (fs.statSync(p).isDirectory()) walk(p);
    } catch {
      // a missing path is reported by the manifest reader
    }
  }
  return out;
}

/** The rows of the report's "## Widenings" table. */
export function wideningsOf(report: string, topology: string): string[] {
  const lines = report.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === '## Widenings');
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('|')) continue;
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/^`|`$/g, ''));
    if (cells.length < 4 || cells[0] === 'widening' || /^-+$/.test(cells[0])) continue;
    out.push(`${topology}: ${cells[0]} (${cells[1]}) at ${cells[2]}: ${cells.slice(3).join(' | ')}`);
  }
  return out;
}
