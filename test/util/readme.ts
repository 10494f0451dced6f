import * as fs from 'fs';
import * as path from 'path';
import { capabilityTable } from '../../src/targets/capability-table';
import { ERROR_DOCS } from '../../src/validation/codes';

/** Path of the README. */
export const README = path.join(__dirname, '..', '..', 'README.md');

/** Replaces what lies between `<!-- name:start -->` and `<!-- name:end -->` with generated text. */
function withGenerated(text: string, name: string, generated: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README lacks the ${name} markers`);
  return `${text.slice(0, a + start.length)}\n${generated}\n${text.slice(b)}`;
}

/** The README with the generated capability table in place. */
export function readmeWithCapabilities(text: string): string {
  return withGenerated(text, 'capabilities', capabilityTable());
}

/** The error table: every code of the catalog, its problem and its fix (from `ERROR_DOCS`). */
export function errorTable(): string {
  const rows = Object.keys(ERROR_DOCS)
    .sort()
    .map((code) => `| ${code} | ${ERROR_DOCS[code].problem} | ${ERROR_DOCS[code].fix} |`);
  return ['| code | problem | fix |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The README with the generated error table in place. */
export function readmeWithErrors(text: string): string {
  return withGenerated(text, 'errors', errorTable());
}

if (require.main === module) {
  fs.writeFileSync(README, readmeWithErrors(readmeWithCapabilities(fs.readFileSync(README, 'utf8'))));
}
