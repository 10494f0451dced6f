import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AllowFrom,
  AppProtocol,
  DefaultDeny,
  EgressFqdn,
  Fqdn,
  Guardrail,
  GuardrailAction,
  GuardrailDirection,
  GuardrailPeer,
  GuardrailProps,
  GuardrailSubject,
  GuardrailTier,
  HeaderMatch,
  HttpMatch,
  KafkaFallback,
  KafkaMatch,
  IngressClass,
  IngressController,
  IngressGateway,
  Listener,
  MeshMode,
  MeshMtls,
  MeshRoute,
  MtlsMode,
  NetworkPolicyApiVersion,
  PathMatch,
  Peer,
  PodSecurityLevel,
  Port,
  Profile,
  RouteMatch,
  Tier,
  Topology,
  WarningMode,
  Waypoint,
  WaypointTraffic,
  Widening,
  Zone,
} from '../../src';
import { ERROR_DOCS, ErrorCode, WarningCode } from '../../src/validation/codes';
import { IrDns, IrGuardrail, IrMtls, IrRouteMatch, IrTopology, IrWaypoint } from '../../src/ir/types';
import { calicoTarget } from '../../src/targets/calico';
import { ciliumTarget } from '../../src/targets/cilium';
import { gatewayApiTarget } from '../../src/targets/gateway-api';
import { ingressTarget } from '../../src/targets/ingress';
import { checkIstio } from '../../src/targets/istio';
import { TargetDiagnostic } from '../../src/targets/target';
import * as cil from '../targets/cilium/ir-fixtures';
import * as gw from '../targets/gateway-api/ir-fixtures';
import * as ing from '../targets/ingress/ir-fixtures';
import * as ist from '../targets/istio/ir-fixtures';
import { synthError } from '../util/synth';
import { planProfile } from '../../src/plan';
import { allTargets } from '../../src/targets/registry';
import { istioDescriptor } from '../../src/targets/istio/descriptor';

/**
 * Every code of the catalog, triggered once: its message must carry the code and say how to fix
 * the problem. To add a code, add one line to TRIGGERS (a program that provokes it) and its
 * entry in ERROR_DOCS (the README table).
 */

/** A fix is an imperative sentence, or a suggestion. */
const HINT =
  /(^|[.:;!?)] |\. )(Use|Give|Write|Set|Put|Remove|List|Keep|Add|Try|Name|Pass|Create|Leave|Shorten|Model|Label|Attach|Split|Acknowledge|Drop|Match|Upgrade|Enforce|Replace|Rename|Declare|Make|Let|Move|Fix|Annotate)\b|Did you mean /;

/** The message thrown by `f` (a value factory, a duplicate id). */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a throw');
}

/** The synth error line of one code. */
function synthLine(code: string, build: (app: App) => unknown): string {
  const msg = synthError(build);
  const line = msg.split('\n').find((l) => l.includes(`${code}: `));
  if (!line) throw new Error(`synth failed without ${code}:\n${msg}`);
  return line.trim();
}

const topo = (app: App, props: object = {}) =>
  new Topology(app, 'shop', { profiles: [Profile.cilium()], warnings: WarningMode.SILENT, ...props });
const GUARD: GuardrailProps = {
  action: GuardrailAction.DENY,
  priority: 10,
  direction: GuardrailDirection.EGRESS,
  subject: GuardrailSubject.allNamespaces(),
  peers: [GuardrailPeer.cidr('169.254.169.254/32')],
};
const NO_SANDBOX: GuardrailProps = {
  action: GuardrailAction.DENY,
  priority: 5,
  direction: GuardrailDirection.INGRESS,
  subject: GuardrailSubject.allNamespaces(),
  peers: [GuardrailPeer.namespaces({ 'kubernetes.io/metadata.name': 'sandbox' })],
  ports: [Port.tcp(8080)],
};
const LINKERD_ONLY = { accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] };
/** web -> api in a managed namespace, for the Linkerd checks. */
function linkerdShop(app: App, mesh: MeshMode, profiles: Profile[]) {
  const t = new Topology(app, 'shop', { mesh, profiles, warnings: WarningMode.SILENT });
  const z = new Zone(t, 'prod', { manageNamespace: true });
  const web = new Tier(z, 'web', { selector: { app: 'web' }, serviceAccount: 'web', ports: [Port.tcp(80)] });
  const api = new Tier(z, 'api', { selector: { app: 'api' }, serviceAccount: 'api', ports: [Port.tcp(8080)] });
  return { t, z, web, api };
}
/** A sidecar-mesh topology with one meshed tier, for the mesh guardrail checks. */
function meshTopo(app: App, profiles: Profile[]): Topology {
  const t = new Topology(app, 'shop', { profiles, mesh: MeshMode.SIDECAR, warnings: WarningMode.SILENT });
  new Tier(new Zone(t, 'prod', { manageNamespace: true }), 'web', {
    selector: { app: 'web' },
    serviceAccount: 'web',
    ports: [Port.tcp(8080)],
  });
  return t;
}
const tierIn = (z: Zone, id: string, props: object = {}) =>
  new Tier(z, id, { selector: { app: id }, serviceAccount: id, ports: [Port.tcp(8080)], ...props });

/** The first diagnostic of one code a target check reports, as the user sees it. */
function targetLine(code: string, diags: readonly TargetDiagnostic[]): string {
  const d = diags.find((x) => x.code === code);
  if (!d) throw new Error(`the check reported no ${code}: ${JSON.stringify(diags)}`);
  return `${d.code}: ${d.message}`;
}

