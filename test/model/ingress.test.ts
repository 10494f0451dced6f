import { App } from 'cdk8s';
import {
  AllowedRoutes,
  AppProtocol,
  HttpMatch,
  IngressGateway,
  Listener,
  MeshMode,
  MeshRoute,
  Port,
  Profile,
  RouteMatch,
  Tier,
  Topology,
  WarningMode,
  Zone,
} from '../../src';
import { Doc, find, synthDocs, synthError } from '../util/synth';

/** A gateway in `edge` routing to `web` (namespace shop); a GRPC route to `cart`. */
function build(app: App, className = 'istio', profiles = [Profile.kubernetes(), Profile.cilium()]): { web: Tier } {
  const t = new Topology(app, 'shop', { profiles, warnings: WarningMode.SILENT });
  const z = new Zone(t, 'shop');
  const web = new Tier(z, 'web', {
    selector: { app: 'web' },
    ports: [Port.tcp(8080)],
    protocol: AppProtocol.HTTP,
    service: { name: 'web', ports: [{ port: 80, targetPort: 8080 }] },
  });
  const cart = new Tier(z, 'cart', {
    selector: { app: 'cart' },
    ports: [Port.tcp(50051)],
    protocol: AppProtocol.GRPC,
    service: { name: 'cart' },
  });
  const gw = new IngressGateway(t, 'edge', {
    namespace: 'edge',
    className,
    allowedRoutes: AllowedRoutes.ALL_NAMESPACES,
    listeners: [Listener.http(80), Listener.https(['shop-tls'], 443, { hostname: 'shop.example.com' })],
  });
  gw.addHttpRoute('web', {
    hostnames: ['shop.example.com'],
    rules: [{ matches: [RouteMatch.pathPrefix('/')], backends: [{ tier: web }] }],
  });
  gw.addGrpcRoute('cart', {
    hostnames: ['shop.example.com'],
    namespace: 'edge',
    rules: [{ matches: [RouteMatch.grpc('shop.v1.Cart')], backends: [{ tier: cart }] }],
  });
  return { web };
}

const docs = (file: string): Doc[] => synthDocs((app) => build(app))[file];

