import { ErrorCode, ZeroTrustError } from '../validation/codes';
import {
  checkEnum,
  checkList,
  checkOptionalBoolean,
  checkOptionalObject,
  checkOptionalString,
  checkString,
  throwProblems,
} from '../validation/input';

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
  /**
   * A `Peer.pods` with a service account is matched by its namespace and labels only, whatever
   * the pods' service account, where the profile's CNI cannot see service accounts (plain
   * NetworkPolicy) and no mesh layer authorizes the flow.
   */
  IDENTITY_TO_LABELS = 'IDENTITY_TO_LABELS',
  /**
   * In a profile without a CNI target (mesh only), a source `Peer.pods` named by labels and a
   * service account is matched by its identity only, whatever the pods' labels: the mesh
   * authorizes identities, not labels.
   */
  LABELS_TO_IDENTITY = 'LABELS_TO_IDENTITY',
}

/** The network-policy-api version a profile's guardrails are written in. */
export enum NetworkPolicyApiVersion {
  /** `v1alpha2` ClusterNetworkPolicy, tiers Admin and Baseline (network-policy-api v0.2). */
  V1ALPHA2 = 'v1alpha2',
  /** `v1alpha1` AdminNetworkPolicy and the BaselineAdminNetworkPolicy singleton `default` (network-policy-api v0.1). */
  V1ALPHA1 = 'v1alpha1',
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
  /**
   * The API the `network-policy-api` target writes guardrails in (same connectivity either way).
   * @default NetworkPolicyApiVersion.V1ALPHA2
   */
  readonly networkPolicyApi?: NetworkPolicyApiVersion;
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
  public static kubernetes(options?: ProfileOptions): Profile {
    return new Profile(['kubernetes'], options);
  }
  /** CiliumNetworkPolicy. */
  public static cilium(options?: ProfileOptions): Profile {
    return new Profile(['cilium'], options);
  }
  /** Istio only (mesh authorization and mTLS, no CNI policy). */
  public static istio(options?: ProfileOptions): Profile {
    return new Profile(['istio'], options);
  }
  /** Cilium for L3/L4 plus Istio for identity, mTLS and L7. */
  public static ciliumIstio(options?: ProfileOptions): Profile {
    return new Profile(['cilium', 'istio'], options);
  }
  /** NetworkPolicy for L3/L4 plus Istio for identity, mTLS and L7. */
  public static kubernetesIstio(options?: ProfileOptions): Profile {
    return new Profile(['kubernetes', 'istio'], options);
  }
  /**
   * Calico NetworkPolicy (`projectcalico.org/v3`, open-source Calico): L3/L4, namespaces by label,
   * service accounts resolved to pod IPs. No L7 and no DNS names.
   */
  public static calico(options?: ProfileOptions): Profile {
    return new Profile(['calico'], options);
  }
  /** Calico for L3/L4 plus Istio for identity, mTLS and L7. */
  public static calicoIstio(options?: ProfileOptions): Profile {
    return new Profile(['calico', 'istio'], options);
  }

  /** NetworkPolicy for the app, plus the network-policy-api for cluster-wide guardrails. */
  public static kubernetesGuardrails(options?: ProfileOptions): Profile {
    return new Profile(['kubernetes', 'network-policy-api'], options);
  }

  /** Linkerd only (proxy authorization and mTLS, no CNI policy). */
  public static linkerd(options?: ProfileOptions): Profile {
    return new Profile(['linkerd'], options);
  }
  /** Cilium for L3/L4 plus Linkerd for identity, mTLS and L7. */
  public static ciliumLinkerd(options?: ProfileOptions): Profile {
    return new Profile(['cilium', 'linkerd'], options);
  }
  /** NetworkPolicy for L3/L4 plus Linkerd for identity, mTLS and L7. */
  public static kubernetesLinkerd(options?: ProfileOptions): Profile {
    return new Profile(['kubernetes', 'linkerd'], options);
  }

  /**
   * Any set of registered targets, by name (`kubernetes`, `cilium`, `calico`, `istio`,
   * `gateway-api`, or a custom target's name).
   */
  public static of(targets: string[], options?: ProfileOptions): Profile {
    return new Profile(targets, options);
  }

  /** Target names, sorted (a copy: a profile does not change once made). */
  public get targets(): string[] {
    return [...this.targetNames];
  }
  /** Profile name. */
  public readonly name: string;
  /** Accepted widenings, sorted (a copy: a profile does not change once made). */
  public get accepted(): Widening[] {
    return [...this.acceptedWidenings];
  }
  /** Whether Gateway API objects are emitted. */
  public readonly gatewayApi: boolean;
  /** The network-policy-api version, when the profile chose one. */
  public readonly networkPolicyApiVersion?: NetworkPolicyApiVersion;

  private readonly targetNames: readonly string[];
  private readonly acceptedWidenings: readonly Widening[];

  private constructor(targets: string[], options: ProfileOptions = {}) {
    throwProblems([
      checkList('targets', targets, "['cilium']", false, 'would enforce nothing'),
      checkOptionalObject('profile options', options),
    ]);
    throwProblems([
      ...targets.map((t, i) => checkString(`targets[${i}]`, t, 'cilium')),
      checkOptionalString('profile name', options.name, 'prod'),
      checkList('accept', options.accept, '[Widening.L7_TO_L4]', true),
      checkOptionalBoolean('gatewayApi', options.gatewayApi),
    ]);
    throwProblems((options.accept ?? []).map((w, i) => checkEnum(`accept[${i}]`, w, Widening, 'Widening', false)));
    if (options.name !== undefined && options.name.length === 0)
      throw new ZeroTrustError(
        ErrorCode.INVALID_PROFILE,
        "profile name is empty. Give a DNS-1123 label such as 'prod', or leave it out",
      );
    this.targetNames = [...new Set(targets)].sort();
    this.name = options.name ?? this.targetNames.join('-');
    this.acceptedWidenings = [...new Set(options.accept ?? [])].sort();
    this.gatewayApi = options.gatewayApi ?? true;
    if (options.networkPolicyApi !== undefined) {
      if (!Object.values(NetworkPolicyApiVersion).includes(options.networkPolicyApi)) {
        throw new ZeroTrustError(
          ErrorCode.INVALID_PROFILE,
          `networkPolicyApi '${String(options.networkPolicyApi)}' is not a NetworkPolicyApiVersion. Use NetworkPolicyApiVersion.V1ALPHA2 or V1ALPHA1`,
        );
      }
      this.networkPolicyApiVersion = options.networkPolicyApi;
    }
  }

  /** True when the widening was accepted. */
  public accepts(w: Widening): boolean {
    return this.acceptedWidenings.includes(w);
  }
}
