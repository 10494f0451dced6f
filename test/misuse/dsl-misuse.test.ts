import { App } from 'cdk8s';
import {
  AllowFrom,
  AllowedRoutes,
  AppProtocol,
  DefaultDeny,
  Dns,
  EgressFqdn,
  Entity,
  Fqdn,
  HttpMatch,
  IngressGateway,
  KafkaMatch,
  Listener,
  MeshMode,
  MeshMtls,
  MeshRoute,
  MtlsMode,
  PathMatch,
  Peer,
  Port,
  Profile,
  Protocol,
  RouteMatch,
  Tier,
  Topology,
  TopologyProps,
  WarningMode,
  Widening,
  Zone,
} from '../../src';
import { Doc, synthDocs } from '../util/synth';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A sweep of DSL misuse, as a hostile user writes it in TypeScript and in plain JavaScript
 * (which skips the type checker: `as any` here). Every case builds a small program with one
 * misuse and synthesizes it. A refused case must fail with a coded `ZTnnn:` error (naming the
 * construct path when a construct is at fault), never a raw TypeError, and write nothing. An
 * accepted case must emit only documents that validate against the schemas and widen nothing.
 */

const x = (v: unknown): any => v; // the JavaScript caller: no type checker

interface Base {
  readonly app: App;
  readonly shop: Topology;
  readonly prod: Zone;
  readonly web: Tier;
  readonly api: Tier;
}

/** The program every case starts from: one zone, two tiers with Services. */
function base(app: App, props: TopologyProps = {}): Base {
  const shop = new Topology(app, 'shop', { profiles: [Profile.cilium()], warnings: WarningMode.SILENT, ...props });
  const prod = new Zone(shop, 'prod');
  const web = new Tier(prod, 'web', {
    selector: { app: 'web' },
    serviceAccount: 'web',
    ports: [Port.tcp(80)],
    service: { name: 'web' },
  });
  const api = new Tier(prod, 'api', {
    selector: { app: 'api' },
    serviceAccount: 'api',
    ports: [Port.tcp(8080)],
    service: { name: 'api' },
  });
  return { app, shop, prod, web, api };
}

type Outcome =
  /** Refused at synth, with this code, under this construct path. */
  | { readonly refused: string; readonly at: string }
  /** Refused where the value is written (a value factory or a duplicate id), with this code. */
  | { readonly thrown: string }
  /** Accepted: the documents validate, and `check` holds on them. */
  | { readonly accepted: (docs: Doc[]) => void };

type Case = readonly [name: string, build: (app: App) => void, outcome: Outcome];

const at = (refused: string, p: string): Outcome => ({ refused, at: p });
const thrown = (code: string): Outcome => ({ thrown: code });

// ---- edge options: every list prop of allowFrom / allowTo / EgressFqdn / AllowFrom -------------
const EDGE_OPTION_MISUSE: readonly [string, object, string][] = [
  ['ports: []', { ports: [] }, 'ZT140'],
  ['ports: [8080] (a number, not Port.tcp)', { ports: [8080] }, 'ZT141'],
  ['ports: 8080 (not a list)', { ports: 8080 }, 'ZT141'],
  ["ports: ['8080']", { ports: ['8080'] }, 'ZT141'],
  ['ports: [null]', { ports: [null] }, 'ZT141'],
  ['ports: [undefined]', { ports: [undefined] }, 'ZT141'],
  ['ports: [{ port: 8080 }]', { ports: [{ port: 8080 }] }, 'ZT141'],
  ['ports: null', { ports: null }, 'ZT141'],
  ['ports: Port.tcp(8080) (not a list)', { ports: Port.tcp(8080) }, 'ZT141'],
  ['http: []', { ports: [Port.tcp(8080)], http: [] }, 'ZT140'],
  ["http: ['GET /x']", { ports: [Port.tcp(8080)], http: ['GET /x'] }, 'ZT141'],
  ["http: HttpMatch.get('/x') (not a list)", { ports: [Port.tcp(8080)], http: HttpMatch.get('/x') }, 'ZT141'],
  ['http: [{ method: GET }]', { ports: [Port.tcp(8080)], http: [{ method: 'GET' }] }, 'ZT141'],
  ['http: [null]', { ports: [Port.tcp(8080)], http: [null] }, 'ZT141'],
  ['kafka: []', { ports: [Port.tcp(8080)], kafka: [] }, 'ZT140'],
  ["kafka: ['orders']", { ports: [Port.tcp(8080)], kafka: ['orders'] }, 'ZT141'],
  ["kafka: 'orders'", { ports: [Port.tcp(8080)], kafka: 'orders' }, 'ZT141'],
];

const edgeCases: Case[] = [
  ...EDGE_OPTION_MISUSE.map(([n, o, code]): Case => [
    `api.allowFrom(web, { ${n} })`,
    (app) => {
      const b = base(app);
      b.api.allowFrom(b.web, x(o));
    },
    at(code, 'shop/prod/api/from-web'),
  ]),
  ...EDGE_OPTION_MISUSE.map(([n, o, code]): Case => [
    `web.allowTo(api, { ${n} })`,
    (app) => {
      const b = base(app);
      b.web.allowTo(b.api, x(o));
    },
    at(code, 'shop/prod/web/to-api'),
  ]),
  ...EDGE_OPTION_MISUSE.map(([n, o, code]): Case => [
    `new AllowFrom(..., { ${n} })`,
    (app) => {
      const b = base(app);
      new AllowFrom(b.api, 'edge', x({ from: b.web, to: b.api, ...o }));
    },
    at(code, 'shop/prod/api/edge'),
  ]),
];

