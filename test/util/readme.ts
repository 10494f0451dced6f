import * as fs from 'fs';
import * as path from 'path';
import { capabilityTable } from '../../src/targets/capability-table';

/** Path of the README. */
export const README = path.join(__dirname, '..', '..', 'README.md');
const START = '<!-- capabilities:start -->';
const END = '<!-- capabilities:end -->';

/** The README with the generated capability table in place. */
export function readmeWithCapabilities(text: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error('README lacks the capabilities markers');
  return `${text.slice(0, a + START.length)}\n${capabilityTable()}\n${text.slice(b)}`;
}

if (require.main === module) {
  fs.writeFileSync(README, readmeWithCapabilities(fs.readFileSync(README, 'utf8')));
}
