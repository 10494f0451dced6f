import { App } from 'cdk8s';
import {
  AllowedRoutes,
  AppProtocol,
  EgressFqdn,
  HttpMatch,
  IngressClass,
  IngressController,
  IngressGateway,
  Listener,
  PodSecurityLevel,
  Port,
  Profile,
  RouteMatch,
  Tier,
  Topology,
  WarningCode,
  Widening,
  Zone,
} from '../../src';

/**
 * The zones lab: security zones as namespaces (frontend = DMZ, backend = application,
 * database = data), L7 rules with a header condition, FQDN egress, a Gateway API entry point
 * with path routing, header routing and a 90/10 canary (and its GatewayClass), and an
 * ingress-nginx Ingress serving the public site.
 */
export function build(app: App): Topology {
  const lab = new Topology(app, 'zones-lab', {
    profiles: [
      Profile.kubernetes({ accept: [Widening.L7_TO_L4, Widening.FQDN_TO_PUBLIC_CIDR] }),
      Profile.cilium(),
      // Open-source Calico has no L7 rules and no DNS names: the profile opts in to both widenings.
      Profile.calico({ accept: [Widening.L7_TO_L4, Widening.FQDN_TO_PUBLIC_CIDR] }),
    ],
  });
  const dmz = new Zone(lab, 'frontend');
  const application = new Zone(lab, 'backend');
  // The data zone emits its Namespace, hardened by Pod Security admission.
  const data = new Zone(lab, 'database', {
    manageNamespace: true,
    podSecurity: { enforce: PodSecurityLevel.RESTRICTED, enforceVersion: 'v1.31', warn: PodSecurityLevel.RESTRICTED },
  });

  const web = new Tier(dmz, 'frontend', {
    selector: { app: 'frontend', tier: 'web' },
    serviceAccount: 'frontend',
    ports: [Port.tcp(80)],
    service: { name: 'frontend' },
  });
  const backend = new Tier(application, 'backend', {
    selector: { app: 'backend', tier: 'api' },
    serviceAccount: 'backend',
    ports: [Port.tcp(8080)],
    protocol: AppProtocol.HTTP,
    service: { name: 'backend' },
  });
  const httpApi = new Tier(application, 'http-api', {
    selector: { app: 'http-api', tier: 'api' },
    serviceAccount: 'http-api',
    ports: [Port.tcp(80)],
    protocol: AppProtocol.HTTP,
    service: { name: 'http-api' },
  });
  const db = new Tier(data, 'database', {
    selector: { app: 'database', tier: 'data' },
    serviceAccount: 'database',
    ports: [Port.tcp(5432)],
  });

  backend.allowFrom(web, { ports: [Port.tcp(8080)] });
  db.allowFrom(backend, { ports: [Port.tcp(5432)] });
  httpApi.allowFrom(web, {
    ports: [Port.tcp(80)],
    // Nothing under /admin/: only these requests pass.
    http: [HttpMatch.get('/'), HttpMatch.get('/api/*', { headers: { 'X-API-Version': 'v1' } })],
  });
  new EgressFqdn(backend, 'trusted-apis', {
    names: ['api.github.com', 'httpbin.org', '*.googleapis.com'],
    ports: [Port.HTTPS],
  });

  const gw = new IngressGateway(lab, 'api-gateway', {
    namespace: 'backend',
    className: 'istio',
    allowedRoutes: AllowedRoutes.SAME_NAMESPACE,
    listeners: [Listener.http(80), Listener.https(['api-tls-secret'], 443)],
    // The lab installs istiod without its default GatewayClass: the GatewayClass is emitted here.
    gatewayClass: { description: 'zones-lab API entry point' },
  });
  lab.acknowledgeWarning(
    WarningCode.GATEWAY_CLASS_SHIPPED,
    gw,
    'the lab installs istiod without its default GatewayClass, so this one is the only owner',
  );
  gw.addHttpRoute('api', {
    hostnames: ['api.example.com'],
    rules: [
      { matches: [RouteMatch.pathPrefix('/api/v1')], backends: [{ tier: httpApi, port: 80 }] },
      { matches: [RouteMatch.pathPrefix('/api/v2')], backends: [{ tier: backend, port: 8080 }] },
      { matches: [RouteMatch.headers({ 'X-API-Version': 'v2' })], backends: [{ tier: backend, port: 8080 }] },
      {
        matches: [RouteMatch.pathPrefix('/canary')],
        backends: [
          { tier: httpApi, port: 80, weight: 90 },
          { tier: backend, port: 8080, weight: 10 },
        ],
      },
    ],
  });

  // The public site through ingress-nginx: the controller's pods (namespace ingress-nginx) may
  // reach the frontend on its pod port 80, nothing else.
  const nginx = new IngressController(lab, 'ingress-nginx', { ingressClass: IngressClass.nginx() });
  nginx.addIngress('shop', {
    hostnames: ['shop.example.com'],
    tls: [{ secretName: 'shop-tls' }],
    rules: [{ matches: [RouteMatch.pathPrefix('/')], backends: [{ tier: web }] }],
  });
  return lab;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
