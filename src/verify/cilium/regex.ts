const POSIX_CLASSES: { readonly [name: string]: string } = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/**
 * Compiles a Go RE2 regular expression (as Cilium compiles HTTP `method`, `path` and `host`)
 * into a JavaScript RegExp that must match the **whole** value: Envoy matches the entire string,
 * so `path: /status` allows only `/status` (SEMANTICS B2.9; cilium/cilium #13280). Translates
 * the RE2 forms JavaScript spells differently: leading flags `(?i)` / `(?s)`, named groups
 * `(?P<name>...)`, `\A` / `\z`, `\Q...\E` and POSIX classes `[[:alpha:]]`. Throws when the
 * expression is invalid.
 */
export function compileAnchoredRegex(re2: string): RegExp {
  let source = re2;
  let flags = '';
  const lead = /^\(\?([ims]+)\)/.exec(source);
  if (lead) {
    flags = [...new Set(lead[1].split(''))].join('');
    source = source.slice(lead[0].length);
  }
  source = source
    .replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, lit: string) => lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (!cls) return m;
      if (neg) throw new Error(`negated POSIX class [:^${name}:] is not supported`);
      return cls;
    });
  if (/\(\?[a-zA-Z-]+[:)]/.test(source)) throw new Error(`inline flags inside '${re2}' are not supported`);
  return new RegExp(`^(?:${source})$`, flags);
}
