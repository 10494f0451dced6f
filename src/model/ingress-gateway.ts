import { Construct } from 'constructs';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { IPeer, PeerReference } from '../values/peer';
import { RouteMatch } from '../values/route-match';
import { registerMember } from './markers';
import { Tier } from './tier';

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
    return new Listener(options?.name ?? 'http', checkPort(port ?? 80), 'HTTP', options?.hostname, []);
  }

  /** HTTPS, terminating TLS with the certificate in these Secrets (same namespace). */
  public static https(certificateSecrets: string[], port?: number, options?: ListenerOptions): Listener {
    if (certificateSecrets.length === 0) throw new ZeroTrustError(ErrorCode.INVALID_ROUTE, 'an HTTPS listener needs at least one certificate Secret');
    return new Listener(options?.name ?? 'https', checkPort(port ?? 443), 'HTTPS', options?.hostname, [...certificateSecrets]);
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
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw new ZeroTrustError(ErrorCode.INVALID_PORT, `listener port ${p} is out of range 1-65535`);
  return p;
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
    super(scope, id);
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
    super(scope, id);
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
    super(scope, id);
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
    super(scope, id);
    this._props = props;
    registerMember(this, this.constructor.name);
  }
}
