/**
 * A widening a profile may accept on purpose: the fallback is applied and reported, never silent.
 */
export enum Widening {
  /**
   * L7 rules (HTTP, gRPC, Kafka) become plain L4 port rules on a target that cannot see L7
   * (plain NetworkPolicy): the port is opened to every request.
   */
  L7_TO_L4 = 'L7_TO_L4',
  /**
   * Egress to DNS names becomes egress to every public IP (0.0.0.0/0 minus private ranges) on
   * the same ports, on a target that cannot match names (plain NetworkPolicy).
   */
  FQDN_TO_PUBLIC_CIDR = 'FQDN_TO_PUBLIC_CIDR',
  /**
   * In a profile without a CNI target (mesh only), egress restrictions are left to other
   * controls: the mesh does not enforce egress here.
   */
  EGRESS_UNENFORCED = 'EGRESS_UNENFORCED',
  /**
   * In a profile without a CNI target (mesh only), UDP and SCTP into zones that deny ingress are
   * left to other controls: the mesh captures TCP only.
   */
  NON_TCP_UNENFORCED = 'NON_TCP_UNENFORCED',
}

/** Options of a profile. */
export interface ProfileOptions {
  /**
   * Profile name: the output file is `<topology>-<name>.k8s.yaml`.
   * @default - the target names joined by '-', e.g. `cilium-istio`
   */
  readonly name?: string;
  /**
   * Widenings accepted for this profile; each application is reported.
   * @default - none: an intent no target can enforce fails synth
   */
  readonly accept?: Widening[];
  /**
   * Emit the Gateway API objects (gateways, routes, reference grants) into this profile when
   * the topology declares any.
   * @default true
   */
  readonly gatewayApi?: boolean;
}

/**
 * A profile: the set of targets applied to one cluster. Each profile synthesizes to its own
 * file, so a GitOps repository applies to a cluster exactly the profile it runs.
 *
 * @example
 * Profile.kubernetes({ accept: [Widening.L7_TO_L4] }); Profile.cilium(); Profile.ciliumIstio();
 */
export class Profile {
  /** Plain Kubernetes NetworkPolicy (any conforming CNI). */
  public static kubernetes(options?: ProfileOptions): Profile { return new Profile(['kubernetes'], options); }
  /** CiliumNetworkPolicy. */
  public static cilium(options?: ProfileOptions): Profile { return new Profile(['cilium'], options); }
  /** Istio only (mesh authorization and mTLS, no CNI policy). */
  public static istio(options?: ProfileOptions): Profile { return new Profile(['istio'], options); }
  /** Cilium for L3/L4 plus Istio for identity, mTLS and L7. */
  public static ciliumIstio(options?: ProfileOptions): Profile { return new Profile(['cilium', 'istio'], options); }
  /** NetworkPolicy for L3/L4 plus Istio for identity, mTLS and L7. */
  public static kubernetesIstio(options?: ProfileOptions): Profile { return new Profile(['kubernetes', 'istio'], options); }
  /** Linkerd only (proxy authorization and mTLS, no CNI policy). */
  public static linkerd(options?: ProfileOptions): Profile { return new Profile(['linkerd'], options); }
  /** Cilium for L3/L4 plus Linkerd for identity, mTLS and L7. */
  public static ciliumLinkerd(options?: ProfileOptions): Profile { return new Profile(['cilium', 'linkerd'], options); }
  /** NetworkPolicy for L3/L4 plus Linkerd for identity, mTLS and L7. */
  public static kubernetesLinkerd(options?: ProfileOptions): Profile { return new Profile(['kubernetes', 'linkerd'], options); }

  /**
   * Any set of registered targets, by name (`kubernetes`, `cilium`, `istio`, `gateway-api`, or a
   * custom target's name).
   */
  public static of(targets: string[], options?: ProfileOptions): Profile { return new Profile(targets, options); }

  /** Target names, sorted. */
  public readonly targets: string[];
  /** Profile name. */
  public readonly name: string;
  /** Accepted widenings. */
  public readonly accepted: Widening[];
  /** Whether Gateway API objects are emitted. */
  public readonly gatewayApi: boolean;

  private constructor(targets: string[], options: ProfileOptions = {}) {
    this.targets = [...new Set(targets)].sort();
    this.name = options.name ?? this.targets.join('-');
    this.accepted = [...new Set(options.accept ?? [])].sort();
    this.gatewayApi = options.gatewayApi ?? true;
  }

  /** True when the widening was accepted. */
  public accepts(w: Widening): boolean {
    return this.accepted.includes(w);
  }
}