// ---- peers ---------------------------------------------------------------------------------------
const BAD_PEERS: readonly [string, (b: Base) => unknown][] = [
  ['undefined', () => undefined],
  ['null', () => null],
  ["a string 'web'", () => 'web'],
  ['a plain object', () => ({})],
  ['a look-alike with a peerDescription', () => ({ peerDescription: 'pods in monitoring', _ir: { kind: 'any' } })],
  ['a Zone', (b) => b.prod],
  ['a Topology', (b) => b.shop],
  ['a Port', () => Port.tcp(80)],
];
const peerCases: Case[] = [
  ...BAD_PEERS.map(([n, p]): Case => [
    `api.allowFrom(${n})`,
    (app) => {
      const b = base(app);
      b.api.allowFrom(x(p(b)));
    },
    at('ZT143', 'shop/prod/api/from-invalid-peer'),
  ]),
  ...BAD_PEERS.map(([n, p]): Case => [
    `api.allowTo(${n})`,
    (app) => {
      const b = base(app);
      b.api.allowTo(x(p(b)));
    },
    at('ZT143', 'shop/prod/api/to-invalid-peer'),
  ]),
  [
    'new AllowFrom with from: undefined',
    (app) => {
      const b = base(app);
      new AllowFrom(b.api, 'e', x({ to: b.api }));
    },
    at('ZT143', 'shop/prod/api/e'),
  ],
  [
    "allowFrom(web, 'x') (options not an object)",
    (app) => {
      const b = base(app);
      b.api.allowFrom(b.web, x('x'));
    },
    at('ZT141', 'shop/prod/api/from-invalid-peer'),
  ],
  [
    'allowFrom(web, [Port.tcp(80)]) (ports without { ports })',
    (app) => {
      const b = base(app);
      b.api.allowFrom(b.web, x([Port.tcp(80)]));
    },
    at('ZT141', 'shop/prod/api/from-invalid-peer'),
  ],
  [
    'allowFrom(web, null)',
    (app) => {
      const b = base(app);
      b.api.allowFrom(b.web, x(null));
    },
    at('ZT141', 'shop/prod/api/from-invalid-peer'),
  ],
];

// ---- EgressFqdn ------------------------------------------------------------------------------------
const fqdn =
  (names: unknown, extra: object = {}) =>
  (app: App) => {
    const b = base(app);
    new EgressFqdn(b.api, 'ext', x({ names, ...extra }));
  };
const fqdnRefused = (code: string) => at(code, 'shop/prod/api/ext');
const toFqdns = (docs: Doc[]) =>
  docs
    .filter((d) => d.kind === 'CiliumNetworkPolicy')
    .flatMap((d) => (d.spec.egress ?? []).flatMap((r: any) => r.toFQDNs ?? []));
const fqdnCases: Case[] = [
  ['names: []', fqdn([]), fqdnRefused('ZT140')],
  ["names: 'x.com' (not a list)", fqdn('api.example.com'), fqdnRefused('ZT141')],
  ['names: [123]', fqdn([123]), fqdnRefused('ZT141')],
  ['names: [null]', fqdn([null]), fqdnRefused('ZT141')],
  ['names missing', fqdn(undefined), fqdnRefused('ZT141')],
  ["names: ['*']", fqdn(['*']), fqdnRefused('ZT109')],
  ["names: ['*.com']", fqdn(['*.com']), fqdnRefused('ZT109')],
  ["names: ['*.*.*']", fqdn(['*.*.*']), fqdnRefused('ZT109')],
  ["names: ['*.*.com']", fqdn(['*.*.com']), fqdnRefused('ZT109')],
  ["names: ['google.*']", fqdn(['google.*']), fqdnRefused('ZT109')],
  ["names: ['www.google.*']", fqdn(['www.google.*']), fqdnRefused('ZT109')],
  ["names: ['a.*.com']", fqdn(['a.*.com']), fqdnRefused('ZT109')],
  ["names: ['api.exa*.com']", fqdn(['api.exa*.com']), fqdnRefused('ZT109')],
  ["names: ['**.com']", fqdn(['**.com']), fqdnRefused('ZT109')],
  ["names: ['a.**.example.com']", fqdn(['a.**.example.com']), fqdnRefused('ZT109')],
  ["names: ['**.*.example.com']", fqdn(['**.*.example.com']), fqdnRefused('ZT109')],
  ["names: ['https://api.example.com']", fqdn(['https://api.example.com']), fqdnRefused('ZT108')],
  ["names: ['api example.com']", fqdn(['api example.com']), fqdnRefused('ZT108')],
  ["names: ['']", fqdn(['']), fqdnRefused('ZT108')],
  ["names: ['1.2.3.4'] (an IP address)", fqdn(['1.2.3.4']), fqdnRefused('ZT108')],
  ['ports: []', fqdn(['api.example.com'], { ports: [] }), fqdnRefused('ZT140')],
  ['ports: [443]', fqdn(['api.example.com'], { ports: [443] }), fqdnRefused('ZT141')],
  ['http: []', fqdn(['api.example.com'], { ports: [Port.HTTP], http: [] }), fqdnRefused('ZT140')],
  [
    'props missing',
    (app) => {
      const b = base(app);
      new EgressFqdn(b.api, 'ext', x(undefined));
    },
    fqdnRefused('ZT141'),
  ],
  [
    "names: ['*.example.com'] (accepted: one label under a fixed domain)",
    fqdn(['*.example.com']),
    { accepted: (docs) => expect(toFqdns(docs)).toEqual([{ matchPattern: '*.example.com' }]) },
  ],
  [
    "names: ['api-*.example.com'] (accepted)",
    fqdn(['api-*.example.com']),
    { accepted: (docs) => expect(toFqdns(docs)).toEqual([{ matchPattern: 'api-*.example.com' }]) },
  ],
  [
    "names: ['*.*.example.com'] (accepted: two labels under a fixed domain)",
    fqdn(['*.*.example.com']),
    { accepted: (docs) => expect(toFqdns(docs)).toEqual([{ matchPattern: '*.*.example.com' }]) },
  ],
  [
    "names: ['**.example.com'] (accepted)",
    fqdn(['**.example.com']),
    { accepted: (docs) => expect(toFqdns(docs)).toEqual([{ matchPattern: '**.example.com' }]) },
  ],
];

