import { HTTP_METHODS } from '../validation/http-methods';
import { IrHeaderMatch, IrHttpRule, IrPathMatch } from '../ir/types';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import {
  checkInstance,
  checkInstances,
  checkList,
  checkOptionalObject,
  checkOptionalString,
  checkString,
  describeValue,
  throwProblems,
} from '../validation/input';
import { checkRe2 } from '../validation/regex';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * How a request path is matched. Translated per target: Cilium anchored regex, Istio globs,
 * Gateway API `Exact`/`PathPrefix`.
 */
export class PathMatch {
  /** Exactly this path (`/healthz` does not match `/healthz/`). */
  public static exact(path: string): PathMatch {
    checkPath(path);
    return new PathMatch({ kind: 'exact', value: path });
  }

  /** Every path that starts with this string (`/api/` matches `/api/x`; `/api` also matches `/apix`). */
  public static prefix(prefix: string): PathMatch {
    checkPath(prefix);
    return new PathMatch({ kind: 'prefix', value: prefix });
  }

  /**
   * An RE2 regular expression matched against the **whole** path. Only targets with regex
   * support (Cilium) can enforce it; Istio cannot.
   */
  public static regex(regex: string): PathMatch {
    const err = checkRe2(regex);
    if (err) throw new ZeroTrustError(ErrorCode.INVALID_REGEX, `path regex '${regex}' ${err}`);
    return new PathMatch({ kind: 'regex', value: regex });
  }

  /** Parses the everyday spelling: a trailing `*` makes a prefix, anything else is exact. */
  public static parse(path: string): PathMatch {
    throwProblems([checkString('path', path, '/api/*')]);
    return path.endsWith('*') ? PathMatch.prefix(path.slice(0, -1)) : PathMatch.exact(path);
  }

  private constructor(/** @internal */ public readonly _ir: IrPathMatch) {}

  /** Canonical text: `/x`, `/api/*`, `~^/v[0-9]+$`. */
  public toString(): string {
    return this._ir.kind === 'exact'
      ? this._ir.value
      : this._ir.kind === 'prefix'
        ? `${this._ir.value}*`
        : `~${this._ir.value}`;
  }
}

/**
 * A condition on one request header: presence, an exact value, a value prefix or an RE2 regular
 * expression matched against the whole value. Names are case-insensitive. Which target can
 * enforce which form: see the README ("HTTP rules").
 *
 * @example
 * HeaderMatch.present('authorization');
 * HeaderMatch.prefix('user-agent', 'curl/');
 * HeaderMatch.regex('x-tenant', 'team-[a-z]+');
 */
export class HeaderMatch {
  /** The header is present (with any value). */
  public static present(name: string): HeaderMatch {
    return new HeaderMatch({ name: checkHeaderName(name) });
  }

  /** The header has exactly this value. */
  public static exact(name: string, value: string): HeaderMatch {
    const n = checkHeaderName(name);
    return new HeaderMatch({ name: n, value: checkHeaderValue(n, value, 'v1') });
  }

  /** The header's value starts with this non-empty prefix. */
  public static prefix(name: string, prefix: string): HeaderMatch {
    const n = checkHeaderName(name);
    const v = checkHeaderValue(n, prefix, 'curl/');
    if (v === '')
      throw new ZeroTrustError(
        ErrorCode.INVALID_HEADER_MATCH,
        `header '${n}' has an empty prefix, which every value has. Use HeaderMatch.present('${n}') to require the header only`,
      );
    return new HeaderMatch({ name: n, value: v, kind: 'prefix' });
  }

  /** The header's whole value matches this RE2 regular expression (anchored at both ends). */
  public static regex(name: string, regex: string): HeaderMatch {
    const n = checkHeaderName(name);
    const v = checkHeaderValue(n, regex, 'team-[a-z]+');
    const err = checkRe2(v);
    if (err) throw new ZeroTrustError(ErrorCode.INVALID_REGEX, `header '${n}' regex '${v}' ${err}`);
    return new HeaderMatch({ name: n, value: v, kind: 'regex' });
  }

  private constructor(/** @internal */ public readonly _ir: IrHeaderMatch) {}

