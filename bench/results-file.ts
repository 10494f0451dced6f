import * as fs from 'fs';

/** The comment lines around one generated section of bench/results.md. */
export interface SectionMarkers {
  readonly begin: string;
  readonly end: string;
}

/**
 * Replaces the section between `markers` in a results file's text, keeping the rest; appends it
 * (after a blank line, unless the text is empty) when the markers are absent.
 */
export function spliceSection(existing: string, generated: string, markers: SectionMarkers): string {
  const block = `${markers.begin}\n${generated}\n${markers.end}`;
  const start = existing.indexOf(markers.begin);
  const end = existing.indexOf(markers.end);
  if (start < 0 || end < start) return `${existing.trimEnd()}${existing.trim() ? '\n\n' : ''}${block}\n`;
  return `${existing.slice(0, start)}${block}${existing.slice(end + markers.end.length)}`;
}

/** Writes a generated section into a results file (created when absent), keeping its other sections. */
export function writeSection(file: string, generated: string, markers: SectionMarkers): void {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  fs.writeFileSync(file, spliceSection(existing, generated, markers));
}