// ---- Tier, Zone, MeshMtls props --------------------------------------------------------------------
const tier = (props: unknown) => (app: App) => {
  const b = base(app);
  new Tier(b.prod, 'bad', x(props));
};
const tierRefused = (code: string) => at(code, 'shop/prod/bad');
const ok = { selector: { app: 'bad' } };
const tierCases: Case[] = [
  ['selector: null', tier({ selector: null }), tierRefused('ZT141')],
  ['selector: { app: null }', tier({ selector: { app: null } }), tierRefused('ZT141')],
  ['selector: { app: 1 }', tier({ selector: { app: 1 } }), tierRefused('ZT141')],
  ["selector: 'app=bad'", tier({ selector: 'app=bad' }), tierRefused('ZT141')],
  ['selector: {}', tier({ selector: {} }), tierRefused('ZT122')],
  ['ports: [] (edges would allow every port)', tier({ ...ok, ports: [] }), tierRefused('ZT140')],
  ['ports: [8080]', tier({ ...ok, ports: [8080] }), tierRefused('ZT141')],
  ["ports: 'http'", tier({ ...ok, ports: 'http' }), tierRefused('ZT141')],
  ['serviceAccount: 1', tier({ ...ok, serviceAccount: 1 }), tierRefused('ZT141')],
  ["serviceAccount: 'Bad_SA'", tier({ ...ok, serviceAccount: 'Bad_SA' }), tierRefused('ZT102')],
  ["protocol: 'HTTP' (not AppProtocol.HTTP)", tier({ ...ok, protocol: 'HTTP' }), tierRefused('ZT142')],
  ["protocol: 'rest'", tier({ ...ok, protocol: 'rest' }), tierRefused('ZT142')],
  [
    "service: { name: 'bad', ports: [] }",
    tier({ ...ok, ports: [Port.tcp(80)], service: { name: 'bad', ports: [] } }),
    tierRefused('ZT140'),
  ],
  [
    'service port 0',
    tier({ ...ok, ports: [Port.tcp(80)], service: { name: 'bad', ports: [{ port: 0 }] } }),
    tierRefused('ZT105'),
  ],
  [
    'service targetPort 70000',
    tier({ ...ok, ports: [Port.tcp(80)], service: { name: 'bad', ports: [{ port: 80, targetPort: 70000 }] } }),
    tierRefused('ZT105'),
  ],
  [
    "service port '80'",
    tier({ ...ok, ports: [Port.tcp(80)], service: { name: 'bad', ports: [{ port: '80' }] } }),
    tierRefused('ZT141'),
  ],
  [
    "service protocol 'tcp'",
    tier({ ...ok, ports: [Port.tcp(80)], service: { name: 'bad', ports: [{ port: 80, protocol: 'tcp' }] } }),
    tierRefused('ZT142'),
  ],
  ["service: 'bad'", tier({ ...ok, service: 'bad' }), tierRefused('ZT141')],
  ['service: {} (no name)', tier({ ...ok, service: {} }), tierRefused('ZT141')],
  ["service name 'Bad'", tier({ ...ok, service: { name: 'Bad' } }), tierRefused('ZT102')],
  ["mesh: 'yes'", tier({ ...ok, mesh: 'yes' }), tierRefused('ZT141')],
  ["props: 'x'", tier('x'), tierRefused('ZT141')],
  [
    'new Tier(undefined, ...)',
    (app) => {
      base(app);
      new Tier(x(undefined), 'bad', ok);
    },
    thrown('ZT141'),
  ],
  [
    'new Tier(zone, 1)',
    (app) => {
      const b = base(app);
      new Tier(b.prod, x(1), ok);
    },
    thrown('ZT141'),
  ],
  [
    'duplicate tier id',
    (app) => {
      const b = base(app);
      new Tier(b.prod, 'web', { selector: { app: 'other' } });
    },
    thrown('ZT114'),
  ],
  [
    'duplicate zone id',
    (app) => {
      const b = base(app);
      new Zone(b.shop, 'prod');
    },
    thrown('ZT114'),
  ],
  [
    'duplicate edge id',
    (app) => {
      const b = base(app);
      new AllowFrom(b.api, 'e', { from: b.web, to: b.api });
      new AllowFrom(b.api, 'e', { from: b.web, to: b.api });
    },
    thrown('ZT114'),
  ],
];
const zone = (props: unknown) => (app: App) => {
  const b = base(app);
  new Zone(b.shop, 'bad', x(props));
};
const zoneRefused = (code: string) => at(code, 'shop/bad');
const zoneCases: Case[] = [
  ['namespace: 1', zone({ namespace: 1 }), zoneRefused('ZT141')],
  ["namespace: ''", zone({ namespace: '' }), zoneRefused('ZT102')],
  ["namespace: 'Bad_NS'", zone({ namespace: 'Bad_NS' }), zoneRefused('ZT102')],
  ['podSelector: null', zone({ podSelector: null }), zoneRefused('ZT141')],
  ['podSelector: { tier: null }', zone({ podSelector: { tier: null } }), zoneRefused('ZT141')],
  ["defaultDeny: 'both'", zone({ defaultDeny: 'both' }), zoneRefused('ZT142')],
  ["defaultDeny: 'ALL'", zone({ defaultDeny: 'ALL' }), zoneRefused('ZT142')],
  ["dns: 'kube-dns'", zone({ dns: 'kube-dns' }), zoneRefused('ZT141')],
  ['dns: {}', zone({ dns: {} }), zoneRefused('ZT141')],
  ["manageNamespace: 'true'", zone({ manageNamespace: 'true' }), zoneRefused('ZT141')],
  ['mesh: 1', zone({ mesh: 1 }), zoneRefused('ZT141')],
];
const mtls = (props: unknown) => (app: App) => {
  const b = base(app, { mesh: MeshMode.SIDECAR, profiles: [Profile.ciliumIstio()] });
  new MeshMtls(b.api, 'mtls', x(props));
};
const mtlsRefused = (code: string) => at(code, 'shop/prod/api/mtls');
const mtlsCases: Case[] = [
  ["mode: 'strict' (not MtlsMode.STRICT)", mtls({ mode: 'strict' }), mtlsRefused('ZT142')],
  ["mode: 'STRICTER'", mtls({ mode: 'STRICTER' }), mtlsRefused('ZT142')],
  ['mode missing', mtls({}), mtlsRefused('ZT142')],
  ['MeshMtls props missing', mtls(undefined), mtlsRefused('ZT141')],
  ["migrateFrom: 'permissive'", mtls({ mode: MtlsMode.STRICT, migrateFrom: 'permissive' }), mtlsRefused('ZT142')],
  ["portModes: 'x'", mtls({ mode: MtlsMode.STRICT, portModes: 'x' }), mtlsRefused('ZT141')],
  [
    'portModes port 0',
    mtls({ mode: MtlsMode.STRICT, portModes: [{ port: 0, mode: MtlsMode.PERMISSIVE }] }),
    mtlsRefused('ZT105'),
  ],
  [
    "portModes mode 'off'",
    mtls({ mode: MtlsMode.STRICT, portModes: [{ port: 8080, mode: 'off' }] }),
    mtlsRefused('ZT142'),
  ],
  ['portModes: [null]', mtls({ mode: MtlsMode.STRICT, portModes: [null] }), mtlsRefused('ZT141')],
];

