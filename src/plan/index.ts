import { Diagnostic, ErrorCode, WarningCode } from '../validation/codes';
import { describePeer } from '../ir/describe';
import { isGatewayPeer } from '../ir/routes';
import { IrPeer, IrRule, IrTopology, IrWaypoint, IrWidening, IrWorkload } from '../ir/types';
import { waypointOfWorkload } from '../ir/waypoints';
import { planCni } from './cni';
import { addGatewayDataPath } from './gateway-data-path';
import { demesh, effectiveMtls, planMesh, withMeshLabels } from './mesh';
import { Capability, TargetDescriptor } from './target-descriptor';
import { ProfilePlan, ProfileSpec, targetsWith } from './types';

export * from './types';
export * from './target-descriptor';

/**
 * Plans one profile: decides, for every rule, which layer enforces which part of it, and hands
 * each target an IR it can render exactly.
 *
 * - A profile holds at most one CNI target and at most one mesh target. Kubernetes NetworkPolicy
 *   and CiliumNetworkPolicy together are refused: Cilium enforces both as a union, so an L4
 *   allow in one would silently lift an L7 rule of the other.
 * - The mesh runs in a profile's cluster only when the profile has a mesh target. Then L7 between
 *   meshed pods belongs to the mesh (the CNI sees only mTLS), CNI rules stay L3/L4 and admit the
 *   mesh's own traffic (its descriptor's tunnel port, ambient probes, control plane), and ambient
 *   L7 goes to waypoints.
 * - Across enforcement points a flow must pass every layer (intersection): a layer that cannot
 *   express a peer may relax it to "any" only when another point of the profile enforces it.
 * - Whatever no layer can enforce fails with a message naming the construct and the target,
 *   unless the profile accepted the matching widening, which is then applied and reported.
 */
