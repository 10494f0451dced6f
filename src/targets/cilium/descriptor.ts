import { IrTopology } from '../../ir/types';
import { Capability, TargetDescriptor } from '../../plan/target-descriptor';
import { FQDN_SUBDOMAINS_SINCE, isAtLeast, KAFKA_REMOVED_IN, parseCiliumVersion } from './version';

/**
 * The CiliumNetworkPolicy target's descriptor: a CNI enforcement point. Cilium's gateway class
 * `cilium` is served by the proxy embedded in the CNI: its traffic is the `ingress` entity.
 */
export const ciliumDescriptor: TargetDescriptor = {
  name: 'cilium',
  title: 'CiliumNetworkPolicy',
  enforcementPoint: 'cni',
  capabilities: new Set<Capability>([
    Capability.L3_PODS,
    Capability.NAMESPACE_LABELS,
    Capability.CIDR,
    Capability.ENTITIES,
    Capability.FQDN,
    Capability.FQDN_SUBDOMAINS,
    Capability.L4_PORTS,
    Capability.PORT_RANGES,
    Capability.NAMED_PORTS,
    Capability.SCTP,
    Capability.L7_HTTP,
    Capability.L7_HTTP_REGEX,
    Capability.L7_KAFKA,
    Capability.DEFAULT_DENY,
    Capability.ANY_PEER,
    Capability.GUARDRAILS,
    Capability.IDENTITY,
  ]),
  // The operator serves (and with gatewayAPI.gatewayClass.create installs) GatewayClass 'cilium' with this
  // controller; its embedded Envoy is the `ingress` entity for Gateway API and Ingress objects alike.
  gatewayClasses: [
    {
      className: 'cilium',
      serviceAccount: (gateway) => gateway,
      ingressEntity: true,
      controllerName: 'io.cilium/gateway-controller',
    },
  ],
  /**
   * Kafka rules are gone from the CRD since 1.20, and `**.` patterns are read as `*` before 1.19
   * (the check refuses both where no fallback is stated).
   */
  unavailable(ir: IrTopology): ReadonlySet<Capability> {
    const version = parseCiliumVersion(ir.settings.targetVersions.cilium ?? '');
    const out = new Set<Capability>();
    if (version !== undefined && isAtLeast(version, KAFKA_REMOVED_IN)) out.add(Capability.L7_KAFKA);
    if (version !== undefined && !isAtLeast(version, FQDN_SUBDOMAINS_SINCE)) out.add(Capability.FQDN_SUBDOMAINS);
    return out;
  },
};
