import { IConstruct } from 'constructs';
import { ErrorCode, Problem } from '../validation/codes';
import {
  checkEnum,
  checkInstance,
  checkInstances,
  checkInteger,
  checkLabelMap,
  checkList,
  checkOptionalBoolean,
  checkOptionalObject,
  checkOptionalString,
  checkString,
  defined,
} from '../validation/input';
import { checkDnsLabel, checkDnsSubdomain } from '../validation/names';
import { HttpMatch } from '../values/http-match';
import { KafkaFallback, KafkaMatch } from '../values/kafka-match';
import { _checkPeer as checkPeer } from '../values/peer';
import { Port } from '../values/port';
import { Protocol } from '../values/protocol';
import { RouteMatch } from '../values/route-match';
import { AllowFrom } from './allow-from';
import { Dns } from './dns';
import { EgressFqdn } from './egress-fqdn';
import {
  AllowedRoutes,
  checkHostname,
  GrpcRoute,
  HttpRoute,
  IngressGateway,
  Listener,
  MeshRoute,
  RouteProps,
} from './ingress-gateway';
import { MeshMtls, MtlsMode } from './mesh-mtls';
import { AppProtocol, Tier } from './tier';
import { checkPodSecurity } from './pod-security-labels';
import { DefaultDeny, Zone } from './zone';

/**
 * Checks the props of one construct of the model as given at run time (JavaScript callers skip
 * the type checker): types, enum members, value objects, and lists that must not be empty
 * because an empty list would be emitted as "everything". Returns the problems `{ code, message }`;
 * the collector reports them under the construct's path and skips the construct.
 */
export function checkConstruct(c: IConstruct): Problem[] {
  if (c instanceof Zone) return checkZone(c);
  if (c instanceof Tier) return checkTier(c);
  if (c instanceof AllowFrom) return checkEdge(c);
  if (c instanceof EgressFqdn) return checkEgressFqdn(c);
  if (c instanceof MeshMtls) return checkMeshMtls(c);
  if (c instanceof IngressGateway) return checkGateway(c);
  if (c instanceof HttpRoute || c instanceof GrpcRoute) return checkRoute(c._props, c instanceof GrpcRoute);
  if (c instanceof MeshRoute) return checkMeshRoute(c);
  return [];
}

const PORT_EXAMPLE = 'Port.tcp(8080)';
const portSuggestion = (x: unknown): string | undefined =>
  typeof x === 'number' ? `Port.tcp(${x})` : typeof x === 'string' && /^\d+$/.test(x) ? `Port.tcp(${x})` : undefined;
const httpSuggestion = (x: unknown): string | undefined => {
  const m = typeof x === 'string' ? /^([A-Za-z]+)\s+(\/\S*)$/.exec(x) : null;
  return m
    ? `HttpMatch.method('${m[1].toUpperCase()}', '${m[2]}')`
    : typeof x === 'string' && x.startsWith('/')
      ? `HttpMatch.get('${x}')`
      : undefined;
};
const kafkaSuggestion = (x: unknown): string | undefined =>
  typeof x === 'string' ? `KafkaMatch.produce('${x}') or KafkaMatch.consume('${x}')` : undefined;

/** The props object itself: a plain object. */
function propsObject(kind: string, props: unknown, required: boolean): Problem | undefined {
  if (props === undefined && !required) return undefined;
  if (props === undefined)
    return { code: ErrorCode.WRONG_TYPE, message: `${kind} needs props. Pass { ... } as the third argument` };
  return checkOptionalObject(`${kind} props`, props);
}

function checkZone(z: Zone): Problem[] {
  const p = z._props as unknown as { [k: string]: unknown };
  const o = propsObject('Zone', p, false);
  if (o) return [o];
  return defined([
    checkOptionalString('namespace', p.namespace, 'production'),
    ...checkLabelMap('podSelector', p.podSelector, true),
    checkEnum('defaultDeny', p.defaultDeny, DefaultDeny as unknown as { [k: string]: string }, 'DefaultDeny', true),
    checkInstance('dns', p.dns, Dns, 'Dns.kubeDns(), Dns.openShift(), Dns.custom({...}) or Dns.none()', true),
    checkOptionalBoolean('manageNamespace', p.manageNamespace),
    checkOptionalBoolean('mesh', p.mesh),
    ...checkPodSecurity(p.podSecurity),
  ]);
}

