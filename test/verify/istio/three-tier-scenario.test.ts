import { IstioLayer } from '../../../src/verify/istio';
import { cluster, namespace, pod, service } from './cluster-builder';
import { fixtureManifests, probeFlow, probeTitle, scenarioProbes } from './scenario-probes';

// The three-tier scenario's workloads, as the cluster loader would see them in sidecar mode:
// production and monitoring have sidecars; legacy-client and kube-dns have none. Ports carry
// Istio protocol names (backend-api speaks HTTP).
const world = cluster({
  namespaces: [
    namespace('production'),
    namespace('monitoring', { team: 'monitoring' }),
    namespace('kube-system'),
    namespace('legacy'),
  ],
  pods: [
    pod('production', 'frontend', { ports: [[80, 'http']] }),
    pod('production', 'backend-api', {
      ports: [
        [8080, 'http'],
        [9090, 'http-metrics'],
      ],
    }),
    pod('production', 'redis', { ports: [[6379, 'tcp-redis']], serviceAccount: 'redis' }),
    pod('monitoring', 'prometheus'),
    pod('kube-system', 'kube-dns', { labels: { 'k8s-app': 'kube-dns' }, ports: [[53, 'dns-tcp']], dataplane: 'none' }),
    pod('legacy', 'legacy-client', { labels: { app: 'legacy-client' }, dataplane: 'none' }),
  ],
  services: [
    service('production', 'frontend', { app: 'frontend' }, [{ name: 'http', port: 80, targetPort: 80 }]),
    service('production', 'backend-api', { app: 'backend-api' }, [
      { name: 'http', port: 8080, targetPort: 8080 },
      { name: 'http-metrics', port: 9090, targetPort: 9090 },
    ]),
    service('production', 'redis', { app: 'redis' }, [{ name: 'tcp-redis', port: 6379, targetPort: 6379 }]),
  ],
});
const layer = new IstioLayer(fixtureManifests('three-tier-istio.yaml'));
const probes = scenarioProbes('three-tier', 'istio');

describe('three-tier scenario, istio probes (sidecar mode)', () => {
  test('can read every istio probe of the scenario', () => {
    expect(probes.length).toBe(12);
  });

  test.each(probes.map((probe) => [probeTitle(probe), probe] as const))('%s', (_title, probe) => {
    const decision = layer.decide(probeFlow(probe, world), world);
    expect(decision.allowed).toBe(probe.expect === 'allow');
    expect(decision.findings.length).toBeGreaterThan(0);
    expect(decision.findings.every((f) => f.layer === 'istio')).toBe(true);
  });

  test('can explain each verdict by the object and rule that decided', () => {
    const byTitle = Object.fromEntries(
      probes.map((probe) => {
        const last = layer.decide(probeFlow(probe, world), world).findings.at(-1)!;
        return [probeTitle(probe), `${last.object ?? '-'} ${last.rule ?? '-'}: ${last.message}`];
      }),
    );
    expect(byTitle).toMatchSnapshot();
  });

  test('can name STRICT mTLS as the reason plaintext from legacy is rejected', () => {
    const probe = probes.find((p) => p.from === 'legacy/legacy-client')!;
    expect(layer.decide(probeFlow(probe, world), world).findings.at(-1)).toMatchObject({
      object: 'PeerAuthentication production/default',
      message:
        'STRICT mTLS rejects plaintext from legacy/legacy-client (plaintext) at the sidecar of production/backend-api',
    });
  });
});
