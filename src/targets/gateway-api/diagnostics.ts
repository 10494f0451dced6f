import { IrGateway, IrRoute } from '../../ir/types';
import { TargetDiagnostic } from '../target';

/** The codes of the problems the Gateway API target reports. */
export const GatewayApiCode = {
  /** A gateway with no listeners, too many, or listeners that clash or are malformed. */
  GATEWAY_LISTENERS: 'ZT_GATEWAY_LISTENERS',
  /** An HTTPS listener without certificates, or an HTTP listener with some. */
  GATEWAY_TLS: 'ZT_GATEWAY_TLS',
  /** A route attached to a gateway the topology does not define. */
  ROUTE_PARENT: 'ZT_ROUTE_PARENT',
  /** A route attached to a gateway listener or Service port that does not exist. */
  ROUTE_SECTION: 'ZT_ROUTE_SECTION',
  /** A route in another namespace than a gateway that admits only its own namespace's routes. */
  ROUTE_NAMESPACE: 'ZT_ROUTE_NAMESPACE',
  /** A malformed route hostname, or hostnames no listener of the parent accepts. */
  ROUTE_HOSTNAME: 'ZT_ROUTE_HOSTNAME',
  /** A negative, fractional or too large weight, or a rule that sends no traffic. */
  ROUTE_WEIGHTS: 'ZT_ROUTE_WEIGHTS',
  /** A path value the Gateway API rejects. */
  ROUTE_PATH: 'ZT_ROUTE_PATH',
  /** A pseudo-header, malformed, duplicated or value-less header match. */
  ROUTE_HEADER: 'ZT_ROUTE_HEADER',
  /** A method or gRPC service the route kind cannot match. */
  ROUTE_MATCH: 'ZT_ROUTE_MATCH',
  /** More hostnames, rules, matches, backends or headers than the CRDs allow, or no rule at all. */
  ROUTE_LIMITS: 'ZT_ROUTE_LIMITS',
} as const;

/** One of the codes of {@link GatewayApiCode}. */
export type GatewayApiCode = typeof GatewayApiCode[keyof typeof GatewayApiCode];

/** A diagnostic on a gateway, attributed to its construct path. */
export function gatewayDiagnostic(gateway: IrGateway, code: GatewayApiCode, message: string): TargetDiagnostic {
  return { code, path: gateway.path, message: `Gateway ${gateway.namespace}/${gateway.name} ${message}` };
}

/** A diagnostic on a route, attributed to its construct path. */
export function routeDiagnostic(route: IrRoute, code: GatewayApiCode, message: string): TargetDiagnostic {
  return { code, path: route.path, message: `${route.kind} ${route.namespace}/${route.name} ${message}` };
}
