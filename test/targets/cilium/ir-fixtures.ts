import { IrFqdn, IrHttpRule, IrL7, IrTopology } from '../../../src/ir/types';
import { CiliumNetworkPolicyManifest } from '../../../src/targets/cilium/cnp';
import { Manifest } from '../../../src/targets/target';
import { COMMON_LABELS, kubeDns, peer, port, rule, topology, toYaml, workload, zone } from '../../util/ir-builders';

export { COMMON_LABELS, kubeDns, peer, port, rule, topology, toYaml, workload, zone };

/** DNS name factories. */
export const fqdn = {
  exact: (value: string): IrFqdn => ({ kind: 'exact', value }),
  wildcard: (value: string): IrFqdn => ({ kind: 'wildcard', value }),
  subdomains: (value: string): IrFqdn => ({ kind: 'subdomains', value }),
};

/** HTTP rule factories. */
export const http = {
  exact: (method: string, path: string): IrHttpRule => ({ method, path: { kind: 'exact', value: path }, headers: [] }),
  prefix: (method: string, path: string): IrHttpRule => ({
    method,
    path: { kind: 'prefix', value: path },
    headers: [],
  }),
  regex: (method: string, path: string): IrHttpRule => ({ method, path: { kind: 'regex', value: path }, headers: [] }),
  /** A gRPC method (`POST /pkg.Service/Method`) or, without a method, a whole service (`POST /pkg.Service/*`). */
  grpc: (service: string, method?: string): IrHttpRule =>
    method === undefined
      ? { method: 'POST', path: { kind: 'prefix', value: `/${service}/` }, headers: [], grpc: { service } }
      : {
          method: 'POST',
          path: { kind: 'exact', value: `/${service}/${method}` },
          headers: [],
          grpc: { service, method },
        },
};

/** An HTTP L7 restriction. */
export function httpL7(...rules: readonly IrHttpRule[]): IrL7 {
  return { kind: 'http', rules };
}

/**
 * The three-tier scenario (test/fixtures/scenarios/three-tier.yaml) as the planner hands it to a
 * Cilium-only profile: one zone `production` denying both ways with DNS, L7 on backend-api's ports,
 * Prometheus a pods peer in `monitoring`, Postgres and the internet as CIDRs, Stripe by name.
 */
export function threeTier(): IrTopology {
  const prod = 'production';
  const api = 'production/backend-api';
  return topology(
    [zone({ id: prod, namespace: prod })],
    [
      workload({
        id: api,
        zone: prod,
        namespace: prod,
        selector: { app: 'backend-api' },
        appProtocol: 'http',
        ports: [
          { port: 8080, protocol: 'TCP' },
          { port: 9090, protocol: 'TCP' },
        ],
      }),
      workload({
        id: 'production/frontend',
        zone: prod,
        namespace: prod,
        selector: { app: 'frontend' },
        ports: [{ port: 80, protocol: 'TCP' }],
      }),
      workload({
        id: 'production/redis',
        zone: prod,
        namespace: prod,
        selector: { app: 'redis' },
        ports: [{ port: 6379, protocol: 'TCP' }],
      }),
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
      rule('backend-api->stripe', peer.workload(api), peer.fqdn(fqdn.exact('api.stripe.com')), [port.tcp(443)]),
      rule(
        'frontend->backend-api',
        peer.workload('production/frontend'),
        peer.workload(api),
        [port.tcp(8080)],
        httpL7(
          http.exact('GET', '/api/v1/products'),
          http.exact('POST', '/api/v1/orders'),
          http.exact('GET', '/healthz'),
        ),
      ),
      rule(
        'prometheus->backend-api',
        peer.podsIn('monitoring', { app: 'prometheus' }),
        peer.workload(api),
        [port.tcp(9090)],
        httpL7(http.exact('GET', '/metrics')),
      ),
    ],
  );
}

/**
 * The zones-lab scenario (test/fixtures/scenarios/zones-lab.yaml): one zone per namespace, each
 * denying both ways with DNS; cross-namespace allows; L7 with a header condition; FQDN egress.
 */
export function zonesLab(): IrTopology {
  return topology(
    [
      zone({ id: 'backend', namespace: 'backend' }),
      zone({ id: 'database', namespace: 'database' }),
      zone({ id: 'frontend', namespace: 'frontend' }),
    ],
    [
      workload({
        id: 'backend/backend',
        zone: 'backend',
        namespace: 'backend',
        selector: { app: 'backend', tier: 'api' },
        appProtocol: 'http',
        ports: [{ port: 8080, protocol: 'TCP' }],
      }),
      workload({
        id: 'backend/http-api',
        zone: 'backend',
        namespace: 'backend',
        selector: { app: 'http-api', tier: 'api' },
        appProtocol: 'http',
        ports: [{ port: 80, protocol: 'TCP' }],
      }),
      workload({
        id: 'database/database',
        zone: 'database',
        namespace: 'database',
        selector: { app: 'database', tier: 'data' },
        ports: [{ port: 5432, protocol: 'TCP' }],
      }),
      workload({
        id: 'frontend/frontend',
        zone: 'frontend',
        namespace: 'frontend',
        selector: { app: 'frontend', tier: 'web' },
        ports: [{ port: 80, protocol: 'TCP' }],
      }),
      workload({
        id: 'frontend/test-client',
        zone: 'frontend',
        namespace: 'frontend',
        selector: { app: 'test-client' },
      }),
    ],
    [
      rule('backend->database', peer.workload('backend/backend'), peer.workload('database/database'), [port.tcp(5432)]),
      rule(
        'backend->external-apis',
        peer.workload('backend/backend'),
        peer.fqdn(fqdn.exact('api.github.com'), fqdn.exact('httpbin.org'), fqdn.wildcard('*.googleapis.com')),
        [port.tcp(443)],
      ),
      rule('frontend->backend', peer.workload('frontend/frontend'), peer.workload('backend/backend'), [port.tcp(8080)]),
      rule(
        'frontend->http-api',
        peer.workload('frontend/frontend'),
        peer.workload('backend/http-api'),
        [port.tcp(80)],
        httpL7(http.exact('GET', '/'), {
          method: 'GET',
          path: { kind: 'regex', value: '/api/.*' },
          headers: [{ name: 'x-api-version', value: 'v1' }],
        }),
      ),
    ],
  );
}

