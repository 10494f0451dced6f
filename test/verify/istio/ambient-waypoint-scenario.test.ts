import { IstioLayer } from '../../../src/verify/istio';
import { cluster, namespace, pod, service } from './cluster-builder';
import { fixtureManifests, probeFlow, probeTitle, scenarioProbes } from './scenario-probes';

// The ambient-waypoint scenario's workloads as the cluster loader would see them: ns-test is
// ambient (its waypoint labels come from the Namespace manifest), the ingress gateway pod runs
// Envoy outside the ambient mesh, intruder has no proxy. The Service in front of web-test carries
// istio.io/ingress-use-waypoint so that the ingress gateway goes through the waypoint.
function world(serviceLabels: { [key: string]: string }) {
  return cluster({
    namespaces: [namespace('ns-test'), namespace('istio-system'), namespace('kube-system'), namespace('other')],
    pods: [
      pod('ns-test', 'web-test', { ports: [[8080, 'http']], dataplane: 'ambient' }),
      pod('istio-system', 'istio-gateway', {
        labels: { 'gateway.networking.k8s.io/gateway-name': 'istio-gateway' },
        serviceAccount: 'istio-gateway-istio',
        dataplane: 'none',
      }),
      pod('other', 'intruder', { serviceAccount: 'default', dataplane: 'none' }),
      pod('kube-system', 'kube-dns', { labels: { 'k8s-app': 'kube-dns' }, dataplane: 'none' }),
    ],
    services: [
      service(
        'ns-test',
        'web-test-service',
        { app: 'web-test' },
        [{ name: 'http', port: 80, targetPort: 8080 }],
        serviceLabels,
      ),
    ],
  });
}
const enrolled = world({ 'istio.io/ingress-use-waypoint': 'true' });
const layer = new IstioLayer(fixtureManifests('ambient-waypoint-istio.yaml'));
const probes = scenarioProbes('ambient-waypoint', 'istio');

describe('ambient-waypoint scenario, istio probes', () => {
  test('can read every istio probe of the scenario', () => {
    expect(probes.length).toBe(4);
  });

  test.each(probes.map((probe) => [probeTitle(probe), probe] as const))('%s', (_title, probe) => {
    const decision = layer.decide(probeFlow(probe, enrolled), enrolled);
    expect(decision.allowed).toBe(probe.expect === 'allow');
  });

  test('can explain each verdict by the object and rule that decided', () => {
    const byTitle = Object.fromEntries(
      probes.map((probe) => {
        const last = layer.decide(probeFlow(probe, enrolled), enrolled).findings.at(-1)!;
        return [probeTitle(probe), `${last.object ?? '-'} ${last.rule ?? '-'}: ${last.message}`];
      }),
    );
    expect(byTitle).toMatchSnapshot();
  });

  test('can enforce GET / at the waypoint and admit only the waypoint at the ztunnel', () => {
    const get = probes.find((p) => p.request?.method === 'GET' && p.request.path === '/')!;
    const findings = layer.decide(probeFlow(get, enrolled), enrolled).findings;
    expect(findings).toContainEqual(
      expect.objectContaining({
        object: 'AuthorizationPolicy ns-test/web-test-l7',
        rule: 'rules[0]',
        message: expect.stringMatching(/at waypoint ns-test\/waypoint$/),
      }),
    );
    expect(findings.at(-1)).toMatchObject({
      object: 'AuthorizationPolicy ns-test/web-test-from-waypoint',
      rule: 'rules[0]',
      message: expect.stringMatching(/waypoint ns-test\/waypoint .* at the ztunnel of ns-test\/web-test$/),
    });
  });

  test('cannot let the ingress gateway through without istio.io/ingress-use-waypoint on the Service', () => {
    const unlabelled = world({});
    const get = probes.find((p) => p.request?.method === 'GET' && p.request.path === '/')!;
    const decision = layer.decide(probeFlow(get, unlabelled), unlabelled);
    expect(decision.allowed).toBe(false);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/skipping waypoint ns-test\/waypoint/) }),
    );
  });
});
