import { IrDns } from '../ir/types';
import { parseIp } from '../validation/ip';
import { ErrorCode, Problem, ZeroTrustError } from '../validation/codes';
import {
  checkInstances,
  checkLabelMap,
  checkList,
  checkObject,
  checkOptionalObject,
  checkString,
  throwProblems,
} from '../validation/input';
import { checkDnsLabel } from '../validation/names';
import { sortedLabels } from '../validation/sorted-keys';
import { Port } from '../values/port';

/** Where the cluster's DNS is served. */
export interface DnsProps {
  /** Namespace of the DNS pods. */
  readonly namespace: string;
  /** Labels of the DNS pods. */
  readonly labels: { [key: string]: string };
  /**
   * Ports on the DNS pods (backend ports, not the Service's).
   * @default [Port.DNS_UDP, Port.DNS_TCP]
   */
  readonly ports?: Port[];
  /**
   * NodeLocal DNSCache addresses (hostNetwork: only an ipBlock can reach them), e.g. `169.254.20.10`.
   * @default []
   */
  readonly nodeLocalAddresses?: string[];
}

/** Options of the standard kube-dns / CoreDNS allowance. */
export interface KubeDnsOptions {
  /**
   * NodeLocal DNSCache addresses to allow as well (GKE enables it by default from 1.34).
   * @default []
   */
  readonly nodeLocalAddresses?: string[];
}

/**
 * The DNS allowance a default-deny-egress zone keeps. Without it, default-deny egress is an
 * outage: allowed over UDP **and** TCP (large answers fall back to TCP), to the DNS pods selected
 * by namespace **and** pod labels in one peer.
 */
export class Dns {
  /** CoreDNS / kube-dns in `kube-system` (`k8s-app: kube-dns`), UDP and TCP 53. */
  public static kubeDns(options?: KubeDnsOptions): Dns {
    throwProblems([checkOptionalObject('Dns.kubeDns options', options)]);
    return Dns.custom({
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns' },
      nodeLocalAddresses: options?.nodeLocalAddresses,
    });
  }

  /** OpenShift DNS in `openshift-dns`, port 5353. */
  public static openShift(): Dns {
    return Dns.custom({
      namespace: 'openshift-dns',
      labels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
      ports: [Port.udp(5353), Port.tcp(5353)],
    });
  }

  /** Any DNS service. */
  public static custom(props: DnsProps): Dns {
    throwProblems([
      checkObject('Dns.custom props', props, "{ namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }"),
    ]);
    throwProblems([
      checkString('DNS namespace', props.namespace, 'kube-system'),
      ...checkLabelMap('DNS pod labels', props.labels, false, {
        code: ErrorCode.EMPTY_SELECTOR,
        why: `would allow every pod of '${props.namespace}'`,
      }),
      ...checkInstances('DNS ports', props.ports, Port, 'Port.udp(53)', true, 'would leave DNS with no port'),
      checkList('nodeLocalAddresses', props.nodeLocalAddresses, "['169.254.20.10']", true),
    ]);
    const problems = [checkDnsLabel('DNS namespace', props.namespace)].filter((x): x is Problem => !!x);
    for (const a of props.nodeLocalAddresses ?? []) {
      if (typeof a !== 'string' || !parseIp(a))
        problems.push({
          code: ErrorCode.INVALID_CIDR,
          message: `NodeLocal DNS address '${a}' is not an IP address. Write one address such as '169.254.20.10' (no prefix length)`,
        });
    }
    if (problems.length > 0) throw ZeroTrustError.of(problems);
    const ports = props.ports ?? [Port.DNS_UDP, Port.DNS_TCP];
    return new Dns({
      namespace: props.namespace,
      podSelector: sortedLabels(props.labels),
      ports: ports.map((p) => ({
        protocol: p.protocol,
        ...(p.startPort !== undefined ? { port: p.startPort } : {}),
        ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
        ...(p.name !== undefined ? { name: p.name } : {}),
      })),
      nodeLocalAddresses: [...new Set(props.nodeLocalAddresses ?? [])].sort(),
    });
  }

  /** No DNS allowance: an explicit opt-out (the zone's pods cannot resolve names). */
  public static none(): Dns {
    return new Dns(undefined);
  }

  private constructor(/** @internal */ public readonly _ir: IrDns | undefined) {}
}