/** Cilium: one zone `shop` with `api` and `web`, the given rules, at a Cilium version. */
function cilium(
  code: string,
  rules: IrTopology['rules'],
  zoneProps: Partial<Parameters<typeof cil.zone>[0]> = {},
  version = '1.19',
): string {
  const ir = cil.topology(
    [cil.zone({ id: 'shop', namespace: 'shop', ...zoneProps })],
    [
      cil.workload({ id: 'shop/api', zone: 'shop', namespace: 'shop', selector: { app: 'api' } }),
      cil.workload({ id: 'shop/web', zone: 'shop', namespace: 'shop', selector: { app: 'web' } }),
    ],
    rules,
  );
  const versioned = {
    ...ir,
    settings: { ...ir.settings, targetVersions: { ...ir.settings.targetVersions, cilium: version } },
  };
  return targetLine(code, ciliumTarget.check?.(versioned, { profile: 'cilium', profileTargets: ['cilium'] }) ?? []);
}

/** Istio: a sidecar topology of zone `shop` with `api` (HTTP on 8080), `client` and `anonymous` (no service account). */
const istApi = ist.workload('shop', 'api', { ports: [ist.tcp(8080)], appProtocol: 'http' });
const istClient = ist.workload('shop', 'client');
function istio(code: string, ir: IrTopology): string {
  return targetLine(code, checkIstio(ir));
}
function sidecarRule(
  ports: Parameters<typeof ist.rule>[3],
  l7?: Parameters<typeof ist.rule>[4],
  from = ist.fromWorkload(istClient),
): IrTopology {
  return ist.topology({
    zones: [ist.zone('shop')],
    workloads: [istApi, istClient],
    rules: [ist.rule('r1', from, ist.fromWorkload(istApi), ports, l7)],
  });
}

/** Gateway API: the `public` gateway in `edge` (HTTP on 80 for shop.example.com) and one route to http-api. */
const PUBLIC = gw.gateway({
  id: 'edge/public',
  name: 'public',
  namespace: 'edge',
  listeners: [gw.listener('http', 80, 'HTTP', { hostname: 'shop.example.com' })],
});
function gatewayApi(code: string, ir: IrTopology): string {
  return targetLine(
    code,
    gatewayApiTarget.check?.(ir, { profile: 'cilium', profileTargets: ['cilium', 'gateway-api'] }) ?? [],
  );
}
function withRoute(p: Partial<Parameters<typeof gw.gatewayRoute>[0]>, g = PUBLIC): IrTopology {
  const { httpApi, backend: api } = gw.ZONES_LAB;
  return gw.topology(
    [httpApi, api],
    [g],
    [
      gw.gatewayRoute(
        {
          id: 'edge/shop',
          name: 'shop',
          namespace: 'edge',
          rules: [gw.rule([gw.match.prefix('/')], gw.backend(httpApi))],
          ...p,
        },
        g.id,
      ),
    ],
  );
}
function withMatches(matches: readonly IrRouteMatch[]): IrTopology {
  return withRoute({ rules: [gw.rule(matches, gw.backend(gw.ZONES_LAB.httpApi))] });
}

/** Ingress: zone `shop` with `web` (Service web) and `api` (Service api); an ingress-nginx controller. */
function ingressShop(app: App) {
  const t = topo(app);
  const z = new Zone(t, 'shop');
  const svc = (id: string) => tierIn(z, id, { service: { name: id } });
  const web = svc('web');
  const api = svc('api');
  const nginx = new IngressController(t, 'nginx', { ingressClass: IngressClass.nginx() });
  return { t, web, api, nginx };
}
/** The first diagnostic of one code the Ingress target reports on one Ingress of the fixtures. */
function ingressTargetLine(code: string, route: Parameters<typeof ing.ingress>[0]): string {
  const { httpApi, backend: api } = gw.ZONES_LAB;
  const ir = gw.topology([httpApi, api], [ing.NGINX], [ing.ingress(route)]);
  return targetLine(
    code,
    ingressTarget.check?.(ir, { profile: 'cilium', profileTargets: ['cilium', 'ingress'] }) ?? [],
  );
}
/** A gateway of class `className` in zone `shop` that emits its GatewayClass. */
function classGateway(app: App, id: string, className: string, gatewayClass: object) {
  const t = app.node.tryFindChild('shop') ? (app.node.findChild('shop') as Topology) : topo(app);
  return new IngressGateway(t, id, { namespace: 'shop', className, listeners: [Listener.http()], gatewayClass });
}

