import { App } from 'cdk8s';
import {
  EgressFqdn,
  HttpMatch,
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
 * The three-tier scenario on Linkerd: frontend -> backend-api -> redis / managed Postgres, HTTPS
 * out, Prometheus scraping from `monitoring`, default deny both ways with DNS kept, STRICT mTLS
 * (only authenticated identities). The same topology as `three-tier` without its Istio ingress
 * gateway (whose pods Linkerd does not mesh); `MeshMode.SIDECAR` means a proxy in every meshed
 * pod, which is how Linkerd runs.
 */
export function build(app: App): Topology {
  const shop = new Topology(app, 'three-tier-linkerd', {
    mesh: MeshMode.SIDECAR,
    profiles: [
      // Linkerd alone authorizes identities, not labels: Prometheus is matched by its service account only.
      Profile.linkerd({
        accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED, Widening.LABELS_TO_IDENTITY],
      }),
      Profile.ciliumLinkerd(),
      // Plain NetworkPolicy cannot match DNS names: this profile opts in, and the widening is reported.
      Profile.kubernetesLinkerd({ accept: [Widening.FQDN_TO_PUBLIC_CIDR] }),
    ],
  });
  const prod = new Zone(shop, 'production', { manageNamespace: true }); // deny both ways, DNS kept
  const frontend = new Tier(prod, 'frontend', {
    selector: { app: 'frontend' },
    serviceAccount: 'frontend',
    ports: [Port.tcp(80)],
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
  return shop;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
