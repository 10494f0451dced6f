import { LabelMap } from '../cluster';

/**
 * A parsed Calico selector expression. `global` is true only for non-namespaced entities (host
 * endpoints, global network sets), which this engine does not model: it is false for pods.
 */
export type CalicoSelector =
  | { readonly kind: 'all' }
  | { readonly kind: 'global' }
  | { readonly kind: 'has'; readonly key: string }
  | { readonly kind: 'eq' | 'ne'; readonly key: string; readonly value: string }
  | { readonly kind: 'in' | 'notIn'; readonly key: string; readonly values: readonly string[] }
  | { readonly kind: 'contains' | 'startsWith' | 'endsWith'; readonly key: string; readonly value: string }
  | { readonly kind: 'not'; readonly operand: CalicoSelector }
  | { readonly kind: 'and' | 'or'; readonly left: CalicoSelector; readonly right: CalicoSelector };

/** A selector expression Calico would reject, with the offset where parsing failed. */
export class CalicoSelectorError extends Error {
  public constructor(
    public readonly selector: string,
    public readonly offset: number,
    problem: string,
  ) {
    super(`invalid Calico selector "${selector}": ${problem} at offset ${offset}`);
    this.name = 'CalicoSelectorError';
  }
}

type Token =
  | { readonly type: 'ident'; readonly text: string; readonly at: number }
  | { readonly type: 'string'; readonly text: string; readonly at: number }
  | { readonly type: 'op'; readonly text: string; readonly at: number }
  | { readonly type: 'end'; readonly text: ''; readonly at: number };

const OPERATORS = ['==', '!=', '&&', '||', '!', '(', ')', '{', '}', ','];
/** Characters of a label key (with prefix) or of a bare word: letters, digits, `_ . / -`. */
const IDENT = /[A-Za-z0-9_./-]/;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new CalicoSelectorError(text, i, 'unterminated string');
      out.push({ type: 'string', text: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      out.push({ type: 'op', text: op, at: i });
      i += op.length;
      continue;
    }
    if (IDENT.test(c)) {
      let j = i;
      while (j < text.length && IDENT.test(text[j])) j++;
      out.push({ type: 'ident', text: text.slice(i, j), at: i });
      i = j;
      continue;
    }
    throw new CalicoSelectorError(text, i, `unexpected character '${c}'`);
  }
  out.push({ type: 'end', text: '', at: text.length });
  return out;
}

/**
 * Parses a Calico selector expression (the label selector language of projectcalico.org/v3
 * policies):
 * - `all()` (every endpoint), `global()` (non-namespaced entities only);
 * - `k == 'v'`, `k != 'v'` (also true when `k` is absent), `has(k)`, `!has(k)`;
 * - `k in { 'a', 'b' }`, `k not in { 'a', 'b' }` (also true when `k` is absent);
 * - `k contains 's'`, `k starts with 's'`, `k ends with 's'`;
 * - `!`, `&&` (binds tighter than `||`), `||`, parentheses. Strings use single or double quotes.
 * The empty expression means `all()`. Throws a `CalicoSelectorError` naming the offset of the
 * first problem.
 * @see https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors
 */
