import {
  IrAppProtocol,
  IrDns,
  IrHttpRule,
  IrKafkaRule,
  IrLabels,
  IrMtlsMode,
  IrNamedPort,
  IrPeer,
  IrPort,
  IrServicePort,
} from './types';

/**
 * What the model hands to the IR build: the construct tree flattened to plain data, with
 * construct paths, before any validation across constructs. Produced by src/model/collect.ts.
 */
export interface InputTopology {
  readonly name: string;
  readonly path: string;
  readonly mesh: 'none' | 'sidecar' | 'ambient';
  readonly trustDomain: string;
  readonly rootNamespace: string;
  /** Release line each target renders for, by target name. */
  readonly targetVersions: { readonly [target: string]: string };
  readonly labels: IrLabels;
  readonly mtlsStage: 'MIGRATING' | 'ENFORCED';
  readonly zones: readonly InputZone[];
  readonly tiers: readonly InputTier[];
  readonly edges: readonly InputEdge[];
  readonly mtls: readonly InputMtls[];
  /** Named ambient waypoints (`Waypoint`). @default [] */
  readonly waypoints?: readonly InputWaypoint[];
  readonly gateways: readonly InputGateway[];
  readonly routes: readonly InputRoute[];
  /** Problems found while reading the tree (misplaced constructs, unreadable workloads). */
  readonly problems: readonly { readonly code: string; readonly path: string; readonly message: string }[];
}

/**
 * How an implementation of a Gateway API class runs its data plane, as the CNI sees it. Targets
 * declare the classes they implement in their descriptors; the IR build only reads these facts.
 */
export interface GatewayClassFacts {
  /** The `gatewayClassName` this implementation serves. */
  readonly className: string;
  /** Service account of a gateway's pods, from the gateway name (when the user names none). */
  serviceAccount(gatewayName: string): string;
  /** True when the CNI sees the gateway's traffic as the `ingress` entity (an embedded proxy), not as pods. */
  readonly ingressEntity: boolean;
  /** The `controllerName` of the class's GatewayClass, as the implementation installs it. */
  readonly controllerName?: string;
}

/** Finds the facts of a gateway class, or undefined for a class no target describes. */
export type GatewayClassLookup = (className: string) => GatewayClassFacts | undefined;

/** A zone as declared. */
export interface InputZone {
  readonly path: string;
  readonly id: string;
  readonly namespace: string;
  readonly podSelector: IrLabels;
  readonly denyIngress: boolean;
  readonly denyEgress: boolean;
  readonly dns?: IrDns;
  readonly manageNamespace: boolean;
  readonly meshed: boolean;
  /** Pod Security admission labels for the namespace (`pod-security.kubernetes.io/...`); empty = none. */
  readonly podSecurityLabels?: IrLabels;
  /** Path of the Waypoint the zone's namespace uses (`zone.useWaypoint`). */
  readonly waypointPath?: string;
}

/** A Waypoint as declared. */
export interface InputWaypoint {
  readonly path: string;
  /** Path of the enclosing zone. */
  readonly zonePath: string;
  readonly name: string;
  readonly for: 'service' | 'workload' | 'all';
}

/** A tier as declared (or read from a workload). */
export interface InputTier {
  readonly path: string;
  readonly id: string;
  readonly zonePath: string;
  readonly selector: IrLabels;
  readonly serviceAccount?: string;
  readonly ports: readonly IrNamedPort[];
  readonly appProtocol: IrAppProtocol;
  readonly service?: { readonly name: string; readonly ports: readonly IrServicePort[] };
  readonly meshed: boolean;
  /** True when the application protocol was given explicitly (not the default). */
  readonly protocolDeclared?: boolean;
  /** The exact labels of the tier's pods, when known (a workload's pod template, `Tier.fromWorkload`). */
  readonly podLabels?: IrLabels;
  /** Paths of the tiers whose selectors may overlap this one's (`allowOverlapWith`). */
  readonly overlapWith?: readonly string[];
  /** Path of the Waypoint the tier uses (`tier.useWaypoint`). */
  readonly waypointPath?: string;
}

/** A peer as declared: a tier by construct path, or a plain peer. */
export type InputPeer =
  | { readonly kind: 'tier'; readonly path: string; readonly topologyPath: string }
  | { readonly kind: 'gateway'; readonly path: string }
  | IrPeer;

/** An edge as declared. */
export interface InputEdge {
  readonly path: string;
  readonly from: InputPeer;
  readonly to: InputPeer;
  /** Undefined = the default ports of the destination. */
  readonly ports?: readonly IrPort[];
  readonly http?: readonly IrHttpRule[];
  readonly kafka?: readonly IrKafkaRule[];
  /** `KafkaFallback.L4`: the Kafka rules open the ports at L4 where no layer sees Kafka. */
  readonly kafkaFallback?: 'l4';
}

/** A MeshMtls as declared. */
export interface InputMtls {
  readonly path: string;
  readonly id: string;
  /** Path of the zone or tier it is attached to. */
  readonly scopePath: string;
  readonly mode: IrMtlsMode;
  readonly migrateFrom?: IrMtlsMode;
  readonly portModes: readonly { readonly port: number; readonly mode: IrMtlsMode }[];
}

/** An ingress gateway as declared. */
export interface InputGateway {
  readonly path: string;
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly className: string;
  readonly listeners: readonly {
    readonly name: string;
    readonly port: number;
    readonly protocol: 'HTTP' | 'HTTPS';
    readonly hostname?: string;
    readonly certificateSecrets: readonly string[];
  }[];
  readonly allowedRoutes: 'Same' | 'All';
  readonly podSelector?: IrLabels;
  readonly serviceAccount?: string;
  /** True for an ingress controller (its routes are Ingress objects). */
  readonly ingressController?: boolean;
  /** True when the CNI sees the controller's traffic as the `ingress` entity (overrides the class facts). */
  readonly ingressEntity?: boolean;
  /** Set when the gateway's GatewayClass is to be emitted. */
  readonly gatewayClass?: { readonly controllerName?: string; readonly description?: string };
}

/** A route as declared. */
export interface InputRoute {
  readonly path: string;
  readonly id: string;
  readonly kind: 'HTTPRoute' | 'GRPCRoute' | 'Ingress';
  readonly name: string;
  readonly namespace?: string;
  readonly parent:
    | { readonly kind: 'Gateway'; readonly gatewayPath: string; readonly sectionName?: string }
    | {
        readonly kind: 'Service';
        readonly tierPath: string;
        readonly port?: number;
        /** Path of the zone whose calls the route is scoped to (`MeshRoute` `fromZone`). */
        readonly fromZonePath?: string;
      };
  readonly hostnames: readonly string[];
  readonly rules: readonly {
    readonly matches: readonly {
      readonly path?: { readonly kind: 'Exact' | 'PathPrefix'; readonly value: string };
      readonly headers: readonly { readonly name: string; readonly value?: string }[];
      readonly method?: string;
      readonly grpc?: { readonly service: string; readonly method?: string };
    }[];
    readonly backends: readonly { readonly tierPath: string; readonly port?: number; readonly weight: number }[];
  }[];
  /** TLS of an Ingress: the Secret and its hosts (default: every host of the Ingress). */
  readonly tls?: readonly { readonly secretName: string; readonly hosts?: readonly string[] }[];
}