  /** Canonical text: `name`, `name=value`, `name^=prefix`, `name~regex`. */
  public toString(): string {
    return headerText(this._ir);
  }
}

/** Extra conditions of an HTTP match. */
export interface HttpMatchOptions {
  /**
   * Headers that must be present with exactly these values (an empty value means "present").
   * Names are case-insensitive.
   * @default - no header condition
   */
  readonly headers?: { [name: string]: string };
  /**
   * More header conditions: presence, exact, prefix or regular expression (all must hold, with
   * those of `headers`). A header may be named once across both.
   * @default - no further header condition
   */
  readonly headerMatches?: HeaderMatch[];
  /**
   * Paths excluded from the match: "every path except /admin" without a deny rule. Enforced by
   * Istio (`notPaths`); refused by the targets that have no negation (Cilium ZT310, Linkerd ZT350).
   * @default - no path excluded
   */
  readonly notPaths?: PathMatch[];
  /**
   * Methods excluded from the match (Istio `notMethods`); refused where there is no negation.
   * @default - no method excluded
   */
  readonly notMethods?: string[];
  /**
   * The request's Host / `:authority` must be one of these names, compared case-insensitively and
   * as sent: a client that sends a port (`api.example.com:8080`) matches only an entry with that
   * port. Exact names only (no wildcard). Cilium `host` (an anchored, case-insensitive regex) and
   * Istio `hosts` enforce it; Linkerd refuses it (ZT351).
   * @default - any host
   */
  readonly hosts?: string[];
}

/**
 * One allowed HTTP request shape (method, path, headers). A request is allowed when any match
 * of the edge matches; fields left out match anything.
 *
 * @example
 * HttpMatch.get('/api/v1/products');       // exact path
 * HttpMatch.get('/api/*', { headers: { 'X-API-Version': 'v1' } }); // prefix + header
 * HttpMatch.grpc('shop.Cart', 'AddItem');  // POST /shop.Cart/AddItem
 */
export class HttpMatch {
  /** GET with a path (`/x` exact, `/x/*` prefix). */
  public static get(path?: string, options?: HttpMatchOptions): HttpMatch {
    return HttpMatch.method('GET', path, options);
  }
  /** POST with a path. */
  public static post(path?: string, options?: HttpMatchOptions): HttpMatch {
    return HttpMatch.method('POST', path, options);
  }
  /** PUT with a path. */
  public static put(path?: string, options?: HttpMatchOptions): HttpMatch {
    return HttpMatch.method('PUT', path, options);
  }
  /** PATCH with a path. */
  public static patch(path?: string, options?: HttpMatchOptions): HttpMatch {
    return HttpMatch.method('PATCH', path, options);
  }
  /** DELETE with a path. */
  public static delete(path?: string, options?: HttpMatchOptions): HttpMatch {
    return HttpMatch.method('DELETE', path, options);
  }
  /** HEAD with a path. */
  public static head(path?: string, options?: HttpMatchOptions): HttpMatch {
    return HttpMatch.method('HEAD', path, options);
  }

  /** Any method, with a path. */
  public static anyMethod(path?: string, options?: HttpMatchOptions): HttpMatch {
    throwProblems([checkOptionalString('path', path, '/api/*')]);
    return HttpMatch.of(undefined, path === undefined ? undefined : PathMatch.parse(path), options);
  }

  /** A method by name with a path (`/x` exact, `/x/*` prefix). */
  public static method(method: string, path?: string, options?: HttpMatchOptions): HttpMatch {
    throwProblems([checkString('HTTP method', method, 'GET'), checkOptionalString('path', path, '/api/*')]);
    return HttpMatch.of(method, path === undefined ? undefined : PathMatch.parse(path), options);
  }

