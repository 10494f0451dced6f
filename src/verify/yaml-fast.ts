/**
 * A fast reader for the block-YAML subset that `kubectl get -o yaml` and cdk8s write: block
 * mappings and sequences (sequences indented or not), plain, single- and double-quoted one-line
 * scalars, `|` / `|-` literal block scalars, one-line flow mappings and sequences (`{ from: a,
 * port: 80/TCP }`, `[cilium, istio]`), comments, and `---` between documents.
 *
 * It is a fast path, not a second YAML implementation: on anything outside that subset (a tab,
 * a `\r` that does not end a line (`\r\n` line ends are read as `\n`, as YAML does), a directive,
 * an anchor, an alias, a tag, a flow collection over several lines, a multi-line plain or quoted
 * scalar, a folded scalar, a key that is not a string, a duplicate key, a number
 * other than a decimal integer ...) it gives up on the whole text, and the caller reads it with
 * the `yaml` package, which then reports any error exactly as before. Whatever it accepts, it
 * reads as the `yaml` package (YAML 1.2 core schema) does: test/verify/yaml-fast.test.ts compares
 * both on every fixture and on generated documents.
 */

/** Thrown inside the reader when the text leaves the subset; never escapes `readFastYaml`. */
class OutsideSubset extends Error {}

const OUTSIDE = new OutsideSubset('outside the fast YAML subset');

/** Characters that cannot start a plain scalar (or that the fast path leaves to the `yaml` package). */
const NOT_PLAIN_START = new Set(['[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', ',']);

/** What a key of the root mapping named `items` holds, element by element: see `readFastYaml`. */
export type ItemHook = (item: unknown) => unknown;

/** The next piece of a text read piece by piece (any length, cut anywhere), or undefined at its end. */
export type TextPieces = () => string | undefined;

/**
 * Reads every document of `text` and passes each non-empty one to `onDocument`, in order.
 * Returns false, having possibly called `onDocument` for the documents before, when the text
 * leaves the subset: the caller then discards what it got and reads the text with the `yaml`
 * package. `itemHook`, when given, maps each element of a root-level `items` sequence as soon as
 * it is read (so that a `kind: List` of 100,000 objects never holds them all in full).
 */
export function readFastYaml(text: string, onDocument: (value: unknown) => void, itemHook?: ItemHook): boolean {
  let given = false;
  return readPieces(
    () => {
      if (given) return undefined;
      given = true;
      return text;
    },
    onDocument,
    itemHook,
  );
}

/**
 * `readFastYaml` of a text given piece by piece (e.g. a file read a block at a time), holding
 * only the lines not yet read: memory does not grow with the text, only with the values kept.
 * Strings in the values may be slices that keep a whole piece alive: pass what is kept long
 * through `copyStrings`. Gives the same documents as `readFastYaml` of the whole text, wherever
 * the pieces are cut.
 */
export function readFastYamlPieces(
  next: TextPieces,
  onDocument: (value: unknown) => void,
  itemHook?: ItemHook,
): boolean {
  return readPieces(next, onDocument, itemHook);
}

function readPieces(next: TextPieces, onDocument: (value: unknown) => void, itemHook: ItemHook | undefined): boolean {
  try {
    new Reader(lineEnds(next), itemHook).documents(onDocument);
    return true;
  } catch (e) {
    if (e === OUTSIDE) return false;
    throw e;
  }
}

/**
 * The pieces with `\r\n` read as `\n` (also when a piece ends between the two); a byte order mark
 * at the start, a tab, or any other `\r` leaves the subset.
 */
function lineEnds(next: TextPieces): TextPieces {
  let first = true;
  let carry = '';
  return () => {
    for (;;) {
      const got = next();
      if (got === undefined) {
        if (carry !== '') throw OUTSIDE;
        return undefined;
      }
      let piece = carry + got;
      carry = '';
      if (first && piece !== '') {
        first = false;
        if (piece.charCodeAt(0) === 0xfeff) throw OUTSIDE;
      }
      if (piece.includes('\t')) throw OUTSIDE;
      if (piece.includes('\r')) {
        if (piece.endsWith('\r')) {
          carry = '\r';
          piece = piece.slice(0, -1);
        }
        piece = piece.replace(/\r\n/g, '\n');
        if (piece.includes('\r')) throw OUTSIDE;
      }
      if (piece !== '') return piece;
    }
  };
}

