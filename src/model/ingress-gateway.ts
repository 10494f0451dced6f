import { Construct } from 'constructs';
import { ErrorCode, Problem, ZeroTrustError } from '../validation/codes';
import { checkList, checkOptionalObject, checkOptionalString, checkString, throwProblems } from '../validation/input';
import { checkDnsLabel, checkDnsSubdomain } from '../validation/names';
import { IPeer, PeerReference } from '../values/peer';
import { RouteMatch } from '../values/route-match';
import { freeId, registerMember } from './markers';
import { Tier } from './tier';
import { Zone } from './zone';

/** Which namespaces may attach routes to a gateway. */
export enum AllowedRoutes {
  /** Only routes in the gateway's namespace (the Gateway API default). */
  SAME_NAMESPACE = 'Same',
  /** Routes from every namespace. */
  ALL_NAMESPACES = 'All',
}

/** Options of a listener. */
export interface ListenerOptions {
  /**
   * Host name the listener serves.
   * @default - every host
   */
  readonly hostname?: string;
  /**
   * Listener name (a route's `sectionName`).
   * @default 'http' or 'https'
   */
  readonly name?: string;
}

/** A gateway listener. */
export class Listener {
  /** Plain HTTP. */
  public static http(port?: number, options?: ListenerOptions): Listener {
    checkListenerOptions(options);
    return new Listener(options?.name ?? 'http', checkPort(port ?? 80), 'HTTP', options?.hostname, []);
  }

  /** HTTPS, terminating TLS with the certificate in these Secrets (same namespace). */
  public static https(certificateSecrets: string[], port?: number, options?: ListenerOptions): Listener {
    throwProblems([
      checkList(
        'certificateSecrets',
        certificateSecrets,
        "['shop-tls']",
        false,
        'would leave the HTTPS listener without a certificate',
      ),
    ]);
    throwProblems(
      certificateSecrets.map(
        (s, i) =>
          checkString(`certificateSecrets[${i}]`, s, 'shop-tls') ?? checkDnsSubdomain('certificate Secret name', s),
      ),
    );
    checkListenerOptions(options);
    return new Listener(options?.name ?? 'https', checkPort(port ?? 443), 'HTTPS', options?.hostname, [
      ...certificateSecrets,
    ]);
  }

  private constructor(
    /** Listener name. */ public readonly name: string,
    /** Port. */ public readonly port: number,
    /** Protocol. */ public readonly protocol: string,
    /** Host name. */ public readonly hostname: string | undefined,
    /** Certificate Secrets. */ public readonly certificateSecrets: string[],
  ) {}
}

function checkPort(p: number): number {
  if (typeof p !== 'number')
    throw new ZeroTrustError(
      ErrorCode.WRONG_TYPE,
      `listener port is ${typeof p === 'string' ? `the string '${p}'` : String(p)}, not a number. Write an integer such as 443`,
    );
  if (!Number.isInteger(p) || p < 1 || p > 65535)
    throw new ZeroTrustError(
      ErrorCode.INVALID_PORT,
      `listener port ${p} is out of range. Use an integer between 1 and 65535`,
    );
  return p;
}

const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks a Gateway API hostname (`shop.example.com`, or `*.example.com`); returns the problem or undefined. */
export function checkHostname(what: string, h: unknown): Problem | undefined {
  const s = checkString(what, h, 'shop.example.com');
  if (s) return s;
  const v = h as string;
  if (v.length > 253 || !HOSTNAME.test(v) || /^\d+(\.\d+){3}$/.test(v)) {
    return {
      code: ErrorCode.INVALID_ROUTE,
      message: `${what} '${v}' is not a host name (lower-case DNS labels, optionally a leading '*.'; no IP address, port or scheme). Write e.g. 'shop.example.com'`,
    };
  }
  return undefined;
}