  /**
   * Any of several methods with a path (`/x` exact, `/x/*` prefix): `GET|POST` as a list. It
   * stands for one match per method, which every L7 target enforces (Cilium `rules.http` entries,
   * Istio operations, Linkerd route matches).
   */
  public static methods(methods: string[], path?: string, options?: HttpMatchOptions): HttpMatch {
    throwProblems([
      checkList('HTTP methods', methods, "['GET', 'POST']", false, 'would allow no method'),
      ...(Array.isArray(methods) ? methods.map((m, i) => checkString(`HTTP methods[${i}]`, m, 'GET')) : []),
      checkOptionalString('path', path, '/api/*'),
    ]);
    const p = path === undefined ? undefined : PathMatch.parse(path);
    const seen = new Set<string>();
    const rules: IrHttpRule[] = [];
    for (const method of methods) {
      const rule = HttpMatch.of(method, p, options)._rules[0];
      if (seen.has(rule.method!)) {
        throw new ZeroTrustError(
          ErrorCode.INVALID_METHOD_LIST,
          `HTTP method '${rule.method}' is listed twice in [${methods.join(', ')}]. List each method once`,
        );
      }
      seen.add(rule.method!);
      rules.push(rule);
    }
    return new HttpMatch(rules);
  }

  /**
   * The general form.
   * @param method upper-case HTTP method @default - any method
   * @param path @default - any path
   */
  public static of(method?: string, path?: PathMatch, options?: HttpMatchOptions): HttpMatch {
    throwProblems([
      checkOptionalString('HTTP method', method, 'GET'),
      checkInstance(
        'path',
        path,
        PathMatch,
        typeof path === 'string' ? `PathMatch.parse('${path}')` : "PathMatch.exact('/x')",
        true,
      ),
      checkOptionalObject('HTTP match options', options),
      checkOptionalObject('headers', options?.headers),
      ...checkInstances(
        'headerMatches',
        options?.headerMatches,
        HeaderMatch,
        "HeaderMatch.present('authorization')",
        true,
        'would add no condition',
      ),
      ...checkInstances(
        'notPaths',
        options?.notPaths,
        PathMatch,
        "PathMatch.prefix('/admin')",
        true,
        'excludes nothing',
      ),
      checkList('notMethods', options?.notMethods, "['DELETE']", true, 'excludes nothing'),
      ...(options?.notMethods ?? []).map((x, i) => checkString(`notMethods[${i}]`, x, 'DELETE')),
      checkList('hosts', options?.hosts, "['api.example.com']", true, 'would allow no host'),
      ...(options?.hosts ?? []).map((x, i) => checkString(`hosts[${i}]`, x, 'api.example.com')),
    ]);
    for (const [name, value] of Object.entries(options?.headers ?? {})) {
      if (typeof value !== 'string')
        throw new ZeroTrustError(
          ErrorCode.WRONG_TYPE,
          `header '${name}' is ${describeValue(value)}, not a string. Write the value as a string ('' means "present")`,
        );
    }
    const m = method === undefined ? undefined : checkMethod(method);
    const headers: IrHeaderMatch[] = [];
    for (const [name, value] of Object.entries(options?.headers ?? {})) {
      const n = checkHeaderName(name);
      const v = checkHeaderValue(n, value, 'v1');
      headers.push(v === '' ? { name: n } : { name: n, value: v });
    }
    headers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (let i = 1; i < headers.length; i++) {
      if (headers[i].name === headers[i - 1].name) {
        throw new ZeroTrustError(
          ErrorCode.INVALID_HTTP_MATCH,
          `header '${headers[i].name}' appears twice (names are case-insensitive). Keep one`,
        );
      }
    }
    for (const hm of options?.headerMatches ?? []) {
      if (headers.some((h) => h.name === hm._ir.name)) {
        throw new ZeroTrustError(
          ErrorCode.INVALID_HEADER_MATCH,
          `header '${hm._ir.name}' is named twice across 'headers' and 'headerMatches' (names are case-insensitive). Keep one condition per header`,
        );
      }
      headers.push(hm._ir);
    }
    headers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const notMethods = checkNotMethods(m, options?.notMethods);
    const notPaths = checkNotPaths(path?._ir, options?.notPaths);
    const hosts = checkHosts(options?.hosts);
    const rule: IrHttpRule = {
      ...(m !== undefined ? { method: m } : {}),
      ...(path !== undefined ? { path: path._ir } : {}),
      headers,
      ...(notPaths.length > 0 ? { notPaths } : {}),
      ...(notMethods.length > 0 ? { notMethods } : {}),
      ...(hosts.length > 0 ? { hosts } : {}),
    };
    return new HttpMatch([rule]);
  }

