/**
 * Parsing of URLs the way Go's `url.ParseRequestURI` does it, which is what the Kubernetes CEL `url()` and
 * `isURL()` functions use: an absolute URI (`scheme:...`) or an absolute path (`/...`), no fragment handling.
 */

/** The parts of a URL the Kubernetes CEL URL library exposes. */
export interface RequestUri {
  /** Lowercased scheme, empty for an absolute path. */
  readonly scheme: string;
  /** Host with port, as written (`example.com:8443`, `[::1]:80`). */
  readonly host: string;
  /** Host without port and without IPv6 brackets. */
  readonly hostname: string;
  /** Port, empty when none. */
  readonly port: string;
  /** Path as written (escaped form). */
  readonly escapedPath: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// Control characters are exactly what this pattern is for.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const INVALID_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const HOST_FORBIDDEN = /[\s<>"{}|\\^`]/;

function splitHostPort(authority: string): { host: string; hostname: string; port: string } | undefined {
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (HOST_FORBIDDEN.test(host) || INVALID_ESCAPE.test(host)) return undefined;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return undefined;
    const after = host.slice(close + 1);
    if (after !== '' && !/^:[0-9]*$/.test(after)) return undefined;
    return { host, hostname: host.slice(1, close), port: after.slice(1) };
  }
  const colon = host.lastIndexOf(':');
  if (colon < 0) return { host, hostname: host, port: '' };
  const port = host.slice(colon + 1);
  if (!/^[0-9]*$/.test(port)) return undefined;
  return { host, hostname: host.slice(0, colon), port };
}

/** Parses a request URI; undefined when Go's `url.ParseRequestURI` would fail. */
export function parseRequestUri(text: string): RequestUri | undefined {
  if (text === '' || CONTROL_CHARACTER.test(text)) return undefined;
  const schemeMatch = SCHEME.exec(text);
  const scheme = schemeMatch === null ? '' : schemeMatch[1].toLowerCase();
  let rest = schemeMatch === null ? text : text.slice(schemeMatch[0].length);
  const query = rest.indexOf('?');
  if (query >= 0) rest = rest.slice(0, query);
  if (!rest.startsWith('/')) {
    return scheme === '' ? undefined : { scheme, host: '', hostname: '', port: '', escapedPath: '' };
  }
  let authority = { host: '', hostname: '', port: '' };
  if (scheme !== '' && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const parsed = splitHostPort(slash < 0 ? rest.slice(2) : rest.slice(2, slash));
    if (parsed === undefined) return undefined;
    authority = parsed;
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  if (INVALID_ESCAPE.test(rest)) return undefined;
  return { scheme, ...authority, escapedPath: rest };
}