// ---- Topology props, charts ------------------------------------------------------------------------
const topo = (props: unknown) => (app: App) => {
  new Zone(new Topology(app, 'shop', x({ warnings: WarningMode.SILENT, ...(props as object) })), 'prod');
};
const topoRefused = (code: string) => at(code, 'shop');
const topologyCases: Case[] = [
  ["labels: { 'bad key!': 'x' }", topo({ labels: { 'bad key!': 'x' } }), topoRefused('ZT101')],
  ['labels: a 64-character value', topo({ labels: { team: 'x'.repeat(64) } }), topoRefused('ZT101')],
  ['labels: null', topo({ labels: null }), topoRefused('ZT141')],
  ['labels: { team: 1 }', topo({ labels: { team: 1 } }), topoRefused('ZT141')],
  [
    'labels override the managed-by label',
    topo({ labels: { 'app.kubernetes.io/managed-by': 'helm' } }),
    topoRefused('ZT101'),
  ],
  ["trustDomain: 'Bad Domain'", topo({ trustDomain: 'Bad Domain' }), topoRefused('ZT145')],
  ["trustDomain: 'spiffe://x'", topo({ trustDomain: 'spiffe://cluster.local' }), topoRefused('ZT145')],
  ['trustDomain: 1', topo({ trustDomain: 1 }), topoRefused('ZT141')],
  ["meshRootNamespace: 'Istio_System'", topo({ meshRootNamespace: 'Istio_System' }), topoRefused('ZT102')],
  ["mesh: 'ambient' (not MeshMode.AMBIENT)", topo({ mesh: 'AMBIENT' }), topoRefused('ZT142')],
  ["mesh: 'istio'", topo({ mesh: 'istio' }), topoRefused('ZT142')],
  ["mtlsStage: 'done'", topo({ mtlsStage: 'done' }), topoRefused('ZT142')],
  ["warnings: 'loud'", topo({ warnings: 'loud' }), topoRefused('ZT142')],
  ['profiles: []', topo({ profiles: [] }), topoRefused('ZT132')],
  ["profiles: 'cilium'", topo({ profiles: 'cilium' }), topoRefused('ZT141')],
  ["profiles: ['cilium']", topo({ profiles: ['cilium'] }), topoRefused('ZT141')],
  ['profiles: [null]', topo({ profiles: [null] }), topoRefused('ZT141')],
  ["name: 'Shop'", topo({ name: 'Shop' }), topoRefused('ZT102')],
  ['name: 1', topo({ name: 1 }), topoRefused('ZT141')],
  ['ciliumVersion: 1.19 (a number)', topo({ ciliumVersion: 1.19 }), topoRefused('ZT141')],
  ["acknowledgeWarnings: 'ZT201'", topo({ acknowledgeWarnings: 'ZT201' }), topoRefused('ZT141')],
  ["profile of an unknown target 'weave'", topo({ profiles: [Profile.of(['weave'])] }), topoRefused('ZT126')],
  ['two profiles with one name', topo({ profiles: [Profile.cilium(), Profile.cilium()] }), topoRefused('ZT126')],
  [
    'two Topologies with the same name',
    (app) => {
      new Zone(new Topology(app, 'a', { name: 'shop', warnings: WarningMode.SILENT }), 'prod');
      new Zone(new Topology(app, 'b', { name: 'shop', warnings: WarningMode.SILENT }), 'prod');
    },
    at('ZT114', 'b'),
  ],
  [
    "topology 'a' profile 'b-c' against topology 'a-b' profile 'c'",
    (app) => {
      new Zone(
        new Topology(app, 'a', { profiles: [Profile.cilium({ name: 'b-c' })], warnings: WarningMode.SILENT }),
        'prod',
      );
      new Zone(
        new Topology(app, 'a-b', { profiles: [Profile.cilium({ name: 'c' })], warnings: WarningMode.SILENT }),
        'prod',
      );
    },
    at('ZT114', 'a-b'),
  ],
  [
    'two Topologies with the same id',
    (app) => {
      base(app);
      new Topology(app, 'shop');
    },
    thrown('ZT114'),
  ],
  [
    'an ambient namespace of 60 characters with L7 rules (waypoint name of 69)',
    (app) => {
      const shop = new Topology(app, 'shop', {
        mesh: MeshMode.AMBIENT,
        profiles: [Profile.ciliumIstio()],
        warnings: WarningMode.SILENT,
      });
      const z = new Zone(shop, 'prod', { namespace: 'n'.repeat(60) });
      const web = new Tier(z, 'web', {
        selector: { app: 'web' },
        serviceAccount: 'web',
        ports: [Port.tcp(80)],
        service: { name: 'web' },
      });
      const api = new Tier(z, 'api', {
        selector: { app: 'api' },
        serviceAccount: 'api',
        ports: [Port.tcp(8080)],
        service: { name: 'api' },
      });
      api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/x')] });
    },
    at('ZT144', 'shop/prod'),
  ],
];