  /**
   * A gRPC call, matched as HTTP/2 `POST /<package.Service>/<Method>`.
   * @param service fully qualified service, e.g. `shop.v1.Cart`
   * @param method method name @default - every method of the service
   */
  public static grpc(service: string, method?: string): HttpMatch {
    throwProblems([
      checkString('gRPC service', service, 'shop.v1.Cart'),
      checkOptionalString('gRPC method', method, 'AddItem'),
    ]);
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(service)) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_HTTP_MATCH,
        `gRPC service '${service}' is not a fully qualified name. Write it as 'package.Service', e.g. 'shop.v1.Cart'`,
      );
    }
    if (method !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(method)) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_HTTP_MATCH,
        `gRPC method '${method}' is not an identifier. Write the method name, e.g. 'AddItem'`,
      );
    }
    const path: IrPathMatch =
      method !== undefined
        ? { kind: 'exact', value: `/${service}/${method}` }
        : { kind: 'prefix', value: `/${service}/` };
    return new HttpMatch([
      {
        method: 'POST',
        path,
        headers: [],
        grpc: method !== undefined ? { service, method } : { service },
      },
    ]);
  }

  /**
   * @param _rules the IR rules this match stands for (several for a method list: one per method,
   * identical otherwise)
   */
  private constructor(/** @internal */ public readonly _rules: readonly IrHttpRule[]) {}

  /** Canonical text: `GET /api/*`, `GET|POST /x`, `POST /shop.Cart/AddItem`, `ANY * !/admin*`. */
  public toString(): string {
    const first = this._rules[0];
    const methods = first.method === undefined ? 'ANY' : this._rules.map((r) => r.method).join('|');
    const p = first.path ? pathText(first.path) : '*';
    const h = first.headers.map((x) => ` [${headerText(x)}]`).join('');
    const np = (first.notPaths ?? []).map((x) => ` !${pathText(x)}`).join('');
    const nm = (first.notMethods ?? []).map((x) => ` !${x}`).join('');
    const hs = first.hosts ? ` @${first.hosts.join(',')}` : '';
    return `${methods} ${p}${h}${np}${nm}${hs}`;
  }
}

function pathText(p: IrPathMatch): string {
  return p.kind === 'exact' ? p.value : p.kind === 'prefix' ? `${p.value}*` : `~${p.value}`;
}

function headerText(h: IrHeaderMatch): string {
  if (h.value === undefined) return h.name;
  return h.kind === 'prefix'
    ? `${h.name}^=${h.value}`
    : h.kind === 'regex'
      ? `${h.name}~${h.value}`
      : `${h.name}=${h.value}`;
}

/** An upper-case standard method, or throws ZT111. */
function checkMethod(method: string): string {
  const m = method.toUpperCase();
  if (m.includes('|')) {
    const list = m
      .split('|')
      .map((x) => `'${x.trim()}'`)
      .join(', ');
    throw new ZeroTrustError(
      ErrorCode.INVALID_HTTP_MATCH,
      `HTTP method '${method}' names several methods. Use HttpMatch.methods([${list}]) for several methods`,
    );
  }
  if (!TOKEN.test(m)) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_HTTP_MATCH,
      `HTTP method '${method}' is not a token. Use a standard method such as 'GET'`,
    );
  }
  if (!HTTP_METHODS.includes(m)) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_HTTP_MATCH,
      `HTTP method '${method}' is not a standard method. Use one of ${HTTP_METHODS.join(', ')}`,
    );
  }
  return m;
}

/** A lower-case header name, or throws ZT141 / ZT111. */
function checkHeaderName(name: string): string {
  throwProblems([checkString('header name', name, 'x-api-version')]);
  if (!TOKEN.test(name) || name.startsWith(':')) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_HTTP_MATCH,
      `header name '${name}' is not a valid HTTP header name (pseudo-headers such as ':method' are not allowed). Use a token such as 'x-api-version'`,
    );
  }
  return name.toLowerCase();
}

