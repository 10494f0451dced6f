/**
 * Checks jsii's reserved-word warnings (JSII5018) against README's "Names in other languages"
 * table: every name jsii warns about must be documented there with how the binding spells it, and
 * every documented name must still be warned about. Reads the output of `npm run build`.
 *
 * Usage: ts-node test/util/reserved-words.ts <build-log>
 */
import * as fs from 'fs';
import * as path from 'path';

const log = fs.readFileSync(process.argv[2], 'utf8');
const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** `file word` for each warning, e.g. `src/values/port.ts range`. */
const warned = new Set(
  [...log.matchAll(/^(src\/[^:]+):\d+:\d+ - warning JSII5018: "([^"]+)"/gm)].map((m) => `${m[1]} ${m[2]}`),
);
const section = readme.slice(readme.indexOf('### Names in other languages'));
const documented = new Set(
  [...section.matchAll(/^\| `([^`]+)` \| ([^|]+) \|/gm)].flatMap((m) =>
    m[2].split(',').map((f) => `${f.trim().replace(/`/g, '')} ${m[1]}`),
  ),
);
const undocumented = [...warned].filter((w) => !documented.has(w)).sort();
const stale = [...documented].filter((d) => !warned.has(d)).sort();
if (warned.size === 0) {
  console.error('reserved words: the build log has no JSII5018 line; was jsii run with --silence-warnings?');
  process.exit(1);
}
for (const w of undocumented) console.error(`reserved word not documented in README "Names in other languages": ${w}`);
for (const d of stale)
  console.error(`README "Names in other languages" documents a name jsii no longer warns about: ${d}`);
if (undocumented.length > 0 || stale.length > 0) process.exit(1);
console.log(`reserved words: ${warned.size} warnings, each documented`);
