import { CniLayer, CniModel } from '../engine/cni-layer';
import { ClusterView, Endpoint, endpointText, PodEndpoint } from '../engine/endpoint';
import { VerifyOptions } from '../options';
import { PolicySet } from '../policy-set';
import { adminPolicyObjects } from './admin-policy';
import { AdminTierIndex } from './admin-tier';
import { NetworkPolicyIndex } from './policy-index';

/**
 * The generic NetworkPolicy CNI (profile `kubernetes`): enforces `networking.k8s.io/v1`
 * NetworkPolicy at L3/L4 only (a request is judged at L4). ipBlocks match pod IPs unless
 * `ipBlockMatchesPods` is false, and match node addresses; traffic from the pod's own node
 * (`hostIps`) is always allowed (SEMANTICS B1.10). The cluster-wide policies of the
 * network-policy-api are enforced at the same point: AdminNetworkPolicy and ClusterNetworkPolicy
 * `tier: Admin` before a pod's NetworkPolicies, BaselineAdminNetworkPolicy and
 * ClusterNetworkPolicy `tier: Baseline` after them (see `AdminTierIndex`).
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class KubernetesLayer extends CniLayer {
  /** Builds the layer from the NetworkPolicies of a policy set. */
  public static create(policies: PolicySet, options: VerifyOptions): KubernetesLayer {
    return new KubernetesLayer(policies, options);
  }

  private readonly index: NetworkPolicyIndex;
  private readonly tiers: AdminTierIndex;

  private constructor(policies: PolicySet, options: VerifyOptions) {
    super('kubernetes', false, options);
    this.index = new NetworkPolicyIndex(
      policies.ofKind('NetworkPolicy'),
      { matchesPods: options.ipBlockMatchesPods ?? true, matchesNodes: true },
      'kubernetes',
    );
    this.tiers = new AdminTierIndex(adminPolicyObjects(policies), 'kubernetes');
  }

  protected createModel(_view: ClusterView): CniModel {
    return {
      rules: (subject, direction) => this.index.rules(subject, direction),
      bypass: (source: Endpoint, destination: PodEndpoint) =>
        source.kind === 'ip' && source.host
          ? `${endpointText(source)} is the node of ${endpointText(destination)}: traffic from a pod's own node is always allowed`
          : undefined,
      ...(this.tiers.empty ? {} : { tiers: this.tiers }),
    };
  }
}
