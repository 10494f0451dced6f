import { Construct } from 'constructs';
import { ErrorCode, Problem } from '../validation/codes';
import {
  checkInstance,
  checkInstances,
  checkInteger,
  checkLabelMap,
  checkList,
  checkObject,
  checkOptionalObject,
  checkOptionalString,
  checkString,
  defined,
  throwProblems,
} from '../validation/input';
import { checkDnsLabel, checkDnsSubdomain } from '../validation/names';
import { sortedLabels } from '../validation/sorted-keys';
import { IPeer, PeerReference } from '../values/peer';
import { RouteMatch } from '../values/route-match';
import { checkHostname, RouteRule } from './ingress-gateway';
import { freeId, registerMember } from './markers';
import { Tier } from './tier';

/** Options of the ingress-nginx controller. */
export interface NginxIngressOptions {
  /**
   * Ingress class name (the `ingressClassName` of its Ingress objects).
   * @default 'nginx'
   */
  readonly className?: string;
  /**
   * Namespace of the controller's pods.
   * @default 'ingress-nginx'
   */
  readonly namespace?: string;
  /**
   * Labels of the controller's pods.
   * @default { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } (the Helm chart's)
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Service account of the controller's pods.
   * @default 'ingress-nginx'
   */
  readonly serviceAccount?: string;
}

/** Options of Cilium's ingress controller. */
export interface CiliumIngressOptions {
  /**
   * Ingress class name.
   * @default 'cilium'
   */
  readonly className?: string;
}

/** Options of an ingress controller of another implementation. */
export interface CustomIngressClassOptions {
  /** Ingress class name (the `ingressClassName` of its Ingress objects). */
  readonly className: string;
  /** Namespace of the controller's pods. */
  readonly namespace: string;
  /** Labels of the controller's pods. */
  readonly podLabels: { [key: string]: string };
  /**
   * Service account of the controller's pods.
   * @default - the class name
   */
  readonly serviceAccount?: string;
}

/**
 * The implementation of an ingress class: which pods forward the traffic of its Ingress objects,
 * as the network rules name them.
 */
