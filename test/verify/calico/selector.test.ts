import { CalicoSelectorError, calicoSelectorMatches, parseCalicoSelector } from '../../../src/verify/calico/selector';

/**
 * The Calico selector expression language, as the "Selectors" section of the Calico
 * NetworkPolicy reference defines it (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors,
 * tigera/docs calico/_includes/content/_selectors.mdx): all(), global(), k == 'v', k != 'v',
 * has(k), !has(k), k in { 'v1', 'v2' }, k not in { ... }, contains / starts with / ends with,
 * ! / && / || and parentheses.
 */
const web = { app: 'web', tier: 'frontend', 'example.com/team': 'blue' };
const db = { app: 'db', tier: 'backend' };
const bare = {};
const sel = (text: string, labels: { [k: string]: string }, global = false): boolean =>
  calicoSelectorMatches(parseCalicoSelector(text), labels, global);

describe('Calico selector expressions', () => {
  test('can match every endpoint with all(), and with the empty expression', () => {
    expect(sel('all()', bare)).toBe(true);
    expect(sel('', db)).toBe(true);
    expect(sel('  ', web)).toBe(true);
  });

  test('cannot match a pod with global(): only non-namespaced entities', () => {
    expect(sel('global()', web)).toBe(false);
    expect(sel('global()', bare, true)).toBe(true);
  });

  test('can match == on the value, and != also when the label is absent', () => {
    expect(sel("app == 'web'", web)).toBe(true);
    expect(sel('app == "db"', web)).toBe(false);
    expect(sel("app == 'web'", bare)).toBe(false);
    expect(sel("app != 'web'", db)).toBe(true);
    expect(sel("app != 'web'", web)).toBe(false);
    expect(sel("app != 'web'", bare)).toBe(true);
  });

  test('can test presence with has(k) and !has(k), prefixed keys included', () => {
    expect(sel('has(tier)', db)).toBe(true);
    expect(sel('!has(tier)', db)).toBe(false);
    expect(sel('has(example.com/team)', web)).toBe(true);
    expect(sel('!has(example.com/team)', db)).toBe(true);
  });

  test('can match in { } on the set, and not in { } also when the label is absent', () => {
    expect(sel("app in { 'web', 'api' }", web)).toBe(true);
    expect(sel("app in {'api'}", web)).toBe(false);
    expect(sel("app in {'web'}", bare)).toBe(false);
    expect(sel("app not in { 'web' }", db)).toBe(true);
    expect(sel("app not in { 'web' }", bare)).toBe(true);
    expect(sel("app not in { 'web', 'db' }", db)).toBe(false);
    expect(sel('app in {}', web)).toBe(false);
  });

  test('can match contains, starts with, ends with', () => {
    expect(sel("tier contains 'end'", web)).toBe(true);
    expect(sel("tier starts with 'front'", web)).toBe(true);
    expect(sel("tier ends with 'end'", db)).toBe(true);
    expect(sel("tier starts with 'back'", web)).toBe(false);
    expect(sel("tier contains 'x'", bare)).toBe(false);
  });

  test('can bind && tighter than ||, with ! and parentheses', () => {
    // a || b && c  ==  a || (b && c)
    expect(sel("app == 'db' || app == 'web' && tier == 'backend'", db)).toBe(true);
    expect(sel("app == 'db' || app == 'web' && tier == 'backend'", web)).toBe(false);
    expect(sel("(app == 'db' || app == 'web') && tier == 'frontend'", web)).toBe(true);
    expect(sel("(app == 'db' || app == 'web') && tier == 'frontend'", db)).toBe(false);
    expect(sel("!(app == 'web' && has(tier))", web)).toBe(false);
    expect(sel("!(app == 'web' && has(tier))", db)).toBe(true);
    expect(sel('!!has(app)', db)).toBe(true);
    expect(sel("has(app) && !has(missing) && app in {'db'}", db)).toBe(true);
  });

  test.each([
    ["app == 'web", 'unterminated string at offset 7'],
    ['app ==', 'expected a quoted string but found end of input at offset 6'],
    ["app = 'web'", "unexpected character '=' at offset 4"],
    [
      "app 'web'",
      "expected an operator (==, !=, in, not in, contains, starts with, ends with) after 'app' but found 'web' at offset 4",
    ],
    ['has(app', "expected ')' but found end of input at offset 7"],
    ["(app == 'x'", "expected ')' but found end of input at offset 11"],
    ["app == 'x' app == 'y'", "unexpected 'app' at offset 11"],
    ["app in ('a')", "expected '{' but found '(' at offset 7"],
    ["app in {'a' 'b'}", "expected '}' but found 'b' at offset 12"],
    ["app == 'x' &&", 'expected a selector term but found end of input at offset 13'],
    [
      'all',
      "expected an operator (==, !=, in, not in, contains, starts with, ends with) after 'all' but found end of input at offset 3",
    ],
    ["app == 'x' & y", "unexpected character '&' at offset 11"],
  ])('throws on %j with a clear error', (text, message) => {
    expect(() => parseCalicoSelector(text)).toThrow(CalicoSelectorError);
    expect(() => parseCalicoSelector(text)).toThrow(`invalid Calico selector "${text}": ${message}`);
  });
});
