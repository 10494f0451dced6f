import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES } from '../../examples/main';
import { clusterFromScenario, loadManifests, mergeClusters, parseProbes, runProbes } from '../../src/verify';
import { parseDocs, synthFiles } from '../util/synth';

/**
 * The zones lab's ingress-nginx entry point, judged by the verify engine on the emitted files of
 * every profile: the scenario's workloads plus the controller's pods (and pods that only look
 * like them), and probes of what the Ingress asks for and nothing more.
 */
const SCENARIO = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'scenarios', 'zones-lab.yaml'), 'utf8');
const CONTROLLER = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };
const WORLD = `
namespaces:
  - { name: ingress-nginx, labels: { kubernetes.io/metadata.name: ingress-nginx } }
  - { name: tools, labels: { kubernetes.io/metadata.name: tools } }
workloads:
  - { name: controller, namespace: ingress-nginx, labels: ${JSON.stringify(CONTROLLER)}, serviceAccount: ingress-nginx }
  - { name: admission, namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: admission-webhook }, serviceAccount: ingress-nginx }
  - { name: lookalike, namespace: tools, labels: ${JSON.stringify(CONTROLLER)}, serviceAccount: ingress-nginx }
`;
const PROBES = parseProbes(`
probes:
  - { from: ingress-nginx/controller, to: frontend/frontend, port: 80/TCP, expect: allow, targets: [kubernetes, cilium, calico] }
  - { from: ingress-nginx/controller, to: frontend/frontend, port: 8080/TCP, expect: deny, targets: [kubernetes, cilium, calico] }
  - { from: ingress-nginx/controller, to: backend/http-api, port: 80/TCP, expect: deny, targets: [kubernetes, cilium, calico] }
  - { from: ingress-nginx/controller, to: backend/backend, port: 8080/TCP, expect: deny, targets: [kubernetes, cilium, calico] }
  - { from: ingress-nginx/controller, to: database/database, port: 5432/TCP, expect: deny, targets: [kubernetes, cilium, calico] }
  - { from: ingress-nginx/admission, to: frontend/frontend, port: 80/TCP, expect: deny, targets: [kubernetes, cilium, calico] }
  - { from: tools/lookalike, to: frontend/frontend, port: 80/TCP, expect: deny, targets: [kubernetes, cilium, calico] }
  - { from: frontend/test-client, to: frontend/frontend, port: 80/TCP, expect: deny, targets: [kubernetes, cilium, calico] }
  - { from: ingress-nginx/controller, to: frontend/frontend, port: 80/TCP, request: { method: POST, path: /admin/x }, expect: allow, targets: [cilium] }
`);

describe('zones-lab ingress-nginx', () => {
  const files = synthFiles((app) => EXAMPLES['zones-lab'](app));

  test.each(['kubernetes', 'cilium', 'calico'])('holds every probe of the Ingress path in profile %s', (profile) => {
    const emitted = loadManifests(files[`zones-lab-${profile}.k8s.yaml`]);
    const cluster = mergeClusters(
      emitted.cluster,
      mergeClusters(clusterFromScenario(SCENARIO), clusterFromScenario(WORLD)),
    );
    const results = runProbes(PROBES, emitted.policies, cluster, [profile]);
    expect(results.filter((r) => r.applies).length).toBeGreaterThan(5);
    expect(results.filter((r) => r.applies && !r.passed).map((r) => r.explanation)).toEqual([]);
  });

  test('emits the Ingress in the frontend namespace and the GatewayClass of the gateway, in every profile', () => {
    for (const profile of ['kubernetes', 'cilium', 'calico']) {
      const docs = parseDocs(files[`zones-lab-${profile}.k8s.yaml`]);
      const ingress = docs.find((d) => d.kind === 'Ingress');
      expect(ingress?.metadata).toMatchObject({ name: 'shop', namespace: 'frontend' });
      expect(ingress?.spec.ingressClassName).toBe('nginx');
      expect(docs.filter((d) => d.kind === 'GatewayClass').map((d) => d.spec.controllerName)).toEqual([
        'istio.io/gateway-controller',
      ]);
    }
  });
});
