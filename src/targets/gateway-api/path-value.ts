import { CRD_LIMITS } from './limits';

/** A character the CRD admits literally in an `Exact` or `PathPrefix` value (a CEL rule). */
const PATH_CHARACTER = /^[-A-Za-z0-9/._~!$&'()*+,;=:@]$/;

/**
 * Why an `Exact` or `PathPrefix` value breaks the HTTPRoute CEL rules, each reason once; empty
 * when the value is valid. It must start with `/`, must not contain `//`, `/./`, `/../`, an
 * encoded slash (`%2f`, `%2F`) or `#`, must not end with `/.` or `/..`, and may use only
 * unreserved, sub-delim, `:`, `@`, `/` and percent-encoded characters.
 */
export function pathValueProblems(value: string): string[] {
  const out: string[] = [];
  if (!value.startsWith('/')) out.push("does not start with '/'");
  for (const part of ['//', '/./', '/../', '#']) if (value.includes(part)) out.push(`contains '${part}'`);
  if (/%2f/i.test(value)) out.push("contains an encoded slash '%2f'");
  if (value.endsWith('/.') || value.endsWith('/..')) out.push("ends with '/.' or '/..'");
  if (/%(?![0-9a-fA-F]{2})/.test(value)) out.push("contains a '%' that does not start a percent-encoded byte");
  const invalid = [...new Set([...value].filter((c) => c !== '#' && c !== '%' && !PATH_CHARACTER.test(c)))];
  if (invalid.length > 0) {
    out.push(`contains characters that must be percent-encoded: ${invalid.map((c) => `'${c}'`).join(', ')}`);
  }
  if (value.length > CRD_LIMITS.pathLength) out.push(`is longer than ${CRD_LIMITS.pathLength} characters`);
  return out;
}