function checkTier(t: Tier): Problem[] {
  const p = t._props as unknown as { [k: string]: unknown };
  const o = propsObject('Tier', p, false);
  if (o) return [o];
  const out = defined([
    checkOptionalString('serviceAccount', p.serviceAccount, 'backend-api'),
    checkEnum('protocol', p.protocol, AppProtocol as unknown as { [k: string]: string }, 'AppProtocol', true),
    checkOptionalBoolean('mesh', p.mesh),
  ]);
  if (t._workload) return out; // selector and ports come from the workload
  out.push(...checkLabelMap('selector', p.selector, true));
  out.push(
    ...checkInstances(
      'ports',
      p.ports,
      Port,
      PORT_EXAMPLE,
      true,
      'declares no port, so every edge into the tier would allow every port',
      portSuggestion,
    ),
  );
  if (p.service !== undefined) out.push(...checkService(p.service));
  return out;
}

function checkService(s: unknown): Problem[] {
  const o = checkOptionalObject('service', s);
  if (o) return [o];
  const svc = s as { [k: string]: unknown };
  const out = defined([
    checkString('service name', svc.name, 'backend-api'),
    checkList('service ports', svc.ports, '[{ port: 80, targetPort: 8080 }]', true, 'would give the Service no port'),
  ]);
  if (out.length > 0 || svc.ports === undefined) return out;
  (svc.ports as unknown[]).forEach((sp, i) => {
    const what = `service ports[${i}]`;
    const so =
      sp === undefined
        ? { code: ErrorCode.WRONG_TYPE, message: `${what} is undefined. Write { port: 80 }` }
        : checkOptionalObject(what, sp);
    if (so) {
      out.push(so);
      return;
    }
    const m = sp as { [k: string]: unknown };
    out.push(
      ...defined([
        checkInteger(`${what}.port`, m.port, 1, 65535, ErrorCode.INVALID_PORT),
        m.targetPort === undefined
          ? undefined
          : checkInteger(`${what}.targetPort`, m.targetPort, 1, 65535, ErrorCode.INVALID_PORT),
        checkOptionalString(`${what}.name`, m.name, 'http'),
        typeof m.name === 'string' ? checkDnsLabel(`${what}.name`, m.name) : undefined,
        checkEnum(`${what}.protocol`, m.protocol, Protocol as unknown as { [k: string]: string }, 'Protocol', true),
      ]),
    );
  });
  return out;
}

/** The options of an edge (`allowFrom` / `allowTo` / `AllowFrom` props). */
export function checkEdgeOptions(o: { [k: string]: unknown }): Problem[] {
  return [
    ...checkInstances(
      'ports',
      o.ports,
      Port,
      PORT_EXAMPLE,
      true,
      'would allow every port and protocol',
      portSuggestion,
    ),
    ...checkInstances(
      'http',
      o.http,
      HttpMatch,
      "HttpMatch.get('/api/*')",
      true,
      'would allow every request',
      httpSuggestion,
    ),
    ...checkInstances(
      'kafka',
      o.kafka,
      KafkaMatch,
      "KafkaMatch.produce('orders')",
      true,
      'would allow every Kafka request',
      kafkaSuggestion,
    ),
    ...defined([
      checkEnum(
        'kafkaFallback',
        o.kafkaFallback,
        KafkaFallback as unknown as { [k: string]: string },
        'KafkaFallback',
        true,
      ),
    ]),
  ];
}

