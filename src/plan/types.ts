import { Diagnostic } from '../validation/codes';
import { PRIVATE_V4 } from '../validation/ip';
import { IrPeer, IrTopology, IrWidening, IrWideningKind } from '../ir/types';
import { TargetDescriptor } from './target-descriptor';

/** Widenings a profile may accept (names of the `Widening` enum). */
export type WideningName = IrWideningKind;

/** What the planner needs to know of a profile. */
export interface ProfileSpec<T extends TargetDescriptor = TargetDescriptor> {
  readonly name: string;
  readonly targets: readonly T[];
  readonly accepted: readonly WideningName[];
  readonly gatewayApi: boolean;
}

/** The IR each target of a profile renders, and what planning found. */
export interface ProfilePlan<T extends TargetDescriptor = TargetDescriptor> {
  readonly profile: string;
  readonly parts: readonly { readonly target: T; readonly ir: IrTopology }[];
  /** The IR that describes the cluster of this profile as a whole (for namespaces and reports). */
  readonly clusterIr: IrTopology;
  readonly widenings: readonly IrWidening[];
  readonly warnings: readonly Diagnostic[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Every public IPv4 address: the fallback of `FQDN_TO_PUBLIC_CIDR`. */
export const PUBLIC_V4: IrPeer = { kind: 'cidr', cidr: '0.0.0.0/0', except: [...PRIVATE_V4] };

/** Reports a problem at a construct path. */
export type Fail = (path: string, code: string, message: string) => void;
