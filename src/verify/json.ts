/**
 * Small readers for untyped manifest JSON: the verify engine reads any YAML, so every field is
 * checked before use.
 */

/** Narrows `unknown` to a plain object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value as a plain object, or an empty one. */
export function recordOf(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

/** The value as an array, or an empty one. */
export function arrayOf(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value as a string map (labels, annotations); non-string values are stringified. */
export function stringMapOf(v: unknown): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (!isRecord(v)) return out;
  for (const k of Object.keys(v).sort()) out[k] = String(v[k] ?? '');
  return out;
}

/** The value as a string, or undefined. Numbers are converted. */
export function stringOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}
