import { KubeObject, objectRef } from '../verify/policy-set';
import { apiGroupOf } from '../verify/unmodelled';
import { InputDocument, InputError } from './inputs';

/** The label cdk8s-zerotrust puts on every object it emits: the profile (cluster) it is for. */
export const PROFILE_LABEL = 'zerotrust.cdk8s.io/profile';
/** The label naming the topology an object was emitted for. */
export const TOPOLOGY_LABEL = 'zerotrust.cdk8s.io/topology';

/** The documents evaluated together, as one cluster. */
export interface DocumentGroup {
  /** `<topology>/<profile>` from the labels; undefined when no document is labelled. */
  readonly name?: string;
  readonly documents: readonly InputDocument[];
}

/**
 * Splits documents into the clusters they describe. Objects labelled `zerotrust.cdk8s.io/profile`
 * are grouped by topology and profile; unlabelled objects (workloads, hand-written policies) join
 * every group. Throws `InputError` when one group would hold the same object twice (same API group,
 * kind, namespace and name): the files then describe several clusters and nothing tells them apart.
 */
export function groupByProfile(documents: readonly InputDocument[]): DocumentGroup[] {
  const labelled = new Map<string, InputDocument[]>();
  const shared: InputDocument[] = [];
  for (const d of documents) {
    const profile = d.object.metadata.labels?.[PROFILE_LABEL];
    if (typeof profile !== 'string') {
      shared.push(d);
      continue;
    }
    const topology = d.object.metadata.labels?.[TOPOLOGY_LABEL];
    const name = `${typeof topology === 'string' ? topology : '-'}/${profile}`;
    const list = labelled.get(name);
    if (list) list.push(d);
    else labelled.set(name, [d]);
  }
  const groups: DocumentGroup[] =
    labelled.size === 0
      ? [{ documents: shared }]
      : [...labelled.keys()].sort().map((name) => ({ name, documents: [...(labelled.get(name) ?? []), ...shared] }));
  for (const g of groups) refuseDuplicates(g);
  return groups;
}

function refuseDuplicates(group: DocumentGroup): void {
  const seen = new Map<string, InputDocument>();
  for (const d of group.documents) {
    const key = identity(d.object);
    const first = seen.get(key);
    if (first) {
      const where = first.file === d.file ? `twice in ${d.file}` : `in ${first.file} and in ${d.file}`;
      throw new InputError(
        `${objectRef(d.object)} is defined ${where}${group.name ? ` (group ${group.name})` : ''}: ` +
          `the files mix several clusters or profiles. Verify one cluster's files at a time, or label each object with ${PROFILE_LABEL} (cdk8s-zerotrust synth does)`,
      );
    }
    seen.set(key, d);
  }
}

function identity(o: KubeObject): string {
  return `${apiGroupOf(o.apiVersion)} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