function checkEdge(e: AllowFrom): Problem[] {
  if (e._problems.length > 0) return [...e._problems];
  const p = e._props as unknown as { [k: string]: unknown };
  const o = propsObject('AllowFrom', p, true);
  if (o) return [o];
  return defined([checkPeer('from', p.from), checkPeer('to', p.to), ...checkEdgeOptions(p)]);
}

function checkEgressFqdn(f: EgressFqdn): Problem[] {
  const p = f._props as unknown as { [k: string]: unknown };
  const o = propsObject('EgressFqdn', p, true);
  if (o) return [o];
  const out = defined([checkList('names', p.names, "['api.example.com']", false, 'would name no destination')]);
  if (out.length === 0)
    (p.names as unknown[]).forEach((n, i) => {
      const m = checkString(`names[${i}]`, n, 'api.example.com');
      if (m) out.push(m);
    });
  out.push(
    ...checkInstances(
      'ports',
      p.ports,
      Port,
      'Port.HTTPS',
      true,
      'would allow every port and protocol',
      portSuggestion,
    ),
  );
  out.push(
    ...checkInstances(
      'http',
      p.http,
      HttpMatch,
      "HttpMatch.get('/v1/*')",
      true,
      'would allow every request',
      httpSuggestion,
    ),
  );
  return out;
}

function checkMeshMtls(m: MeshMtls): Problem[] {
  const p = m._props as unknown as { [k: string]: unknown };
  const o = propsObject('MeshMtls', p, true);
  if (o) return [o];
  const modes = MtlsMode as unknown as { [k: string]: string };
  const out = defined([
    checkEnum('mode', p.mode, modes, 'MtlsMode', false),
    checkEnum('migrateFrom', p.migrateFrom, modes, 'MtlsMode', true),
    checkList('portModes', p.portModes, '[{ port: 9090, mode: MtlsMode.PERMISSIVE }]', true),
  ]);
  if (out.length > 0 || p.portModes === undefined) return out;
  (p.portModes as unknown[]).forEach((pm, i) => {
    const po =
      pm === undefined
        ? {
            code: ErrorCode.WRONG_TYPE,
            message: `portModes[${i}] is undefined. Write { port: 9090, mode: MtlsMode.PERMISSIVE }`,
          }
        : checkOptionalObject(`portModes[${i}]`, pm);
    if (po) {
      out.push(po);
      return;
    }
    const x = pm as { [k: string]: unknown };
    out.push(
      ...defined([
        checkInteger(`portModes[${i}].port`, x.port, 1, 65535, ErrorCode.INVALID_PORT),
        checkEnum(`portModes[${i}].mode`, x.mode, modes, 'MtlsMode', false),
      ]),
    );
  });
  return out;
}

function checkGateway(g: IngressGateway): Problem[] {
  const p = g._props as unknown as { [k: string]: unknown };
  const o = propsObject('IngressGateway', p, true);
  if (o) return [o];
  const out = defined([
    checkString('namespace', p.namespace, 'istio-system'),
    checkString('className', p.className, 'istio'),
    typeof p.className === 'string' ? checkDnsSubdomain('className', p.className) : undefined,
    checkOptionalString('name', p.name, 'shop-gateway'),
    checkEnum(
      'allowedRoutes',
      p.allowedRoutes,
      AllowedRoutes as unknown as { [k: string]: string },
      'AllowedRoutes',
      true,
    ),
    ...checkLabelMap('podLabels', p.podLabels, true, {
      code: ErrorCode.EMPTY_SELECTOR,
      why: 'would take every pod of the gateway namespace for the gateway',
    }),
    checkOptionalString('serviceAccount', p.serviceAccount, 'shop-gateway'),
    typeof p.serviceAccount === 'string' ? checkDnsSubdomain('gateway service account', p.serviceAccount) : undefined,
    ...checkInstances(
      'listeners',
      p.listeners,
      Listener,
      'Listener.http(80)',
      false,
      'would give the Gateway nothing to listen on',
    ),
  ]);
  return out;
}

