/**
 * Checks that a regular expression compiles and uses only features RE2 (Go `regexp`, Envoy
 * `safe_regex`) supports: no look-around, no back-references. Returns a message or undefined.
 */
export function checkRe2(regex: string): string | undefined {
  if (regex.length === 0) return 'is empty';
  if (/\(\?[=!]|\(\?<[=!]/.test(regex)) return 'uses look-around, which RE2 (Cilium, Envoy) does not support';
  if (/\\[1-9]|\\k</.test(regex)) return 'uses a back-reference, which RE2 (Cilium, Envoy) does not support';
  try {
    new RegExp(regex, 'u');
  } catch (e) {
    return `does not compile: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  return undefined;
}