export function parseCalicoSelector(text: string): CalicoSelector {
  if (text.trim() === '') return { kind: 'all' };
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token => tokens[pos];
  const fail = (t: Token, problem: string): never => {
    throw new CalicoSelectorError(text, t.at, problem);
  };
  const describe = (t: Token): string => (t.type === 'end' ? 'end of input' : `'${t.text}'`);
  const expectOp = (op: string): void => {
    const t = tokens[pos];
    if (t.type !== 'op' || t.text !== op) fail(t, `expected '${op}' but found ${describe(t)}`);
    pos++;
  };
  const isOp = (op: string): boolean => peek().type === 'op' && peek().text === op;
  const isWord = (word: string, at = pos): boolean => tokens[at].type === 'ident' && tokens[at].text === word;
  const stringLiteral = (): string => {
    const t = tokens[pos];
    if (t.type !== 'string') fail(t, `expected a quoted string but found ${describe(t)}`);
    pos++;
    return t.text;
  };
  const label = (): string => {
    const t = tokens[pos];
    if (t.type !== 'ident') fail(t, `expected a label key but found ${describe(t)}`);
    pos++;
    return t.text;
  };
  const set = (): string[] => {
    expectOp('{');
    const values: string[] = [];
    if (!isOp('}')) {
      values.push(stringLiteral());
      while (isOp(',')) {
        pos++;
        values.push(stringLiteral());
      }
    }
    expectOp('}');
    return values;
  };

  const or = (): CalicoSelector => {
    let left = and();
    while (isOp('||')) {
      pos++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): CalicoSelector => {
    let left = unary();
    while (isOp('&&')) {
      pos++;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const unary = (): CalicoSelector => {
    if (isOp('!')) {
      pos++;
      return { kind: 'not', operand: unary() };
    }
    if (isOp('(')) {
      pos++;
      const inner = or();
      expectOp(')');
      return inner;
    }
    return term();
  };
  const term = (): CalicoSelector => {
    const t = peek();
    if (t.type !== 'ident') return fail(t, `expected a selector term but found ${describe(t)}`);
    const next = tokens[pos + 1];
    if ((t.text === 'all' || t.text === 'global') && next.type === 'op' && next.text === '(') {
      pos += 2;
      expectOp(')');
      return { kind: t.text };
    }
    if (t.text === 'has' && next.type === 'op' && next.text === '(') {
      pos += 2;
      const key = label();
      expectOp(')');
      return { kind: 'has', key };
    }
    const key = label();
    const op = peek();
    if (op.type === 'op' && (op.text === '==' || op.text === '!=')) {
      pos++;
      return { kind: op.text === '==' ? 'eq' : 'ne', key, value: stringLiteral() };
    }
    if (isWord('in')) {
      pos++;
      return { kind: 'in', key, values: set() };
    }
    if (isWord('not') && isWord('in', pos + 1)) {
      pos += 2;
      return { kind: 'notIn', key, values: set() };
    }
    if (isWord('contains')) {
      pos++;
      return { kind: 'contains', key, value: stringLiteral() };
    }
    if ((isWord('starts') || isWord('ends')) && isWord('with', pos + 1)) {
      const kind = isWord('starts') ? 'startsWith' : 'endsWith';
      pos += 2;
      return { kind, key, value: stringLiteral() };
    }
    return fail(
      op,
      `expected an operator (==, !=, in, not in, contains, starts with, ends with) after '${key}' but found ${describe(op)}`,
    );
  };

  const result = or();
  if (peek().type !== 'end') fail(peek(), `unexpected ${describe(peek())}`);
  return result;
}

/** Whether a selector matches an entity's labels; `global` tells whether the entity is non-namespaced. */
export function calicoSelectorMatches(s: CalicoSelector, labels: LabelMap, global = false): boolean {
  switch (s.kind) {
    case 'all':
      return true;
    case 'global':
      return global;
    case 'has':
      return labels[s.key] !== undefined;
    case 'eq':
      return labels[s.key] === s.value;
    case 'ne':
      return labels[s.key] !== s.value;
    case 'in':
      return labels[s.key] !== undefined && s.values.includes(labels[s.key]);
    case 'notIn':
      return labels[s.key] === undefined || !s.values.includes(labels[s.key]);
    case 'contains':
      return labels[s.key] !== undefined && labels[s.key].includes(s.value);
    case 'startsWith':
      return labels[s.key] !== undefined && labels[s.key].startsWith(s.value);
    case 'endsWith':
      return labels[s.key] !== undefined && labels[s.key].endsWith(s.value);
    case 'not':
      return !calicoSelectorMatches(s.operand, labels, global);
    case 'and':
      return calicoSelectorMatches(s.left, labels, global) && calicoSelectorMatches(s.right, labels, global);
    case 'or':
      return calicoSelectorMatches(s.left, labels, global) || calicoSelectorMatches(s.right, labels, global);
  }
}
