import { Diagnostic } from '../validation/codes';
import { PRIVATE_V4 } from '../validation/ip';
import { IrPeer, IrTopology, IrWidening, IrWideningKind } from '../ir/types';
import { Capability, EnforcementPoint, TargetDescriptor } from './target-descriptor';

/** Widenings a profile may accept (names of the `Widening` enum). */
export type WideningName = IrWideningKind;

/** What the planner needs to know of a profile. */
export interface ProfileSpec<T extends TargetDescriptor = TargetDescriptor> {
  readonly name: string;
  readonly targets: readonly T[];
  readonly accepted: readonly WideningName[];
  readonly gatewayApi: boolean;
  /** Every registered target, for the hints of messages (which target could enforce what). */
  readonly registered: readonly TargetDescriptor[];
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

/**
 * The names of the registered targets of an enforcement point that have every capability, for
 * hints: `cilium`, `kubernetes or cilium`; `another target` when none has them.
 */
export function targetsWith(
  profile: ProfileSpec,
  point: EnforcementPoint | undefined,
  ...capabilities: Capability[]
): string {
  const names = profile.registered
    .filter(
      (t) => (point === undefined || t.enforcementPoint === point) && capabilities.every((c) => t.capabilities.has(c)),
    )
    .map((t) => t.name);
  if (names.length === 0) return 'another target';
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Reports a problem at a construct path. */
export type Fail = (path: string, code: string, message: string) => void;
