import { IrGateway, IrRoute, IrRouteRule } from '../../ir/types';
import { TargetDiagnostic } from '../target';
import { checkMatch } from './check-match';
import { GatewayApiCode, routeDiagnostic } from './diagnostics';
import { hostnameProblem, listenerAcceptsHostnames } from './hostname';
import { CRD_LIMITS } from './limits';
import { RouteIndex } from './route-index';

/**
 * Problems of one route: its attachment (a parent that exists, a listener or Service port that
 * exists, a namespace the gateway admits, hostnames a listener accepts), the CRD size limits,
 * its weights, and each of its matches.
 */
export function checkRoute(route: IrRoute, index: RouteIndex): TargetDiagnostic[] {
  const out = [...checkAttachment(route, index), ...checkSizes(route)];
  for (const h of route.hostnames) {
    const problem = hostnameProblem(h);
    if (problem !== undefined) {
      out.push(routeDiagnostic(route, GatewayApiCode.ROUTE_HOSTNAME, `has ${problem}. Fix or drop it.`));
    }
  }
  route.rules.forEach((rule, r) => {
    out.push(...checkWeights(route, `rules[${r}]`, rule));
    rule.matches.forEach((m, i) => out.push(...checkMatch(route, `rules[${r}].matches[${i}]`, m)));
  });
  return out;
}

function checkAttachment(route: IrRoute, index: RouteIndex): TargetDiagnostic[] {
  const parent = route.parent;
  if (parent.kind === 'Service') {
    const service = index.workload(parent.workload).service;
    if (service?.name === parent.service && service.ports.some((p) => p.port === parent.port)) return [];
    return [
      routeDiagnostic(
        route,
        GatewayApiCode.ROUTE_SECTION,
        `is attached to port ${parent.port} of Service ` +
          `'${parent.service}', which the Service does not expose. Attach the route to a port the Service declares.`,
      ),
    ];
  }
  const gateway = index.findGateway(parent.gateway);
  if (gateway === undefined) {
    return [
      routeDiagnostic(
        route,
        GatewayApiCode.ROUTE_PARENT,
        `is attached to gateway '${parent.gateway}', which the ` +
          "topology does not define. Attach the route to one of the topology's gateways.",
      ),
    ];
  }
  return checkGatewayParent(route, gateway, parent.sectionName);
}

function checkGatewayParent(route: IrRoute, gateway: IrGateway, sectionName: string | undefined): TargetDiagnostic[] {
  const out: TargetDiagnostic[] = [];
  const report = (code: GatewayApiCode, message: string): void => {
    out.push(routeDiagnostic(route, code, message));
  };
  const name = `${gateway.namespace}/${gateway.name}`;
  const listeners =
    sectionName === undefined ? gateway.listeners : gateway.listeners.filter((l) => l.name === sectionName);
  if (sectionName !== undefined && listeners.length === 0) {
    report(
      GatewayApiCode.ROUTE_SECTION,
      `is attached to listener '${sectionName}' of Gateway ${name}, which has no ` +
        `such listener. Use one of: ${gateway.listeners.map((l) => `'${l.name}'`).join(', ') || 'none'}.`,
    );
  }
  if (gateway.allowedRoutes === 'Same' && gateway.namespace !== route.namespace) {
    report(
      GatewayApiCode.ROUTE_NAMESPACE,
      `is in namespace '${route.namespace}', but Gateway ${name} admits routes ` +
        `from its own namespace only. Move the route to namespace '${gateway.namespace}' or let the gateway admit ` +
        'routes from all namespaces.',
    );
  }
  if (listeners.length > 0 && !listeners.some((l) => listenerAcceptsHostnames(l.hostname, route.hostnames))) {
    report(
      GatewayApiCode.ROUTE_HOSTNAME,
      `has hostnames ${route.hostnames.map((h) => `'${h}'`).join(', ')}, none of ` +
        `which a listener of Gateway ${name} accepts, so the route would not attach. Use a hostname the listener serves.`,
    );
  }
  return out;
}

function checkSizes(route: IrRoute): TargetDiagnostic[] {
  const out: TargetDiagnostic[] = [];
  const report = (message: string): void => {
    out.push(routeDiagnostic(route, GatewayApiCode.ROUTE_LIMITS, message));
  };
  const { hostnames, rules } = route;
  if (hostnames.length > CRD_LIMITS.hostnames) {
    report(
      `has ${hostnames.length} hostnames, more than the ${CRD_LIMITS.hostnames} a route may hold. Split the route.`,
    );
  }
  if (rules.length === 0) report('has no rule, so it routes nothing. Give it at least one rule with a backend.');
  if (rules.length > CRD_LIMITS.rules) {
    report(`has ${rules.length} rules, more than the ${CRD_LIMITS.rules} a route may hold. Split the route.`);
  }
  rules.forEach((rule, r) => {
    if (rule.matches.length > CRD_LIMITS.matchesPerRule) {
      report(
        `rules[${r}] has ${rule.matches.length} matches, more than the ${CRD_LIMITS.matchesPerRule} a rule may ` +
          'hold. Split the rule.',
      );
    }
    if (rule.backends.length > CRD_LIMITS.backendsPerRule) {
      report(
        `rules[${r}] has ${rule.backends.length} backends, more than the ${CRD_LIMITS.backendsPerRule} a rule ` +
          'may hold. Reduce the backends.',
      );
    }
  });
  const matches = rules.reduce((n, rule) => n + rule.matches.length, 0);
  if (matches > CRD_LIMITS.matchesPerRoute) {
    report(
      `has ${matches} matches in all, more than the ${CRD_LIMITS.matchesPerRoute} a route may hold. Split the route.`,
    );
  }
  return out;
}

function checkWeights(route: IrRoute, at: string, rule: IrRouteRule): TargetDiagnostic[] {
  const out: TargetDiagnostic[] = [];
  const report = (message: string): void => {
    out.push(routeDiagnostic(route, GatewayApiCode.ROUTE_WEIGHTS, `${at} ${message}`));
  };
  if (rule.backends.length === 0) {
    report('has no backend, so matching requests get an error. Give the rule at least one backend.');
    return out;
  }
  for (const b of rule.backends) {
    if (!Number.isInteger(b.weight) || b.weight < 0 || b.weight > CRD_LIMITS.weight) {
      report(
        `gives backend '${b.service}:${b.port}' weight ${b.weight}. Use a whole number from 0 to ${CRD_LIMITS.weight}; ` +
          'weights are relative shares, 0 meaning no traffic.',
      );
    }
  }
  if (rule.backends.every((b) => b.weight === 0)) {
    report(
      'gives every backend weight 0, so it sends no traffic anywhere. Give at least one backend a weight above 0.',
    );
  }
  return out;
}
