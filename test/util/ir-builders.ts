import { stringify } from 'yaml';
import {
  IrDns,
  IrFqdn,
  IrL7,
  IrLabels,
  IrPeer,
  IrPort,
  IrRule,
  IrTopology,
  IrWorkload,
  IrZone,
} from '../../src/ir/types';
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
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
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

/** Peer factories. */
export const peer = {
  workload: (id: string): IrPeer => ({ kind: 'workload', workload: id }),
  podsIn: (namespace: string, podLabels: IrLabels): IrPeer => ({ kind: 'pods', namespace, podLabels }),
  podsWhere: (namespaceLabels: IrLabels, podLabels: IrLabels): IrPeer => ({ kind: 'pods', namespaceLabels, podLabels }),
  podsEverywhere: (podLabels: IrLabels): IrPeer => ({ kind: 'pods', namespaceLabels: {}, podLabels }),
  cidr: (cidr: string, except: readonly string[] = []): IrPeer => ({ kind: 'cidr', cidr, except }),
  entity: (entity: 'world' | 'cluster' | 'host' | 'kube-apiserver' | 'ingress'): IrPeer => ({ kind: 'entity', entity }),
  fqdn: (...names: readonly IrFqdn[]): IrPeer => ({ kind: 'fqdn', names }),
  any: (): IrPeer => ({ kind: 'any' }),
};

/** Port factories. */
export const port = {
  tcp: (n: number): IrPort => ({ protocol: 'TCP', port: n }),
  udp: (n: number): IrPort => ({ protocol: 'UDP', port: n }),
  sctp: (n: number): IrPort => ({ protocol: 'SCTP', port: n }),
  tcpRange: (from: number, to: number): IrPort => ({ protocol: 'TCP', port: from, endPort: to }),
  named: (name: string): IrPort => ({ protocol: 'TCP', name }),
  allTcp: (): IrPort => ({ protocol: 'TCP' }),
  allUdp: (): IrPort => ({ protocol: 'UDP' }),
};

/** A topology of the given zones, workloads and rules, with no mesh, gateways or routes. */
export function topology(
  zones: readonly IrZone[],
  workloads: readonly IrWorkload[],
  rules: readonly IrRule[],
  settings: Partial<IrTopology['settings']> = {},
): IrTopology {
  return {
    name: 'shop',
    path: 'shop',
    zones,
    workloads,
    rules,
    mtls: [],
    mesh: { mode: 'none', trustDomain: 'cluster.local', rootNamespace: 'istio-system', waypoints: [] },
    gateways: [],
    routes: [],
    settings: { targetVersions: { cilium: '1.19' }, commonLabels: COMMON_LABELS, ...settings },
  };
}