function checkListenerOptions(options?: ListenerOptions): void {
  throwProblems([
    checkOptionalObject('listener options', options),
    checkOptionalString('listener name', options?.name, 'https'),
  ]);
  throwProblems([
    options?.hostname !== undefined ? checkHostname('listener hostname', options.hostname) : undefined,
    options?.name !== undefined ? checkDnsLabel('listener name', options.name) : undefined,
  ]);
}

/** The GatewayClass an IngressGateway emits (clusters usually ship it, so it is off by default). */
export interface GatewayClassOptions {
  /**
   * The controller that serves the class (a domain-prefixed path).
   * @default - the controller of the target that implements the class: `istio.io/gateway-controller` for `istio`,
   * `io.cilium/gateway-controller` for `cilium`; other classes must name it
   */
  readonly controllerName?: string;
  /**
   * Description of the class.
   * @default - none
   */
  readonly description?: string;
}

/** The CRD pattern of a GatewayClass `controllerName`: a domain prefix, a slash and a path. */
const CONTROLLER_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

function checkGatewayClass(o: GatewayClassOptions | undefined): void {
  throwProblems([checkOptionalObject('gatewayClass', o)]);
  throwProblems([
    checkOptionalString('gatewayClass.controllerName', o?.controllerName, 'example.com/gateway-controller'),
    checkOptionalString('gatewayClass.description', o?.description, 'Internet-facing gateways'),
  ]);
  const name = o?.controllerName;
  if (name !== undefined && (name.length > 253 || !CONTROLLER_NAME.test(name)))
    throw new ZeroTrustError(
      ErrorCode.GATEWAY_CLASS_CONTROLLER,
      `gatewayClass.controllerName '${name}' is not a domain-prefixed path. Write e.g. 'example.com/gateway-controller'`,
    );
  if (o?.description !== undefined && o.description.length > 64)
    throw new ZeroTrustError(
      ErrorCode.GATEWAY_CLASS_CONTROLLER,
      `gatewayClass.description is ${o.description.length} characters long, more than the 64 a GatewayClass holds. Shorten it`,
    );
}

/** Props of an IngressGateway. */
export interface IngressGatewayProps {
  /** Namespace of the Gateway object and its pods. */
  readonly namespace: string;
  /** GatewayClass: `istio`, `cilium`, `eg`, ... */
  readonly className: string;
  /** Listeners. */
  readonly listeners: Listener[];
  /**
   * Gateway object name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Which namespaces may attach routes.
   * @default AllowedRoutes.SAME_NAMESPACE
   */
  readonly allowedRoutes?: AllowedRoutes;
  /**
   * Labels of the gateway's pods (for network rules).
   * @default { 'gateway.networking.k8s.io/gateway-name': <name> } (Istio, Envoy Gateway)
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Service account of the gateway's pods (its mesh identity).
   * @default '<name>-istio' for class istio, else '<name>'
   */
  readonly serviceAccount?: string;
  /**
   * Emit the GatewayClass the gateway names (cluster-scoped, once per class).
   * @default - not emitted: the cluster provides it
   */
  readonly gatewayClass?: GatewayClassOptions;
}

/** A backend of a route rule. */
export interface RouteBackend {
  /** The tier (it needs a `service`). */
  readonly tier: Tier;
  /**
   * Service port.
   * @default - the Service's first port
   */
  readonly port?: number;
  /**
   * Relative weight (90 and 10 for a 90/10 canary).
   * @default 1
   */
  readonly weight?: number;
}

/** A rule of a route: matches and weighted backends. */
export interface RouteRule {
  /**
   * Matches; any one selects the rule.
   * @default - PathPrefix /
   */
  readonly matches?: RouteMatch[];
  /** Backends. */
  readonly backends: RouteBackend[];
}

/** Props of a route. */
export interface RouteProps {
  /**
   * Host names.
   * @default - every host of the listener
   */
  readonly hostnames?: string[];
  /** Rules. */
  readonly rules: RouteRule[];
  /**
   * Route object name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the route object.
   * @default - the first backend's namespace (app-owned routes); a ReferenceGrant is emitted where backends are elsewhere
   */
  readonly namespace?: string;
  /**
   * Listener name to attach to.
   * @default - every listener
   */
  readonly sectionName?: string;
}

