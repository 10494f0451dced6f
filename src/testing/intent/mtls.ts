import { IrMtlsMode, IrTopology, IrWorkload, IrZone } from '../../ir/types';

/**
 * The mutual-TLS mode the model declares for a tier's port: the tier's port-level mode, else
 * the tier's mode, else its zone's mode, where `UNSET` inherits from the next; `PERMISSIVE` when
 * nothing is declared (Istio's default; SEMANTICS B3.9).
 */
export function declaredMtlsMode(ir: IrTopology, workload: IrWorkload, port: number): IrMtlsMode {
  const own = ir.mtls.find((m) => m.workload === workload.id);
  const portMode = own?.portModes.find((p) => p.port === port)?.mode;
  const zoneMode = ir.mtls.find((m) => m.workload === undefined && m.zone === workload.zone)?.mode;
  for (const mode of [portMode, own?.mode, zoneMode]) {
    if (mode !== undefined && mode !== 'UNSET') return mode;
  }
  return 'PERMISSIVE';
}

/**
 * The mutual-TLS mode the model declares for a pod of a zone that is none of its tiers: the
 * zone's mode (a zone-wide setting covers every pod of the zone), `PERMISSIVE` when unset.
 */
export function declaredZoneMtlsMode(ir: IrTopology, zone: IrZone): IrMtlsMode {
  const mode = ir.mtls.find((m) => m.workload === undefined && m.zone === zone.id)?.mode;
  return mode === undefined || mode === 'UNSET' ? 'PERMISSIVE' : mode;
}
