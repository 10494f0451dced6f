import { App } from 'cdk8s';
import {
  AppProtocol,
  HttpMatch,
  IngressClass,
  IngressController,
  IngressGateway,
  IngressProps,
  Listener,
  Port,
  Profile,
  RouteMatch,
  Tier,
  Topology,
  WarningCode,
  WarningMode,
  Zone,
} from '../../src';
import '../../src/verify/istio';
import { clusterFromScenario, loadManifests, mergeClusters, parseProbes, runProbes } from '../../src/verify';
import { Doc, find, synthDocs, synthError, synthFiles } from '../util/synth';

interface Built {
  readonly t: Topology;
  readonly web: Tier;
  readonly api: Tier;
  readonly admin: Tier;
}

/** Zone `shop` with `web` (Service web 80 → 8080), `api` (Service api 9090) and `admin` (no route). */
function base(app: App, profiles = [Profile.kubernetes(), Profile.cilium()]): Built {
  const t = new Topology(app, 'shop', { profiles, warnings: WarningMode.SILENT });
  const z = new Zone(t, 'shop');
  const web = new Tier(z, 'web', {
    selector: { app: 'web' },
    ports: [Port.tcp(8080)],
    protocol: AppProtocol.HTTP,
    service: { name: 'web', ports: [{ port: 80, targetPort: 8080 }] },
  });
  const api = new Tier(z, 'api', {
    selector: { app: 'api' },
    ports: [Port.tcp(9090)],
    protocol: AppProtocol.HTTP,
    service: { name: 'api' },
  });
  const admin = new Tier(z, 'admin', { selector: { app: 'admin' }, ports: [Port.tcp(7070)] });
  return { t, web, api, admin };
}

/** An ingress-nginx controller routing shop.example.com: / to web, /api (exact and prefix) to api, with TLS. */
function nginx(app: App, profiles?: Profile[], extra?: (b: Built) => Partial<IngressProps>): Built {
  const b = base(app, profiles);
  const controller = new IngressController(b.t, 'nginx', { ingressClass: IngressClass.nginx() });
  controller.addIngress('storefront', {
    hostnames: ['shop.example.com'],
    tls: [{ secretName: 'shop-tls' }],
    rules: [
      { backends: [{ tier: b.web }] },
      { matches: [RouteMatch.pathPrefix('/api'), RouteMatch.exactPath('/status')], backends: [{ tier: b.api }] },
    ],
    ...(extra ? extra(b) : {}),
  });
  return b;
}

const docs = (file: string, build: (app: App) => unknown = (app) => nginx(app)): Doc[] => synthDocs(build)[file];

