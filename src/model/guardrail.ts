import { Construct } from 'constructs';
import { IrPort } from '../ir/types';
import { ErrorCode, Problem, ZeroTrustError } from '../validation/codes';
import { checkDnsLabel } from '../validation/names';
import { GuardrailPeer } from '../values/guardrail-peer';
import { GuardrailSubject } from '../values/guardrail-subject';
import { Port } from '../values/port';
import { GuardrailAction, GuardrailDirection, GuardrailTier } from './guardrail-action';
import { registerMember } from './markers';

/** Props of a Guardrail. */
export interface GuardrailProps {
  /** What the guardrail does with the traffic it matches. */
  readonly action: GuardrailAction;
  /**
   * Order within its tier, lower first: 0 to 1000. Two guardrails of one tier may not share a
   * priority (their order would be undefined upstream).
   */
  readonly priority: number;
  /** The pods it applies to. */
  readonly subject: GuardrailSubject;
  /** Whether it governs what the subject receives or what it sends. */
  readonly direction: GuardrailDirection;
  /** The sources (ingress) or destinations (egress), a union; at least one. Networks only in egress. */
  readonly peers: GuardrailPeer[];
  /**
   * Destination ports: numbers or ranges (named ports are not accepted).
   * @default - every port and protocol
   */
  readonly ports?: Port[];
  /**
   * Before the app policies (ADMIN), or after them for pods no app policy selects (BASELINE).
   * @default GuardrailTier.ADMIN
   */
  readonly tier?: GuardrailTier;
  /**
   * Object name of the emitted policy (a DNS-1123 label, unique among the topology's guardrails).
   * @default - the construct id
   */
  readonly name?: string;
}

/**
 * A cluster-wide guardrail of the platform: one rule that holds whatever the app policies say.
 * Declare guardrails in a Topology, beside the app's zones or in a topology of their own (one
 * output file per profile, as for any topology). Targets: the network-policy-api
 * (ClusterNetworkPolicy, or AdminNetworkPolicy / BaselineAdminNetworkPolicy) beside
 * NetworkPolicy, CiliumClusterwideNetworkPolicy deny and allow rules, Calico GlobalNetworkPolicy
 * in tiers around the default tier, Istio DENY in the mesh root namespace. Plain NetworkPolicy
 * cannot express them and refuses.
 *
 * @example
 * new Guardrail(platform, 'no-metadata', {
 *   action: GuardrailAction.DENY, priority: 10, direction: GuardrailDirection.EGRESS,
 *   subject: GuardrailSubject.allNamespaces(), peers: [GuardrailPeer.cidr('169.254.169.254/32')],
 * });
 */
export class Guardrail extends Construct {
  /**
   * The props as given, checked.
   * @internal
   */
  public readonly _props: GuardrailProps;
  /**
   * The ports, as IR.
   * @internal
   */
  public readonly _ports: IrPort[];

  public constructor(scope: Construct, id: string, props: GuardrailProps) {
    super(scope, id);
    const problems: Problem[] = [];
    const bad = (message: string) => problems.push({ code: ErrorCode.INVALID_GUARDRAIL, message });
    if (!Object.values(GuardrailAction).includes(props.action))
      bad(`action '${String(props.action)}' is not a GuardrailAction. Use GuardrailAction.DENY, ALLOW or PASS`);
    if (!Object.values(GuardrailDirection).includes(props.direction))
      bad(
        `direction '${String(props.direction)}' is not a GuardrailDirection. Use GuardrailDirection.INGRESS or EGRESS`,
      );
    if (props.tier !== undefined && !Object.values(GuardrailTier).includes(props.tier))
      bad(`tier '${String(props.tier)}' is not a GuardrailTier. Use GuardrailTier.ADMIN or BASELINE`);
    if (
      typeof props.priority !== 'number' ||
      !Number.isInteger(props.priority) ||
      props.priority < 0 ||
      props.priority > 1000
    ) {
      bad(`priority ${String(props.priority)} is out of range. Use an integer from 0 to 1000 (lower first)`);
    }
    if (!(props.subject instanceof GuardrailSubject))
      bad('subject is not a GuardrailSubject. Use GuardrailSubject.allNamespaces(), namespaces() or pods()');
    const peers = Array.isArray(props.peers) ? props.peers : [];
    if (peers.length === 0)
      bad('a guardrail needs at least one peer. For every pod, use GuardrailPeer.allNamespaces()');
    for (const p of peers) {
      if (!(p instanceof GuardrailPeer))
        bad(
          'a peer is not a GuardrailPeer. Use GuardrailPeer.allNamespaces(), namespaces(), pods(), cidr(), nodes() or domains()',
        );
      else if (p._peer.kind === 'cidr' && props.direction === GuardrailDirection.INGRESS) {
        bad(
          `${p.description} as a source: guardrails match networks as destinations only (the network-policy-api has no ingress networks). Use an EGRESS guardrail, or name the source pods`,
        );
      } else if (
        (p._peer.kind === 'nodes' || p._peer.kind === 'domains') &&
        props.direction === GuardrailDirection.INGRESS
      ) {
        problems.push({
          code: ErrorCode.INVALID_GUARDRAIL_PEER,
          message: `${p.description} as a source: node and DNS-name peers are destinations only. Use an EGRESS guardrail, or name the source pods`,
        });
      }
    }
    const ports: IrPort[] = [];
    for (const p of props.ports ?? []) {
      if (!(p instanceof Port)) bad('a port is not a Port. Use Port.tcp(), Port.udp(), Port.tcpRange() ...');
      else if (p.name !== undefined)
        bad(`named port '${p.name}': guardrails take port numbers or ranges. Use Port.tcp(<number>)`);
      else if (p.startPort === undefined)
        ports.push({ protocol: p.protocol as IrPort['protocol'], port: 1, endPort: 65535 });
      else
        ports.push({
          protocol: p.protocol as IrPort['protocol'],
          port: p.startPort,
          ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
        });
    }
    const name = props.name ?? id;
    const nameErr = checkDnsLabel('guardrail name', name);
    if (nameErr) problems.push(nameErr);
    if (problems.length > 0) throw ZeroTrustError.of(problems);
    this._props = props;
    this._ports = ports;
    registerMember(this, 'Guardrail');
  }
}