/** code → a program that provokes it, returning the message the user sees. */
const TRIGGERS: { [code: string]: () => string } = {
  ZT101: () => thrown(() => Peer.pods({ namespace: 'monitoring', labels: { 'app!': 'x' } })),
  ZT102: () => thrown(() => Peer.namespace('Monitoring')),
  ZT103: () => thrown(() => Peer.cidr('999.0.0.0/8')),
  ZT104: () => thrown(() => Peer.cidr('10.0.0.0/16', ['10.1.0.0/24'])),
  ZT105: () => thrown(() => Port.tcp(0)),
  ZT106: () => thrown(() => Port.tcpRange(7010, 7000)),
  ZT107: () => thrown(() => Port.named('HTTP_PORT')),
  ZT108: () => thrown(() => Fqdn.exact('api example.com')),
  ZT109: () => thrown(() => Fqdn.pattern('*.*.com')),
  ZT110: () => thrown(() => PathMatch.regex('/a{1001}')),
  ZT111: () => thrown(() => HttpMatch.method('FETCH', '/x')),
  ZT150: () => thrown(() => HeaderMatch.prefix('user-agent', '')),
  ZT151: () => thrown(() => HttpMatch.anyMethod('/api/*', { notPaths: [PathMatch.prefix('/api')] })),
  ZT152: () => thrown(() => HttpMatch.methods(['GET', 'get'], '/x')),
  ZT153: () => thrown(() => HttpMatch.get('/x', { hosts: ['*.example.com'] })),
  ZT351: () =>
    synthLine('ZT351', (app) => {
      const { api, web } = linkerdShop(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]);
      api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/x', { hosts: ['api.example.com'] })] });
    }),
  ZT310: () =>
    synthLine('ZT310', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'api').allowFrom(tierIn(z, 'web'), {
        ports: [Port.tcp(8080)],
        http: [HttpMatch.get('/x', { headerMatches: [HeaderMatch.prefix('user-agent', 'curl/')] })],
      });
    }),
  ZT328: () =>
    istio(
      'ZT328',
      sidecarRule(
        [ist.tcp(8080)],
        ist.http({ method: 'GET', headers: [{ name: 'x-tenant', value: 'team-.*', kind: 'regex' }] }),
      ),
    ),
  ZT350: () =>
    synthLine('ZT350', (app) => {
      const { api, web } = linkerdShop(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]);
      api.allowFrom(web, {
        ports: [Port.tcp(8080)],
        http: [HttpMatch.anyMethod(undefined, { notPaths: [PathMatch.prefix('/admin')] })],
      });
    }),
  ZT112: () =>
    synthLine('ZT112', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'api').allowFrom(tierIn(z, 'web'), { ports: [Port.udp(53)], http: [HttpMatch.get('/x')] });
    }),
  ZT113: () =>
    synthLine('ZT113', (app) => {
      const other = tierIn(new Zone(new Topology(app, 'other', { warnings: WarningMode.SILENT }), 'ops'), 'agent');
      tierIn(new Zone(topo(app), 'prod'), 'api').allowFrom(other);
    }),
  ZT114: () =>
    synthLine('ZT114', (app) => {
      const z = new Zone(topo(app, { mesh: MeshMode.SIDECAR, profiles: [Profile.ciliumIstio()] }), 'prod');
      tierIn(z, 'api');
      new MeshMtls(z, 'a', { mode: MtlsMode.STRICT });
      new MeshMtls(z, 'b', { mode: MtlsMode.STRICT });
    }),
  ZT115: () =>
    synthLine('ZT115', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'a', { selector: { app: 'x' } });
      tierIn(z, 'b', { selector: { app: 'x' } });
    }),
  ZT116: () =>
    synthLine('ZT116', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'a', { serviceAccount: 'x' });
      tierIn(z, 'b', { serviceAccount: 'x' });
    }),
  ZT117: () =>
    synthLine('ZT117', (app) => {
      const t = tierIn(new Zone(topo(app), 'prod'), 'api');
      new AllowFrom(t, 'e', { from: Peer.cidr('10.0.0.0/8'), to: Peer.world() });
    }),
  ZT118: () =>
    synthLine('ZT118', (app) => {
      const z = new Zone(topo(app, { profiles: [Profile.kubernetes()] }), 'prod');
      tierIn(z, 'api').allowFrom(tierIn(z, 'web'), { ports: [Port.tcp(8080)], http: [HttpMatch.get('/x')] });
    }),
  ZT119: () =>
    synthLine('ZT119', (app) => {
      tierIn(new Zone(topo(app, { profiles: [Profile.of(['kubernetes', 'cilium'])] }), 'prod'), 'api');
    }),
  ZT120: () =>
    synthLine('ZT120', (app) => {
      new Zone(new Chart(app, 'plain'), 'prod');
    }),
  ZT121: () =>
    synthLine('ZT121', (app) => {
      const t = topo(app);
      new Zone(t, 'a', { namespace: 'prod' });
      new Zone(t, 'b', { namespace: 'prod' });
    }),
  ZT122: () =>
    synthLine('ZT122', (app) => {
      new Tier(new Zone(topo(app), 'prod'), 'api', {});
    }),
  ZT123: () =>
    synthLine('ZT123', (app) => {
      Tier.fromWorkload(new Zone(topo(app), 'prod'), 'api', new Construct(app, 'not-a-workload'));
    }),
  ZT124: () =>
    synthLine('ZT124', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'api');
      new MeshMtls(z, 'mtls', { mode: MtlsMode.STRICT });
    }),
  ZT125: () =>
    synthLine('ZT125', (app) => {
      const t = topo(app);
      const api = tierIn(new Zone(t, 'prod'), 'api');
      new IngressGateway(t, 'gw', { namespace: 'prod', className: 'istio', listeners: [Listener.http()] }).addHttpRoute(
        'r',
        { rules: [{ backends: [{ tier: api }] }] },
      );
    }),
  ZT126: () =>
    synthLine('ZT126', (app) => {
      tierIn(new Zone(topo(app, { profiles: [Profile.of(['weave'])] }), 'prod'), 'api');
    }),
  ZT127: () =>
    synthLine('ZT127', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'a', { selector: { app: 'a' } });
      tierIn(z, 'c', { selector: { app: 'a', role: 'admin' } });
    }),
  ZT128: () =>
    synthLine('ZT128', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'db', { ports: [Port.tcp(5432)], protocol: AppProtocol.TCP }).allowFrom(tierIn(z, 'web'), {
        http: [HttpMatch.get('/')],
      });
    }),
  ZT129: () =>
    synthLine('ZT129', (app) => {
      new EgressFqdn(tierIn(new Zone(topo(app), 'prod'), 'api'), 'stripe', {
        names: ['api.stripe.com'],
        http: [HttpMatch.get('/v1/charges')],
      });
    }),
  ZT130: () =>
    synthLine('ZT130', (app) => {
      const z = new Zone(topo(app, { mesh: MeshMode.SIDECAR, profiles: [Profile.ciliumIstio()] }), 'prod', {
        manageNamespace: true,
      });
      new MeshMtls(tierIn(z, 'api'), 'mtls', {
        mode: MtlsMode.STRICT,
        portModes: [
          { port: 8080, mode: MtlsMode.PERMISSIVE },
          { port: 8080, mode: MtlsMode.DISABLE },
        ],
      });
    }),
  ZT131: () =>
    synthLine('ZT131', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'a', { service: { name: 'web' } });
      tierIn(z, 'b', { service: { name: 'web' } });
    }),
  ZT132: () =>
    synthLine('ZT132', (app) => {
      tierIn(new Zone(topo(app, { profiles: [] }), 'prod'), 'api');
    }),
  ZT133: () =>
    thrown(() => {
      const t = topo(new App());
      const z = new Zone(t, 'prod');
      tierIn(z, 'api');
      t.chartFor('cilium');
      tierIn(z, 'late');
    }),
  ZT134: () =>
    synthLine('ZT134', (app) => {
      const z = new Zone(topo(app), 'prod');
      const a = tierIn(z, 'a', { selector: { app: 'a' } });
      tierIn(z, 'c', { selector: { app: 'a', role: 'admin', team: 'x' }, allowOverlapWith: [a] });
    }),
  ZT140: () =>
    synthLine('ZT140', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'api').allowFrom(tierIn(z, 'web'), { ports: [] });
    }),
  ZT141: () =>
    synthLine('ZT141', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'api').allowFrom(tierIn(z, 'web'), { ports: [8080 as any] });
    }),
  ZT142: () =>
    synthLine('ZT142', (app) => {
      const z = new Zone(topo(app, { mesh: MeshMode.SIDECAR, profiles: [Profile.ciliumIstio()] }), 'prod');
      new MeshMtls(z, 'mtls', { mode: 'strict' as any });
    }),
  ZT143: () =>
    synthLine('ZT143', (app) => {
      tierIn(new Zone(topo(app), 'prod'), 'api').allowFrom(undefined as any);
    }),
  ZT144: () =>
    synthLine('ZT144', (app) => {
      const z = new Zone(topo(app, { mesh: MeshMode.AMBIENT, profiles: [Profile.ciliumIstio()] }), 'prod', {
        namespace: 'n'.repeat(60),
      });
      tierIn(z, 'api', { service: { name: 'api' } }).allowFrom(tierIn(z, 'web'), {
        ports: [Port.tcp(8080)],
        http: [HttpMatch.get('/x')],
      });
    }),
  ZT145: () =>
    synthLine('ZT145', (app) => {
      new Zone(topo(app, { trustDomain: 'Prod Domain' }), 'prod');
    }),
  ZT146: () => thrown(() => Peer.kubeApiserver({ fallback: Peer.namespace('kube-system') })),
  ZT147: () =>
    synthLine('ZT147', (app) => {
      const z = new Zone(topo(app), 'prod');
      tierIn(z, 'api').allowFrom(tierIn(z, 'web'), { ports: [Port.tcp(80)], kafkaFallback: KafkaFallback.L4 });
    }),
  ZT148: () =>
    synthLine('ZT148', (app) => {
      const t = topo(app, { mesh: MeshMode.SIDECAR, profiles: [Profile.ciliumIstio()] });
      const z = new Zone(t, 'prod');
      const api = tierIn(z, 'api', { service: { name: 'api' } });
      new MeshRoute(t, 'canary', { service: api, fromZone: z, rules: [{ backends: [{ tier: api }] }] });
    }),
  ZT149: () => {
    const t = topo(new App(), { mesh: MeshMode.SIDECAR, profiles: [Profile.ciliumIstio()] });
    const api = tierIn(new Zone(t, 'prod'), 'api', { service: { name: 'api' } });
    new MeshRoute(t, 'canary', { service: api, fromZone: new Zone(t, 'web'), rules: [{ backends: [{ tier: api }] }] });
    const mesh = { ...istioDescriptor, name: 'plain-mesh', mesh: { ...istioDescriptor.mesh!, consumerRoutes: false } };
    const plan = planProfile(t._compile().ir!, {
      name: 'plain',
      targets: [...allTargets().filter((x) => x.name === 'cilium'), mesh],
      accepted: [],
      gatewayApi: true,
      registered: allTargets(),
    });
    const d = plan.diagnostics.find((x) => x.code === 'ZT149');
    if (!d) throw new Error('expected ZT149');
    return `${d.code}: ${d.message}`;
  },
  ZT170: () =>
    thrown(
      () =>
        new Guardrail(topo(new App(), { profiles: [Profile.kubernetesGuardrails()] }), 'g', {
          ...GUARD,
          priority: 1001,
        }),
    ),
  ZT173: () => thrown(() => GuardrailPeer.domains([])),
  ZT180: () => thrown(() => new Waypoint(new Zone(topo(new App()), 'prod'), 'wp', { name: 'Backend_Waypoint' })),
  ZT181: () =>
    thrown(() => {
      const t = topo(new App(), { mesh: MeshMode.AMBIENT });
      const wp = new Waypoint(new Zone(t, 'other'), 'wp');
      new Zone(t, 'prod').useWaypoint(wp);
    }),
  ZT182: () =>
    thrown(() => {
      const prod = new Zone(topo(new App(), { mesh: MeshMode.AMBIENT }), 'prod');
      prod.useWaypoint(new Waypoint(prod, 'a'));
      prod.useWaypoint(new Waypoint(prod, 'b'));
    }),
  ZT183: () =>
    synthLine('ZT183', (app) => {
      const z = new Zone(topo(app, { mesh: MeshMode.AMBIENT, profiles: [Profile.ciliumIstio()] }), 'prod');
      new Waypoint(z, 'backend-waypoint');
      tierIn(z, 'api', { service: { name: 'api' } }).allowFrom(tierIn(z, 'web'), {
        ports: [Port.tcp(8080)],
        http: [HttpMatch.get('/x')],
      });
    }),
  ZT184: () =>
    synthLine('ZT184', (app) => {
      new Waypoint(new Zone(topo(app, { mesh: MeshMode.SIDECAR, profiles: [Profile.ciliumIstio()] }), 'prod'), 'wp');
    }),
  ZT185: () =>
    synthLine('ZT185', (app) => {
      new Waypoint(new Zone(topo(app, { mesh: MeshMode.AMBIENT, profiles: [Profile.ciliumLinkerd()] }), 'prod'), 'wp');
    }),
  ZT324: () =>
    synthLine('ZT324', (app) => {
      const z = new Zone(topo(app, { mesh: MeshMode.AMBIENT, profiles: [Profile.ciliumIstio()] }), 'prod');
      tierIn(z, 'api').useWaypoint(new Waypoint(z, 'api-waypoint', { traffic: WaypointTraffic.SERVICE }));
    }),
  ZT171: () =>
    synthLine('ZT171', (app) => {
      const p = topo(app, { profiles: [Profile.kubernetesGuardrails()] });
      new Guardrail(p, 'a', GUARD);
      new Guardrail(p, 'b', { ...GUARD, peers: [GuardrailPeer.cidr('10.0.0.0/8')] });
    }),
  ZT172: () =>
    synthLine('ZT172', (app) => {
      new Guardrail(topo(app, { profiles: [Profile.kubernetes()] }), 'a', GUARD);
    }),
  ZT190: () =>
    synthLine('ZT190', (app) => {
      const api = new Tier(new Zone(topo(app, { profiles: [Profile.kubernetes()] }), 'prod'), 'api', {
        selector: { app: 'api' },
        ports: [Port.tcp(9090)],
      });
      api.allowFrom(
        Peer.pods({ namespace: 'monitoring', labels: { app: 'prometheus' }, serviceAccount: 'prometheus' }),
      );
    }),
  ZT191: () =>
    synthLine('ZT191', (app) => {
      const shop = topo(app, { mesh: MeshMode.SIDECAR, profiles: [Profile.istio(LINKERD_ONLY)] });
      const api = new Tier(new Zone(shop, 'prod'), 'api', {
        selector: { app: 'api' },
        serviceAccount: 'api',
        ports: [Port.tcp(9090)],
      });
      api.allowFrom(
        Peer.pods({ namespace: 'monitoring', labels: { app: 'prometheus' }, serviceAccount: 'prometheus' }),
      );
    }),
  ZT192: () =>
    synthLine('ZT192', (app) => {
      new Zone(topo(app), 'prod', { podSecurity: { enforce: PodSecurityLevel.RESTRICTED, enforceVersion: '1.31' } });
    }),
  ZT193: () =>
    synthLine('ZT193', (app) => {
      const shop = topo(app);
      new Zone(shop, 'a', {
        namespace: 'shared',
        podSelector: { zone: 'a' },
        podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
      });
      new Zone(shop, 'b', { namespace: 'shared', podSelector: { zone: 'b' } });
    }),
  ZT308: () =>
    synthLine('ZT308', (app) => {
      new Guardrail(topo(app, { profiles: [Profile.cilium()] }), 'a', { ...GUARD, peers: [GuardrailPeer.nodes({})] });
    }),
  ZT309: () =>
    synthLine('ZT309', (app) => {
      new Guardrail(topo(app, { profiles: [Profile.cilium()] }), 'a', {
        ...GUARD,
        peers: [GuardrailPeer.domains(['api.example.com'])],
      });
    }),
  ZT307: () =>
    synthLine('ZT307', (app) => {
      new Guardrail(topo(app, { profiles: [Profile.cilium()] }), 'a', { ...GUARD, tier: GuardrailTier.BASELINE });
    }),
  ZT360: () => {
    const ir = cil.topology([], [], []);
    const unknownPeer = { kind: 'node', nodeLabels: {} } as unknown as IrGuardrail['peers'][number];
    const guardrail: IrGuardrail = {
      id: 'g',
      path: 'shop/g',
      name: 'g',
      tier: 'admin',
      priority: 10,
      action: 'deny',
      direction: 'egress',
      subject: { namespaceLabels: {} },
      peers: [unknownPeer],
      ports: [],
    };
    return targetLine(
      'ZT360',
      calicoTarget.check?.({ ...ir, guardrails: [guardrail] }, { profile: 'calico', profileTargets: ['calico'] }) ?? [],
    );
  },
  ZT361: () =>
    synthLine('ZT361', (app) => {
      new Guardrail(topo(app, { profiles: [Profile.calico()] }), 'a', { ...GUARD, name: 'pass-to-next-tier' });
    }),
  ZT322: () =>
    synthLine('ZT322', (app) => {
      new Guardrail(meshTopo(app, [Profile.ciliumIstio()]), 'sre', { ...NO_SANDBOX, action: GuardrailAction.ALLOW });
    }),
  ZT323: () =>
    synthLine('ZT323', (app) => {
      new Guardrail(
        meshTopo(app, [Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] })]),
        'metadata',
        GUARD,
      );
    }),
  ZT393: () =>
    synthLine('ZT393', (app) => {
      new Guardrail(topo(app, { profiles: [Profile.kubernetesGuardrails()] }), 'a', {
        ...GUARD,
        peers: [GuardrailPeer.nodes({})],
      });
    }),
  ZT394: () =>
    synthLine('ZT394', (app) => {
      new Guardrail(topo(app, { profiles: [Profile.kubernetesGuardrails()] }), 'a', {
        ...GUARD,
        peers: [GuardrailPeer.domains(['api.example.com'])],
      });
    }),
  ZT391: () =>
    synthLine('ZT391', (app) => {
      new Guardrail(topo(app, { profiles: [Profile.of(['cilium', 'network-policy-api'])] }), 'a', GUARD);
    }),
  ZT392: () =>
    synthLine('ZT392', (app) => {
      const p = topo(app, {
        profiles: [Profile.kubernetesGuardrails({ networkPolicyApi: NetworkPolicyApiVersion.V1ALPHA1 })],
      });
      new Guardrail(p, 'a', { ...GUARD, tier: GuardrailTier.BASELINE, action: GuardrailAction.PASS });
    }),
  ZT371: () =>
    synthLine('ZT371', (app) => {
      linkerdShop(app, MeshMode.AMBIENT, [Profile.ciliumLinkerd()]);
    }),
  ZT372: () =>
    synthLine('ZT372', (app) => {
      linkerdShop(app, MeshMode.SIDECAR, [Profile.linkerd(LINKERD_ONLY)]).api.allowFrom(
        Peer.pods({ namespace: 'batch', labels: { app: 'job' } }),
        { ports: [Port.tcp(8080)] },
      );
    }),
  ZT373: () =>
    synthLine('ZT373', (app) => {
      const { api, web } = linkerdShop(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]);
      api.allowFrom(web, { ports: [Port.tcpRange(8000, 8100)] });
    }),
  ZT374: () =>
    synthLine('ZT374', (app) => {
      const { z, web } = linkerdShop(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]);
      const kafka = new Tier(z, 'kafka', {
        selector: { app: 'kafka' },
        serviceAccount: 'kafka',
        ports: [Port.tcp(9092)],
        protocol: AppProtocol.KAFKA,
      });
      kafka.allowFrom(web, { ports: [Port.tcp(9092)], kafka: [KafkaMatch.produce('orders')] });
    }),
  ZT376: () =>
    synthLine('ZT376', (app) => {
      new MeshMtls(linkerdShop(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]).z, 'off', { mode: MtlsMode.DISABLE });
    }),
  ZT377: () =>
    synthLine('ZT377', (app) => {
      const { api, web } = linkerdShop(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]);
      api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get(`/${'a.'.repeat(510)}*`)] });
    }),
  ZT160: () =>
    synthLine('ZT160', (app) => {
      const t = topo(app, { profiles: [Profile.kubernetes()] });
      const z = new Zone(t, 'prod');
      tierIn(z, 'api');
      const extra = new ApiObject(t.chartFor('kubernetes'), 'extra', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'extra', namespace: 'prod' },
        spec: { podSelector: {} },
      });
      extra.addJsonPatch(JsonPatch.add('/spec/ingress', [{ ports: [{ port: 70000 }] }]));
    }),
  ZT186: () => thrown(() => IngressClass.nginx({ namespace: 'Ingress_Nginx' })),
  ZT187: () =>
    synthLine('ZT187', (app) => {
      classGateway(app, 'edge', 'eg', {});
    }),
  ZT188: () =>
    synthLine('ZT188', (app) => {
      classGateway(app, 'a', 'istio', {});
      classGateway(app, 'b', 'istio', { description: 'other' });
    }),
  ZT189: () =>
    synthLine('ZT189', (app) => {
      const { t } = ingressShop(app);
      new IngressController(t, 'other', { ingressClass: IngressClass.nginx({ namespace: 'edge' }) });
    }),
  ZT342: () =>
    synthLine('ZT342', (app) => {
      const { nginx, web } = ingressShop(app);
      nginx.addIngress('web', {
        rules: [{ matches: [RouteMatch.headers({ 'X-Canary': 'yes' })], backends: [{ tier: web }] }],
      });
    }),
  ZT343: () =>
    synthLine('ZT343', (app) => {
      const { nginx, web, api } = ingressShop(app);
      nginx.addIngress('web', {
        rules: [
          {
            backends: [
              { tier: web, weight: 90 },
              { tier: api, weight: 10 },
            ],
          },
        ],
      });
    }),
  ZT344: () =>
    synthLine('ZT344', (app) => {
      const { nginx, web } = ingressShop(app);
      nginx.addIngress('web', { namespace: 'edge', rules: [{ backends: [{ tier: web }] }] });
    }),
  ZT345: () =>
    synthLine('ZT345', (app) => {
      const { nginx, web } = ingressShop(app);
      nginx.addIngress('web', {
        hostnames: ['shop.example.com'],
        tls: [{ secretName: 'shop-tls', hosts: ['admin.example.com'] }],
        rules: [{ backends: [{ tier: web }] }],
      });
    }),
  ZT346: () =>
    synthLine('ZT346', (app) => {
      const { nginx, web, api } = ingressShop(app);
      nginx.addIngress('web', {
        rules: [
          { matches: [RouteMatch.pathPrefix('/a')], backends: [{ tier: web }] },
          { matches: [RouteMatch.pathPrefix('/a')], backends: [{ tier: api }] },
        ],
      });
    }),
  ZT347: () => ingressTargetLine('ZT347', { hostnames: ['10.0.0.1'], tls: [] }),
  ZT348: () => ingressTargetLine('ZT348', { rules: [] }),
  ZT206: () => {
    const app = new App();
    const t = topo(app);
    classGateway(app, 'edge', 'cilium', {});
    const w = t.warnings.find((x) => x.code === 'ZT206');
    if (!w) throw new Error('expected ZT206');
    return `${w.code}: ${w.message}`;
  },
  ZT201: () => {
    const app = new App();
    const shop = new Topology(app, 'shop', {
      mesh: MeshMode.SIDECAR,
      profiles: [Profile.istio()],
      warnings: WarningMode.SILENT,
    });
    tierIn(new Zone(shop, 'prod'), 'api');
    const w = shop.warnings.find((x) => x.code === 'ZT201');
    if (!w) throw new Error('expected ZT201');
    return `${w.code}: ${w.message}`;
  },
  ZT202: () => {
    const shop = topo(new App(), { mesh: MeshMode.SIDECAR });
    new MeshMtls(new Zone(shop, 'prod'), 'mtls', { mode: MtlsMode.STRICT });
    const w = shop.warnings.find((x) => x.code === 'ZT202');
    if (!w) throw new Error('expected ZT202');
    return `${w.code}: ${w.message}`;
  },
  ZT203: () => {
    const shop = topo(new App(), { mesh: MeshMode.SIDECAR, profiles: [Profile.cilium(), Profile.ciliumIstio()] });
    const api = tierIn(new Zone(shop, 'prod'), 'api', { service: { name: 'api' } });
    new MeshRoute(shop, 'canary', { service: api, rules: [{ backends: [{ tier: api }] }] });
    const w = shop.warnings.find((x) => x.code === 'ZT203');
    if (!w) throw new Error('expected ZT203');
    return `${w.code}: ${w.message}`;
  },
  ZT208: () => {
    const shop = topo(new App());
    tierIn(new Zone(shop, 'prod', { podSecurity: { enforce: PodSecurityLevel.BASELINE } }), 'api');
    const w = shop.warnings.find((x) => x.code === 'ZT208');
    if (!w) throw new Error('expected ZT208');
    return `${w.code}: ${w.message}`;
  },
  ZT205: () => {
    const shop = topo(new App(), { mesh: MeshMode.AMBIENT, profiles: [Profile.ciliumIstio()] });
    const z = new Zone(shop, 'prod', { manageNamespace: true });
    tierIn(z, 'api', { service: { name: 'api' } }).useWaypoint(new Waypoint(z, 'api-waypoint'));
    const w = shop.warnings.find((x) => x.code === 'ZT205');
    if (!w) throw new Error('expected ZT205');
    return `${w.code}: ${w.message}`;
  },
  ZT261: () => {
    const { t } = (() => {
      const app = new App();
      const shop = new Topology(app, 'shop', {
        mesh: MeshMode.SIDECAR,
        profiles: [Profile.linkerd(LINKERD_ONLY)],
        warnings: WarningMode.SILENT,
      });
      tierIn(new Zone(shop, 'prod'), 'api');
      return { t: shop };
    })();
    const w = t.warnings.find((x) => x.code === 'ZT261');
    if (!w) throw new Error('expected ZT261');
    return `${w.code}: ${w.message}`;
  },
  ZT262: () => {
    const t = new Topology(new App(), 'shop', {
      mesh: MeshMode.SIDECAR,
      profiles: [Profile.ciliumLinkerd()],
      warnings: WarningMode.SILENT,
    });
    const locked = new Zone(t, 'locked', {
      namespace: 'shared',
      podSelector: { zone: 'locked' },
      manageNamespace: true,
    });
    const open = new Zone(t, 'open', {
      namespace: 'shared',
      podSelector: { zone: 'open' },
      defaultDeny: DefaultDeny.NONE,
    });
    tierIn(locked, 'db');
    tierIn(open, 'web');
    const w = t.warnings.find((x) => x.code === 'ZT262');
    if (!w) throw new Error('expected ZT262');
    return `${w.code}: ${w.message}`;
  },
  ZT301: () => cilium('ZT301', [], {}, 'latest'),
  ZT302: () =>
    cilium(
      'ZT302',
      [
        cil.rule('web->api', cil.peer.workload('shop/web'), cil.peer.workload('shop/api'), [cil.port.tcp(9092)], {
          kind: 'kafka',
          rules: [{ role: 'produce', topic: 't' }],
        }),
      ],
      {},
      '1.20',
    ),
  ZT303: () =>
    cilium(
      'ZT303',
      [
        cil.rule('api->cdn', cil.peer.workload('shop/api'), cil.peer.fqdn(cil.fqdn.subdomains('cdn.example')), [
          cil.port.tcp(443),
        ]),
      ],
      {},
      '1.18',
    ),
  ZT304: () =>
    cilium(
      'ZT304',
      [
        cil.rule('api->stripe', cil.peer.workload('shop/api'), cil.peer.fqdn(cil.fqdn.exact('api.stripe.com')), [
          cil.port.tcp(443),
        ]),
      ],
      { dns: undefined },
    ),
  ZT305: () =>
    cilium('ZT305', [
      cil.rule(
        'web->api',
        cil.peer.workload('shop/web'),
        cil.peer.workload('shop/api'),
        [],
        cil.httpL7(cil.http.exact('GET', '/')),
      ),
    ]),
  ZT306: () =>
    cilium('ZT306', [], { dns: { ...cil.kubeDns(), ports: [{ protocol: 'UDP', port: 53, endPort: 54 }] } as IrDns }),
  ZT311: () =>
    istio(
      'ZT311',
      sidecarRule([ist.tcp(8080)], undefined, { kind: 'pods', namespace: 'ops', podLabels: { app: 'x' } }),
    ),
  ZT312: () =>
    istio(
      'ZT312',
      sidecarRule(
        [ist.tcp(8080)],
        ist.http({ method: 'GET', path: { kind: 'regex', value: '/users/[0-9]+' }, headers: [] }),
      ),
    ),
  ZT313: () => istio('ZT313', sidecarRule([ist.tcp(8080)], ist.http(ist.exact('GET', '/files/*.txt')))),
  ZT314: () => istio('ZT314', sidecarRule([{ protocol: 'TCP', port: 7000, endPort: 7010 }])),
  ZT315: () =>
    istio('ZT315', sidecarRule([ist.tcp(9092)], { kind: 'kafka', rules: [{ role: 'produce', topic: 'orders' }] })),
  ZT316: () => {
    const base = ist.ambientWaypoint();
    return istio('ZT316', {
      ...base,
      workloads: base.workloads.map((w) => (w.name === 'web-test' ? { ...w, service: undefined } : w)),
    });
  },
  ZT317: () => {
    const base = ist.ambientWaypoint();
    return istio('ZT317', {
      ...base,
      rules: base.rules.map((r) =>
        r.l7 ? { ...r, from: { kind: 'cidr' as const, cidr: '10.0.0.0/8', except: [] } } : r,
      ),
    });
  },
  ZT318: () => {
    const base = ist.ambientWaypoint();
    return istio('ZT318', {
      ...base,
      rules: base.rules.map((r) => (r.id === 'gateway-to-web' ? { ...r, ports: [ist.tcp(8080), ist.tcp(9090)] } : r)),
    });
  },
  ZT319: () => istio('ZT319', ist.ambientWaypoint({ ...ist.NS_TEST_WAYPOINT, for: 'all' } as IrWaypoint)),
  ZT320: () => {
    const root = ist.zone('istio-system');
    const g = ist.workload('istio-system', 'gw');
    const mtls: IrMtls = {
      id: 'm',
      path: 'topology/m',
      name: 'gw-mtls',
      namespace: 'istio-system',
      zone: g.id,
      workload: g.id,
      mode: 'STRICT',
      portModes: [],
    };
    return istio(
      'ZT320',
      ist.topology({ zones: [root], workloads: [g], rules: [], mtls: [mtls, ist.zoneMtls(root, 'STRICT')] }),
    );
  },
  ZT321: () => {
    const base = ist.ambientWaypoint();
    return istio('ZT321', { ...base, mtls: base.mtls.map((m) => ({ ...m, mode: 'DISABLE' as const })) });
  },
  ZT331: () =>
    gatewayApi(
      'ZT331',
      gw.topology(
        [],
        [{ ...PUBLIC, listeners: [gw.listener('web', 80, 'HTTP'), gw.listener('web', 8080, 'HTTP')] }],
        [],
      ),
    ),
  ZT332: () =>
    gatewayApi('ZT332', gw.topology([], [{ ...PUBLIC, listeners: [gw.listener('https', 443, 'HTTPS')] }], [])),
  ZT333: () =>
    gatewayApi(
      'ZT333',
      gw.topology(
        [gw.ZONES_LAB.httpApi],
        [],
        [
          gw.gatewayRoute(
            {
              id: 'edge/shop',
              name: 'shop',
              namespace: 'edge',
              rules: [gw.rule([], gw.backend(gw.ZONES_LAB.httpApi))],
            },
            'edge/missing',
          ),
        ],
      ),
    ),
  ZT334: () =>
    gatewayApi(
      'ZT334',
      gw.topology(
        [gw.ZONES_LAB.httpApi],
        [PUBLIC],
        [
          gw.gatewayRoute(
            {
              id: 'edge/shop',
              name: 'shop',
              namespace: 'edge',
              rules: [gw.rule([], gw.backend(gw.ZONES_LAB.httpApi))],
            },
            PUBLIC.id,
            'https',
          ),
        ],
      ),
    ),
  ZT335: () => gatewayApi('ZT335', withRoute({ id: 'backend/shop', namespace: 'backend' })),
  ZT336: () => gatewayApi('ZT336', withRoute({ hostnames: ['example.com', 'shop.example.net'] })),
  ZT337: () =>
    gatewayApi('ZT337', withRoute({ rules: [gw.rule([gw.match.prefix('/')], gw.backend(gw.ZONES_LAB.httpApi, 0))] })),
  ZT338: () => gatewayApi('ZT338', withMatches([gw.match.prefix('/api//v1')])),
  ZT339: () => gatewayApi('ZT339', withMatches([gw.match.header(':authority', 'x')])),
  ZT340: () => gatewayApi('ZT340', withMatches([gw.match.exact('/', 'PROPFIND')])),
  ZT341: () => gatewayApi('ZT341', withRoute({ rules: [] })),
};

const CATALOG = [...Object.values(ErrorCode), ...Object.values(WarningCode)].sort();

describe('every code of the catalog says how to fix the problem', () => {
  test('the table covers the whole catalog, and nothing else', () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual(CATALOG);
    expect(Object.keys(ERROR_DOCS).sort()).toEqual(CATALOG);
  });

  test.each(Object.keys(TRIGGERS).sort())('%s', (code) => {
    const message = TRIGGERS[code]();
    expect(message).toContain(`${code}: `);
    const text = message.slice(message.indexOf(`${code}: `) + code.length + 2);
    expect({ code, text, hint: HINT.test(text) }).toEqual({ code, text, hint: true });
    expect(message).not.toMatch(/Rule '\{|"kind":/); // internal rule ids never reach a message
  });
});