/**
 * Every other rendering feature: a zone with node-local DNS caches, an egress-only zone narrowed
 * by pod labels and without DNS, an ingress-only zone; any-peers, entities, pods of every
 * namespace and of a whole namespace, DNS patterns (wildcard and subdomains), gRPC, Kafka, regex
 * and prefix paths, header presence, SCTP, ranges, named ports, protocol-only ports, all ports.
 */
export function features(): IrTopology {
  const pay = 'payments';
  const api = 'payments/api';
  const ledger = 'payments/ledger';
  return topology(
    [
      zone({ id: 'batch', namespace: 'batch', podSelector: { tier: 'batch' }, denyIngress: false, dns: undefined }),
      zone({ id: 'edge', namespace: 'edge', denyEgress: false }),
      zone({ id: pay, namespace: pay, dns: kubeDns(['169.254.20.10', 'fd00::a']) }),
    ],
    [
      workload({ id: 'batch/worker', zone: 'batch', namespace: 'batch', selector: { app: 'worker', tier: 'batch' } }),
      workload({ id: 'edge/proxy', zone: 'edge', namespace: 'edge', selector: { app: 'proxy' } }),
      workload({ id: api, zone: pay, namespace: pay, selector: { app: 'api' }, appProtocol: 'http' }),
      workload({
        id: ledger,
        zone: pay,
        namespace: pay,
        selector: { app: 'ledger' },
        appProtocol: 'kafka',
        ports: [
          { port: 9092, protocol: 'TCP' },
          { port: 50051, protocol: 'TCP', name: 'grpc' },
        ],
      }),
    ],
    [
      rule('any->api', peer.any(), peer.workload(api), [port.tcp(8443)]),
      rule('api->any', peer.workload(api), peer.any(), [port.tcp(8443)]),
      rule(
        'api->cloud',
        peer.workload(api),
        peer.fqdn(fqdn.subdomains('example.com'), fqdn.wildcard('api-*.example.net')),
        [port.tcp(443)],
      ),
      rule('api->kube-apiserver', peer.workload(api), peer.entity('kube-apiserver'), [port.tcp(6443)]),
      rule('api->ledger', peer.workload(api), peer.workload(ledger), [port.tcp(9092)], {
        kind: 'kafka',
        rules: [{ role: 'produce', topic: 'payments', clientId: 'api' }],
      }),
      rule(
        'api->ledger-grpc',
        peer.workload(api),
        peer.workload(ledger),
        [port.named('grpc')],
        httpL7(http.grpc('ledger.v1.Ledger', 'Append'), http.grpc('ledger.v1.Query')),
      ),
      rule('api->sigtran', peer.workload(api), peer.cidr('198.51.100.0/24'), [port.sctp(2905)]),
      rule('api->vendor', peer.workload(api), peer.cidr('203.0.113.0/24'), [port.tcpRange(7000, 7010)]),
      rule(
        'ingress->api',
        peer.entity('ingress'),
        peer.workload(api),
        [port.tcp(8080)],
        httpL7(http.prefix('GET', '/api/v1.0/')),
      ),
      rule('monitoring->api', peer.podsIn('monitoring', {}), peer.workload(api), [port.tcp(9090)]),
      rule(
        'probe->api',
        peer.podsEverywhere({ app: 'probe' }),
        peer.workload(api),
        [port.tcp(8081)],
        httpL7(
          { method: 'GET', path: { kind: 'regex', value: '/health(z|/ready)' }, headers: [{ name: 'x-probe' }] },
          http.prefix('GET', '/status/'),
        ),
      ),
      rule('proxy->api', peer.workload('edge/proxy'), peer.workload(api), []),
      rule('world->proxy', peer.entity('world'), peer.workload('edge/proxy'), [port.tcp(443)]),
      rule('worker->api', peer.workload('batch/worker'), peer.workload(api), [port.tcp(8080), port.allUdp()]),
      rule('worker->ledger', peer.workload('batch/worker'), peer.workload(ledger), [port.tcp(9092)], {
        kind: 'kafka',
        rules: [{ role: 'consume', topic: 'payments' }],
      }),
    ],
  );
}

/** The CiliumNetworkPolicy of that name among the manifests; throws when absent. */
export function findPolicy(manifests: readonly Manifest[], name: string): CiliumNetworkPolicyManifest {
  const found = manifests.find((m) => m.kind === 'CiliumNetworkPolicy' && m.metadata.name === name);
  if (!found)
    throw new Error(`no CiliumNetworkPolicy '${name}' among ${manifests.map((m) => m.metadata.name).join(', ')}`);
  return found as CiliumNetworkPolicyManifest;
}