export class IngressClass {
  /**
   * ingress-nginx: its controller pods (namespace `ingress-nginx`, the Helm chart's labels and
   * service account) proxy to the backends, so the backends admit those pods.
   * @see https://kubernetes.github.io/ingress-nginx/deploy/
   */
  public static nginx(options?: NginxIngressOptions): IngressClass {
    throwProblems([checkOptionalObject('nginx ingress options', options)]);
    const o = options ?? {};
    return IngressClass.make(
      o.className ?? 'nginx',
      o.namespace ?? 'ingress-nginx',
      o.podLabels ?? { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
      o.serviceAccount ?? 'ingress-nginx',
      false,
      { className: o.className, namespace: o.namespace, podLabels: o.podLabels, serviceAccount: o.serviceAccount },
    );
  }

  /**
   * Cilium's ingress controller: an Envoy embedded in the agent, which Cilium policies see as the
   * `ingress` entity (only the Cilium target can name it).
   * @see https://docs.cilium.io/en/stable/security/policy/layer3/#entities-based
   */
  public static cilium(options?: CiliumIngressOptions): IngressClass {
    throwProblems([checkOptionalObject('cilium ingress options', options)]);
    const className = options?.className ?? 'cilium';
    return IngressClass.make(className, 'kube-system', { 'app.kubernetes.io/name': 'cilium-envoy' }, className, true, {
      className: options?.className,
    });
  }

  /** Another controller: its class name and the namespace, labels and service account of its pods. */
  public static custom(options: CustomIngressClassOptions): IngressClass {
    throwProblems([
      checkObject('custom ingress class options', options, "{ className: 'traefik', namespace, podLabels }"),
    ]);
    throwProblems([
      checkString('className', options.className, 'traefik'),
      checkString('namespace', options.namespace, 'traefik'),
      ...checkLabelMap('podLabels', options.podLabels, false, {
        code: ErrorCode.INVALID_INGRESS,
        why: "would take every pod of the controller's namespace for the controller",
      }),
    ]);
    return IngressClass.make(
      options.className,
      options.namespace,
      options.podLabels,
      options.serviceAccount ?? options.className,
      false,
      options,
    );
  }

  private static make(
    className: string,
    namespace: string,
    podLabels: { [key: string]: string },
    serviceAccount: string,
    ingressEntity: boolean,
    given: {
      className?: unknown;
      namespace?: unknown;
      podLabels?: unknown;
      serviceAccount?: unknown;
    },
  ): IngressClass {
    throwProblems([
      checkOptionalString('className', given.className, 'nginx'),
      checkOptionalString('namespace', given.namespace, 'ingress-nginx'),
      checkOptionalString('serviceAccount', given.serviceAccount, 'ingress-nginx'),
      ...checkLabelMap('podLabels', given.podLabels, true, {
        code: ErrorCode.INVALID_INGRESS,
        why: "would take every pod of the controller's namespace for the controller",
      }),
    ]);
    throwProblems([
      coded(checkDnsSubdomain('ingress class name', className)),
      coded(checkDnsLabel('ingress controller namespace', namespace)),
      coded(checkDnsSubdomain('ingress controller service account', serviceAccount)),
    ]);
    return new IngressClass(className, namespace, sortedLabels(podLabels), serviceAccount, ingressEntity);
  }

  private constructor(
    /** The ingress class name. */ public readonly className: string,
    /** Namespace of the controller's pods. */ public readonly namespace: string,
    /** Labels of the controller's pods. */ public readonly podLabels: { [key: string]: string },
    /** Service account of the controller's pods. */ public readonly serviceAccount: string,
    /** True when the CNI sees the controller's traffic as Cilium's `ingress` entity, not as pods. */
    public readonly ingressEntity: boolean,
  ) {}
}

/** Props of an IngressController. */
export interface IngressControllerProps {
  /** The controller's class and pods: `IngressClass.nginx()`, `IngressClass.cilium()`, `IngressClass.custom(...)`. */
  readonly ingressClass: IngressClass;
}

/** A TLS entry of an Ingress. */
export interface IngressTls {
  /** The Secret holding the certificate, in the Ingress's namespace. */
  readonly secretName: string;
  /**
   * Hosts the certificate serves.
   * @default - every host of the Ingress
   */
  readonly hosts?: string[];
}

/** Props of an Ingress object. */
export interface IngressProps {
  /**
   * Host names.
   * @default - every host
   */
  readonly hostnames?: string[];
  /** Rules: path matches and one backend each (an Ingress has no header, method or weighted matches). */
  readonly rules: RouteRule[];
  /**
   * Ingress object name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the Ingress object; its backends must be in it.
   * @default - the first backend's namespace
   */
  readonly namespace?: string;
  /**
   * TLS termination: certificate Secrets and their hosts.
   * @default - plain HTTP
   */
  readonly tls?: IngressTls[];
}

/**
 * An ingress controller (one ingress class) and its `networking.k8s.io/v1` Ingress objects. The
 * network rules that let the controller's pods (or Cilium's `ingress` entity) reach the routed
 * tiers, on exactly the routed pod ports, are derived as for an `IngressGateway`.
 *
 * @example
 * const nginx = new IngressController(lab, 'nginx', { ingressClass: IngressClass.nginx() });
 * nginx.addIngress('shop', { hostnames: ['shop.example.com'], tls: [{ secretName: 'shop-tls' }],
 *   rules: [{ matches: [RouteMatch.pathPrefix('/')], backends: [{ tier: web }] }] });
 */
export class IngressController extends Construct implements IPeer {
  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: IngressControllerProps;

  public constructor(scope: Construct, id: string, props: IngressControllerProps) {
    throwProblems([checkObject('IngressController props', props, '{ ingressClass: IngressClass.nginx() }')]);
    throwProblems([checkInstance('ingressClass', props.ingressClass, IngressClass, 'IngressClass.nginx()', false)]);
    super(scope, freeId(scope, id, 'IngressController'));
    this._props = props;
    registerMember(this, this.constructor.name);
  }

  /** `ingress controller <path>`: the controller's data plane as a peer of edges. */
  public get peerDescription(): string {
    return `ingress controller ${this.node.path}`;
  }

  /** What an edge to this controller's data plane names. */
  public get peerReference(): PeerReference {
    return PeerReference._of(this);
  }