export function planProfile<T extends TargetDescriptor>(base: IrTopology, profile: ProfileSpec<T>): ProfilePlan<T> {
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const widenings: IrWidening[] = [];
  const cnis = profile.targets.filter((t) => t.enforcementPoint === 'cni' && !t.clusterTier);
  const clusterTiers = profile.targets.filter((t) => t.clusterTier === true);
  const meshes = profile.targets.filter((t) => t.enforcementPoint === 'mesh');
  const ingress = profile.targets.filter((t) => t.enforcementPoint === 'ingress');
  const fail = (path: string, code: string, message: string) => diagnostics.push({ code, path, message });

  if (cnis.length > 1) {
    fail(
      base.path,
      ErrorCode.CONFLICTING_TARGETS,
      `profile '${profile.name}' combines ${cnis.map((t) => t.name).join(' and ')}: one CNI enforces both as a union, so an L4 allow in one would silently lift an L7 rule of the other. Use one CNI target per profile${widest(cnis)}`,
    );
  }
  if (meshes.length > 1)
    fail(
      base.path,
      ErrorCode.CONFLICTING_TARGETS,
      `profile '${profile.name}' has more than one mesh target (${meshes.map((t) => t.name).join(', ')})`,
    );
  const guardrailsOnly = base.zones.length === 0 && base.workloads.length === 0 && base.rules.length === 0;
  if (
    profile.targets.length === 0 ||
    (cnis.length + meshes.length === 0 && !(clusterTiers.length > 0 && guardrailsOnly))
  ) {
    fail(
      base.path,
      ErrorCode.INVALID_PROFILE,
      `profile '${profile.name}' has no enforcing target. Add a CNI target (${targetsWith(profile, 'cni')}) or a mesh target (${targetsWith(profile, 'mesh')})`,
    );
  }
  const cni = cnis[0];
  const mesh = meshes[0];
  if ((base.guardrails ?? []).length > 0 && !profile.targets.some((t) => t.capabilities.has(Capability.GUARDRAILS))) {
    fail(
      base.guardrails![0].path,
      ErrorCode.GUARDRAILS_UNENFORCED,
      `profile '${profile.name}' has no target that enforces guardrails (${profile.targets.map((t) => t.name).join(', ')}): NetworkPolicy has no deny, no priorities and nothing above the app policies. Add ${targetsWith(profile, undefined, Capability.GUARDRAILS)} to the profile (e.g. Profile.kubernetesGuardrails())`,
    );
  }
  if (!cni && !mesh && clusterTiers.length > 0) {
    return {
      profile: profile.name,
      parts: clusterTiers.map((t) => ({ target: t, ir: base })),
      clusterIr: base,
      widenings,
      warnings,
      diagnostics: [
        ...diagnostics,
        ...checkParts(
          clusterTiers.map((t) => ({ target: t, ir: base })),
          profile,
        ),
      ],
    };
  }
  if (mesh && !mesh.mesh) throw new Error(`mesh target '${mesh.name}' declares no data plane in its descriptor`);
  if (mesh && base.mesh.mode === 'none') {
    const modeNames = (mesh.mesh?.modes ?? ['sidecar', 'ambient']).map((m) => `MeshMode.${m.toUpperCase()}`);
    fail(
      base.path,
      ErrorCode.INVALID_PROFILE,
      `profile '${profile.name}' includes ${mesh.name} but the topology has no mesh. Set 'mesh: ${modeNames.join("' or '")}' on the Topology`,
    );
  }
  const modes = mesh?.mesh?.modes;
  if (mesh && modes && base.mesh.mode !== 'none' && !modes.includes(base.mesh.mode)) {
    fail(
      base.path,
      ErrorCode.MESH_MODE_UNSUPPORTED,
      `profile '${profile.name}' includes ${mesh.name}, which runs ${modes.join(' or ')} proxies only, but the topology's mesh mode is '${base.mesh.mode}'. Set 'mesh: MeshMode.${modes[0].toUpperCase()}' on the Topology, or use another mesh target for this profile`,
    );
  }
  const declared = base.mesh.declaredWaypoints ?? [];
  if (mesh && declared.length > 0 && !mesh.mesh?.waypointBindingLabels) {
    const withWaypoints = profile.registered.filter((t) => t.mesh?.waypointBindingLabels).map((t) => t.name);
    for (const d of declared) {
      fail(
        d.path,
        ErrorCode.WAYPOINT_UNSUPPORTED,
        `profile '${profile.name}' includes ${mesh.name}, which has no waypoints (${mesh.title} runs sidecar proxies only). Remove the waypoint, or use ${withWaypoints.length > 0 ? withWaypoints.join(' or ') : 'another mesh target'} for this profile`,
      );
    }
  }
  if (diagnostics.length > 0)
    return { profile: profile.name, parts: [], clusterIr: base, widenings, warnings, diagnostics };

  const meshMode = mesh ? base.mesh.mode : 'none';
  // The cluster of this profile: meshed only when the profile runs the mesh.
  let cluster: IrTopology = meshMode === 'none' ? demesh(base) : base;
  cluster = addGatewayDataPath(cluster);
  const workloadById = new Map(cluster.workloads.map((w) => [w.id, w]));
  const zoneById = new Map(cluster.zones.map((z) => [z.id, z]));
  const meshedDest = (r: IrRule) => r.to.kind === 'workload' && workloadById.get(r.to.workload)!.meshed;

  // ---- mesh-only profiles: what the mesh cannot enforce
  if (!cni) {
    for (const z of cluster.zones) {
      if (z.denyEgress) {
        if (profile.accepted.includes('EGRESS_UNENFORCED')) {
          widenings.push({
            kind: 'EGRESS_UNENFORCED',
            target: mesh.name,
            rule: z.id,
            path: z.path,
            detail: `egress of zone ${z.id} is not restricted in profile ${profile.name} (the mesh does not enforce egress)`,
          });
        } else {
          fail(
            z.path,
            ErrorCode.UNENFORCEABLE,
            `zone denies egress, but profile '${profile.name}' has no CNI target and ${mesh.name} does not enforce egress. Add a CNI target (${targetsWith(profile, 'cni')}), or accept Widening.EGRESS_UNENFORCED for this profile`,
          );
        }
      }
      if (z.denyIngress && z.meshed) {
        if (profile.accepted.includes('NON_TCP_UNENFORCED')) {
          widenings.push({
            kind: 'NON_TCP_UNENFORCED',
            target: mesh.name,
            rule: z.id,
            path: z.path,
            detail: `UDP and SCTP into zone ${z.id} are not restricted in profile ${profile.name} (the mesh captures TCP only)`,
          });
        } else {
          fail(
            z.path,
            ErrorCode.UNENFORCEABLE,
            `zone denies ingress, but profile '${profile.name}' has no CNI target and ${mesh.name} captures TCP only: UDP and SCTP into the zone would pass. Add a CNI target, or accept Widening.NON_TCP_UNENFORCED for this profile`,
          );
        }
      }
      if (z.denyIngress && !z.meshed)
        fail(
          z.path,
          ErrorCode.UNENFORCEABLE,
          `zone is not in the mesh, so profile '${profile.name}' (mesh only) cannot enforce its ingress denial. Put the zone in the mesh or add a CNI target`,
        );
    }
    // The mesh authorizes a source by its identity: the labels of a pods peer hold nowhere.
    for (const r of cluster.rules) {
      const from = r.from;
      if (from.kind !== 'pods' || from.serviceAccount === undefined || Object.keys(from.podLabels).length === 0)
        continue;
      if (!meshedDest(r) || isGatewayPeer(cluster, from)) continue;
      const dst = workloadById.get((r.to as { workload: string }).workload)!;
      if (dst.system || !zoneById.get(dst.zone)!.denyIngress) continue;
      const labels = Object.entries(from.podLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      if (profile.accepted.includes('LABELS_TO_IDENTITY')) {
        widenings.push({
          kind: 'LABELS_TO_IDENTITY',
          target: mesh.name,
          rule: r.id,
          path: r.paths[0],
          detail: `${describePeer(from)} matched by service account '${from.serviceAccount}' only, any labels (not only ${labels}), as a source of ${describePeer(r.to)}`,
        });
      } else {
        fail(
          r.paths[0],
          ErrorCode.PEER_LABELS_UNENFORCED,
          `source ${describePeer(from)}, named by labels (${labels}) and service account '${from.serviceAccount}', cannot be enforced in profile '${profile.name}': it has no CNI target and ${mesh.name} authorizes identities, not labels. Add a CNI target (${targetsWith(profile, 'cni', Capability.L3_PODS)}), name the source by its service account alone, or accept Widening.LABELS_TO_IDENTITY for this profile`,
        );
      }
    }
    for (const w of cluster.workloads) {
      if (!w.meshed && zoneById.get(w.zone)!.meshed && zoneById.get(w.zone)!.denyIngress && !w.system) {
        fail(
          w.path,
          ErrorCode.UNENFORCEABLE,
          `tier is not in the mesh, so profile '${profile.name}' (mesh only) cannot enforce its ingress. Put it in the mesh or add a CNI target`,
        );
      }
    }
  }

  // ---- mTLS reachability: plaintext sources into STRICT destinations would be refused
  if (mesh) {
    for (const r of cluster.rules) {
      if (!meshedDest(r)) continue;
      const src = r.from;
      const plaintext =
        src.kind === 'cidr' ||
        src.kind === 'entity' ||
        (src.kind === 'workload' && !workloadById.get(src.workload)!.meshed);
      if (!plaintext) continue;
      const dst = workloadById.get((r.to as { workload: string }).workload)!;
      const strictPorts = r.ports.filter((p) => effectiveMtls(cluster, dst, p.port) === 'STRICT');
      if (strictPorts.length > 0 || (r.ports.length === 0 && effectiveMtls(cluster, dst, undefined) === 'STRICT')) {
        fail(
          r.paths[0],
          ErrorCode.INVALID_MTLS,
          `source ${describePeer(src)} is not in the mesh, and '${dst.path}' requires STRICT mTLS: the connection would be refused. Put the source in the mesh, or add a PERMISSIVE port exception with MeshMtls portModes`,
        );
      }
    }
  }

  // ---- waypoints (ambient): the named ones, then one per namespace without named waypoints whose
  // meshed workloads receive L7 rules. A namespace-wide waypoint is enrolled by a namespace label,
  // so zones sharing a namespace share it.
  const waypoints: IrWaypoint[] = [];
  if (meshMode === 'ambient') {
    for (const d of declared) {
      const wp = mesh.mesh!.waypoint(d.namespace, d.name);
      waypoints.push({
        name: wp.name,
        namespace: d.namespace,
        zone: d.zone,
        serviceAccount: wp.serviceAccount,
        podSelector: { ...wp.podSelector },
        for: d.for,
        path: d.path,
      });
    }
    const l7Namespaces = new Set(
      cluster.rules
        .filter((r) => r.l7 && meshedDest(r))
        .map((r) => workloadById.get((r.to as { workload: string }).workload)!.namespace),
    );
    for (const z of cluster.zones) {
      if (!l7Namespaces.has(z.namespace) || waypoints.some((w) => w.namespace === z.namespace)) continue; // named, or done
      const wp = mesh.mesh!.waypoint(z.namespace);
      waypoints.push({
        name: wp.name,
        namespace: z.namespace,
        zone: z.id,
        serviceAccount: wp.serviceAccount,
        podSelector: { ...wp.podSelector },
        for: 'service',
      });
    }
  }
  const meshIr: IrTopology = meshMode === 'none' ? cluster : withMeshLabels(cluster, mesh.mesh!, meshMode, waypoints);
  if (cni && meshMode === 'ambient') sharedWaypointLabels(meshIr, profile, mesh.name, fail, widenings);

  // ---- CNI part
  const parts: { target: T; ir: IrTopology }[] = [];
  if (cni) {
    const meshIdentity = mesh?.capabilities.has(Capability.IDENTITY) === true;
    const cniIr = planCni(meshIr, cni, mesh?.mesh, meshMode, waypoints, profile, fail, widenings, meshIdentity);
    parts.push({ target: cni, ir: cniIr });
  }
  if (mesh) {
    const planned = planMesh(meshIr, mesh, !!cni, profile, fail, widenings);
    // Denies and passes a CNI target enforces need no second enforcement point; allows must hold at every point.
    const cniGuardrails = [cni, ...clusterTiers].some((t) => t?.capabilities.has(Capability.GUARDRAILS));
    const meshGuardrails = cniGuardrails
      ? (planned.guardrails ?? []).filter((g) => g.tier === 'admin' && g.action === 'allow')
      : planned.guardrails;
    parts.push({
      target: mesh,
      ir: meshGuardrails === planned.guardrails ? planned : { ...planned, guardrails: meshGuardrails },
    });
  }
  for (const t of clusterTiers) parts.push({ target: t, ir: parts[0]?.ir ?? meshIr });
  for (const t of ingress) parts.push({ target: t, ir: meshRoutesOnlyWithMesh(base, profile.name, !!mesh, warnings) });
  for (const r of mesh ? base.routes : []) {
    if (r.consumer === undefined || mesh.mesh?.consumerRoutes === true) continue;
    fail(
      r.path,
      ErrorCode.ROUTE_SCOPE_UNSUPPORTED,
      `MeshRoute is scoped to the calls of zone '${r.consumer}', but ${mesh.name} in profile '${profile.name}' does not apply consumer routes (an HTTPRoute in the caller's namespace), so the split would reach every caller or none. Use a mesh target that applies consumer routes (${meshesWithConsumerRoutes(profile)}), or leave 'fromZone' out`,
    );
  }
  for (const z of meshIr.zones) {
    if (!z.manageNamespace && Object.keys(z.namespaceLabels).length > 0) {
      warnings.push({
        code: WarningCode.NAMESPACE_LABELS_NEEDED,
        path: z.path,
        message: `namespace '${z.namespace}' must carry labels ${Object.entries(z.namespaceLabels)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')} for the mesh. Label it, or set manageNamespace: true on the zone`,
      });
    }
    if (!z.manageNamespace && Object.keys(z.podSecurityLabels ?? {}).length > 0) {
      warnings.push({
        code: WarningCode.POD_SECURITY_LABELS_NEEDED,
        path: z.path,
        message: `namespace '${z.namespace}' must carry the Pod Security labels ${Object.entries(
          z.podSecurityLabels ?? {},
        )
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}. Label it, or set manageNamespace: true on the zone`,
      });
    }
    if (!z.manageNamespace && Object.keys(z.namespaceAnnotations ?? {}).length > 0) {
      warnings.push({
        code: WarningCode.NAMESPACE_ANNOTATIONS_NEEDED,
        path: z.path,
        message: `namespace '${z.namespace}' must carry annotations ${Object.entries(z.namespaceAnnotations ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')} for the mesh. Annotate it, or set manageNamespace: true on the zone`,
      });
    }
    if (Object.keys(z.podAnnotations ?? {}).length > 0) {
      warnings.push({
        code: WarningCode.POD_ANNOTATIONS_NEEDED,
        path: z.path,
        message: `the zone's pods must carry annotations ${Object.entries(z.podAnnotations ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(
            ', ',
          )}: the zone shares namespace '${z.namespace}' with zones of another policy, so the namespace cannot carry them. Annotate the pod templates, or give the zone its own namespace`,
      });
    }
  }
  for (const w of meshIr.workloads) {
    const needed = [
      ...(w.meshLabels?.service
        ? [`its Service '${w.service?.name}' must carry ${labelText(w.meshLabels.service)}`]
        : []),
      ...(w.meshLabels?.pods ? [`its pod template must carry ${labelText(w.meshLabels.pods)}`] : []),
    ];
    if (needed.length > 0) {
      warnings.push({
        code: WarningCode.WAYPOINT_LABELS_NEEDED,
        path: w.path,
        message: `the tier uses waypoint '${w.waypoint}': ${needed.join(', and ')} (the library emits no Services or pods). Label them, bind the zone instead (zone.useWaypoint), or acknowledge the warning`,
      });
    }
    if (Object.keys(w.podAnnotations ?? {}).length > 0) {
      warnings.push({
        code: WarningCode.POD_ANNOTATIONS_NEEDED,
        path: w.path,
        message: `the tier's pods must carry annotations ${Object.entries(w.podAnnotations ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}: its mTLS mode differs from its zone's. Annotate the pod template, or set the mode on the zone`,
      });
    }
  }
  diagnostics.push(...checkParts(parts, profile));
  return { profile: profile.name, parts, clusterIr: meshIr, widenings, warnings, diagnostics };
}

/** `k=v, k2=v2`, for messages. */
function labelText(labels: { readonly [key: string]: string }): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The target checks of every part of a profile, each message naming target and profile. */
function checkParts(
  parts: readonly { target: TargetDescriptor; ir: IrTopology }[],
  profile: ProfileSpec<TargetDescriptor>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const part of parts) {
    for (const d of part.target.check?.(part.ir, {
      profile: profile.name,
      profileTargets: profile.targets.map((t) => t.name).sort(),
    }) ?? []) {
      out.push({
        code: d.code,
        path: d.path,
        message: `${d.message} (target ${part.target.name}, profile ${profile.name})`,
      });
    }
  }
  return out;
}

