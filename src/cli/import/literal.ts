/**
 * TypeScript literals written as prettier writes them (printWidth 120, single quotes, trailing
 * commas), so that a generated program is already formatted.
 */

/** A string literal: single quotes unless the text holds more single than double quotes. */
export function quote(text: string): string {
  const singles = (text.match(/'/g) ?? []).length;
  const doubles = (text.match(/"/g) ?? []).length;
  const q = singles > doubles ? '"' : "'";
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x2028 || code === 0x2029 || code === 0x7f)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${q}${out}${q}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object key: unquoted when it is an identifier (prettier's `quoteProps: as-needed` keeps both forms as they are). */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

/**
 * A JSON value as a TypeScript expression, indented by `indent` spaces and starting at column
 * `column` (for the width of a one-line array). Objects are always written one key a line (as
 * prettier keeps an object written that way); arrays of scalars on one line when they fit, one
 * element a line otherwise.
 */
export function literal(value: unknown, indent: number, column: number): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    // empty objects and arrays print as `{}` and `[]`, as scalars do
    const scalars = value.every((v) => v === null || typeof v !== 'object' || Object.keys(v as object).length === 0);
    if (scalars) {
      const one = `[${value.map((v) => literal(v, 0, 0)).join(', ')}]`;
      // the closing `,` or `;` after the array counts toward the width
      if (column + one.length + 1 <= 120) return one;
    }
    return `[\n${value.map((v) => `${pad}${literal(v, indent + 2, indent + 2)},`).join('\n')}\n${' '.repeat(indent)}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const keys = entries.map(([k]) => propertyKey(k));
    const lines = entries.map(([, v], i) => {
      const head = `${pad}${keys[i]}: `;
      return `${head}${literal(v, indent + 2, head.length)},`;
    });
    return `{\n${lines.join('\n')}\n${' '.repeat(indent)}}`;
  }
  return 'undefined';
}