// ---- gateways and routes ---------------------------------------------------------------------------
const gwProps = { namespace: 'prod', className: 'istio', listeners: [Listener.http(80)] };
const gateway = (props: object) => (app: App) => {
  const b = base(app);
  new IngressGateway(b.shop, 'gw', x({ ...gwProps, ...props }));
};
const gwRefused = (code: string) => at(code, 'shop/gw');
const route = (props: (b: Base) => object) => (app: App) => {
  const b = base(app);
  const gw = new IngressGateway(b.shop, 'gw', gwProps);
  gw.addHttpRoute('r', x({ hostnames: ['shop.example.com'], rules: [{ backends: [{ tier: b.web }] }], ...props(b) }));
};
const routeRefused = (code: string) => at(code, 'shop/gw/r');
const ingressCases: Case[] = [
  ["namespace: 'Bad NS'", gateway({ namespace: 'Bad NS' }), gwRefused('ZT102')],
  ["className: 'Bad Class'", gateway({ className: 'Bad Class' }), gwRefused('ZT102')],
  ["className: ''", gateway({ className: '' }), gwRefused('ZT102')],
  ['className: 1', gateway({ className: 1 }), gwRefused('ZT141')],
  ['listeners: []', gateway({ listeners: [] }), gwRefused('ZT140')],
  ['listeners: [80]', gateway({ listeners: [80] }), gwRefused('ZT141')],
  ['listeners: Listener.http() (not a list)', gateway({ listeners: Listener.http() }), gwRefused('ZT141')],
  ['podLabels: {} (every pod of the namespace)', gateway({ podLabels: {} }), gwRefused('ZT122')],
  ["podLabels: { 'bad!': 'x' }", gateway({ podLabels: { 'bad!': 'x' } }), gwRefused('ZT101')],
  ['podLabels: null', gateway({ podLabels: null }), gwRefused('ZT141')],
  ["allowedRoutes: 'all'", gateway({ allowedRoutes: 'all' }), gwRefused('ZT142')],
  ["serviceAccount: 'Bad SA'", gateway({ serviceAccount: 'Bad SA' }), gwRefused('ZT102')],
  ['name: 64 characters', gateway({ name: 'g'.repeat(64) }), gwRefused('ZT102')],
  ['hostnames: []', route(() => ({ hostnames: [] })), routeRefused('ZT140')],
  ["hostnames: ['Bad_Host']", route(() => ({ hostnames: ['Bad_Host'] })), routeRefused('ZT125')],
  [
    "hostnames: ['shop.example.com:443']",
    route(() => ({ hostnames: ['shop.example.com:443'] })),
    routeRefused('ZT125'),
  ],
  ["hostnames: 'shop.example.com'", route(() => ({ hostnames: 'shop.example.com' })), routeRefused('ZT141')],
  ['rules: []', route(() => ({ rules: [] })), routeRefused('ZT140')],
  ['rules: [{ backends: [] }]', route(() => ({ rules: [{ backends: [] }] })), routeRefused('ZT140')],
  [
    'rules: [{ matches: [] }]',
    route((b) => ({ rules: [{ matches: [], backends: [{ tier: b.web }] }] })),
    routeRefused('ZT140'),
  ],
  [
    "matches: ['/api']",
    route((b) => ({ rules: [{ matches: ['/api'], backends: [{ tier: b.web }] }] })),
    routeRefused('ZT141'),
  ],
  ["backends: [{ tier: 'web' }]", route(() => ({ rules: [{ backends: [{ tier: 'web' }] }] })), routeRefused('ZT141')],
  ['backend port 0', route((b) => ({ rules: [{ backends: [{ tier: b.web, port: 0 }] }] })), routeRefused('ZT105')],
  [
    'backend weight -1',
    route((b) => ({ rules: [{ backends: [{ tier: b.web, weight: -1 }] }] })),
    routeRefused('ZT125'),
  ],
  [
    'backend weight 1.5',
    route((b) => ({ rules: [{ backends: [{ tier: b.web, weight: 1.5 }] }] })),
    routeRefused('ZT125'),
  ],
  ["route namespace: 'Bad NS'", route(() => ({ namespace: 'Bad NS' })), routeRefused('ZT102')],
  ['route namespace: 1', route(() => ({ namespace: 1 })), routeRefused('ZT141')],
  ["sectionName: 'Bad!'", route(() => ({ sectionName: 'Bad!' })), routeRefused('ZT102')],
  [
    "MeshRoute service: 'web'",
    (app) => {
      const b = base(app);
      new MeshRoute(b.shop, 'm', x({ service: 'web', rules: [{ backends: [{ tier: b.web }] }] }));
    },
    at('ZT141', 'shop/m'),
  ],
  [
    'MeshRoute rules: []',
    (app) => {
      const b = base(app);
      new MeshRoute(b.shop, 'm', { service: b.web, rules: [] });
    },
    at('ZT140', 'shop/m'),
  ],
];

