import { App } from 'cdk8s';
import {
  AllowedRoutes,
  EgressFqdn,
  HttpMatch,
  IngressGateway,
  Listener,
  MeshMode,
  MeshMtls,
  MtlsMode,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  Widening,
  Zone,
} from '../../src';

/**
 * The three-tier scenario: frontend -> backend-api -> redis / managed Postgres, HTTPS out,
 * Prometheus scraping from `monitoring`, default deny both ways with DNS kept, Istio STRICT mTLS.
 */
export function build(app: App): Topology {
  const shop = new Topology(app, 'three-tier', {
    mesh: MeshMode.SIDECAR,
    profiles: [
      // Plain NetworkPolicy cannot see L7 or DNS names: this profile opts in, and the widening is reported.
      // It cannot see service accounts either: Prometheus is matched by its labels only.
      Profile.kubernetes({ accept: [Widening.L7_TO_L4, Widening.FQDN_TO_PUBLIC_CIDR, Widening.IDENTITY_TO_LABELS] }),
      Profile.cilium(),
      // Istio alone authorizes identities, not labels: Prometheus is matched by its service account only.
      Profile.istio({
        accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED, Widening.LABELS_TO_IDENTITY],
      }),
      Profile.ciliumIstio(),
      // Open-source Calico has no L7 rules and no DNS names: the CNI-only profile opts in to both widenings;
      // with Istio, L7 goes to the mesh and only the DNS names are widened.
      Profile.calico({ accept: [Widening.L7_TO_L4, Widening.FQDN_TO_PUBLIC_CIDR] }),
      Profile.calicoIstio({ accept: [Widening.FQDN_TO_PUBLIC_CIDR] }),
    ],
  });
  const prod = new Zone(shop, 'production'); // namespace 'production', deny both ways, DNS kept
  const frontend = new Tier(prod, 'frontend', {
    selector: { app: 'frontend' },
    serviceAccount: 'frontend',
    ports: [Port.tcp(80)],
    service: { name: 'frontend' },
  });
  const api = new Tier(prod, 'backend-api', {
    selector: { app: 'backend-api' },
    serviceAccount: 'backend-api',
    ports: [Port.tcp(8080), Port.tcp(9090)],
  });
  const redis = new Tier(prod, 'redis', {
    selector: { app: 'redis' },
    serviceAccount: 'redis',
    ports: [Port.tcp(6379)],
  });

  api.allowFrom(frontend, {
    ports: [Port.tcp(8080)],
    http: [HttpMatch.get('/api/v1/products'), HttpMatch.post('/api/v1/orders'), HttpMatch.get('/healthz')],
  });
  redis.allowFrom(api, { ports: [Port.tcp(6379)] });
  api.allowTo(Peer.cidr('10.100.0.0/16'), { ports: [Port.tcp(5432)] });
  api.allowTo(Peer.publicInternet(), { ports: [Port.HTTPS] });
  api.allowFrom(Peer.pods({ namespace: 'monitoring', labels: { app: 'prometheus' }, serviceAccount: 'prometheus' }), {
    ports: [Port.tcp(9090)],
    http: [HttpMatch.get('/metrics')],
  });
  new EgressFqdn(api, 'stripe', { names: ['api.stripe.com'], ports: [Port.HTTPS] });
  new MeshMtls(prod, 'mtls', { mode: MtlsMode.STRICT });

  // North-south: the shared Istio ingress gateway routes the storefront to the frontend; the
  // network rules that let its pods reach the frontend are derived, not written.
  const edge = new IngressGateway(shop, 'shop-gateway', {
    namespace: 'istio-system',
    className: 'istio',
    allowedRoutes: AllowedRoutes.ALL_NAMESPACES,
    listeners: [Listener.http(80), Listener.https(['shop-tls'], 443)],
  });
  edge.addHttpRoute('storefront', { hostnames: ['shop.example.com'], rules: [{ backends: [{ tier: frontend }] }] });
  return shop;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
