import { Finding } from '../cluster';
import { AddressBlockMode } from '../engine/address-block';
import { SubjectRules } from '../engine/cni-layer';
import { PodEndpoint } from '../engine/endpoint';
import { Direction } from '../engine/rule';
import { selectorMatches } from '../match/label-selector';
import { KubeObject } from '../policy-set';
import { CompiledNetworkPolicy, compileNetworkPolicy } from './network-policy';

/**
 * NetworkPolicies compiled once and indexed by namespace, answering "which rules apply to this
 * pod in this direction" with a cache per (namespace, labels): a pod's selection depends on
 * nothing else.
 */
export class NetworkPolicyIndex {
  private readonly byNamespace = new Map<string, CompiledNetworkPolicy[]>();
  private readonly cache = new Map<string, SubjectRules>();

  /** Compiles every NetworkPolicy object under the CNI's ipBlock mode. */
  public constructor(
    objects: readonly KubeObject[],
    mode: AddressBlockMode,
    private readonly layer: string,
  ) {
    for (const o of objects) {
      const p = compileNetworkPolicy(o, mode);
      const list = this.byNamespace.get(p.namespace) ?? [];
      list.push(p);
      this.byNamespace.set(p.namespace, list);
    }
  }

  /** Policies of the pod's namespace whose podSelector selects it (valid or not). */
  public selecting(subject: PodEndpoint): readonly CompiledNetworkPolicy[] {
    return (this.byNamespace.get(subject.pod.namespace) ?? []).filter((p) =>
      selectorMatches(p.podSelector, subject.pod.labels),
    );
  }

  /**
   * The union of the rules of every valid selecting policy that isolates the direction. An
   * invalid policy (one the API server rejects) enforces nothing and is reported.
   */
  public rules(subject: PodEndpoint, direction: Direction): SubjectRules {
    const labels = Object.keys(subject.pod.labels)
      .sort()
      .map((k) => `${k}=${subject.pod.labels[k]}`)
      .join(',');
    const key = `${direction}\u0000${subject.pod.namespace}\u0000${labels}`;
    let r = this.cache.get(key);
    if (!r) {
      const selecting = this.selecting(subject);
      const valid = selecting.filter((p) => p.problems.length === 0 && p.isolates.has(direction));
      const notes: Finding[] = selecting
        .filter((p) => p.problems.length > 0)
        .map((p) => ({
          layer: this.layer,
          object: p.object,
          message: `is invalid and enforces nothing (the API server rejects it): ${p.problems.join('; ')}`,
        }));
      r = {
        isolatedBy: valid.map((p) => p.object),
        allow: valid.flatMap((p) => (direction === 'ingress' ? p.ingress : p.egress)),
        deny: [],
        notes,
      };
      this.cache.set(key, r);
    }
    return r;
  }
}
