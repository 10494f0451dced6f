import { IrHeaderMatch, IrHttpRule, IrPathMatch } from '../ir/types';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import {
  checkInstance,
  checkOptionalObject,
  checkOptionalString,
  checkString,
  describeValue,
  throwProblems,
} from '../validation/input';
import { checkRe2 } from '../validation/regex';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

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

/** Extra conditions of an HTTP match. */
export interface HttpMatchOptions {
  /**
   * Headers that must be present with exactly these values (an empty value means "present").
   * Names are case-insensitive.
   * @default - no header condition
   */
  readonly headers?: { [name: string]: string };
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
    ]);
    for (const [name, value] of Object.entries(options?.headers ?? {})) {
      if (typeof value !== 'string')
        throw new ZeroTrustError(
          ErrorCode.WRONG_TYPE,
          `header '${name}' is ${describeValue(value)}, not a string. Write the value as a string ('' means "present")`,
        );
    }
    let m: string | undefined;
    if (method !== undefined) {
      m = method.toUpperCase();
      if (!TOKEN.test(m))
        throw new ZeroTrustError(
          ErrorCode.INVALID_HTTP_MATCH,
          `HTTP method '${method}' is not a token. Use a standard method such as 'GET'`,
        );
      if (!METHODS.includes(m)) {
        throw new ZeroTrustError(
          ErrorCode.INVALID_HTTP_MATCH,
          `HTTP method '${method}' is not a standard method. Use one of ${METHODS.join(', ')}`,
        );
      }
    }
    const headers: IrHeaderMatch[] = [];
    for (const [name, value] of Object.entries(options?.headers ?? {})) {
      if (!TOKEN.test(name) || name.startsWith(':')) {
        throw new ZeroTrustError(
          ErrorCode.INVALID_HTTP_MATCH,
          `header name '${name}' is not a valid HTTP header name (pseudo-headers such as ':method' are not allowed). Use a token such as 'x-api-version'`,
        );
      }
      if (/[\r\n\0]/.test(value))
        throw new ZeroTrustError(
          ErrorCode.INVALID_HTTP_MATCH,
          `header '${name}' value contains a line break or NUL. Remove it`,
        );
      headers.push(value === '' ? { name: name.toLowerCase() } : { name: name.toLowerCase(), value });
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
    return new HttpMatch({
      ...(m !== undefined ? { method: m } : {}),
      ...(path !== undefined ? { path: path._ir } : {}),
      headers,
    });
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
    return new HttpMatch({
      method: 'POST',
      path,
      headers: [],
      grpc: method !== undefined ? { service, method } : { service },
    });
  }

  private constructor(/** @internal */ public readonly _ir: IrHttpRule) {}

  /** Canonical text: `GET /api/*`, `POST /shop.Cart/AddItem`. */
  public toString(): string {
    const p = this._ir.path ? new PathMatchText(this._ir.path).text : '*';
    const h = this._ir.headers.map((x) => ` [${x.name}${x.value !== undefined ? `=${x.value}` : ''}]`).join('');
    return `${this._ir.method ?? 'ANY'} ${p}${h}`;
  }
}

class PathMatchText {
  public readonly text: string;
  public constructor(p: IrPathMatch) {
    this.text = p.kind === 'exact' ? p.value : p.kind === 'prefix' ? `${p.value}*` : `~${p.value}`;
  }
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
