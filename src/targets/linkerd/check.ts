import { describePeer, portText } from '../../ir/describe';
import { IrIndex } from '../../ir/query';
import { IrRule, IrTopology, IrWorkload } from '../../ir/types';
import { ErrorCode } from '../../validation/codes';
import { TargetDiagnostic } from '../target';
import { routePathLength } from './manifests';

/** The workloads whose inbound traffic this target authorizes: meshed, user-declared. */
export function authorizedWorkloads(ir: IrTopology): readonly IrWorkload[] {
  return ir.workloads.filter((w) => w.meshed && w.system === undefined);
}

/** The TCP pod ports a rule opens: its numeric TCP ports (a rule without ports is refused by check). */
export function rulePorts(rule: IrRule): number[] {
  const ports = rule.ports
    .filter((p) => p.protocol === 'TCP' && p.port !== undefined && p.endPort === undefined && p.name === undefined)
    .map((p) => p.port!);
  return [...new Set(ports)].sort((a, b) => a - b);
}

/** Longest path value of an HTTPRoute match (the CRD's `maxLength`). */
const ROUTE_PATH_MAX = 1024;
/** A header name an HTTPRoute match admits (the CRD's `pattern`). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

function d(code: ErrorCode, path: string, message: string): TargetDiagnostic {
  return { code, path, message };
}

function sourceProblems(rule: IrRule, into: string, index: IrIndex): TargetDiagnostic[] {
  const p = rule.from;
  if (p.kind === 'workload') {
    const src = index.workload(p.workload);
    if (src.serviceAccount !== undefined) return [];
    return [
      d(
        ErrorCode.LINKERD_NO_IDENTITY,
        rule.paths[0],
        `${into}: the source tier '${src.path}' has no service account, so Linkerd cannot authenticate its traffic. Set \`serviceAccount\` on the tier`,
      ),
    ];
  }
  if (p.kind === 'pods' && p.namespace === undefined) {
    return [
      d(
        ErrorCode.LINKERD_NO_IDENTITY,
        rule.paths[0],
        `${into}: the source namespaces are chosen by labels, and Linkerd names namespaces only by name. Name the namespace (Peer.pods({ namespace })), or add a CNI target that enforces the peer`,
      ),
    ];
  }
  if (p.kind === 'pods' && p.serviceAccount === undefined && Object.keys(p.podLabels).length > 0) {
    return [
      d(
        ErrorCode.LINKERD_NO_IDENTITY,
        rule.paths[0],
        `${into}: the source pods are chosen by labels, and Linkerd authenticates service-account identities, not pod labels. Set \`serviceAccount\` on the peer, or add a CNI target that enforces the peer`,
      ),
    ];
  }
  if (p.kind === 'entity' || p.kind === 'fqdn') {
    return [
      d(
        ErrorCode.LINKERD_NO_IDENTITY,
        rule.paths[0],
        `${into}: Linkerd cannot name the source ${p.kind === 'entity' ? `entity '${p.entity}'` : 'DNS names'}. Use Peer.cidr(...), or add a CNI target that enforces it (Profile.ciliumLinkerd())`,
      ),
    ];
  }
  return [];
}

function portProblems(rule: IrRule, into: string): TargetDiagnostic[] {
  const out = rule.ports
    .filter((p) => p.endPort !== undefined || p.name !== undefined)
    .map((p) =>
      d(
        ErrorCode.LINKERD_PORT_FORM,
        rule.paths[0],
        `${into} uses ${p.name !== undefined ? `the named port '${p.name}'` : `the port range ${p.port}-${p.endPort}`}, and a Linkerd Server selects one numeric port. List the numeric pod ports`,
      ),
    );
  if (
    rule.ports.length === 0 ||
    rule.ports.some((p) => p.protocol === 'TCP' && p.port === undefined && p.name === undefined)
  ) {
    out.push(
      d(
        ErrorCode.LINKERD_PORT_FORM,
        rule.paths[0],
        `${into} allows every port, and Linkerd authorizes one Server (one port) at a time: any other port would stay denied. List the ports on the edge`,
      ),
    );
  }
  return out;
}

function l7Problems(rule: IrRule, into: string): TargetDiagnostic[] {
  if (rule.l7 === undefined) return [];
  if (rule.l7.kind === 'kafka') {
    return [
      d(
        ErrorCode.LINKERD_KAFKA,
        rule.paths[0],
        `${into} has Kafka topic/role rules, and Linkerd has no Kafka authorization. Enforce the ACLs in the broker and allow the port at L4, or use a profile with a target that enforces Kafka`,
      ),
    ];
  }
  // HTTP rules into a Kafka tier never get here: the IR build refuses them for every target (ZT128).
  const out: TargetDiagnostic[] = [];
  for (const h of rule.l7.rules) {
    const excluded = [
      ...((h.notPaths ?? []).length > 0 ? ['paths (notPaths)'] : []),
      ...((h.notMethods ?? []).length > 0 ? ['methods (notMethods)'] : []),
    ];
    if (excluded.length > 0) {
      out.push(
        d(
          ErrorCode.LINKERD_NEGATED_MATCH,
          rule.paths[0],
          `${into} excludes ${excluded.join(' and ')}, and an HTTPRoute match has no negation. List the allowed paths and methods instead`,
        ),
      );
    }
    if ((h.hosts ?? []).length > 0) {
      out.push(
        d(
          ErrorCode.LINKERD_HOST_MATCH,
          rule.paths[0],
          `${into} matches the hosts ${h.hosts!.join(', ')}, and a Linkerd HTTPRoute names hostnames per route, not per match. Leave hosts out, or use a profile whose L7 layer is Cilium or Istio`,
        ),
      );
    }
    // Prefixes and regular expressions are written as anchored regular expressions, which are longer.
    if (h.path !== undefined && routePathLength(h.path.kind, h.path.value) > ROUTE_PATH_MAX) {
      out.push(
        d(
          ErrorCode.LINKERD_MATCH,
          rule.paths[0],
          `${into} matches a path written as ${routePathLength(h.path.kind, h.path.value)} characters, and an HTTPRoute path holds at most ${ROUTE_PATH_MAX} (a prefix or a regular expression is written anchored). Shorten the path`,
        ),
      );
    }
    for (const header of h.headers.filter((x) => !HEADER_NAME.test(x.name))) {
      out.push(
        d(
          ErrorCode.LINKERD_MATCH,
          rule.paths[0],
          `${into} matches the header '${header.name}', which is not a valid HTTPRoute header name. Use letters, digits and !#$%&'*+-.^_\`|~ only`,
        ),
      );
    }
  }
  return out;
}

/**
 * Every problem that keeps Linkerd from enforcing exactly what the planned IR states, one
 * diagnostic per problem: sources without identity, port forms, Kafka, L7 on opaque tiers, paths
 * an HTTPRoute cannot hold, and mTLS DISABLE (Linkerd always uses mTLS between meshed pods).
 */