describe('Ingress objects', () => {
  test('can render one Ingress of the controller class per route, in the backends namespace, in every profile', () => {
    for (const f of ['shop-kubernetes.k8s.yaml', 'shop-cilium.k8s.yaml']) {
      const ingress = find(docs(f), 'Ingress', 'storefront', 'shop');
      expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
      expect(ingress.spec).toEqual({
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
                { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 9090 } } } },
                { path: '/status', pathType: 'Exact', backend: { service: { name: 'api', port: { number: 9090 } } } },
              ],
            },
          },
        ],
      });
    }
  });

  test('cannot emit a Gateway, a route or a GatewayClass for an ingress controller', () => {
    const d = docs('shop-cilium.k8s.yaml');
    expect(d.filter((x) => x.apiVersion.startsWith('gateway.networking.k8s.io'))).toEqual([]);
  });

  test('can derive the data path from the ingress-nginx pods to exactly the routed pod ports', () => {
    const np = find(docs('shop-kubernetes.k8s.yaml'), 'NetworkPolicy', 'web-ingress');
    expect(np.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
            podSelector: {
              matchLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
  });

  test('can take the namespace, labels and class of another controller', () => {
    const d = synthDocs((app) => {
      const b = base(app, [Profile.cilium()]);
      new IngressController(b.t, 'traefik', {
        ingressClass: IngressClass.custom({
          className: 'traefik',
          namespace: 'traefik',
          podLabels: { 'app.kubernetes.io/name': 'traefik' },
        }),
      }).addIngress('web', { rules: [{ backends: [{ tier: b.web }] }] });
    })['shop-cilium.k8s.yaml'];
    const ingress = find(d, 'Ingress', 'web', 'shop');
    expect(ingress.spec).toEqual({
      ingressClassName: 'traefik',
      rules: [
        {
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
          },
        },
      ],
    });
    expect(find(d, 'CiliumNetworkPolicy', 'web-ingress').spec.ingress).toEqual([
      {
        fromEndpoints: [
          { matchLabels: { 'app.kubernetes.io/name': 'traefik', 'k8s:io.kubernetes.pod.namespace': 'traefik' } },
        ],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      },
    ]);
  });

  test("can use Cilium's ingress entity for Cilium's ingress controller", () => {
    const d = synthDocs((app) => {
      const b = base(app, [Profile.cilium()]);
      new IngressController(b.t, 'cilium-ingress', { ingressClass: IngressClass.cilium() }).addIngress('web', {
        hostnames: ['shop.example.com'],
        rules: [{ backends: [{ tier: b.web }] }],
      });
    })['shop-cilium.k8s.yaml'];
    expect(find(d, 'Ingress', 'web', 'shop').spec.ingressClassName).toBe('cilium');
    expect(find(d, 'CiliumNetworkPolicy', 'web-ingress').spec.ingress).toEqual([
      { fromEntities: ['ingress'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
    ]);
  });

  test("throws for Cilium's ingress controller in a NetworkPolicy profile (its traffic has no labels)", () => {
    expect(
      synthError((app) => {
        const b = base(app, [Profile.kubernetes()]);
        new IngressController(b.t, 'c', { ingressClass: IngressClass.cilium() }).addIngress('web', {
          rules: [{ backends: [{ tier: b.web }] }],
        });
      }),
    ).toMatch(/ZT118: the 'ingress' entity cannot be expressed by Kubernetes NetworkPolicy/);
  });

  test('can keep an explicit L7 edge from the controller instead of widening it with the derived path', () => {
    const d = synthDocs((app) => {
      const b = nginx(app, [Profile.cilium()]);
      const controller = app.node.findAll().find((c) => c instanceof IngressController) as IngressController;
      b.web.allowFrom(controller, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/')] });
    })['shop-cilium.k8s.yaml'];
    const rules = find(d, 'CiliumNetworkPolicy', 'web-ingress').spec.ingress;
    expect(rules).toHaveLength(1);
    expect(rules[0].toPorts[0].rules.http).toEqual([{ method: 'GET', path: '/(\\?.*)?' }]);
    expect(rules[0].fromEndpoints[0].matchLabels['k8s:io.kubernetes.pod.namespace']).toBe('ingress-nginx');
  });

  test('holds probes from the controller pods on the emitted manifests (verify engine)', () => {
    const files = synthFiles((app) => nginx(app));
    const world = `
namespaces:
  - { name: shop, labels: { kubernetes.io/metadata.name: shop } }
  - { name: ingress-nginx, labels: { kubernetes.io/metadata.name: ingress-nginx } }
  - { name: other, labels: { kubernetes.io/metadata.name: other } }
workloads:
  - { name: web, namespace: shop, labels: { app: web }, ports: [8080/TCP] }
  - { name: api, namespace: shop, labels: { app: api }, ports: [9090/TCP] }
  - { name: admin, namespace: shop, labels: { app: admin }, ports: [7070/TCP] }
  - { name: controller, namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller } }
  - { name: webhook, namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: admission-webhook } }
  - { name: controller, namespace: other, labels: { app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller } }
`;
    const probes = parseProbes(`
probes:
  - { from: ingress-nginx/controller, to: shop/web, port: 8080/TCP, expect: allow, targets: [kubernetes, cilium] }
  - { from: ingress-nginx/controller, to: shop/api, port: 9090/TCP, expect: allow, targets: [kubernetes, cilium] }
  - { from: ingress-nginx/controller, to: shop/web, port: 9090/TCP, expect: deny, targets: [kubernetes, cilium] }
  - { from: ingress-nginx/controller, to: shop/admin, port: 7070/TCP, expect: deny, targets: [kubernetes, cilium] }
  - { from: ingress-nginx/webhook, to: shop/web, port: 8080/TCP, expect: deny, targets: [kubernetes, cilium] }
  - { from: other/controller, to: shop/web, port: 8080/TCP, expect: deny, targets: [kubernetes, cilium] }
  - { from: external, to: shop/web, port: 8080/TCP, expect: deny, targets: [kubernetes, cilium] }
`);
    for (const profile of ['kubernetes', 'cilium']) {
      const emitted = loadManifests(files[`shop-${profile}.k8s.yaml`]);
      const cluster = mergeClusters(emitted.cluster, clusterFromScenario(world));
      const results = runProbes(probes, emitted.policies, cluster, [profile]);
      expect(results.filter((r) => r.applies)).toHaveLength(probes.length);
      expect(results.filter((r) => !r.passed).map((r) => r.explanation)).toEqual([]);
    }
  });

  test.each([
    [
      'a header match',
      (b: Built) => ({
        rules: [{ matches: [RouteMatch.headers({ 'X-Canary': 'yes' })], backends: [{ tier: b.web }] }],
      }),
      /ZT342: Ingress shop\/storefront rules\[0\]\.matches\[0\] matches headers \(X-Canary\)/,
    ],
    [
      'a method match',
      (b: Built) => ({
        rules: [{ matches: [RouteMatch.pathPrefix('/', { method: 'POST' })], backends: [{ tier: b.web }] }],
      }),
      /ZT342: .*matches method POST/,
    ],
    [
      'a weighted split',
      (b: Built) => ({
        rules: [
          {
            backends: [
              { tier: b.web, weight: 90 },
              { tier: b.api, weight: 10 },
            ],
          },
        ],
      }),
      /ZT343: Ingress shop\/storefront rules\[0\] splits traffic over 2 backends/,
    ],
    [
      'TLS for a host it does not route',
      () => ({ tls: [{ secretName: 'shop-tls', hosts: ['admin.example.com'] }] }),
      /ZT345: .*serves host 'admin\.example\.com', which the Ingress does not route/,
    ],
    [
      'one path in two rules',
      (b: Built) => ({
        rules: [
          { matches: [RouteMatch.pathPrefix('/a')], backends: [{ tier: b.web }] },
          { matches: [RouteMatch.pathPrefix('/a')], backends: [{ tier: b.api }] },
        ],
      }),
      /ZT346: .*rules\[0\] and rules\[1\] both match Prefix '\/a'/,
    ],
  ])('refuses %s rather than drop it', (_what, extra, message) => {
    expect(synthError((app) => nginx(app, [Profile.cilium()], extra))).toMatch(message);
  });

  test('refuses a backend in another namespace than the Ingress', () => {
    const msg = synthError((app) => {
      const b = base(app, [Profile.cilium()]);
      const other = new Tier(new Zone(b.t, 'billing'), 'billing', {
        selector: { app: 'billing' },
        ports: [Port.tcp(8080)],
        service: { name: 'billing' },
      });
      new IngressController(b.t, 'nginx', { ingressClass: IngressClass.nginx() }).addIngress('mixed', {
        rules: [
          { matches: [RouteMatch.pathPrefix('/')], backends: [{ tier: b.web }] },
          { matches: [RouteMatch.pathPrefix('/billing')], backends: [{ tier: other }] },
        ],
      });
    });
    expect(msg).toMatch(/ZT344: Ingress shop\/mixed rules\[1\] routes to Service billing\/billing/);
  });

  test('refuses two controllers of one ingress class', () => {
    const msg = synthError((app) => {
      const b = base(app, [Profile.cilium()]);
      new IngressController(b.t, 'a', { ingressClass: IngressClass.nginx() });
      new IngressController(b.t, 'b', { ingressClass: IngressClass.nginx({ namespace: 'edge' }) }).addIngress('w', {
        rules: [{ backends: [{ tier: b.web }] }],
      });
    });
    expect(msg).toMatch(/\[shop\/b\] ZT189: ingress class 'nginx' is also the class of shop\/a/);
  });

  test.each([
    [() => IngressClass.nginx({ namespace: 'Ingress_Nginx' }), /ZT186: ingress controller namespace/],
    [() => IngressClass.nginx({ podLabels: {} }), /ZT186: podLabels is empty/],
    [() => IngressClass.custom({ className: 'x', namespace: 'x' } as any), /ZT141: podLabels is undefined/],
  ])('throws at once for a malformed ingress class (%#)', (make, message) => {
    expect(make).toThrow(message);
  });

  test('throws at once for malformed Ingress props', () => {
    const app = new App();
    const b = base(app);
    const c = new IngressController(b.t, 'nginx', { ingressClass: IngressClass.nginx() });
    expect(() => c.addIngress('x', { rules: [], tls: [{ secretName: 'Bad_Secret' }] })).toThrow(
      /rules is an empty list/,
    );
    expect(() =>
      c.addIngress('y', { rules: [{ backends: [{ tier: b.web }] }], tls: [{ secretName: 'Bad_Secret' }] }),
    ).toThrow(/ZT186: tls\[0\]\.secretName/);
    expect(() => c.addIngress('z', { rules: [{ backends: [{ tier: 'web' as any }] }] })).toThrow(
      /rules\[0\]\.backends\[0\]\.tier is the string 'web', not a Tier/,
    );
    expect(() => new IngressController(b.t, 'bad', { ingressClass: 'nginx' as any })).toThrow(
      /not a IngressClass|not an IngressClass/,
    );
  });
});

describe('GatewayClass', () => {
  const gateway = (app: App, className: string, gatewayClass?: object, second?: object) => {
    const b = base(app, [Profile.cilium()]);
    const gw = new IngressGateway(b.t, 'edge', {
      namespace: 'shop',
      className,
      listeners: [Listener.http()],
      ...(gatewayClass ? { gatewayClass } : {}),
    });
    gw.addHttpRoute('web', { rules: [{ backends: [{ tier: b.web }] }] });
    if (second)
      new IngressGateway(b.t, 'edge2', {
        namespace: 'shop',
        className,
        listeners: [Listener.http()],
        gatewayClass: second,
      });
    return b;
  };

  test('is not emitted by default: clusters ship their GatewayClass', () => {
    const d = synthDocs((app) => gateway(app, 'cilium'))['shop-cilium.k8s.yaml'];
    expect(d.some((x) => x.kind === 'GatewayClass')).toBe(false);
  });

  test("can emit the class with the implementation's controller, once, cluster-scoped", () => {
    const d = synthDocs((app) => gateway(app, 'cilium', {}, {}))['shop-cilium.k8s.yaml'];
    const classes = d.filter((x) => x.kind === 'GatewayClass');
    expect(classes).toHaveLength(1);
    expect(classes[0].metadata.namespace).toBeUndefined();
    expect(classes[0].metadata.name).toBe('cilium');
    expect(classes[0].spec).toEqual({ controllerName: 'io.cilium/gateway-controller' });
    const istio = synthDocs((app) => gateway(app, 'istio', { description: 'edge' }))['shop-cilium.k8s.yaml'];
    expect(find(istio, 'GatewayClass', 'istio').spec).toEqual({
      controllerName: 'istio.io/gateway-controller',
      description: 'edge',
    });
  });

  test('can emit the class of another implementation with its controller', () => {
    const d = synthDocs((app) =>
      gateway(app, 'eg', { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' }),
    )['shop-cilium.k8s.yaml'];
    expect(find(d, 'GatewayClass', 'eg').spec).toEqual({
      controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
    });
  });

  test('warns when it emits a class the implementation installs itself', () => {
    const app = new App();
    const b = gateway(app, 'cilium', {});
    const compiled = b.t._compile();
    expect(compiled.warnings.map((w) => w.code)).toEqual([WarningCode.GATEWAY_CLASS_SHIPPED]);
    expect(compiled.warnings[0].message).toMatch(
      /GatewayClass 'cilium' \(controller 'io.cilium\/gateway-controller'\)/,
    );
  });

  test('refuses a class without a known controller', () => {
    expect(synthError((app) => gateway(app, 'eg', {}))).toMatch(
      /\[shop\/edge\] ZT187: the GatewayClass 'eg' to emit has no known controller/,
    );
  });

  test('refuses gateways that emit one class differently', () => {
    expect(synthError((app) => gateway(app, 'istio', {}, { description: 'other' }))).toMatch(
      /\[shop\/edge2\] ZT188: GatewayClass 'istio' is emitted by shop\/edge with controller 'istio.io\/gateway-controller'/,
    );
  });

  test('throws at once for a malformed controller name or description', () => {
    const app = new App();
    const b = base(app);
    const make = (gatewayClass: object) => () =>
      new IngressGateway(b.t, 'x', { namespace: 'shop', className: 'eg', listeners: [Listener.http()], gatewayClass });
    expect(make({ controllerName: 'no-path' })).toThrow(
      /ZT187: gatewayClass.controllerName 'no-path' is not a domain-prefixed path/,
    );
    expect(make({ description: 'x'.repeat(65) })).toThrow(/ZT187: gatewayClass.description is 65 characters long/);
    expect(make({ controllerName: 7 })).toThrow(/ZT141/);
  });
});