describe('ingress gateway and routes', () => {
  test('can render the Gateway with HTTP and HTTPS listeners and its routes in every profile', () => {
    for (const f of ['shop-kubernetes.k8s.yaml', 'shop-cilium.k8s.yaml']) {
      const d = docs(f);
      const gw = find(d, 'Gateway', 'edge', 'edge');
      expect(gw.spec.gatewayClassName).toBe('istio');
      expect(gw.spec.listeners.map((l: any) => `${l.name}/${l.port}/${l.protocol}`)).toEqual([
        'http/80/HTTP',
        'https/443/HTTPS',
      ]);
      expect(gw.spec.listeners[1].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'shop-tls' }]);
      expect(find(d, 'HTTPRoute', 'web', 'shop').spec.parentRefs).toEqual([
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'edge' },
      ]);
      expect(find(d, 'GRPCRoute', 'cart', 'edge').spec.rules[0].matches).toEqual([
        { method: { type: 'Exact', service: 'shop.v1.Cart' } },
      ]);
    }
  });

  test('can emit a ReferenceGrant where a route points across namespaces', () => {
    const grant = find(docs('shop-kubernetes.k8s.yaml'), 'ReferenceGrant', 'edge-grpcroutes', 'shop');
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', namespace: 'edge' }],
      to: [{ group: '', kind: 'Service', name: 'cart' }],
    });
  });

  test('can derive the data path: the gateway pods reach exactly the routed tiers on their pod ports', () => {
    const np = find(docs('shop-kubernetes.k8s.yaml'), 'NetworkPolicy', 'web-ingress');
    expect(np.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
            podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
  });

  test('can use the ingress entity for the cilium gateway class', () => {
    const d = synthDocs((app) => build(app, 'cilium', [Profile.cilium()]))['shop-cilium.k8s.yaml'];
    const cnp = find(d, 'CiliumNetworkPolicy', 'web-ingress');
    expect(cnp.spec.ingress).toEqual([
      { fromEntities: ['ingress'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
    ]);
  });

  test('throws for the cilium gateway class in a NetworkPolicy profile (its traffic has no labels)', () => {
    expect(synthError((app) => build(app, 'cilium', [Profile.kubernetes()]))).toMatch(
      /ZT118: the 'ingress' entity cannot be expressed by Kubernetes NetworkPolicy/,
    );
  });

  test('can keep an explicit L7 edge from the gateway instead of widening it with the derived path', () => {
    const d = synthDocs((app) => {
      const { web } = build(app, 'istio', [Profile.cilium()]);
      const gw = app.node.findAll().find((c) => c instanceof IngressGateway) as IngressGateway;
      web.allowFrom(gw, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/')] });
    })['shop-cilium.k8s.yaml'];
    const rules = find(d, 'CiliumNetworkPolicy', 'web-ingress').spec.ingress;
    expect(rules).toHaveLength(1);
    expect(rules[0].toPorts[0].rules.http).toEqual([{ method: 'GET', path: '/(\\?.*)?' }]);
  });

  test('can opt a profile out of Gateway API objects', () => {
    const d = synthDocs((app) => build(app, 'istio', [Profile.cilium({ gatewayApi: false })]))['shop-cilium.k8s.yaml'];
    expect(d.some((x) => x.apiVersion.startsWith('gateway.networking.k8s.io'))).toBe(false);
    expect(find(d, 'CiliumNetworkPolicy', 'web-ingress')).toBeDefined();
  });

  test('can attach a mesh (GAMMA) route to a tier Service for an east-west canary', () => {
    const d = synthDocs((app) => {
      const t = new Topology(app, 'mesh', {
        mesh: MeshMode.SIDECAR,
        profiles: [Profile.ciliumLinkerd()],
        warnings: WarningMode.SILENT,
      });
      const z = new Zone(t, 'bookinfo');
      const reviews = new Tier(z, 'reviews', {
        selector: { app: 'reviews' },
        ports: [Port.tcp(9080)],
        service: { name: 'reviews' },
      });
      // Each version's pods are also the Service's pods: an overlap on purpose, carved out of 'reviews'.
      const v1 = new Tier(z, 'reviews-v1', {
        selector: { app: 'reviews', version: 'v1' },
        ports: [Port.tcp(9080)],
        service: { name: 'reviews-v1' },
        allowOverlapWith: [reviews],
      });
      const v2 = new Tier(z, 'reviews-v2', {
        selector: { app: 'reviews', version: 'v2' },
        ports: [Port.tcp(9080)],
        service: { name: 'reviews-v2' },
        allowOverlapWith: [reviews],
      });
      new MeshRoute(t, 'reviews-canary', {
        service: reviews,
        rules: [
          {
            backends: [
              { tier: v1, weight: 90 },
              { tier: v2, weight: 10 },
            ],
          },
        ],
      });
    })['mesh-cilium-linkerd.k8s.yaml'];
    const route = find(d, 'HTTPRoute', 'reviews-canary', 'bookinfo');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'reviews', port: 9080 }]);
    expect(route.spec.rules[0].backendRefs.map((b: any) => `${b.name}:${b.weight}`)).toEqual([
      'reviews-v1:90',
      'reviews-v2:10',
    ]);
  });

  test('throws for a route backend without a Service', () => {
    const msg = synthError((app) => {
      const t = new Topology(app, 'shop', { profiles: [Profile.cilium()], warnings: WarningMode.SILENT });
      const web = new Tier(new Zone(t, 'shop'), 'web', { selector: { app: 'web' }, ports: [Port.tcp(8080)] });
      new IngressGateway(t, 'edge', {
        namespace: 'edge',
        className: 'istio',
        listeners: [Listener.http()],
      }).addHttpRoute('web', { rules: [{ backends: [{ tier: web }] }] });
    });
    expect(msg).toContain("[shop/edge/web] ZT125: route backend 'shop/shop/web' has no Service");
  });
});
