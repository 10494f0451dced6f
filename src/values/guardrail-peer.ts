import { IrGuardrailPeer } from '../ir/types';
import { ErrorCode, ZeroTrustError } from '../validation/codes';
import { checkCidr, formatNetwork } from '../validation/ip';
import { checkLabels } from '../validation/names';
import { sortedLabels } from '../validation/sorted-keys';
import { Fqdn } from './fqdn';
import { GuardrailPodsProps, guardrailSelector } from './guardrail-selector';

/**
 * A peer of a guardrail: pods by the labels of their namespace and their own, or, as destinations
 * only (egress guardrails), a CIDR network, nodes by their labels, or DNS names. Not every target
 * can express every peer: a target that cannot refuses the guardrail with a code (see README
 * "Guardrails").
 *
 * @example
 * GuardrailPeer.cidr('169.254.169.254/32'); GuardrailPeer.namespaces({ zone: 'app' });
 * GuardrailPeer.pods({ namespaceLabels: { team: 'sre' }, podLabels: { app: 'prometheus' } });
 */
export class GuardrailPeer {
  /** Every pod of every namespace. */
  public static allNamespaces(): GuardrailPeer {
    return new GuardrailPeer({ kind: 'pods', namespaceLabels: {} }, 'every namespace');
  }

  /** Every pod of the namespaces carrying these labels (at least one). */
  public static namespaces(labels: { [key: string]: string }): GuardrailPeer {
    if (Object.keys(labels ?? {}).length === 0) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_GUARDRAIL,
        'GuardrailPeer.namespaces({}) would select every namespace. Use GuardrailPeer.allNamespaces() to say so',
      );
    }
    const s = guardrailSelector('GuardrailPeer.namespaces', labels, undefined);
    return new GuardrailPeer({ kind: 'pods', ...s }, `namespaces ${JSON.stringify(s.namespaceLabels)}`);
  }

  /** Pods carrying `podLabels` in the namespaces carrying `namespaceLabels` (every namespace when absent). */
  public static pods(props: GuardrailPodsProps): GuardrailPeer {
    const s = guardrailSelector('GuardrailPeer.pods', props.namespaceLabels, props.podLabels ?? {});
    return new GuardrailPeer(
      { kind: 'pods', ...s },
      `pods ${JSON.stringify(s.podLabels)} in namespaces ${JSON.stringify(s.namespaceLabels)}`,
    );
  }

  /** A network, as a destination (egress guardrails). Host bits must be clear. */
  public static cidr(cidr: string): GuardrailPeer {
    const c = checkCidr(String(cidr));
    if (typeof c === 'string') throw new ZeroTrustError(ErrorCode.INVALID_CIDR, c);
    const text = formatNetwork(c);
    return new GuardrailPeer({ kind: 'cidr', cidr: text }, `network ${text}`);
  }

  /**
   * Nodes carrying these labels (`{}`: every node), as destinations (egress guardrails), e.g. the
   * kubelet or node-local services. Refused by the network-policy-api target (its standard-channel
   * CRDs have no `nodes` peer, ZT393) and the cilium target (ZT308).
   * @see https://network-policy-api.sigs.k8s.io/reference/spec/
   * @see https://docs.cilium.io/en/stable/security/policy/language/#node-based
   */
  public static nodes(labels: { [key: string]: string }): GuardrailPeer {
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_GUARDRAIL_PEER,
        "GuardrailPeer.nodes() takes a map of node labels. Use GuardrailPeer.nodes({}) for every node, or e.g. { 'node-role.kubernetes.io/control-plane': '' }",
      );
    }
    const problems = checkLabels(labels);
    if (problems.length > 0)
      throw ZeroTrustError.of(problems.map((p) => ({ ...p, message: `GuardrailPeer.nodes: ${p.message}` })));
    const sorted = sortedLabels(labels);
    return new GuardrailPeer(
      { kind: 'nodes', nodeLabels: sorted },
      Object.keys(sorted).length === 0 ? 'every node' : `nodes ${JSON.stringify(sorted)}`,
    );
  }

  /**
   * DNS names, as destinations (egress guardrails): exact names (`api.example.com`) and one-label
   * patterns (`*.example.com`), in the grammar of `Fqdn` (at least one name). Refused by the
   * network-policy-api target (its standard-channel CRDs have no `domainNames` peer, ZT394) and
   * the cilium target (`toFQDNs` is not allowed in deny rules, ZT309).
   * @see https://network-policy-api.sigs.k8s.io/reference/spec/
   * @see https://docs.cilium.io/en/stable/security/policy/language/#dns-based
   */
  public static domains(names: string[]): GuardrailPeer {
    if (!Array.isArray(names) || names.length === 0) {
      throw new ZeroTrustError(
        ErrorCode.INVALID_GUARDRAIL_PEER,
        "GuardrailPeer.domains() needs at least one DNS name. Pass e.g. ['api.example.com', '*.example.com']",
      );
    }
    const parsed = names.map((n) => {
      if (typeof n !== 'string')
        throw new ZeroTrustError(
          ErrorCode.INVALID_GUARDRAIL_PEER,
          `GuardrailPeer.domains(): ${JSON.stringify(n)} is not a DNS name. Pass strings such as 'api.example.com'`,
        );
      const f = Fqdn.parse(n)._ir;
      if (f.kind === 'subdomains')
        throw new ZeroTrustError(
          ErrorCode.INVALID_GUARDRAIL_PEER,
          `GuardrailPeer.domains(): '${n}' (every depth) has no counterpart in the network-policy-api. Use one-label patterns such as '*.${f.value}'`,
        );
      return f;
    });
    const seen = new Set<string>();
    const unique = parsed
      .filter((f) => (seen.has(f.value) ? false : (seen.add(f.value), true)))
      .sort((a, b) => a.value.localeCompare(b.value));
    return new GuardrailPeer({ kind: 'domains', names: unique }, `DNS names ${unique.map((f) => f.value).join(', ')}`);
  }

  private constructor(
    /** @internal */
    public readonly _peer: IrGuardrailPeer,
    /** What it names, for messages. */
    public readonly description: string,
  ) {}
}
