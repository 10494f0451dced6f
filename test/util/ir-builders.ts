import { stringify } from 'yaml';
import { IrDns, IrL7, IrLabels, IrPeer, IrPort, IrRule, IrWorkload, IrZone } from '../../src/ir/types';
import { Manifest } from '../../src/targets/target';

/** Labels every object of the fixtures carries. */
export const COMMON_LABELS: IrLabels = {
  'app.kubernetes.io/managed-by': 'cdk8s-zerotrust',
  'zerotrust.cdk8s.io/topology': 'shop',
};

/** CoreDNS in kube-system on UDP and TCP 53, optionally with node-local cache addresses. */
export function kubeDns(nodeLocalAddresses: readonly string[] = []): IrDns {
  return {
    namespace: 'kube-system',
    podSelector: { 'k8s-app': 'kube-dns' },
    ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    nodeLocalAddresses,
  };
}

/** A zone named after the last segment of its id; denies both ways and keeps kube-dns unless told otherwise. */
export function zone(p: Partial<IrZone> & Pick<IrZone, 'id' | 'namespace'>): IrZone {
  return {
    path: `shop/${p.id}`,
    name: p.id.split('/').pop() ?? p.id,
    podSelector: {},
    denyIngress: true,
    denyEgress: true,
    dns: kubeDns(),
    manageNamespace: false,
    namespaceLabels: {},
    meshed: false,
    ...p,
  };
}

/** A workload named after the last segment of its id. */
export function workload(
  p: Partial<IrWorkload> & Pick<IrWorkload, 'id' | 'zone' | 'namespace' | 'selector'>,
): IrWorkload {
  return {
    path: `shop/${p.id}`,
    name: p.id.split('/').pop() ?? p.id,
    ports: [],
    appProtocol: 'tcp',
    meshed: false,
    ...p,
  };
}

/** A rule from one peer to another on some ports, optionally with L7 rules. */
export function rule(id: string, from: IrPeer, to: IrPeer, ports: readonly IrPort[], l7?: IrL7): IrRule {
  const base = { id, paths: [`shop/${id}`], from, to, ports };
  return l7 === undefined ? base : { ...base, l7 };
}

/** Manifests as multi-document YAML, for snapshots. */
export function toYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => stringify(m)).join('---\n');
}
