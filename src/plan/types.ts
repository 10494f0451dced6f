import { Target } from '../targets/target';
import { Diagnostic } from '../validation/codes';
import { IrPeer, IrTopology, IrWidening } from '../ir/types';

/** Ports and addresses of the mesh's own traffic. */
export const MESH = {
  /** Istio ambient HBONE tunnel port on every ambient pod. */
  HBONE_PORT: 15008,
  /** istiod xDS / CA port that sidecars and waypoints dial. */
  ISTIOD_XDS_PORT: 15012,
  /** Source address of kubelet health probes on ambient pods (SNAT by the istio CNI). */
  AMBIENT_PROBE_SOURCE: '169.254.7.127/32',
  /** Labels of istiod pods. */
  ISTIOD_LABELS: { app: 'istiod' },
} as const;

/** Widenings a profile may accept (names of the `Widening` enum). */
export type WideningName = 'L7_TO_L4' | 'FQDN_TO_PUBLIC_CIDR' | 'EGRESS_UNENFORCED' | 'NON_TCP_UNENFORCED';

/** What the planner needs to know of a profile. */
export interface ProfileSpec {
  readonly name: string;
  readonly targets: readonly Target[];
  readonly accepted: readonly WideningName[];
  readonly gatewayApi: boolean;
}

/** The IR each target of a profile renders, and what planning found. */
export interface ProfilePlan {
  readonly profile: string;
  readonly parts: readonly { readonly target: Target; readonly ir: IrTopology }[];
  /** The IR that describes the cluster of this profile as a whole (for namespaces and reports). */
  readonly clusterIr: IrTopology;
  readonly widenings: readonly IrWidening[];
  readonly warnings: readonly Diagnostic[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Every public IPv4 address: the fallback of `FQDN_TO_PUBLIC_CIDR`. */
export const PUBLIC_V4: IrPeer = { kind: 'cidr', cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'] };


/** Reports a problem at a construct path. */
export type Fail = (path: string, code: string, message: string) => void;
