import { ErrorCode } from '../../validation/codes';
import { IrGateway, IrRoute } from '../../ir/types';
import { TargetDiagnostic } from '../target';

/** The codes of the problems the Gateway API target reports: its entries of the ErrorCode catalog (ZT331-ZT350). */
export const GatewayApiCode = {
  /** A gateway with no listeners, too many, or listeners that clash or are malformed. */
  GATEWAY_LISTENERS: ErrorCode.GATEWAY_LISTENERS,
  /** An HTTPS listener without certificates, or an HTTP listener with some. */
  GATEWAY_TLS: ErrorCode.GATEWAY_TLS,
  /** A route attached to a gateway the topology does not define. */
  ROUTE_PARENT: ErrorCode.ROUTE_PARENT,
  /** A route attached to a gateway listener or Service port that does not exist. */
  ROUTE_SECTION: ErrorCode.ROUTE_SECTION,
  /** A route in another namespace than a gateway that admits only its own namespace's routes. */
  ROUTE_NAMESPACE: ErrorCode.ROUTE_NAMESPACE,
  /** A malformed route hostname, or hostnames no listener of the parent accepts. */
  ROUTE_HOSTNAME: ErrorCode.ROUTE_HOSTNAME,
  /** A negative, fractional or too large weight, or a rule that sends no traffic. */
  ROUTE_WEIGHTS: ErrorCode.ROUTE_WEIGHTS,
  /** A path value the Gateway API rejects. */
  ROUTE_PATH: ErrorCode.ROUTE_PATH,
  /** A pseudo-header, malformed, duplicated or value-less header match. */
  ROUTE_HEADER: ErrorCode.ROUTE_HEADER,
  /** A method or gRPC service the route kind cannot match. */
  ROUTE_MATCH: ErrorCode.ROUTE_MATCH,
  /** More hostnames, rules, matches, backends or headers than the CRDs allow, or no rule at all. */
  ROUTE_LIMITS: ErrorCode.ROUTE_LIMITS,
} as const;

/** One of the codes of {@link GatewayApiCode}. */
export type GatewayApiCode = (typeof GatewayApiCode)[keyof typeof GatewayApiCode];

/** A diagnostic on a gateway, attributed to its construct path. */
export function gatewayDiagnostic(gateway: IrGateway, code: GatewayApiCode, message: string): TargetDiagnostic {
  return { code, path: gateway.path, message: `Gateway ${gateway.namespace}/${gateway.name} ${message}` };
}

/** A diagnostic on a route, attributed to its construct path. */
export function routeDiagnostic(route: IrRoute, code: GatewayApiCode, message: string): TargetDiagnostic {
  return { code, path: route.path, message: `${route.kind} ${route.namespace}/${route.name} ${message}` };
}