// ---- value factories: refused where the value is written -------------------------------------------
const factory = (f: () => unknown) => (app: App) => {
  base(app);
  f();
};
const factoryCases: Case[] = [
  ["Port.tcp('80')", factory(() => Port.tcp(x('80'))), thrown('ZT141')],
  ['Port.tcp(null)', factory(() => Port.tcp(x(null))), thrown('ZT141')],
  ['Port.tcp(0)', factory(() => Port.tcp(0)), thrown('ZT105')],
  ['Port.tcp(80.5)', factory(() => Port.tcp(80.5)), thrown('ZT105')],
  ['Port.named(null)', factory(() => Port.named(x(null))), thrown('ZT141')],
  ["Port.range('tcp', 1, 2)", factory(() => Port.range(x('tcp'), 1, 2)), thrown('ZT142')],
  ["Port.named('metrics', 'tcp')", factory(() => Port.named('metrics', x('tcp'))), thrown('ZT142')],
  ['Fqdn.parse(1)', factory(() => Fqdn.parse(x(1))), thrown('ZT141')],
  ["Fqdn.pattern('*.*.com')", factory(() => Fqdn.pattern('*.*.com')), thrown('ZT109')],
  ["Fqdn.pattern('google.*')", factory(() => Fqdn.pattern('google.*')), thrown('ZT109')],
  ["Fqdn.subdomainsOf('com')", factory(() => Fqdn.subdomainsOf('com')), thrown('ZT109')],
  ['Peer.cidr(null)', factory(() => Peer.cidr(x(null))), thrown('ZT141')],
  ["Peer.cidr('10.0.0.1')", factory(() => Peer.cidr('10.0.0.1')), thrown('ZT103')],
  ["Peer.cidr('999.0.0.0/8')", factory(() => Peer.cidr('999.0.0.0/8')), thrown('ZT103')],
  ["Peer.cidr('10.0.0.0/8', '10.1.0.0/16')", factory(() => Peer.cidr('10.0.0.0/8', x('10.1.0.0/16'))), thrown('ZT141')],
  ['Peer.pods(null)', factory(() => Peer.pods(x(null))), thrown('ZT141')],
  ['Peer.pods(undefined)', factory(() => Peer.pods(x(undefined))), thrown('ZT141')],
  [
    'Peer.pods labels { app: null }',
    factory(() => Peer.pods({ namespace: 'monitoring', labels: x({ app: null }) })),
    thrown('ZT141'),
  ],
  ['Peer.pods namespace: 1', factory(() => Peer.pods(x({ namespace: 1 }))), thrown('ZT141')],
  ['Peer.pods namespaceLabels: {}', factory(() => Peer.pods({ namespaceLabels: {} })), thrown('ZT117')],
  ['Peer.fqdn()', factory(() => Peer.fqdn()), thrown('ZT140')],
  ["Peer.fqdn('*')", factory(() => Peer.fqdn('*')), thrown('ZT109')],
  ["Peer.fromFqdns(['x.com'])", factory(() => Peer.fromFqdns(x(['x.com']))), thrown('ZT141')],
  ['Peer.fromFqdns([])', factory(() => Peer.fromFqdns([])), thrown('ZT140')],
  ["Peer.entity('everything')", factory(() => Peer.entity(x('everything'))), thrown('ZT142')],
  ['HttpMatch.get(1)', factory(() => HttpMatch.get(x(1))), thrown('ZT141')],
  [
    "HttpMatch.of('GET', '/x') (a string, not a PathMatch)",
    factory(() => HttpMatch.of('GET', x('/x'))),
    thrown('ZT141'),
  ],
  ['HttpMatch header value 1', factory(() => HttpMatch.get('/x', x({ headers: { 'x-a': 1 } }))), thrown('ZT141')],
  ["PathMatch.regex('/a{1001}') (RE2 refuses)", factory(() => PathMatch.regex('/a{1001}')), thrown('ZT110')],
  ["PathMatch.regex('/(?=x)') (look-ahead)", factory(() => PathMatch.regex('/(?=x)')), thrown('ZT110')],
  ["PathMatch.regex('/(a)\\\\1') (back-reference)", factory(() => PathMatch.regex('/(a)\\1')), thrown('ZT110')],
  ['PathMatch.regex(1)', factory(() => PathMatch.regex(x(1))), thrown('ZT110')],
  ['KafkaMatch.produce(undefined)', factory(() => KafkaMatch.produce(x(undefined))), thrown('ZT141')],
  ["KafkaMatch.produce('orders', 'bad id')", factory(() => KafkaMatch.produce('orders', 'bad id')), thrown('ZT111')],
  [
    'Dns.custom labels: null',
    factory(() => Dns.custom(x({ namespace: 'kube-system', labels: null }))),
    thrown('ZT141'),
  ],
  ['Dns.custom labels: {}', factory(() => Dns.custom({ namespace: 'kube-system', labels: {} })), thrown('ZT122')],
  [
    'Dns.custom ports: []',
    factory(() => Dns.custom({ namespace: 'kube-system', labels: { app: 'dns' }, ports: [] })),
    thrown('ZT140'),
  ],
  [
    "Dns.kubeDns nodeLocal '169.254.20.10/32'",
    factory(() => Dns.kubeDns({ nodeLocalAddresses: ['169.254.20.10/32'] })),
    thrown('ZT103'),
  ],
  ["Listener.https('shop-tls') (not a list)", factory(() => Listener.https(x('shop-tls'))), thrown('ZT141')],
  ['Listener.https([])', factory(() => Listener.https([])), thrown('ZT140')],
  [
    "Listener.http(80, { hostname: 'Bad Host' })",
    factory(() => Listener.http(80, { hostname: 'Bad Host' })),
    thrown('ZT125'),
  ],
  ["Listener.http('80')", factory(() => Listener.http(x('80'))), thrown('ZT141')],
  ['RouteMatch.headers({}) (matches everything)', factory(() => RouteMatch.headers({})), thrown('ZT140')],
  ['RouteMatch.pathPrefix(1)', factory(() => RouteMatch.pathPrefix(x(1))), thrown('ZT141')],
  [
    "RouteMatch.pathPrefix('/x', { method: 'FETCH' })",
    factory(() => RouteMatch.pathPrefix('/x', { method: 'FETCH' })),
    thrown('ZT125'),
  ],
  ['Profile.of([])', factory(() => Profile.of([])), thrown('ZT140')],
  ["Profile.of('cilium')", factory(() => Profile.of(x('cilium'))), thrown('ZT141')],
  ["Profile.cilium({ accept: ['L7'] })", factory(() => Profile.cilium({ accept: x(['L7']) })), thrown('ZT142')],
  [
    "Profile.cilium({ accept: 'L7_TO_L4' })",
    factory(() => Profile.cilium({ accept: x(Widening.L7_TO_L4) })),
    thrown('ZT141'),
  ],
  ['Profile.cilium({ name: 1 })', factory(() => Profile.cilium(x({ name: 1 }))), thrown('ZT141')],
];

