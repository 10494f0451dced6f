import { App } from 'cdk8s';
import {
  AllowedRoutes,
  AppProtocol,
  EgressFqdn,
  HttpMatch,
  IngressGateway,
  Listener,
  MeshMode,
  MeshMtls,
  MtlsMode,
  Port,
  Profile,
  RouteMatch,
  Tier,
  Topology,
  WarningCode,
  Waypoint,
  Widening,
  Zone,
} from '../../src';

/**
 * Istio ambient behind a Gateway API ingress: `ns-test` enrolled in ambient with a named waypoint
 * for L7, STRICT mTLS, only `GET /` from the ingress gateway, FQDN egress to httpbin.org only; the
 * API behind it has a waypoint of its own and takes only `GET /api/*` from the web tier.
 */
export function build(app: App): Topology {
  const topo = new Topology(app, 'ambient-waypoint', {
    mesh: MeshMode.AMBIENT,
    profiles: [
      Profile.kubernetes({ accept: [Widening.L7_TO_L4, Widening.FQDN_TO_PUBLIC_CIDR] }),
      Profile.cilium(),
      Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] }),
      Profile.ciliumIstio(),
      // Open-source Calico has no L7 rules and no DNS names: the CNI-only profile opts in to both widenings;
      // with Istio, L7 goes to the mesh and only the DNS names are widened.
      Profile.calico({ accept: [Widening.L7_TO_L4, Widening.FQDN_TO_PUBLIC_CIDR] }),
      Profile.calicoIstio({ accept: [Widening.FQDN_TO_PUBLIC_CIDR] }),
    ],
  });
  const zone = new Zone(topo, 'ns-test', { manageNamespace: true });
  const web = new Tier(zone, 'web-test', {
    selector: { app: 'web-test' },
    serviceAccount: 'web-test',
    ports: [Port.tcp(8080)],
    protocol: AppProtocol.HTTP,
    service: { name: 'web-test-service', ports: [{ port: 80, targetPort: 8080 }] },
  });
  new MeshMtls(zone, 'mtls', { mode: MtlsMode.STRICT });
  // Named waypoints, as `istioctl waypoint apply --name ...` creates them: one for the namespace,
  // one for the API's Service only (its Service carries istio.io/use-waypoint=api-waypoint).
  zone.useWaypoint(new Waypoint(zone, 'ns-test-waypoint'));
  const api = new Tier(zone, 'api-test', {
    selector: { app: 'api-test' },
    serviceAccount: 'api-test',
    ports: [Port.tcp(9080)],
    protocol: AppProtocol.HTTP,
    service: { name: 'api-test-service', ports: [{ port: 80, targetPort: 9080 }] },
  });
  api.useWaypoint(new Waypoint(zone, 'api-waypoint'));
  topo.acknowledgeWarning(
    WarningCode.WAYPOINT_LABELS_NEEDED,
    api,
    'the api-test-service Service is deployed with istio.io/use-waypoint=api-waypoint',
  );

  const gateway = new IngressGateway(topo, 'istio-gateway', {
    namespace: 'istio-system',
    className: 'istio',
    allowedRoutes: AllowedRoutes.ALL_NAMESPACES,
    listeners: [Listener.http(80, { hostname: 'test.test' })],
  });
  gateway.addHttpRoute('web-test', {
    hostnames: ['test.test'],
    rules: [{ matches: [RouteMatch.pathPrefix('/')], backends: [{ tier: web, port: 80 }] }],
  });
  // Only GET / from the gateway: the waypoint enforces it in ambient, Cilium L7 without the mesh.
  web.allowFrom(gateway, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/')] });
  new EgressFqdn(web, 'httpbin', { names: ['httpbin.org'], ports: [Port.HTTPS] });
  api.allowFrom(web, { ports: [Port.tcp(9080)], http: [HttpMatch.get('/api/*')] });
  return topo;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
