/**
 * Istio's string matching for AuthorizationPolicy fields: exact `abc`, prefix `abc*`, suffix
 * `*abc` and presence `*` (any non-empty value). It is not a regular expression.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export function istioStringMatch(
  pattern: string,
  value: string,
  options: { readonly ignoreCase?: boolean } = {},
): boolean {
  const p = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const v = options.ignoreCase ? value.toLowerCase() : value;
  if (p === '*') return v !== '';
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  return v === p;
}

/** Whether any pattern of the list matches the value. */
export function anyIstioStringMatch(
  patterns: readonly string[],
  value: string,
  options: { readonly ignoreCase?: boolean } = {},
): boolean {
  return patterns.some((pattern) => istioStringMatch(pattern, value, options));
}

/**
 * A concrete value that the pattern matches: the literal part of a prefix or suffix pattern, or
 * `fallback` for the presence pattern `*`. Used to build example requests.
 */
export function exampleOf(pattern: string, fallback: string): string {
  if (pattern === '*') return fallback;
  if (pattern.startsWith('*')) return pattern.slice(1) || fallback;
  if (pattern.endsWith('*')) return pattern.slice(0, -1) || fallback;
  return pattern;
}