// ---- accepted: the misuse-adjacent forms that are right, emitted exactly -------------------------
const cnpPorts = (docs: Doc[]) =>
  docs
    .filter((d) => d.kind === 'CiliumNetworkPolicy')
    .flatMap((d) => [...(d.spec.ingress ?? []), ...(d.spec.egress ?? [])])
    .flatMap((r: any) => (r.toPorts ?? []).flatMap((tp: any) => tp.ports ?? []));
const acceptedCases: Case[] = [
  [
    "PathMatch.regex('(?i)/api/.*') (RE2 syntax JavaScript lacks)",
    (app) => {
      const b = base(app);
      b.api.allowFrom(b.web, { ports: [Port.tcp(8080)], http: [HttpMatch.of('GET', PathMatch.regex('(?i)/api/.*'))] });
    },
    { accepted: (docs) => expect(JSON.stringify(docs)).toContain('(?i)/api/.*') },
  ],
  [
    'ports omitted: the tier ports, never every port',
    (app) => {
      const b = base(app);
      b.api.allowFrom(b.web);
    },
    {
      accepted: (docs) => expect(cnpPorts(docs).filter((p: any) => p.port === '0' || p.port === undefined)).toEqual([]),
    },
  ],
  [
    'Entity, Protocol, AppProtocol, AllowedRoutes members as values',
    (app) => {
      const b = base(app);
      new Tier(b.prod, 'grpc', {
        selector: { app: 'grpc' },
        ports: [Port.tcp(9000), Port.udp(9001)],
        protocol: AppProtocol.GRPC,
      });
      b.api.allowTo(Peer.entity(Entity.KUBE_APISERVER), { ports: [Port.HTTPS] });
      b.api.allowFrom(b.web, { ports: [Port.range(Protocol.TCP, 8080, 8081)] });
      new IngressGateway(b.shop, 'gw', { ...gwProps, allowedRoutes: AllowedRoutes.SAME_NAMESPACE }).addHttpRoute('r', {
        rules: [{ backends: [{ tier: b.web }] }],
      });
    },
    { accepted: (docs) => expect(cnpPorts(docs).some((p: any) => p.port === '443')).toBe(true) },
  ],
  [
    'a zone with DefaultDeny.INGRESS and Dns.none()',
    (app) => {
      const b = base(app);
      new Zone(b.shop, 'edge', { defaultDeny: DefaultDeny.INGRESS, dns: Dns.none() });
    },
    {
      accepted: (docs) => expect(docs.some((d) => d.metadata.namespace === 'edge')).toBe(true),
    },
  ],
];