/**
 * The IR the ingress targets render: mesh (GAMMA) routes only where the profile runs a mesh, since
 * no proxy of a CNI-only cluster reads them (the Service balances over all its pods there). Each
 * route left out is reported (ZT203).
 */
function meshRoutesOnlyWithMesh(ir: IrTopology, profile: string, hasMesh: boolean, warnings: Diagnostic[]): IrTopology {
  const meshRoutes = ir.routes.filter((r) => r.parent.kind === 'Service');
  if (hasMesh || meshRoutes.length === 0) return ir;
  for (const r of meshRoutes) {
    warnings.push({
      code: WarningCode.MESH_ROUTE_NOT_EMITTED,
      path: r.path,
      message: `profile '${profile}' has no mesh target, so this MeshRoute is not emitted there: no proxy of that cluster reads it, and its Service balances over all its pods. Add a mesh target to the profile (e.g. Profile.ciliumIstio()), or acknowledge the warning`,
    });
  }
  return { ...ir, routes: ir.routes.filter((r) => r.parent.kind !== 'Service') };
}

/** The registered mesh targets that apply consumer routes, for a hint. */
function meshesWithConsumerRoutes(profile: ProfileSpec<TargetDescriptor>): string {
  const names = profile.registered.filter((t) => t.mesh?.consumerRoutes === true).map((t) => t.name);
  return names.length > 0 ? names.join(', ') : 'none is registered';
}