/**
 * An ingress gateway (Gateway API `Gateway`) and its routes into tiers. The network rules that
 * let the gateway's pods reach the routed tiers on the routed ports are derived for every CNI
 * and mesh target; never hand-write them.
 *
 * @example
 * const gw = new IngressGateway(lab, 'api-gateway', { namespace: 'backend', className: 'istio',
 *   listeners: [Listener.http(), Listener.https(['api-tls-secret'])] });
 * gw.addHttpRoute('api', { hostnames: ['api.example.com'], rules: [{ matches: [RouteMatch.pathPrefix('/api/v1')], backends: [{ tier: httpApi }] }] });
 */
export class IngressGateway extends Construct implements IPeer {
  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: IngressGatewayProps;

  public constructor(scope: Construct, id: string, props: IngressGatewayProps) {
    checkGatewayClass(props?.gatewayClass);
    super(scope, freeId(scope, id, 'IngressGateway'));
    this._props = props;
    registerMember(this, this.constructor.name);
  }

  /** `gateway <path>`: the gateway's data plane as a peer of edges (e.g. L7 rules on what it may send). */
  public get peerDescription(): string {
    return `gateway ${this.node.path}`;
  }

  /** What an edge to this gateway's data plane names. */
  public get peerReference(): PeerReference {
    return PeerReference._of(this);
  }

  /** Adds an HTTPRoute attached to this gateway. */
  public addHttpRoute(id: string, props: RouteProps): HttpRoute {
    return new HttpRoute(this, id, { ...props, gateway: this });
  }

  /** Adds a GRPCRoute attached to this gateway. */
  public addGrpcRoute(id: string, props: RouteProps): GrpcRoute {
    return new GrpcRoute(this, id, { ...props, gateway: this });
  }
}

/** Props of a gateway-attached route. */
export interface GatewayRouteProps extends RouteProps {
  /** The gateway. */
  readonly gateway: IngressGateway;
}

/** An HTTPRoute from an ingress gateway into tiers. */
export class HttpRoute extends Construct {
  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: GatewayRouteProps;
  public constructor(scope: Construct, id: string, props: GatewayRouteProps) {
    super(scope, freeId(scope, id, 'HttpRoute'));
    this._props = props;
    registerMember(this, this.constructor.name);
  }
}

/** A GRPCRoute from an ingress gateway into tiers. */
export class GrpcRoute extends Construct {
  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: GatewayRouteProps;
  public constructor(scope: Construct, id: string, props: GatewayRouteProps) {
    super(scope, freeId(scope, id, 'GrpcRoute'));
    this._props = props;
    registerMember(this, this.constructor.name);
  }
}

/** Props of a mesh (east-west) route. */
export interface MeshRouteProps extends RouteProps {
  /** The tier whose Service the route is attached to (GAMMA producer route). */
  readonly service: Tier;
  /**
   * Service port.
   * @default - the Service's first port
   */
  readonly port?: number;
  /**
   * Scope the route to the calls of one zone: only that zone's clients are split, every other
   * caller reaches the Service as before. Written as a GAMMA consumer route: the HTTPRoute lives
   * in the zone's namespace, and the mesh applies it to clients of that namespace only. The zone
   * must be a whole namespace (no `podSelector`) other than the Service's (ZT148), and the mesh
   * of the profile must apply consumer routes (ZT149).
   * @default - every caller of the Service (a producer route in the Service's namespace)
   */
  readonly fromZone?: Zone;
}

/**
 * A mesh (GAMMA) HTTPRoute attached to a tier's Service: east-west canaries and splits.
 * Requests to the Service that match no rule are rejected.
 */
export class MeshRoute extends Construct {
  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: MeshRouteProps;
  public constructor(scope: Construct, id: string, props: MeshRouteProps) {
    super(scope, freeId(scope, id, 'MeshRoute'));
    this._props = props;
    registerMember(this, this.constructor.name);
  }
}