const group = (g: string, cases: Case[]): Case[] => cases.map(([n, b, o]): Case => [`${g}: ${n}`, b, o]);
const CASES: Case[] = [
  ...group('edge', edgeCases),
  ...group('peer', peerCases),
  ...group('EgressFqdn', fqdnCases),
  ...group('Tier', tierCases),
  ...group('Zone', zoneCases),
  ...group('MeshMtls', mtlsCases),
  ...group('Topology', topologyCases),
  ...group('ingress', ingressCases),
  ...group('factory', factoryCases),
  ...group('accepted', acceptedCases),
];

/** What a raw crash looks like: a JavaScript runtime error, or a constructs-library message. */
const RAW =
  /is not a function|Cannot read propert|is not iterable|Cannot convert|of undefined|of null|There is already a Construct|TypeError|RangeError|\n\s+at /;

/** Runs build + synth; returns what was thrown where, and what was written. */
function run(build: (app: App) => void): {
  phase: 'build' | 'synth' | 'none';
  message?: string;
  error?: unknown;
  written: string[];
  outdir: string;
} {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-misuse-'));
  const app = new App({ outdir });
  try {
    build(app);
  } catch (e) {
    return { phase: 'build', message: (e as Error).message, error: e, written: fs.readdirSync(outdir), outdir };
  }
  try {
    app.synth();
  } catch (e) {
    return { phase: 'synth', message: (e as Error).message, error: e, written: fs.readdirSync(outdir), outdir };
  }
  return { phase: 'none', written: fs.readdirSync(outdir), outdir };
}

describe('DSL misuse sweep', () => {
  test('covers at least 120 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(120);
    expect(new Set(CASES.map(([n]) => n)).size).toBe(CASES.length);
  });

  test.each(CASES.map(([n, b, o]) => [n, b, o] as const))('%s', (_name, build, outcome) => {
    if ('accepted' in outcome) {
      let docs: Doc[] = [];
      const files = synthDocs(build); // validates every document against the schemas
      docs = Object.values(files).flat();
      expect(docs.length).toBeGreaterThan(0);
      // Nothing widened: no CiliumNetworkPolicy port "0" (every port), no empty toPorts entry.
      expect(cnpPorts(docs).filter((p: any) => p.port === '0')).toEqual([]);
      outcome.accepted(docs);
      return;
    }
    const r = run(build);
    try {
      expect(r.written).toEqual([]); // nothing partial is written
      expect(r.message).toBeDefined();
      const message = r.message!;
      expect(message).not.toMatch(RAW);
      if ('thrown' in outcome) {
        expect(r.phase).toBe('build');
        expect(message).toMatch(new RegExp(`^${outcome.thrown}: `));
      } else {
        expect(r.phase).toBe('synth');
        // `[path] ZTnnn: what. how to fix` (cdk8s prefixes each validation message with the path)
        expect(message).toMatch(new RegExp(`\\[${outcome.at.replace(/[/.*]/g, '\\$&')}\\] ${outcome.refused}: `));
        for (const line of message
          .split('\n')
          .slice(1)
          .filter((l) => l.trim().length > 0)) {
          expect(line).toMatch(/^\s+\[[^\]]+\] (ZT\d{3}|ZT_[A-Z_]+): \S/);
        }
      }
    } finally {
      fs.rmSync(r.outdir, { recursive: true, force: true });
    }
  });
});