function checkRouteLike(p: { [k: string]: unknown }, grpc: boolean): Problem[] {
  const out = defined([
    checkOptionalString('name', p.name, 'storefront'),
    checkOptionalString('namespace', p.namespace, 'production'),
    typeof p.namespace === 'string' ? checkDnsLabel('route namespace', p.namespace) : undefined,
    checkOptionalString('sectionName', p.sectionName, 'https'),
    typeof p.sectionName === 'string' ? checkDnsLabel('sectionName', p.sectionName) : undefined,
    checkList('hostnames', p.hostnames, "['shop.example.com']", true, 'would match every host of the listener'),
    checkList('rules', p.rules, '[{ backends: [{ tier: web }] }]', false, 'would route nothing'),
  ]);
  if (Array.isArray(p.hostnames))
    p.hostnames.forEach((h, i) => {
      const m = checkHostname(`hostnames[${i}]`, h);
      if (m) out.push(m);
    });
  if (!Array.isArray(p.rules)) return out;
  p.rules.forEach((r, i) => {
    const what = `rules[${i}]`;
    const ro =
      r === undefined
        ? { code: ErrorCode.WRONG_TYPE, message: `${what} is undefined. Write { backends: [{ tier }] }` }
        : checkOptionalObject(what, r);
    if (ro) {
      out.push(ro);
      return;
    }
    const rule = r as { [k: string]: unknown };
    const example = grpc ? "RouteMatch.grpc('shop.v1.Cart')" : "RouteMatch.pathPrefix('/api')";
    out.push(
      ...checkInstances(`${what}.matches`, rule.matches, RouteMatch, example, true, 'would match every request', (x) =>
        typeof x === 'string' && x.startsWith('/') ? `RouteMatch.pathPrefix('${x}')` : undefined,
      ),
    );
    const bl = checkList(
      `${what}.backends`,
      rule.backends,
      '[{ tier: web }]',
      false,
      'would send every request nowhere',
    );
    if (bl) {
      out.push(bl);
      return;
    }
    (rule.backends as unknown[]).forEach((b, j) => {
      const bw = `${what}.backends[${j}]`;
      const bo =
        b === undefined
          ? { code: ErrorCode.WRONG_TYPE, message: `${bw} is undefined. Write { tier: web }` }
          : checkOptionalObject(bw, b);
      if (bo) {
        out.push(bo);
        return;
      }
      const be = b as { [k: string]: unknown };
      out.push(
        ...defined([
          checkInstance(`${bw}.tier`, be.tier, Tier, 'a Tier of the topology (with a service)', false),
          be.port === undefined ? undefined : checkInteger(`${bw}.port`, be.port, 1, 65535, ErrorCode.INVALID_PORT),
          be.weight === undefined
            ? undefined
            : checkInteger(`${bw}.weight`, be.weight, 0, 1000000, ErrorCode.INVALID_ROUTE),
        ]),
      );
    });
  });
  return out;
}

function checkRoute(props: RouteProps, grpc: boolean): Problem[] {
  const p = props as unknown as { [k: string]: unknown };
  const o = propsObject(grpc ? 'GrpcRoute' : 'HttpRoute', p, true);
  if (o) return [o];
  return [
    ...defined([checkInstance('gateway', p.gateway, IngressGateway, 'gateway.addHttpRoute(...)', false)]),
    ...checkRouteLike(p, grpc),
  ];
}

function checkMeshRoute(r: MeshRoute): Problem[] {
  const p = r._props as unknown as { [k: string]: unknown };
  const o = propsObject('MeshRoute', p, true);
  if (o) return [o];
  return [
    ...defined([
      checkInstance('service', p.service, Tier, 'the Tier whose Service the route attaches to', false),
      p.port === undefined ? undefined : checkInteger('port', p.port, 1, 65535, ErrorCode.INVALID_PORT),
      p.fromZone === undefined
        ? undefined
        : checkInstance('fromZone', p.fromZone, Zone, 'the Zone whose calls the route splits', false),
    ]),
    ...checkRouteLike(p, false),
  ];
}
