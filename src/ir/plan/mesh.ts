import { Target } from '../../targets/target';
import { ErrorCode } from '../../validation/codes';
import { sortedLabels } from '../../validation/names';
import { IrRule, IrTopology, IrWaypoint, IrWorkload, IrZone } from '../types';
import { Fail, ProfileSpec } from './types';

/** The effective PeerAuthentication mode on a workload port (most specific wins; default PERMISSIVE). */
export function effectiveMtls(ir: IrTopology, w: IrWorkload, port: number | undefined): string {
  const wl = ir.mtls.find((m) => m.workload === w.id);
  const pm = wl?.portModes.find((p) => p.port === port);
  if (pm && pm.mode !== 'UNSET') return pm.mode;
  if (wl && wl.mode !== 'UNSET') return wl.mode;
  const zl = ir.mtls.find((m) => m.workload === undefined && m.zone === w.zone);
  if (zl && zl.mode !== 'UNSET') return zl.mode;
  return 'PERMISSIVE';
}

export function demesh(ir: IrTopology): IrTopology {
  return {
    ...ir,
    zones: ir.zones.map((z) => ({ ...z, meshed: false })),
    workloads: ir.workloads.map((w) => ({ ...w, meshed: false })),
    mtls: [],
  };
}

export function withMeshLabels(ir: IrTopology, mode: 'sidecar' | 'ambient', waypoints: readonly IrWaypoint[]): IrTopology {
  const zones = ir.zones.map((z): IrZone => {
    if (!z.meshed) return z;
    const wp = waypoints.find((w) => w.zone === z.id);
    const routed = ir.routes.some((r) => r.parent.kind === 'Gateway' && r.rules.some((rule) => rule.backends.some((b) => ir.workloads.find((w) => w.id === b.workload)?.zone === z.id)));
    const labels: { [key: string]: string } = mode === 'ambient'
      ? {
        'istio.io/dataplane-mode': 'ambient',
        ...(wp ? { 'istio.io/use-waypoint': wp.name } : {}),
        // Ingress gateway traffic skips the waypoint unless asked to use it (Istio 1.23+).
        ...(wp && routed ? { 'istio.io/ingress-use-waypoint': 'true' } : {}),
      }
      : { 'istio-injection': 'enabled' };
    return { ...z, namespaceLabels: sortedLabels({ ...z.namespaceLabels, ...labels }) };
  });
  return { ...ir, zones, mesh: { ...ir.mesh, waypoints: [...waypoints] } };
}

export function planMesh(ir: IrTopology, t: Target, hasCni: boolean, profile: ProfileSpec, fail: Fail): IrTopology {
  const byId = new Map(ir.workloads.map((w) => [w.id, w]));
  const rules: IrRule[] = [];
  for (const r of ir.rules) {
    if (r.to.kind !== 'workload') continue;
    const dst = byId.get(r.to.workload)!;
    if (!dst.meshed || dst.system === 'waypoint') continue;
    let from = r.from;
    const src = from.kind === 'workload' ? byId.get(from.workload)! : undefined;
    if (src && !src.meshed) {
      // Plaintext from outside the mesh carries no principal: only another layer can name it.
      if (hasCni) from = { kind: 'any' };
      else {
        fail(r.paths[0], ErrorCode.UNENFORCEABLE, `source ${src.path} is not in the mesh, so ${t.title} cannot identify it in profile '${profile.name}' (plaintext has no principal). Put it in the mesh or add a CNI target`);
        continue;
      }
    } else if (hasCni) {
      // The CNI enforces the peer exactly; the mesh may name it more widely (intersection).
      if (src && !src.serviceAccount) from = { kind: 'pods', namespace: src.namespace, podLabels: {} };
      else if (from.kind === 'pods' && from.serviceAccount === undefined && Object.keys(from.podLabels).length > 0 && from.namespace) from = { kind: 'pods', namespace: from.namespace, podLabels: {} };
      else if (from.kind === 'entity' || (from.kind === 'pods' && from.namespace === undefined)) from = { kind: 'any' };
    }
    rules.push({ ...r, from });
  }
  // An ingress gateway living in a meshed zone enforces the zone's authorization on itself:
  // hand it to the mesh target as an ordinary workload so its listener allowance is rendered.
  const workloads = ir.workloads.map((w): IrWorkload => {
    if (w.system !== 'gateway' || !w.meshed) return w;
    const { system, ...plain } = w;
    void system;
    return plain;
  });
  return { ...ir, workloads, rules };
}