/** Strings at least this long may be slices that keep their whole text alive (V8's sliced strings). */
const SLICE_MIN_LENGTH = 13;

/**
 * Replaces, in place, every string value in `value` (objects and arrays, recursively) by a copy
 * that shares no memory with the text it was read from, and returns `value`: a value kept from a
 * text read in pieces then holds on to no piece. (Object keys need no copy: V8 keeps its own.)
 */
export function copyStrings<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = copyStrings(value[i]);
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) o[key] = copyStrings(o[key]);
  } else if (typeof value === 'string' && value.length >= SLICE_MIN_LENGTH) {
    return (' ' + value).slice(1) as T;
  }
  return value;
}

/**
 * Line-oriented reader over one text, read piece by piece: it holds the current line and what
 * follows it in the last piece, never the lines before.
 */
class Reader {
  /** The text from the current line on (the lines before are dropped as pieces are added). */
  private s = '';
  /** Start of the current line. */
  private pos = 0;
  /** End of the current line (index of its `\n`, or the text's length). */
  private end = 0;
  /** Indentation of the current line. */
  private indent = 0;

  constructor(
    /** The rest of the text, or undefined once it was all read. */
    private more: TextPieces | undefined,
    private readonly itemHook: ItemHook | undefined,
  ) {
    this.setLine(0);
  }

  documents(onDocument: (value: unknown) => void): void {
    let started = false;
    for (;;) {
      this.skipBlank();
      if (this.atEnd()) return;
      if (this.indent === 0 && this.startsWith('---')) {
        if (this.end !== this.pos + 3 && this.s.slice(this.pos + 3, this.end).trim() !== '') throw OUTSIDE;
        this.nextLine();
        started = true;
        continue;
      }
      if (this.indent === 0 && (this.startsWith('...') || this.s[this.pos] === '%')) throw OUTSIDE;
      if (this.indent !== 0) throw OUTSIDE;
      void started;
      const value = this.mapping(0, this.pos, true);
      this.skipBlank();
      if (
        !this.atEnd() &&
        !(
          this.indent === 0 &&
          this.startsWith('---') &&
          (this.end === this.pos + 3 || this.s.slice(this.pos + 3, this.end).trim() === '')
        )
      )
        throw OUTSIDE;
      onDocument(value);
    }
  }

  private atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  private startsWith(prefix: string): boolean {
    return this.s.startsWith(prefix, this.pos);
  }

  /**
   * Makes the line at `start` current. When the text held has no line end after `start`, the
   * next pieces are added (until one holds a line end) and the text before `start` is dropped:
   * positions taken before a call are not valid after it.
   */
  private setLine(start: number): void {
    let end = this.s.indexOf('\n', start);
    if (end < 0 && this.more !== undefined) {
      const parts = [this.s.slice(start)];
      for (;;) {
        const piece = this.more();
        if (piece === undefined) {
          this.more = undefined;
          break;
        }
        parts.push(piece);
        if (piece.includes('\n')) break;
      }
      this.s = parts.length === 2 && parts[0] === '' ? parts[1] : parts.join('');
      start = 0;
      end = this.s.indexOf('\n');
    }
    this.pos = start;
    if (end < 0) end = this.s.length;
    this.end = end;
    let i = start;
    while (i < end && this.s.charCodeAt(i) === 32) i++;
    this.indent = i - start;
  }

  private nextLine(): void {
    this.setLine(this.end + 1 > this.s.length ? this.s.length : this.end + 1);
  }

  /** Skips empty lines, lines of spaces and comment lines. */
  private skipBlank(): void {
    while (!this.atEnd()) {
      const first = this.pos + this.indent;
      if (first < this.end && this.s[first] !== '#') return;
      this.nextLine();
    }
  }