/** A header value (or prefix, or regex) without line breaks, or throws. */
function checkHeaderValue(name: string, value: unknown, example: string): string {
  if (typeof value !== 'string')
    throw new ZeroTrustError(
      ErrorCode.WRONG_TYPE,
      `header '${name}' is ${describeValue(value)}, not a string. Write the value as a string, e.g. '${example}'`,
    );
  if (/[\r\n\0]/.test(value))
    throw new ZeroTrustError(
      ErrorCode.INVALID_HTTP_MATCH,
      `header '${name}' value contains a line break or NUL. Remove it`,
    );
  return value;
}

/** The excluded methods, upper-case and sorted; only on a match of any method. */
function checkNotMethods(method: string | undefined, notMethods: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const x of notMethods ?? []) {
    const n = checkMethod(x);
    if (out.includes(n))
      throw new ZeroTrustError(ErrorCode.INVALID_METHOD_LIST, `notMethods lists '${n}' twice. List each method once`);
    out.push(n);
  }
  if (method !== undefined && out.length > 0)
    throw new ZeroTrustError(
      ErrorCode.INVALID_METHOD_LIST,
      `the match allows only ${method}, and notMethods [${out.join(', ')}] can only exclude from any method. Remove notMethods, or use HttpMatch.anyMethod()`,
    );
  if (HTTP_METHODS.every((x) => out.includes(x)))
    throw new ZeroTrustError(
      ErrorCode.L7_MATCHES_NOTHING,
      `notMethods excludes every standard method, so the match allows nothing. Remove the exclusion or the match`,
    );
  return out.sort();
}

const HOST_LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** The hosts, lower-case and sorted: DNS names with an optional `:port`, no wildcard, each once. */
function checkHosts(hosts: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of hosts ?? []) {
    const h = raw.toLowerCase();
    const colon = h.lastIndexOf(':');
    const name = colon < 0 ? h : h.slice(0, colon);
    const port = colon < 0 ? undefined : h.slice(colon + 1);
    const portOk = port === undefined || (/^[0-9]{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535);
    const nameOk = name.length <= 253 && name.split('.').every((l) => HOST_LABEL.test(l));
    if (!portOk || !nameOk) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_HOST_MATCH,
        `host '${raw}' is not a DNS name with an optional port${h.includes('*') ? ' (wildcards are not supported)' : ''}. Write an exact name such as 'api.example.com' or 'api.example.com:8080'`,
      );
    }
    if (out.includes(h))
      throw new ZeroTrustError(
        ErrorCode.INVALID_HOST_MATCH,
        `host '${raw}' is listed twice (names are case-insensitive). List it once`,
      );
    out.push(h);
  }
  return out.sort();
}

/** The excluded paths, sorted; throws when one covers every path the match allows. */
function checkNotPaths(path: IrPathMatch | undefined, notPaths: readonly PathMatch[] | undefined): IrPathMatch[] {
  const out: IrPathMatch[] = [];
  for (const np of notPaths ?? []) {
    const x = np._ir;
    const covers =
      path !== undefined &&
      path.kind !== 'regex' &&
      ((x.kind === 'exact' && path.kind === 'exact' && x.value === path.value) ||
        (x.kind === 'prefix' && path.value.startsWith(x.value)));
    if (covers)
      throw new ZeroTrustError(
        ErrorCode.L7_MATCHES_NOTHING,
        `notPaths '${pathText(x)}' excludes every path of '${pathText(path)}', so the match allows nothing. Remove the exclusion or the match`,
      );
    if (!out.some((o) => o.kind === x.kind && o.value === x.value)) out.push(x);
  }
  return out.sort((a, b) => (pathText(a) < pathText(b) ? -1 : pathText(a) > pathText(b) ? 1 : 0));
}

function checkPath(path: string): void {
  throwProblems([checkString('path', path, '/api/v1')]);
  if (!path.startsWith('/')) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_HTTP_MATCH,
      `path '${path}' must start with '/'. Did you mean '/${path}'?`,
    );
  }
  if (/[\s\0]/.test(path) || path.includes('#') || path.includes('?')) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_HTTP_MATCH,
      `path '${path}' must not contain whitespace, '?' or '#'. Give the path only: the query string is ignored`,
    );
  }
  if (path.includes('*')) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_HTTP_MATCH,
      `path '${path}' contains '*': only a single trailing '*' (prefix) is allowed. For patterns use PathMatch.regex()`,
    );
  }
}
