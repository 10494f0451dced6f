import { describePeer, portText } from '../../ir/describe';
import { IrIndex } from '../../ir/query';
import { IrMtls, IrRule, IrTopology, IrWorkload } from '../../ir/types';
import { ErrorCode } from '../../validation/codes';
import { TargetDiagnostic } from '../target';
import { routedViaWaypoint } from './ambient-policy';
import { IstioDiagnosticCode, istioDiagnostic } from './diagnostics';
import { mtlsSelector } from './peer-authentication';
import { effectiveRequest, istioPorts } from './operations';
import { isIdentityPeer } from './principals';
import { waypointOfWorkload } from '../../ir/waypoints';
import { servicePortsFor, waypointFor } from './waypoint';

/** The workloads whose inbound traffic this target authorizes: meshed, user-declared. */
export function authorizedWorkloads(ir: IrTopology): readonly IrWorkload[] {
  return ir.workloads.filter((w) => w.meshed && w.system === undefined);
}

/** Problems of a rule's source: what Istio cannot identify by mTLS. */
function sourceProblems(rule: IrRule, w: IrWorkload, index: IrIndex): TargetDiagnostic[] {
  const into = `The rule from ${describePeer(rule.from)} on ${rule.ports.map(portText).join(', ') || 'every port'} into '${w.path}'`;
  const peer = rule.from;
  if (peer.kind === 'workload') {
    const source = index.workload(peer.workload);
    if (source.serviceAccount !== undefined) return [];
    return [
      istioDiagnostic(
        IstioDiagnosticCode.NO_IDENTITY,
        rule.paths[0],
        `${into}: the source tier '${source.path}' has no service account, so Istio cannot identify its traffic. ` +
          'Set `serviceAccount` on the tier',
      ),
    ];
  }
  if (
    peer.kind === 'pods' &&
    peer.namespace !== undefined &&
    peer.serviceAccount === undefined &&
    Object.keys(peer.podLabels).length > 0
  ) {
    const labels = Object.entries(peer.podLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    return [
      istioDiagnostic(
        IstioDiagnosticCode.NO_IDENTITY,
        rule.paths[0],
        `${into}: the source pods are chosen by labels (${labels}) and Istio authorizes mesh identities, not pod ` +
          'labels, so it cannot tell them from other pods of their namespace. Set `serviceAccount` on the peer',
      ),
    ];
  }
  if (peer.kind === 'pods' && peer.namespace === undefined) {
    return [
      istioDiagnostic(
        IstioDiagnosticCode.NO_IDENTITY,
        rule.paths[0],
        `${into}: the source namespaces are chosen by labels, and Istio names namespaces only by name. ` +
          'Name the namespace (Peer.pods({ namespace })), or add a CNI target that enforces the peer',
      ),
    ];
  }
  if (peer.kind === 'entity') {
    return [
      istioDiagnostic(
        IstioDiagnosticCode.NO_IDENTITY,
        rule.paths[0],
        `${into}: Istio cannot name the '${peer.entity}' entity. Add a CNI target that enforces it (Profile.ciliumIstio())`,
      ),
    ];
  }
  return [];
}

/** Problems of a rule's ports: only single numbers exist in an AuthorizationPolicy. */
function portProblems(rule: IrRule, w: IrWorkload): TargetDiagnostic[] {
  return rule.ports
    .filter((p) => p.endPort !== undefined || p.name !== undefined)
    .map((p) => {
      const form = p.name !== undefined ? `the named port '${p.name}'` : `the port range ${p.port}-${p.endPort}`;
      return istioDiagnostic(
        IstioDiagnosticCode.PORT_FORM,
        rule.paths[0],
        `The rule from ${describePeer(rule.from)} on ${rule.ports.map(portText).join(', ') || 'every port'} into '${w.path}' uses ${form}, and AuthorizationPolicy ports are single numbers. ` +
          'List the numeric pod ports',
      );
    });
}

/** Problems of a rule's L7 part: Kafka, regular expressions, `*` in literal values. */
function l7Problems(rule: IrRule, w: IrWorkload): TargetDiagnostic[] {
  const into = `The rule from ${describePeer(rule.from)} on ${rule.ports.map(portText).join(', ') || 'every port'} into '${w.path}'`;
  if (rule.l7 === undefined) return [];
  if (rule.l7.kind === 'kafka') {
    return [
      istioDiagnostic(
        IstioDiagnosticCode.KAFKA,
        rule.paths[0],
        `${into} has Kafka topic/role rules, and Istio has no Kafka authorization. Enforce the ACLs in the ` +
          'broker and allow the port at L4, or use a profile with a target that enforces Kafka',
      ),
    ];
  }
  const out: TargetDiagnostic[] = [];
  for (const h of rule.l7.rules) {
    const main = effectiveRequest(h).path;
    for (const [path, verb] of [
      ...(main ? [[main, 'matches'] as const] : []),
      ...(h.notPaths ?? []).map((p) => [p, 'excludes'] as const),
    ]) {
      if (path.kind === 'regex') {
        out.push(
          istioDiagnostic(
            IstioDiagnosticCode.REGEX_PATH,
            rule.paths[0],
            `${into} ${verb} the path by the regular expression '${path.value}', and Istio matches paths exactly ` +
              'or by prefix, never by regular expression. Use an exact or a prefix path',
          ),
        );
      } else if (path.value.includes('*')) {
        out.push(
          istioDiagnostic(
            IstioDiagnosticCode.WILDCARD,
            rule.paths[0],
            `${into} ${verb} the path '${path.value}', and Istio reads '*' in a path as a glob. Remove the '*' ` +
              'or use a prefix path',
          ),
        );
      }
    }
    for (const header of h.headers.filter((x) => x.kind === 'regex')) {
      out.push(
        istioDiagnostic(
          IstioDiagnosticCode.HEADER_REGEX,
          rule.paths[0],
          `${into} matches header '${header.name}' by the regular expression '${header.value}', and Istio matches ` +
            'header values exactly, by prefix or by presence, never by regular expression. Use HeaderMatch.exact(), ' +
            '.prefix() or .present()',
        ),
      );
    }
    for (const header of h.headers.filter((x) => x.kind !== 'regex' && x.value?.includes('*'))) {
      out.push(
        istioDiagnostic(
          IstioDiagnosticCode.WILDCARD,
          rule.paths[0],
          `${into} matches header '${header.name}' against '${header.value}', and Istio reads '*' in a value as ` +
            "a glob. Match a value without '*'",
        ),
      );
    }
  }
  return out;
}

/** Problems of ambient mode: L7 needs a Service to attach to, routed ports need Service ports. */
function ambientProblems(rule: IrRule, w: IrWorkload, index: IrIndex): TargetDiagnostic[] {
  if (index.ir.mesh.mode !== 'ambient') return [];
  const into = `The rule from ${describePeer(rule.from)} on ${rule.ports.map(portText).join(', ') || 'every port'} into '${w.path}'`;
  if (rule.l7 !== undefined && !isIdentityPeer(rule.from)) {
    return [
      istioDiagnostic(
        IstioDiagnosticCode.WAYPOINT_PLAINTEXT,
        rule.paths[0],
        `${into} has L7 rules for a source outside the mesh: in ambient mode only a waypoint enforces L7, and ` +
          'plaintext is never redirected to a waypoint, so nothing would pass. Put the source in the mesh (give it ' +
          'a service account), or drop the L7 rules for it',
      ),
    ];
  }
  if (rule.l7 !== undefined && w.service === undefined) {
    return [
      istioDiagnostic(
        IstioDiagnosticCode.WAYPOINT_NEEDS_SERVICE,
        rule.paths[0],
        `${into} has L7 rules, which only a waypoint enforces in ambient mode, and a waypoint policy attaches to ` +
          'a Service, which the tier does not have. Give the tier a Service',
      ),
    ];
  }
  const waypoint = waypointFor(index.ir, w);
  if (waypoint === undefined || !routedViaWaypoint(rule) || rule.l7 === undefined || portProblems(rule, w).length > 0)
    return [];
  const { unreached } = servicePortsFor(w, istioPorts(rule.ports, into));
  if (unreached.length === 0) return [];
  return [
    istioDiagnostic(
      IstioDiagnosticCode.WAYPOINT_PORT,
      rule.paths[0],
      `${into} allows pod port(s) ${unreached.join(', ')}, which no TCP port of Service '${w.service?.name}' targets, ` +
        'and the waypoint enforcing the rule receives only traffic addressed to the Service. Add a Service port ' +
        `targeting ${unreached.join(', ')}`,
    ),
  ];
}

/**
 * Waypoints that also take workload-addressed traffic, while rules rely on them; tiers bound to a
 * waypoint for Service traffic without a Service to carry the binding.
 */
function waypointProblems(index: IrIndex): TargetDiagnostic[] {
  const ir = index.ir;
  if (ir.mesh.mode !== 'ambient') return [];
  const out: TargetDiagnostic[] = [];
  for (const waypoint of ir.mesh.waypoints) {
    if (waypoint.for === 'service') continue;
    const relied = authorizedWorkloads(ir).some(
      (w) => waypointFor(ir, w) === waypoint && index.ingressRules(w).some(routedViaWaypoint),
    );
    if (!relied) continue;
    out.push(
      istioDiagnostic(
        IstioDiagnosticCode.WAYPOINT_FOR,
        waypoint.path ?? ir.zones.find((z) => z.id === waypoint.zone)!.path,
        `Waypoint ${waypoint.namespace}/${waypoint.name} handles '${waypoint.for}' traffic: policies attached to a ` +
          'Service do not apply to workload-addressed traffic through a waypoint, and the workloads behind it ' +
          "admit the waypoint's identity, so requests sent to pod addresses would pass without the L7 rules. " +
          'Let the waypoint handle `service` traffic only',
      ),
    );
  }
  for (const w of ir.workloads) {
    const waypoint = w.waypoint === undefined ? undefined : waypointOfWorkload(ir, w);
    if (waypoint === undefined || waypoint.for !== 'service' || w.service !== undefined) continue;
    out.push(
      istioDiagnostic(
        IstioDiagnosticCode.WAYPOINT_BINDING_NO_SERVICE,
        w.path,
        `tier uses waypoint ${waypoint.namespace}/${waypoint.name}, which handles Service traffic, but the tier has ` +
          'no Service to carry the istio.io/use-waypoint label: no traffic would pass the waypoint. Give the tier a ' +
          'Service, or create the waypoint with traffic: WaypointTraffic.WORKLOAD (or ALL)',
      ),
    );
  }
  return out;
}

/** Problems of a PeerAuthentication Istio would ignore. */
function mtlsProblems(mtls: IrMtls, index: IrIndex): TargetDiagnostic[] {
  const out: TargetDiagnostic[] = [];
  if (mtls.namespace === index.ir.mesh.rootNamespace && mtlsSelector(mtls, index) !== undefined) {
    out.push(
      istioDiagnostic(
        IstioDiagnosticCode.ROOT_NAMESPACE_SELECTOR,
        mtls.path,
        `PeerAuthentication '${mtls.name}' has a workload selector in the mesh root namespace ` +
          `'${mtls.namespace}', where Istio ignores selector policies. Set the mode on the zone, or move the ` +
          'workload out of the root namespace',
      ),
    );
  }
  const disabled = mtls.mode === 'DISABLE' || mtls.portModes.some((p) => p.mode === 'DISABLE');
  if (index.ir.mesh.mode === 'ambient' && disabled) {
    out.push(
      istioDiagnostic(
        IstioDiagnosticCode.AMBIENT_DISABLE,
        mtls.path,
        `PeerAuthentication '${mtls.name}' uses mode DISABLE, which ambient mode ignores: ztunnel always speaks ` +
          'mTLS (HBONE). Use PERMISSIVE, or take the pods out of ambient mode',
      ),
    );
  }
  return out;
}

/**
 * What Istio cannot enforce as the IR states it, one diagnostic per problem, attributed to the
 * rule's (or setting's) construct path: sources without mesh identity, regex or `*` paths,
 * port ranges and named ports, Kafka, ambient L7 without a Service, routed ports without a
 * Service port, waypoints that also take workload traffic, PeerAuthentications Istio ignores.
 * Only rules this target renders are checked: ingress into meshed, user-declared workloads.
 */
export function checkIstio(ir: IrTopology): TargetDiagnostic[] {
  const index = new IrIndex(ir);
  const out: TargetDiagnostic[] = [];
  for (const w of authorizedWorkloads(ir)) {
    for (const rule of index.ingressRules(w)) {
      out.push(
        ...sourceProblems(rule, w, index),
        ...portProblems(rule, w),
        ...l7Problems(rule, w),
        ...ambientProblems(rule, w, index),
      );
    }
  }
  out.push(...waypointProblems(index));
  for (const mtls of ir.mtls) out.push(...mtlsProblems(mtls, index));
  for (const w of ir.workloads) {
    if (!w.meshed || w.excluded === undefined) continue;
    out.push({
      code: ErrorCode.OVERLAP_NOT_EXPRESSIBLE,
      path: w.path,
      message: `tier must exclude the pods of tiers that overlap it on purpose (allowOverlapWith: ${Object.entries(
        w.excluded,
      )
        .map(([k, v]) => `${k} in ${v.join(',')}`)
        .join(
          '; ',
        )}), and Istio selects workloads by matchLabels only, so its policies would apply to those pods too. Make the selectors disjoint, or use a profile without a mesh target`,
    });
  }
  return out;
}
