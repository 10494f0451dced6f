import { KubeObject } from '../../verify/policy-set';

/** Where an imported construct or carried object came from: `Kind namespace/name` and its file. */
export interface Source {
  readonly object: KubeObject;
  readonly file: string;
}

/** A port of an edge, as the program writes it (`Port.tcp(80)`), with a sort key. */
export interface ImportedPort {
  readonly key: string;
  readonly code: string;
}

/** A peer that is not a tier of the program (`Peer.pods(...)`, `Peer.cidr(...)`), with a sort key. */
export interface ImportedPeer {
  readonly key: string;
  readonly code: string;
}

/** A group of pods in a zone: one per distinct pod selector of the namespace's policies. */
export interface ImportedTier {
  /** `<namespace>/<selector>`: how peers find it. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** The tier's own labels (the zone's pod labels are added by the zone). */
  readonly selector: { readonly [key: string]: string };
  /** The policies that select it. */
  readonly sources: readonly Source[];
  /** What named it: a workload (`Deployment shop/web`), a policy, or its selector. */
  readonly namedAfter: string;
  /** Its service account, when the mesh names its pods by one (`Tier` `serviceAccount`). */
  readonly serviceAccount?: string;
}

/** A namespace whose policies mean exactly a Zone, its tiers and their edges. */
export interface ImportedZone {
  /** The construct id: the namespace, or the namespace and the zone's pod labels when it is narrowed. */
  readonly name: string;
  readonly namespace: string;
  /** Pod labels narrowing the zone inside its namespace (empty: every pod). */
  readonly podSelector: { readonly [key: string]: string };
  readonly denyIngress: boolean;
  readonly denyEgress: boolean;
  /** The `Dns` value of the DNS the default deny keeps (`Dns.kubeDns()` ...); undefined: none. */
  readonly dns?: string;
  /** The default-deny policies. */
  readonly sources: readonly Source[];
  readonly tiers: readonly ImportedTier[];
}

/** One direction of one allow rule of one policy, on one peer: what an edge is made of. */
export interface HalfEdge {
  /** The tier the policy selects. */
  readonly tier: string;
  readonly direction: 'ingress' | 'egress';
  /** The peer, resolved to a tier of the program when its selector is exactly one. */
  readonly peerTier?: string;
  readonly peer: ImportedPeer;
  readonly ports: readonly ImportedPort[];
  /** L7 rules (`HttpMatch.get('/x')`, ...), with a sort key; undefined: every request. */
  readonly http?: ImportedPeer;
  /** `NetworkPolicy ns/name ingress[0]`. */
  readonly rule: string;
}

/** An edge of the program: `to.allowFrom(from, ...)`, `tier.allowFrom(peer, ...)` or `tier.allowTo(peer, ...)`. */
export interface ImportedEdge {
  readonly kind: 'tiers' | 'from-peer' | 'to-peer';
  /** The tier the method is called on (the destination of `tiers` and `from-peer`, the source of `to-peer`). */
  readonly tier: string;
  /** The source tier of a `tiers` edge. */
  readonly other?: string;
  readonly peer?: ImportedPeer;
  readonly ports: readonly ImportedPort[];
  /** The L7 rules' code (`[HttpMatch.get('/x')]`), when the edge has some. */
  readonly http?: string;
  /** The rules it stands for. */
  readonly rules: readonly string[];
}

/** A PeerAuthentication read as `new MeshMtls(scope, 'mtls', { mode, portModes })`. */
export interface ImportedMtls {
  /** The zone's name, or the tier's key. */
  readonly scope: string;
  readonly onTier: boolean;
  /** The props, as the program writes them. */
  readonly code: string;
  /** The ports of its port modes: the tier declares them (`ports` of `Tier`), as MeshMtls requires. */
  readonly ports: readonly number[];
  readonly source: Source;
}

/** An object the model cannot express (or the importer does not read), added to the chart as it is. */
export interface CarriedObject extends Source {
  readonly reason: string;
}

/** What `import` made of its inputs. */
export interface ImportPlan {
  readonly topology: string;
  /** The profile's targets, as `Profile.of` takes them. */
  readonly targets: readonly string[];
  /** The profile's name when the inputs carry one (`zerotrust.cdk8s.io/profile`). */
  readonly profileName?: string;
  readonly mesh: 'none' | 'sidecar' | 'ambient';
  readonly files: readonly string[];
  readonly zones: readonly ImportedZone[];
  readonly edges: readonly ImportedEdge[];
  /** The mTLS settings of the zones and tiers (Istio profiles). */
  readonly mtls: readonly ImportedMtls[];
  /** Widenings the profile accepts, as the program writes them (`Widening.NON_TCP_UNENFORCED`). */
  readonly accept: readonly string[];
  readonly carried: readonly CarriedObject[];
  /** Objects that describe the cluster (workloads, Services, Namespaces): read, not part of the program. */
  readonly described: readonly Source[];
}

/** Compares strings by code unit, as every sort of the importer does (no locale: the output is byte-stable). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
