import { NetworkPolicyManifest } from '../../../src/targets/kubernetes/network-policy';
import { Manifest } from '../../../src/targets/target';
import { IrTopology } from '../../../src/ir/types';
import { COMMON_LABELS, kubeDns, peer, port, rule, topology, toYaml, workload, zone } from '../../util/ir-builders';

export { COMMON_LABELS, kubeDns, peer, port, rule, topology, toYaml, workload, zone };

/**
 * Every rendering feature at once:
 * - `production` denies both ways, keeps DNS with node-local caches (IPv4 and IPv6);
 * - `batch` (namespace `batch`, pods `tier=batch`) denies egress only;
 * - `edge` denies nothing;
 * - rules cover same- and cross-namespace workloads, pods by namespace name, by namespace
 *   labels and in every namespace, CIDRs with and without `except`, numeric, range, named,
 *   SCTP, protocol-only and all ports.
 */
export function kitchenSink(): IrTopology {
  const prod = 'production';
  return topology(
    [
      zone({ id: 'batch', namespace: 'batch', podSelector: { tier: 'batch' }, denyIngress: false }),
      zone({ id: 'edge', namespace: 'edge', denyIngress: false, denyEgress: false }),
      zone({ id: prod, namespace: prod, dns: kubeDns(['169.254.20.10', 'fd00::a']) }),
    ],
    [
      workload({ id: 'batch/worker', zone: 'batch', namespace: 'batch', selector: { app: 'worker', tier: 'batch' } }),
      workload({ id: 'edge/proxy', zone: 'edge', namespace: 'edge', selector: { app: 'proxy' } }),
      workload({ id: 'production/api', zone: prod, namespace: prod, selector: { app: 'api' } }),
      workload({ id: 'production/web', zone: prod, namespace: prod, selector: { app: 'web' } }),
    ],
    [
      rule('any-ns-probe->api', peer.podsWhere({}, { app: 'probe' }), peer.workload('production/api'), [
        port.tcp(8081),
      ]),
      rule('api->docs', peer.workload('production/api'), peer.cidr('192.0.2.0/24'), [port.allUdp()]),
      rule(
        'api->internet',
        peer.workload('production/api'),
        peer.cidr('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']),
        [port.tcp(443)],
      ),
      rule('api->postgres', peer.workload('production/api'), peer.cidr('10.100.0.0/16'), [port.tcpRange(5432, 5440)]),
      rule('api->sigtran', peer.workload('production/api'), peer.cidr('198.51.100.0/24'), [port.sctp(2905)]),
      rule('api->worker', peer.workload('production/api'), peer.workload('batch/worker'), [port.tcp(7000)]),
      rule('ops->api', peer.podsWhere({ team: 'ops' }, {}), peer.workload('production/api'), [port.named('metrics')]),
      rule('prometheus->api', peer.podsIn('monitoring', { app: 'prometheus' }), peer.workload('production/api'), [
        port.tcp(9090),
      ]),
      rule('proxy->api', peer.workload('edge/proxy'), peer.workload('production/api'), []),
      rule('web->api', peer.workload('production/web'), peer.workload('production/api'), [port.tcp(8080)]),
      rule('worker->api', peer.workload('batch/worker'), peer.workload('production/api'), [
        port.tcp(8080),
        port.named('grpc'),
      ]),
    ],
  );
}

/**
 * The three-tier scenario (test/fixtures/scenarios/three-tier.yaml) at L4, as the planner hands
 * it to NetworkPolicy: L7 widened away, Prometheus a pods peer in `monitoring`.
 */
export function threeTier(): IrTopology {
  const prod = 'production';
  const api = 'production/backend-api';
  return topology(
    [zone({ id: prod, namespace: prod })],
    [
      workload({ id: api, zone: prod, namespace: prod, selector: { app: 'backend-api' } }),
      workload({ id: 'production/frontend', zone: prod, namespace: prod, selector: { app: 'frontend' } }),
      workload({ id: 'production/redis', zone: prod, namespace: prod, selector: { app: 'redis' } }),
    ],
    [
      rule(
        'backend-api->internet',
        peer.workload(api),
        peer.cidr('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']),
        [port.tcp(443)],
      ),
      rule('backend-api->postgres', peer.workload(api), peer.cidr('10.100.0.0/16'), [port.tcp(5432)]),
      rule('backend-api->redis', peer.workload(api), peer.workload('production/redis'), [port.tcp(6379)]),
      rule('frontend->backend-api', peer.workload('production/frontend'), peer.workload(api), [port.tcp(8080)]),
      rule('prometheus->backend-api', peer.podsIn('monitoring', { app: 'prometheus' }), peer.workload(api), [
        port.tcp(9090),
      ]),
    ],
  );
}

/** The NetworkPolicy of that name among the manifests; throws when absent. */
export function findPolicy(manifests: readonly Manifest[], name: string): NetworkPolicyManifest {
  const found = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === name);
  if (!found) throw new Error(`no NetworkPolicy '${name}' among ${manifests.map((m) => m.metadata.name).join(', ')}`);
  return found as NetworkPolicyManifest;
}
