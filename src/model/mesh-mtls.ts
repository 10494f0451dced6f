import { Construct } from 'constructs';
import { freeId, registerMember } from './markers';

/** Istio PeerAuthentication modes. */
export enum MtlsMode {
  /** Only mutual TLS is accepted. */
  STRICT = 'STRICT',
  /** Mutual TLS and plaintext are accepted (migration). */
  PERMISSIVE = 'PERMISSIVE',
  /** No mutual TLS (ignored by ambient). */
  DISABLE = 'DISABLE',
  /** Inherit from the parent scope. */
  UNSET = 'UNSET',
}

/** A port whose mode differs from the rest of the workload. */
export interface PortMtls {
  /** Workload (container) port, not the Service port. */
  readonly port: number;
  /** Mode on that port. */
  readonly mode: MtlsMode;
}

/** Where a staged migration stands. */
export enum MtlsStage {
  /** Staged settings render their `migrateFrom` mode (e.g. PERMISSIVE while plaintext clients move). */
  MIGRATING = 'MIGRATING',
  /** Staged settings render their final `mode`. */
  ENFORCED = 'ENFORCED',
}

/** Props of MeshMtls. */
export interface MeshMtlsProps {
  /** The mode (the final mode when staged). */
  readonly mode: MtlsMode;
  /**
   * Port-level exceptions; only on a tier (Istio applies `portLevelMtls` only with a selector).
   * @default []
   */
  readonly portModes?: PortMtls[];
  /**
   * Stage the rollout: while the topology's `mtlsStage` is `MIGRATING`, render this mode instead
   * of `mode`; flip the topology to `ENFORCED` to finish, without touching the model.
   * @default - not staged
   */
  readonly migrateFrom?: MtlsMode;
}

/**
 * Mutual TLS for a zone (namespace-wide) or a tier (workload-level, with port exceptions).
 *
 * @example
 * new MeshMtls(prod, 'mtls', { mode: MtlsMode.STRICT, migrateFrom: MtlsMode.PERMISSIVE });
 */
export class MeshMtls extends Construct {
  /**
   * The props as given, read at synth.
   * @internal
   */
  public readonly _props: MeshMtlsProps;

  public constructor(scope: Construct, id: string, props: MeshMtlsProps) {
    super(scope, freeId(scope, id, 'MeshMtls'));
    this._props = props;
    registerMember(this, 'MeshMtls');
  }
}
