import { IrRoute } from '../../ir/types';

/** One path of an Ingress as the route states it: match type, value and the backend's Service port. */
export interface RoutePath {
  /** Index of the route rule it comes from. */
  readonly rule: number;
  readonly pathType: 'Exact' | 'Prefix';
  readonly path: string;
  readonly service: string;
  readonly port: number;
}

/**
 * The paths of an Ingress route: each match of each rule (a rule without matches is the prefix
 * `/`), toward the rule's first backend. Gateway API `PathPrefix` and Ingress `Prefix` both match
 * whole path elements and ignore a trailing `/`; both prefer an exact match, then the longest
 * prefix, so the rules keep their meaning.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmatch
 */
export function routePaths(route: IrRoute): RoutePath[] {
  const out: RoutePath[] = [];
  route.rules.forEach((rule, r) => {
    const backend = rule.backends[0];
    if (!backend) return;
    const matches = rule.matches.length > 0 ? rule.matches : [{ path: { kind: 'PathPrefix' as const, value: '/' } }];
    for (const m of matches) {
      const path = m.path ?? { kind: 'PathPrefix' as const, value: '/' };
      out.push({
        rule: r,
        pathType: path.kind === 'Exact' ? 'Exact' : 'Prefix',
        path: path.value,
        service: backend.service,
        port: backend.port,
      });
    }
  });
  return out;
}
