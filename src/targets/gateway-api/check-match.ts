import { HTTP_METHODS } from '../../validation/http-methods';
import { IrHeaderMatch, IrRoute, IrRouteMatch } from '../../ir/types';
import { TargetDiagnostic } from '../target';
import { GatewayApiCode, routeDiagnostic } from './diagnostics';
import { CRD_LIMITS } from './limits';
import { repeated } from './lists';
import { pathValueProblems } from './path-value';

/** The CRD pattern of a header name (an HTTP token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** The GRPCRoute CEL pattern of a service name (`pkg.Service`). */
const GRPC_SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;

/** The GRPCRoute CEL pattern of a method name. */
const GRPC_METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;

/**
 * Problems of one match of a route (`at` locates it, e.g. `rules[0].matches[1]`): a path the
 * HTTPRoute CEL rules reject, header conditions the API cannot express or that repeat a name,
 * and conditions of the other route kind.
 */
export function checkMatch(route: IrRoute, at: string, match: IrRouteMatch): TargetDiagnostic[] {
  const out: TargetDiagnostic[] = [];
  const report = (code: GatewayApiCode, message: string): void => {
    out.push(routeDiagnostic(route, code, `${at} ${message}`));
  };
  if (match.path !== undefined) {
    const problems = pathValueProblems(match.path.value);
    if (problems.length > 0) {
      report(
        GatewayApiCode.ROUTE_PATH,
        `has path '${match.path.value}', which ${problems.join(', ')}. ` +
          "Use an absolute, normalized path such as '/api/v1'.",
      );
    }
  }
  out.push(...checkHeaders(route, at, match.headers));
  if (route.kind === 'HTTPRoute') {
    if (match.method !== undefined && !HTTP_METHODS.includes(match.method)) {
      report(
        GatewayApiCode.ROUTE_MATCH,
        `matches method '${match.method}', which an HTTPRoute cannot match. Use one of ${HTTP_METHODS.join(', ')}.`,
      );
    }
    if (match.grpc !== undefined) {
      report(
        GatewayApiCode.ROUTE_MATCH,
        `matches gRPC service '${match.grpc.service}', which an HTTPRoute cannot express. Declare the route as a GRPCRoute.`,
      );
    }
  } else {
    if (match.path !== undefined || match.method !== undefined) {
      report(
        GatewayApiCode.ROUTE_MATCH,
        'matches an HTTP path or method, which a GRPCRoute cannot express. Match the gRPC service and method instead.',
      );
    }
    if (match.grpc !== undefined) {
      const { service, method } = match.grpc;
      if (!GRPC_SERVICE.test(service) || service.length > CRD_LIMITS.grpcNameLength) {
        report(
          GatewayApiCode.ROUTE_MATCH,
          `matches gRPC service '${service}', which is not a valid service name. ` +
            "Use the fully qualified name, such as 'pkg.v1.Service'.",
        );
      }
      if (method !== undefined && (!GRPC_METHOD.test(method) || method.length > CRD_LIMITS.grpcNameLength)) {
        report(
          GatewayApiCode.ROUTE_MATCH,
          `matches gRPC method '${method}', which is not a valid method name. ` +
            "Use the bare method name, such as 'GetUser'.",
        );
      }
    }
  }
  return out;
}

function checkHeaders(route: IrRoute, at: string, headers: readonly IrHeaderMatch[]): TargetDiagnostic[] {
  const out: TargetDiagnostic[] = [];
  const report = (code: GatewayApiCode, message: string): void => {
    out.push(routeDiagnostic(route, code, `${at} ${message}`));
  };
  if (headers.length > CRD_LIMITS.headersPerMatch) {
    report(
      GatewayApiCode.ROUTE_LIMITS,
      `has ${headers.length} header conditions, more than the ` +
        `${CRD_LIMITS.headersPerMatch} a match may hold. Split the match or drop conditions.`,
    );
  }
  for (const h of headers) {
    if (h.name.startsWith(':')) {
      report(
        GatewayApiCode.ROUTE_HEADER,
        `matches HTTP/2 pseudo-header '${h.name}', which Gateway API rejects. ` +
          'Match the path or method instead, or a regular header.',
      );
    } else if (!HEADER_NAME.test(h.name) || h.name.length > CRD_LIMITS.headerNameLength) {
      report(
        GatewayApiCode.ROUTE_HEADER,
        `matches header '${h.name}', which is not a valid header name. ` +
          `Use an HTTP token of at most ${CRD_LIMITS.headerNameLength} characters.`,
      );
    }
    if (h.value === undefined) {
      report(
        GatewayApiCode.ROUTE_HEADER,
        `matches the mere presence of header '${h.name}', which Gateway API ` +
          'cannot express. Give the header condition an exact value.',
      );
    } else if (h.value.length === 0 || h.value.length > CRD_LIMITS.headerValueLength) {
      report(
        GatewayApiCode.ROUTE_HEADER,
        `matches header '${h.name}' with a value of ${h.value.length} characters. ` +
          `Use a value of 1 to ${CRD_LIMITS.headerValueLength} characters.`,
      );
    }
  }
  for (const name of repeated(headers.map((h) => h.name.toLowerCase()))) {
    report(
      GatewayApiCode.ROUTE_HEADER,
      `matches header '${name}' more than once; header names are ` +
        'case-insensitive and only the first condition would count. Keep a single condition per header.',
    );
  }
  return out;
}
