import { ErrorCode, ZeroTrustError } from '../validation/codes';
import {
  checkObject,
  checkOptionalObject,
  checkOptionalString,
  checkString,
  describeValue,
  throwProblems,
} from '../validation/input';

/** Extra conditions of a route match. */
export interface RouteMatchOptions {
  /**
   * Headers that must equal these values (Gateway API `Exact`; names are case-insensitive).
   * @default - none
   */
  readonly headers?: { [name: string]: string };
  /**
   * HTTP method.
   * @default - any method
   */
  readonly method?: string;
}

/** @internal */
export interface RouteMatchData {
  readonly path?: { readonly kind: 'Exact' | 'PathPrefix'; readonly value: string };
  readonly headers: readonly { readonly name: string; readonly value?: string }[];
  readonly method?: string;
  readonly grpc?: { readonly service: string; readonly method?: string };
}

/**
 * A match of an HTTPRoute or GRPCRoute rule. `PathPrefix` matches whole path elements:
 * `/api` matches `/api` and `/api/x`, not `/apix`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmatch
 */
export class RouteMatch {
  /** Paths under this prefix, element by element. */
  public static pathPrefix(prefix: string, options?: RouteMatchOptions): RouteMatch {
    return new RouteMatch({ path: { kind: 'PathPrefix', value: checkPath(prefix) }, ...opts(options) });
  }

  /** Exactly this path (case-sensitive). */
  public static exactPath(path: string, options?: RouteMatchOptions): RouteMatch {
    return new RouteMatch({ path: { kind: 'Exact', value: checkPath(path) }, ...opts(options) });
  }

  /** Requests carrying these headers, on any path. */
  public static headers(required: { [name: string]: string }, options?: RouteMatchOptions): RouteMatch {
    throwProblems([checkObject('headers', required, "{ 'x-api-version': 'v2' }")]);
    if (Object.keys(required).length === 0) {
      throw new ZeroTrustError(
        ErrorCode.EMPTY_LIST,
        "RouteMatch.headers({}) names no header, so it would match every request. Give at least one header, e.g. { 'x-api-version': 'v2' }, or use RouteMatch.pathPrefix('/') to match everything on purpose",
      );
    }
    return new RouteMatch({ ...opts({ ...options, headers: { ...(options?.headers ?? {}), ...required } }) });
  }

  /** A gRPC service (and method) for a GRPCRoute. */
  public static grpc(service: string, method?: string): RouteMatch {
    throwProblems([
      checkString('gRPC service', service, 'shop.v1.Cart'),
      checkOptionalString('gRPC method', method, 'AddItem'),
    ]);
    if (method !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(method)) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_ROUTE,
        `gRPC method '${method}' is not an identifier. Write the method name, e.g. 'AddItem'`,
      );
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(service)) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_ROUTE,
        `gRPC service '${service}' is not a fully qualified name. Write it as 'package.Service', e.g. 'shop.v1.Cart'`,
      );
    }
    return new RouteMatch({ headers: [], grpc: method ? { service, method } : { service } });
  }

  private constructor(/** @internal */ public readonly _data: RouteMatchData) {}
}

function opts(o?: RouteMatchOptions): { headers: { name: string; value?: string }[]; method?: string } {
  throwProblems([
    checkOptionalObject('route match options', o),
    checkOptionalObject('headers', o?.headers),
    checkOptionalString('method', o?.method, 'GET'),
  ]);
  if (
    o?.method !== undefined &&
    !['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'].includes(o.method.toUpperCase())
  ) {
    throw new ZeroTrustError(
      ErrorCode.INVALID_ROUTE,
      `route method '${o.method}' is not a standard HTTP method. Use GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE or PATCH`,
    );
  }
  const headers = Object.entries(o?.headers ?? {})
    .map(([name, value]) => {
      if (typeof value !== 'string')
        throw new ZeroTrustError(
          ErrorCode.WRONG_TYPE,
          `header '${name}' is ${describeValue(value)}, not a string. Write the value as a string`,
        );
      if (/[\r\n\0]/.test(value))
        throw new ZeroTrustError(
          ErrorCode.INVALID_ROUTE,
          `header '${name}' value contains a line break or NUL. Remove it`,
        );
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name))
        throw new ZeroTrustError(
          ErrorCode.INVALID_ROUTE,
          `header name '${name}' is not valid (pseudo-headers are not allowed). Use a token such as 'x-api-version'`,
        );
      return { name, value };
    })
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  return { headers, ...(o?.method ? { method: o.method.toUpperCase() } : {}) };
}

function checkPath(p: string): string {
  throwProblems([checkString('route path', p, '/api')]);
  if (!p.startsWith('/'))
    throw new ZeroTrustError(ErrorCode.INVALID_ROUTE, `route path '${p}' must start with '/'. Did you mean '/${p}'?`);
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) {
    if (p.includes(bad))
      throw new ZeroTrustError(
        ErrorCode.INVALID_ROUTE,
        `route path '${p}' must not contain '${bad}'. Write the normalized path`,
      );
  }
  if (p.endsWith('/..') || p.endsWith('/.'))
    throw new ZeroTrustError(
      ErrorCode.INVALID_ROUTE,
      `route path '${p}' must not end with a dot segment. Write the normalized path`,
    );
  return p;
}