  /** Adds a `networking.k8s.io/v1` Ingress of this controller's class. */
  public addIngress(id: string, props: IngressProps): KubernetesIngress {
    return new KubernetesIngress(this, id, { ...props, controller: this });
  }
}

/** Props of an Ingress attached to a controller. */
export interface KubernetesIngressProps extends IngressProps {
  /** The ingress controller (its class). */
  readonly controller: IngressController;
}

/** A `networking.k8s.io/v1` Ingress into tiers, served by an ingress controller. */
export class KubernetesIngress extends Construct {
  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: KubernetesIngressProps;

  public constructor(scope: Construct, id: string, props: KubernetesIngressProps) {
    throwProblems([checkObject('Ingress props', props, '{ rules: [{ backends: [{ tier: web }] }] }')]);
    throwProblems([
      checkInstance('controller', props.controller, IngressController, 'controller.addIngress(...)', false),
      checkOptionalString('name', props.name, 'shop'),
      checkOptionalString('namespace', props.namespace, 'production'),
      checkList('hostnames', props.hostnames, "['shop.example.com']", true, 'would match no host'),
      checkList('rules', props.rules, '[{ backends: [{ tier: web }] }]', false, 'would route nothing'),
      checkList('tls', props.tls, "[{ secretName: 'shop-tls' }]", true, 'would terminate nothing'),
    ]);
    throwProblems([
      props.name !== undefined ? coded(checkDnsSubdomain('Ingress name', props.name)) : undefined,
      props.namespace !== undefined ? coded(checkDnsLabel('Ingress namespace', props.namespace)) : undefined,
      ...(Array.isArray(props.hostnames) ? props.hostnames : []).map((h, i) => checkHostname(`hostnames[${i}]`, h)),
      ...(Array.isArray(props.tls) ? props.tls : []).flatMap((t, i) => checkTls(`tls[${i}]`, t)),
      ...(Array.isArray(props.rules) ? checkRules(props.rules) : []),
    ]);
    super(scope, freeId(scope, id, 'KubernetesIngress'));
    this._props = props;
    registerMember(this, this.constructor.name);
  }
}

function checkTls(what: string, t: IngressTls): (Problem | undefined)[] {
  const o = checkObject(what, t, "{ secretName: 'shop-tls' }");
  if (o) return [o];
  const s = checkString(`${what}.secretName`, t.secretName, 'shop-tls');
  if (s) return [s];
  const l = checkList(`${what}.hosts`, t.hosts, "['shop.example.com']", true, 'would serve no host');
  if (l) return [l];
  return [
    coded(checkDnsSubdomain(`${what}.secretName`, t.secretName)),
    ...(t.hosts ?? []).map((h, i) => checkHostname(`${what}.hosts[${i}]`, h)),
  ];
}

/** A name problem of an ingress input, under the ingress code. */
function coded(p: Problem | undefined): Problem | undefined {
  return p ? { code: ErrorCode.INVALID_INGRESS, message: p.message } : undefined;
}

function checkRules(rules: readonly RouteRule[]): Problem[] {
  const out: Problem[] = [];
  rules.forEach((r, i) => {
    const what = `rules[${i}]`;
    const o = checkObject(what, r, '{ backends: [{ tier: web }] }');
    if (o) return out.push(o);
    out.push(
      ...checkInstances(
        `${what}.matches`,
        r.matches,
        RouteMatch,
        "RouteMatch.pathPrefix('/')",
        true,
        'would match nothing',
      ),
    );
    const l = checkList(`${what}.backends`, r.backends, '[{ tier: web }]', false, 'would send every request nowhere');
    if (l) return out.push(l);
    r.backends.forEach((b, j) => {
      const bw = `${what}.backends[${j}]`;
      const bo = checkObject(bw, b, '{ tier: web }');
      if (bo) return out.push(bo);
      out.push(
        ...defined([
          checkInstance(`${bw}.tier`, b.tier, Tier, 'a Tier of the topology (with a service)', false),
          b.port === undefined ? undefined : checkInteger(`${bw}.port`, b.port, 1, 65535, ErrorCode.INVALID_PORT),
          b.weight === undefined
            ? undefined
            : checkInteger(`${bw}.weight`, b.weight, 0, 1000000, ErrorCode.INVALID_ROUTE),
        ]),
      );
      return undefined;
    });
    return undefined;
  });
  return out;
}
