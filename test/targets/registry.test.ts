import { App } from 'cdk8s';
import {
  AllowedRoutes,
  IngressGateway,
  Listener,
  MeshMode,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Zone,
} from '../../src';
import { Capability } from '../../src/plan/target-descriptor';
import { istioTarget } from '../../src/targets/istio';
import { kubernetesTarget } from '../../src/targets/kubernetes';
import { allTargets, findTarget, registerTarget } from '../../src/targets/registry';
import { Target } from '../../src/targets/target';
import { find, synthDocs, synthError } from '../util/synth';

const without = (caps: ReadonlySet<Capability>, c: Capability) => new Set([...caps].filter((x) => x !== c));

/** A CNI that renders NetworkPolicy but cannot say "any source". */
const narrowCni: Target = {
  ...kubernetesTarget,
  name: 'narrow-cni',
  title: 'Narrow CNI',
  capabilities: without(kubernetesTarget.capabilities, Capability.ANY_PEER),
};
/** A mesh like Istio that cannot say "any source". */
const narrowMesh: Target = {
  ...istioTarget,
  name: 'narrow-mesh',
  title: 'Narrow mesh',
  capabilities: without(istioTarget.capabilities, Capability.ANY_PEER),
};
registerTarget(narrowCni);
registerTarget(narrowMesh);

/** A gateway living in a zone: clients reach its listeners from anywhere. */
function gatewayInZone(app: App, profiles: Profile[]): void {
  const t = new Topology(app, 'shop', { profiles, warnings: WarningMode.SILENT });
  const web = new Tier(new Zone(t, 'shop'), 'web', {
    selector: { app: 'web' },
    ports: [Port.tcp(8080)],
    service: { name: 'web', ports: [{ port: 80, targetPort: 8080 }] },
  });
  new Zone(t, 'edge');
  const gw = new IngressGateway(t, 'gw', {
    namespace: 'edge',
    className: 'istio',
    allowedRoutes: AllowedRoutes.ALL_NAMESPACES,
    listeners: [Listener.http(80)],
  });
  gw.addHttpRoute('web', { hostnames: ['shop.example.com'], rules: [{ backends: [{ tier: web }] }] });
}

/** A plaintext tier calling a meshed tier: the mesh can name the source only as "any". */
function plaintextIntoMesh(app: App, profiles: Profile[]): void {
  const t = new Topology(app, 'shop', { mesh: MeshMode.SIDECAR, profiles, warnings: WarningMode.SILENT });
  const z = new Zone(t, 'shop');
  const legacy = new Tier(z, 'legacy', { selector: { app: 'legacy' }, mesh: false });
  const api = new Tier(z, 'api', { selector: { app: 'api' }, serviceAccount: 'api', ports: [Port.tcp(8080)] });
  api.allowFrom(legacy, { ports: [Port.tcp(8080)] });
}

describe('target registry', () => {
  test('can register a custom target once, after the built-in ones, and find it by name', () => {
    expect(allTargets().map((t) => t.name)).toEqual([
      'kubernetes',
      'cilium',
      'calico',
      'istio',
      'gateway-api',
      'network-policy-api',
      'linkerd',
      'ingress',
      'narrow-cni',
      'narrow-mesh',
    ]);
    expect(findTarget('narrow-cni')).toBe(narrowCni);
    expect(() => registerTarget(narrowCni)).toThrow(/already registered/);
  });

  test('can synthesize a profile of a custom target', () => {
    const docs = synthDocs((app) => {
      const t = new Topology(app, 'shop', { profiles: [Profile.of(['narrow-cni'])] });
      const z = new Zone(t, 'prod');
      const web = new Tier(z, 'web', { selector: { app: 'web' }, ports: [Port.tcp(80)] });
      new Tier(z, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] }).allowFrom(web, {
        ports: [Port.tcp(8080)],
      });
    })['shop-narrow-cni.k8s.yaml'];
    expect(find(docs, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
  });
});

describe('the ANY_PEER capability', () => {
  test('can let a CNI that has it admit any client to a gateway in a zone', () => {
    const docs = synthDocs((app) => gatewayInZone(app, [Profile.kubernetes()]))['shop-kubernetes.k8s.yaml'];
    expect(find(docs, 'NetworkPolicy', 'gw-gateway-ingress').spec.ingress).toEqual([
      { ports: [{ protocol: 'TCP', port: 80 }] },
    ]);
  });

  test('cannot let a CNI without it admit any client: the rule is refused, naming the target', () => {
    expect(synthError((app) => gatewayInZone(app, [Profile.of(['narrow-cni'])]))).toMatch(
      /\[shop\/gw\] ZT118: .*any source.* cannot be expressed by Narrow CNI in profile 'narrow-cni'/,
    );
  });

  test('can let a mesh that has it name a plaintext source as any, behind a CNI', () => {
    expect(() => synthDocs((app) => plaintextIntoMesh(app, [Profile.kubernetesIstio()]))).not.toThrow();
  });

  test('cannot let a mesh without it name a plaintext source as any: the rule is refused, naming the target', () => {
    expect(synthError((app) => plaintextIntoMesh(app, [Profile.of(['kubernetes', 'narrow-mesh'])]))).toMatch(
      /\[shop\/shop\/api\/from-legacy\] ZT118: source tier shop\/legacy cannot be named by Narrow mesh in profile 'kubernetes-narrow-mesh'/,
    );
  });
});