  /**
   * A block mapping whose keys sit at column `indent`; its first key starts at `from` (on the
   * current line: after `- ` in a sequence, or at the line's indentation).
   */
  private mapping(indent: number, from: number, root = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let at = from;
    for (;;) {
      const { key, after } = this.key(at);
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) throw OUTSIDE;
      out[key] = this.value(indent, after, root && key === 'items');
      this.skipBlank();
      if (this.atEnd() || this.indent < indent) return out;
      if (this.indent > indent) throw OUTSIDE;
      if (indent === 0 && this.startsWith('---')) return out;
      at = this.pos + this.indent;
    }
  }

  /** A mapping key at `at` on the current line, and the index after its `:`. */
  private key(at: number): { key: string; after: number } {
    const c = this.s[at];
    if (c === '"' || c === "'") {
      const q = c === '"' ? this.doubleQuoted(at) : this.singleQuoted(at);
      if (this.s[q.after] !== ':') throw OUTSIDE;
      const next = q.after + 1;
      if (next < this.end && this.s[next] !== ' ') throw OUTSIDE;
      return { key: q.value, after: next };
    }
    if (
      NOT_PLAIN_START.has(c) ||
      ((c === '-' || c === '?' || c === ':') && (at + 1 >= this.end || this.s[at + 1] === ' '))
    )
      throw OUTSIDE;
    let colon = this.s.indexOf(':', at);
    while (colon >= 0 && colon < this.end && colon + 1 < this.end && this.s[colon + 1] !== ' ')
      colon = this.s.indexOf(':', colon + 1);
    if (colon < 0 || colon >= this.end) throw OUTSIDE;
    const raw = this.s.slice(at, colon);
    if (raw.includes(' #')) throw OUTSIDE;
    const key = raw.trimEnd();
    if (key === '' || key === '<<' || resolvePlain(key) !== key) throw OUTSIDE;
    return { key, after: colon + 1 };
  }

  /**
   * The value of a mapping entry (`owner`: the mapping's column) or of a sequence item (`owner`:
   * the dash's column) that starts at `at` on the current line. Leaves the reader on the line
   * after the value.
   */
  private value(owner: number, at: number, items = false): unknown {
    let i = at;
    while (i < this.end && this.s.charCodeAt(i) === 32) i++;
    if (i >= this.end || this.s[i] === '#') {
      if (this.s[i] === '#' && i > at && this.s[i - 1] !== ' ') throw OUTSIDE;
      this.nextLine();
      this.skipBlank();
      if (this.atEnd()) return null;
      if (this.indent > owner) return this.block(this.indent, items);
      if (this.indent === owner && this.isDash(this.pos + this.indent)) return this.sequence(owner, items);
      return null;
    }
    if (i === at && at < this.end) throw OUTSIDE;
    return this.scalar(i, owner);
  }

  private isDash(i: number): boolean {
    return this.s[i] === '-' && (i + 1 >= this.end || this.s[i + 1] === ' ');
  }

  /** A block node whose first line is the current one, at column `indent`. */
  private block(indent: number, items: boolean): unknown {
    const first = this.pos + indent;
    if (this.isDash(first)) return this.sequence(indent, items);
    return this.mapping(indent, first);
  }

  /** A block sequence whose dashes sit at column `indent`, starting on the current line. */
  private sequence(indent: number, items: boolean): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const dash = this.pos + indent;
      let i = dash + 1;
      while (i < this.end && this.s.charCodeAt(i) === 32) i++;
      let item: unknown;
      if (i >= this.end || this.s[i] === '#') {
        item = this.value(indent, dash + 1);
      } else if (this.isDash(i)) {
        throw OUTSIDE;
      } else if (this.isMappingStart(i)) {
        item = this.mapping(i - this.pos, i);
      } else {
        item = this.scalar(i, indent);
      }
      out.push(items && this.itemHook ? this.itemHook(item) : item);
      this.skipBlank();
      if (this.atEnd() || this.indent < indent) return out;
      if (this.indent > indent) throw OUTSIDE;
      if (!this.isDash(this.pos + indent)) return out;
    }
  }

  /** Whether the content at `i` is a `key:` (plain or quoted) rather than a scalar. */
  private isMappingStart(i: number): boolean {
    const c = this.s[i];
    if (c === '"' || c === "'") {
      const q = c === '"' ? this.doubleQuoted(i) : this.singleQuoted(i);
      return this.s[q.after] === ':';
    }
    if (c === '{' || c === '[') return false;
    for (let j = i; j < this.end; j++) {
      if (this.s[j] === ':' && (j + 1 === this.end || this.s[j + 1] === ' ')) return true;
      if (this.s[j] === '#' && this.s[j - 1] === ' ') return false;
    }
    return false;
  }

  /**
   * A scalar (or `{}` / `[]`) at `i` on the current line, owned by a node at column `owner`;
   * moves to the next line and checks that no continuation line follows.
   */
  private scalar(i: number, owner: number): unknown {
    const c = this.s[i];
    let value: unknown;
    if (c === '|') return this.literal(i, owner);
    if (c === '"' || c === "'") {
      const q = c === '"' ? this.doubleQuoted(i) : this.singleQuoted(i);
      this.restIsComment(q.after);
      value = q.value;
    } else if (c === '{' || c === '[') {
      const flow = this.flow(i);
      this.restIsComment(flow.after);
      value = flow.value;
    } else {
      if (
        NOT_PLAIN_START.has(c) ||
        ((c === '-' || c === '?' || c === ':') && (i + 1 >= this.end || this.s[i + 1] === ' '))
      )
        throw OUTSIDE;
      let raw = this.s.slice(i, this.end);
      const comment = raw.indexOf(' #');
      if (comment >= 0) raw = raw.slice(0, comment);
      raw = raw.trimEnd();
      if (raw.includes(': ') || raw.endsWith(':')) throw OUTSIDE;
      value = resolvePlain(raw);
    }
    this.nextLine();
    this.skipBlank();
    if (!this.atEnd() && this.indent > owner) throw OUTSIDE;
    return value;
  }

  /**
   * A flow mapping or sequence at `i` that ends on the same line: entries separated by `, `,
   * keys followed by `: `, values plain, quoted or flow; no trailing comma, no empty value.
   */
  private flow(i: number): { value: unknown; after: number } {
    const close = this.s[i] === '{' ? '}' : ']';
    const map = close === '}';
    const out: Record<string, unknown> | unknown[] = map ? {} : [];
    let j = this.spaces(i + 1);
    if (this.s[j] === close) return { value: out, after: j + 1 };
    for (;;) {
      if (map) {
        const key = this.flowScalar(j, true);
        if (typeof key.value !== 'string' || this.s[key.after] !== ':' || this.s[key.after + 1] !== ' ') throw OUTSIDE;
        const k = key.value;
        if (k === '__proto__' || k === '<<' || Object.prototype.hasOwnProperty.call(out, k)) throw OUTSIDE;
        const v = this.flowValue(this.spaces(key.after + 1));
        (out as Record<string, unknown>)[k] = v.value;
        j = v.after;
      } else {
        const v = this.flowValue(j);
        (out as unknown[]).push(v.value);
        j = v.after;
      }
      j = this.spaces(j);
      if (this.s[j] === close) return { value: out, after: j + 1 };
      if (this.s[j] !== ',') throw OUTSIDE;
      j = this.spaces(j + 1);
      if (this.s[j] === close || j >= this.end) throw OUTSIDE;
    }
  }

  private spaces(i: number): number {
    let j = i;
    while (j < this.end && this.s.charCodeAt(j) === 32) j++;
    return j;
  }

  private flowValue(i: number): { value: unknown; after: number } {
    const c = this.s[i];
    if (c === '{' || c === '[') return this.flow(i);
    return this.flowScalar(i, false);
  }

  /** A quoted or plain scalar inside a flow collection (a key when `key`). */
  private flowScalar(i: number, key: boolean): { value: unknown; after: number } {
    if (i >= this.end) throw OUTSIDE;
    const c = this.s[i];
    if (c === '"' || c === "'") {
      const q = c === '"' ? this.doubleQuoted(i) : this.singleQuoted(i);
      if (!key) {
        const j = this.spaces(q.after);
        if (j < this.end && this.s[j] !== ',' && this.s[j] !== '}' && this.s[j] !== ']') throw OUTSIDE;
      }
      return q;
    }
    if (
      NOT_PLAIN_START.has(c) ||
      ((c === '-' || c === '?' || c === ':') &&
        (i + 1 >= this.end || this.s[i + 1] === ' ' || ',[]{}'.includes(this.s[i + 1])))
    )
      throw OUTSIDE;
    let j = i;
    for (; j < this.end; j++) {
      const d = this.s[j];
      if (d === ',' || d === ']' || d === '}' || d === '[' || d === '{') break;
      if (d === ':') {
        const n = this.s[j + 1];
        if (key && n === ' ') break;
        if (
          n === undefined ||
          n === ' ' ||
          n === ',' ||
          n === ']' ||
          n === '}' ||
          n === '[' ||
          n === '{' ||
          j + 1 >= this.end
        )
          throw OUTSIDE;
      }
      if (d === '#' && this.s[j - 1] === ' ') throw OUTSIDE;
    }
    if (j < this.end && (this.s[j] === '[' || this.s[j] === '{')) throw OUTSIDE;
    const raw = this.s.slice(i, j).trimEnd();
    if (raw === '') throw OUTSIDE;
    const value = resolvePlain(raw);
    if (key && value !== raw) throw OUTSIDE;
    return { value, after: i + raw.length };
  }

  /** Only spaces, or spaces then a comment, from `i` to the end of the line. */
  private restIsComment(i: number): void {
    let j = i;
    while (j < this.end && this.s.charCodeAt(j) === 32) j++;
    if (j < this.end && (this.s[j] !== '#' || j === i)) throw OUTSIDE;
  }

  /** A one-line double-quoted scalar at `i`. */
  private doubleQuoted(i: number): { value: string; after: number } {
    let out = '';
    let j = i + 1;
    let start = j;
    for (;;) {
      if (j >= this.end) throw OUTSIDE;
      const c = this.s[j];
      if (c === '"') {
        out += this.s.slice(start, j);
        return { value: out, after: j + 1 };
      }
      if (c === '\\') {
        out += this.s.slice(start, j);
        const e = this.s[j + 1];
        const simple = ESCAPES[e];
        if (simple !== undefined) {
          out += simple;
          j += 2;
        } else {
          const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
          const hex = this.s.slice(j + 2, j + 2 + width);
          if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw OUTSIDE;
          const code = parseInt(hex, 16);
          if (width === 8) {
            if (code > 0x10ffff) throw OUTSIDE;
            out += String.fromCodePoint(code);
          } else {
            out += String.fromCharCode(code);
          }
          j += 2 + width;
        }
        start = j;
        continue;
      }
      j++;
    }
  }

  /** A one-line single-quoted scalar at `i` (`''` is a quote). */
  private singleQuoted(i: number): { value: string; after: number } {
    let out = '';
    let j = i + 1;
    for (;;) {
      const q = this.s.indexOf("'", j);
      if (q < 0 || q >= this.end) throw OUTSIDE;
      out += this.s.slice(j, q);
      if (this.s[q + 1] === "'") {
        out += "'";
        j = q + 2;
        continue;
      }
      return { value: out, after: q + 1 };
    }
  }

  /** A literal block scalar `|` or `|-` at `i`, owned by a node at column `owner`. */
  private literal(i: number, owner: number): string {
    const header = this.s.slice(i, this.end);
    const strip = header === '|-';
    if (header !== '|' && !strip) throw OUTSIDE;
    const lines: string[] = [];
    let contentIndent = -1;
    this.nextLine();
    while (!this.atEnd()) {
      const blank = this.pos + this.indent === this.end;
      if (blank) {
        if ((contentIndent < 0 && this.indent > 0) || (contentIndent >= 0 && this.indent > contentIndent))
          throw OUTSIDE;
        lines.push('');
        this.nextLine();
        continue;
      }
      if (contentIndent < 0) {
        if (this.indent <= owner) break;
        contentIndent = this.indent;
      }
      if (this.indent < contentIndent) break;
      if (this.end >= this.s.length) throw OUTSIDE;
      lines.push(this.s.slice(this.pos + contentIndent, this.end));
      this.nextLine();
    }
    if (contentIndent < 0) throw OUTSIDE;
    if (lines.length > 0 && lines[lines.length - 1] === '' && this.atEnd()) throw OUTSIDE;
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    if (this.pos < this.s.length && this.indent > owner) throw OUTSIDE;
    const text = lines.join('\n');
    return strip ? text : `${text}\n`;
  }
}

/** Double-quoted escapes of one character. */
const ESCAPES: { readonly [c: string]: string } = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/**
 * A plain scalar as the YAML 1.2 core schema reads it: null, a boolean, a decimal integer, or a
 * string. Other numbers (floats, octal, hexadecimal, infinities) are left to the `yaml` package.
 */
function resolvePlain(raw: string): unknown {
  const c = raw.charCodeAt(0);
  // digits, '+', '-', '.'
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (/^[-+]?[0-9]+$/.test(raw)) return parseInt(raw, 10);
    if (
      /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(raw) ||
      /^0o[0-7]+$/.test(raw) ||
      /^0x[0-9a-fA-F]+$/.test(raw) ||
      /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(raw)
    )
      throw OUTSIDE;
    return raw;
  }
  switch (raw) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    default:
      return raw;
  }
}