export function checkLinkerd(ir: IrTopology): TargetDiagnostic[] {
  const index = new IrIndex(ir);
  const out: TargetDiagnostic[] = [];
  for (const m of ir.mtls) {
    const modes = [m.mode, ...m.portModes.map((p) => p.mode)];
    if (modes.includes('DISABLE')) {
      out.push(
        d(
          ErrorCode.LINKERD_MTLS_DISABLE,
          m.path,
          `MeshMtls '${m.name}' disables mTLS, and Linkerd always uses mTLS between meshed pods (plaintext is accepted only from clients outside the mesh). Use PERMISSIVE to accept unauthenticated clients, or take the tier out of the mesh`,
        ),
      );
    }
  }
  for (const w of authorizedWorkloads(ir)) {
    for (const r of index.ingressRules(w)) {
      const into = `The rule from ${describePeer(r.from)} on ${r.ports.map(portText).join(', ') || 'every port'} into '${w.path}'`;
      out.push(...sourceProblems(r, into, index), ...portProblems(r, into), ...l7Problems(r, into));
    }
  }
  return out;
}

/** The problems as one message block. */
export function formatLinkerdProblems(problems: readonly TargetDiagnostic[]): string {
  return problems.map((p) => `  ${p.code} ${p.path}: ${p.message}`).join('\n');
}
