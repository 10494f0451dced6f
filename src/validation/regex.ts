import { RE2JS } from 're2js';

/**
 * Checks that a regular expression is valid RE2 syntax (Go `regexp`, Envoy `safe_regex`, Cilium
 * L7 paths), with RE2's own parser (re2js, a port of RE2/J): look-around, back-references and
 * repeat counts above 1000 are refused, RE2-only syntax such as `(?i)` or `(?P<name>...)` is
 * accepted. Returns a message or undefined.
 */
export function checkRe2(regex: string): string | undefined {
  if (typeof regex !== 'string')
    return `is ${regex === null ? 'null' : typeof regex}, not a string. Write the regex as a string`;
  if (regex.length === 0) return "is empty. Write a regex that matches the whole path, e.g. '/v[0-9]+/.*'";
  try {
    RE2JS.compile(regex);
  } catch (e) {
    return `is not valid RE2 (${(e as Error).message}). Use RE2 syntax: no look-around or back-references, repeat counts up to 1000; see https://github.com/google/re2/wiki/Syntax`;
  }
  return undefined;
}
