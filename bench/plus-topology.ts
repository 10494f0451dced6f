import { App, Chart } from 'cdk8s';
import {
  Namespaces,
  NetworkPolicy,
  NetworkPolicyIpBlock,
  NetworkPolicyPort,
  NetworkPolicyTrafficDefault,
  Pods,
} from 'cdk8s-plus-30';
import { SyntheticSpec, TIER_PORT } from './synthetic-spec';
import { TOPOLOGY_NAME } from './zerotrust-topology';

/** Labels both writings put on every policy. */
const COMMON_LABELS = {
  'app.kubernetes.io/managed-by': 'cdk8s-zerotrust',
  'zerotrust.cdk8s.io/profile': 'kubernetes',
  'zerotrust.cdk8s.io/topology': TOPOLOGY_NAME,
};
/** Public IPv4 without private, CGNAT and link-local ranges: what FQDN egress widens to on plain NetworkPolicy. */
const PUBLIC_EXCEPT = ['10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'];
const HTTPS_PORT = 443;
const DNS_PORT = 53;

/**
 * Writes the NetworkPolicy-only form of a synthetic topology by hand with cdk8s-plus-30, in one
 * chart: per zone a default deny (ingress and egress) that keeps DNS to kube-dns, per tier an
 * ingress policy (one rule per source tier) and an egress policy (one rule per destination tier,
 * plus public HTTPS for FQDN egress). The policies are the ones the kubernetes profile emits.
 * Pod selectors are created once per tier (and once more, namespace-qualified, when another
 * namespace refers to the tier), as a careful author would.
 */
export function buildPlusChart(app: App, spec: SyntheticSpec): Chart {
  const chart = new Chart(app, `${TOPOLOGY_NAME}-plus`, { disableResourceNameHashes: true });
  const dns = Pods.select(chart, 'kube-dns', {
    labels: { 'k8s-app': 'kube-dns' },
    namespaces: Namespaces.select(chart, 'kube-system', { names: ['kube-system'] }),
  });
  for (const zone of spec.zones) {
    const deny = new NetworkPolicy(chart, `${zone.name}-default-deny`, {
      metadata: { name: `${zone.name}-default-deny`, namespace: zone.name, labels: COMMON_LABELS },
      selector: Pods.all(chart, `${zone.name}-all`),
      ingress: { default: NetworkPolicyTrafficDefault.DENY },
    });
    deny.addEgressRule(dns, [NetworkPolicyPort.udp(DNS_PORT), NetworkPolicyPort.tcp(DNS_PORT)]);
  }

  const local = new Map<number, Pods>();
  const qualified = new Map<number, Pods>();
  const selectorOf = (tier: number, fromZone: number): Pods => {
    const t = spec.tiers[tier];
    const cache = t.zone === fromZone ? local : qualified;
    let pods = cache.get(tier);
    if (!pods) {
      const namespaces =
        t.zone === fromZone
          ? undefined
          : Namespaces.select(chart, `${t.name}-ns`, { names: [spec.zones[t.zone].name] });
      pods = Pods.select(chart, `${t.name}${namespaces ? '-qualified' : ''}`, {
        labels: { app: t.name },
        ...(namespaces ? { namespaces } : {}),
      });
      cache.set(tier, pods);
    }
    return pods;
  };

  const sources: number[][] = spec.tiers.map(() => []);
  const destinations: number[][] = spec.tiers.map(() => []);
  for (const e of spec.edges) {
    sources[e.to].push(e.from);
    destinations[e.from].push(e.to);
  }
  const port = [NetworkPolicyPort.tcp(TIER_PORT)];
  spec.tiers.forEach((t, i) => {
    const namespace = spec.zones[t.zone].name;
    const from = [...sources[i]].sort((a, b) => a - b);
    const to = [...destinations[i]].sort((a, b) => a - b);
    if (from.length > 0) {
      const ingress = new NetworkPolicy(chart, `${t.name}-ingress`, {
        metadata: { name: `${t.name}-ingress`, namespace, labels: COMMON_LABELS },
        selector: selectorOf(i, t.zone),
      });
      for (const s of from) ingress.addIngressRule(selectorOf(s, t.zone), port);
    }
    if (to.length > 0 || t.fqdn) {
      const egress = new NetworkPolicy(chart, `${t.name}-egress`, {
        metadata: { name: `${t.name}-egress`, namespace, labels: COMMON_LABELS },
        selector: selectorOf(i, t.zone),
      });
      for (const d of to) egress.addEgressRule(selectorOf(d, t.zone), port);
      if (t.fqdn)
        egress.addEgressRule(NetworkPolicyIpBlock.ipv4(chart, `${t.name}-public`, '0.0.0.0/0', PUBLIC_EXCEPT), [
          NetworkPolicyPort.tcp(HTTPS_PORT),
        ]);
    }
  });
  return chart;
}
