import { IrTopology } from '../ir/types';
import { RenderContext, TargetDescriptor } from '../plan/target-descriptor';
import { Diagnostic } from '../validation/codes';

export {
  Capability,
  EnforcementPoint,
  GatewayClassFacts,
  MeshDataPlane,
  RenderContext,
  TargetDescriptor,
} from '../plan/target-descriptor';

/** A Kubernetes manifest as plain JSON. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: { readonly [key: string]: string };
    readonly annotations?: { readonly [key: string]: string };
  };
  readonly [key: string]: unknown;
}

/**
 * One enforcement layer: its descriptor (what the planner reads) and its render function. Render
 * is a pure function of the IR: same IR, byte-identical output. The IR a target receives has
 * already been planned for its profile (src/plan): rules it cannot express were refused or, with
 * an explicit opt-in, widened; L7 that another layer of the profile enforces has been removed. A
 * target therefore renders exactly what it is given.
 */
export interface Target extends TargetDescriptor {
  /** Renders the IR to manifests, in a deterministic order. */
  render(ir: IrTopology, ctx: RenderContext): readonly Manifest[];
}

/** A problem a target found, attributed to a construct path. */
export type TargetDiagnostic = Diagnostic;