/** ` (<a> expresses everything <b> does)` when one target's capabilities hold every other's, else nothing. */
function widest(targets: readonly TargetDescriptor[]): string {
  const wide = targets.find((t) => targets.every((o) => [...o.capabilities].every((c) => t.capabilities.has(c))));
  return wide
    ? ` (${wide.name} expresses everything ${targets
        .filter((t) => t !== wide)
        .map((t) => t.name)
        .join(' and ')} does)`
    : '';
}

/**
 * Ambient mode with a CNI: a source named by labels and a service account, into a tier behind a
 * waypoint. The CNI checks the labels where the client enters the waypoint (HBONE 15008), but that
 * admission is shared by every rule into a tier behind the same waypoint, and the waypoint itself
 * authorizes identities only. When another rule through that waypoint admits pods of the source's
 * namespace with the same identity and without those labels, nothing checks the labels: refused
 * (ZT191), or reported under `Widening.LABELS_TO_IDENTITY`.
 */
function sharedWaypointLabels(
  ir: IrTopology,
  profile: { readonly name: string; readonly accepted: readonly string[] },
  meshName: string,
  fail: (path: string, code: ErrorCode, message: string) => void,
  widenings: IrWidening[],
): void {
  const workloads = new Map(ir.workloads.map((w) => [w.id, w]));
  const zones = new Map(ir.zones.map((z) => [z.id, z]));
  const behind = (r: IrRule) => {
    if (r.to.kind !== 'workload') return undefined;
    const dst = workloads.get(r.to.workload)!;
    if (!dst.meshed || dst.system) return undefined;
    const wp = waypointOfWorkload(ir, dst);
    return wp ? `${wp.namespace}/${wp.name}` : undefined;
  };
  const routed = ir.rules.flatMap((r) => {
    const wp = behind(r);
    return wp === undefined ? [] : [{ r, wp }];
  });
  for (const { r, wp } of routed) {
    const from = r.from;
    if (from.kind !== 'pods' || from.serviceAccount === undefined || from.namespace === undefined) continue;
    if (Object.keys(from.podLabels).length === 0 || isGatewayPeer(ir, from)) continue;
    if (!zones.get(workloads.get((r.to as { workload: string }).workload)!.zone)!.denyIngress) continue;
    const wider = routed.find(
      (o) => o.wp === wp && o.r !== r && admitsWithoutLabels(o.r.from, from, from.namespace!, workloads),
    );
    if (!wider) continue;
    const labels = Object.entries(from.podLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (profile.accepted.includes('LABELS_TO_IDENTITY')) {
      widenings.push({
        kind: 'LABELS_TO_IDENTITY',
        target: meshName,
        rule: r.id,
        path: r.paths[0],
        detail: `${describePeer(from)} matched by service account '${from.serviceAccount}' only, any labels (not only ${labels}), as a source of ${describePeer(r.to)} behind waypoint ${wp}`,
      });
    } else {
      fail(
        r.paths[0],
        ErrorCode.PEER_LABELS_UNENFORCED,
        `source ${describePeer(from)}, named by labels (${labels}) and service account '${from.serviceAccount}', cannot be enforced in profile '${profile.name}': waypoint ${wp} authorizes identities only, and the CNI's admission into it is shared with ${describePeer(wider.r.from)} (rule ${wider.r.id}), which admits pods of that identity without those labels. Name the source by its service account alone, give the destination its own waypoint (tier.useWaypoint), or accept Widening.LABELS_TO_IDENTITY for this profile`,
      );
    }
  }
}

/** Whether a peer may admit a pod of `namespace` with the source's identity but without its labels. */
function admitsWithoutLabels(
  peer: IrPeer,
  source: IrPeer & { kind: 'pods' },
  namespace: string,
  workloads: ReadonlyMap<string, IrWorkload>,
): boolean {
  const lacks = (labels: { readonly [k: string]: string }) =>
    Object.entries(source.podLabels).some(([k, v]) => labels[k] !== v);
  switch (peer.kind) {
    case 'pods':
      if (peer.namespace !== undefined && peer.namespace !== namespace) return false;
      if (peer.serviceAccount !== undefined && peer.serviceAccount !== source.serviceAccount) return false;
      return lacks(peer.podLabels);
    case 'workload': {
      const w = workloads.get(peer.workload)!;
      if (w.namespace !== namespace) return false;
      if (w.serviceAccount !== undefined && w.serviceAccount !== source.serviceAccount) return false;
      return lacks(w.selector);
    }
    case 'entity':
    case 'any':
      return true;
    default:
      return false;
  }
}
