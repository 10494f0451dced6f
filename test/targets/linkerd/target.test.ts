import { App } from 'cdk8s';
import { EXAMPLES } from '../../../examples/main';
import {
  AppProtocol,
  DefaultDeny,
  HttpMatch,
  KafkaMatch,
  MeshMode,
  MeshMtls,
  MeshRoute,
  MtlsMode,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Widening,
  Zone,
} from '../../../src';
import { Doc, find, synthDocs, synthError, synthFiles } from '../../util/synth';

const LINKERD_ONLY = { accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] };

/** A small shop: web -> api (HTTP rules on 8080, L4 on 9090), a CIDR into api's 9090. */
function shop(
  app: App,
  profiles: Profile[],
  opts: { trustDomain?: string; mtls?: MtlsMode; manage?: boolean; cidr?: boolean } = {},
) {
  const t = new Topology(app, 'shop', {
    mesh: MeshMode.SIDECAR,
    profiles,
    warnings: WarningMode.SILENT,
    ...(opts.trustDomain ? { trustDomain: opts.trustDomain } : {}),
  });
  const z = new Zone(t, 'prod', { manageNamespace: opts.manage ?? true });
  const web = new Tier(z, 'web', { selector: { app: 'web' }, serviceAccount: 'web', ports: [Port.tcp(80)] });
  const api = new Tier(z, 'api', {
    selector: { app: 'api' },
    serviceAccount: 'api',
    ports: [Port.tcp(8080), Port.tcp(9090)],
  });
  api.allowFrom(web, {
    ports: [Port.tcp(8080)],
    http: [HttpMatch.get('/v1/items'), HttpMatch.anyMethod('/v1/orders/*')],
  });
  api.allowFrom(web, { ports: [Port.tcp(9090)] });
  if (opts.cidr !== false) api.allowFrom(Peer.cidr('10.1.0.0/16', ['10.1.2.0/24']), { ports: [Port.tcp(9090)] });
  if (opts.mtls) new MeshMtls(z, 'mtls', { mode: opts.mtls });
  return { t, z, web, api };
}

const kinds = (docs: Doc[]) => docs.map((d) => `${d.kind}/${d.metadata.name}`);

describe('the Linkerd target', () => {
  test('can render the three-tier-linkerd example (snapshot, every document schema-valid)', () => {
    const files = synthFiles((app) => EXAMPLES['three-tier-linkerd'](app));
    for (const [f, text] of Object.entries(files)) expect(`# ${f}\n${text}`).toMatchSnapshot(f);
  });

  test('can annotate a managed namespace for injection and default deny', () => {
    const d = synthDocs((app) => shop(app, [Profile.linkerd(LINKERD_ONLY)]))['shop-linkerd.k8s.yaml'];
    expect((find(d, 'Namespace', 'prod').metadata as any).annotations).toEqual({
      'config.linkerd.io/default-inbound-policy': 'deny',
      'linkerd.io/inject': 'enabled',
    });
  });

  test('can warn (ZT261) when an unmanaged namespace needs the annotations', () => {
    const app = new App();
    const { t } = shop(app, [Profile.linkerd(LINKERD_ONLY)], { manage: false });
    expect(t.warnings.map((w) => `${w.code} ${w.path}`)).toEqual(['ZT261 shop/prod']);
    expect(t.warnings[0].message).toContain('linkerd.io/inject=enabled');
    expect(t.warnings[0].message).toContain('config.linkerd.io/default-inbound-policy=deny');
  });

  test('can warn (ZT262) when zones of one namespace need different default policies', () => {
    const app = new App();
    const t = new Topology(app, 'shop', {
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
    new Tier(locked, 'db', { selector: { app: 'db' }, serviceAccount: 'db', ports: [Port.tcp(5432)] });
    new Tier(open, 'web', { selector: { app: 'web' }, serviceAccount: 'web', ports: [Port.tcp(80)] });
    expect(t.warnings.map((w) => `${w.code} ${w.path}`)).toContain('ZT262 shop/locked');
    expect(t.warnings.find((w) => w.code === 'ZT262')!.message).toContain(
      'config.linkerd.io/default-inbound-policy=deny',
    );
  });

  test('can write a Server per port with the proxy protocol of the tier', () => {
    const d = synthDocs((app) => {
      const { z, web } = shop(app, [Profile.linkerd(LINKERD_ONLY)]);
      const rpc = new Tier(z, 'rpc', {
        selector: { app: 'rpc' },
        serviceAccount: 'rpc',
        ports: [Port.tcp(50051)],
        protocol: AppProtocol.GRPC,
      });
      const site = new Tier(z, 'site', {
        selector: { app: 'site' },
        serviceAccount: 'site',
        ports: [Port.tcp(8000)],
        protocol: AppProtocol.HTTP,
      });
      rpc.allowFrom(web, { ports: [Port.tcp(50051)] });
      site.allowFrom(web, { ports: [Port.tcp(8000)] });
    })['shop-linkerd.k8s.yaml'];
    const protocol = (name: string) => find(d, 'Server', name).spec.proxyProtocol;
    expect(protocol('api-8080')).toBe('unknown'); // a TCP tier's port with HTTP rules: detected, so routes apply
    expect(protocol('api-9090')).toBe('opaque');
    expect(protocol('rpc-50051')).toBe('gRPC');
    expect(protocol('site-8000')).toBe('HTTP/1');
    expect(find(d, 'Server', 'api-8080').spec).toEqual({
      podSelector: { matchLabels: { app: 'api' } },
      port: 8080,
      proxyProtocol: 'unknown',
    });
  });

  test('can authenticate sources by the identity of the topology trust domain', () => {
    const d = synthDocs((app) => shop(app, [Profile.linkerd(LINKERD_ONLY)], { trustDomain: 'prod.example' }))[
      'shop-linkerd.k8s.yaml'
    ];
    expect(find(d, 'MeshTLSAuthentication', 'web.prod.serviceaccount').spec).toEqual({
      identities: ['web.prod.serviceaccount.identity.linkerd.prod.example'],
    });
  });

  test('can attach HTTP rules as HTTPRoutes and authorize L4 sources on the Server', () => {
    const d = synthDocs((app) => shop(app, [Profile.linkerd(LINKERD_ONLY)]))['shop-linkerd.k8s.yaml'];
    expect(kinds(d.filter((x) => x.apiVersion.startsWith('policy.linkerd.io')))).toEqual([
      'Server/api-8080',
      'HTTPRoute/api-8080-0',
      'AuthorizationPolicy/api-8080-0',
      'Server/api-9090',
      'AuthorizationPolicy/api-9090-0',
      'AuthorizationPolicy/api-9090-1',
      'MeshTLSAuthentication/web.prod.serviceaccount',
      'NetworkAuthentication/api-9090-1',
    ]);
    expect(find(d, 'HTTPRoute', 'api-8080-0').spec).toEqual({
      parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'api-8080' }],
      rules: [
        {
          matches: [
            { method: 'GET', path: { type: 'Exact', value: '/v1/items' } },
            { path: { type: 'RegularExpression', value: '^/v1/orders/.*' } },
          ],
        },
      ],
    });
    expect(find(d, 'AuthorizationPolicy', 'api-8080-0').spec.targetRef).toEqual({
      group: 'policy.linkerd.io',
      kind: 'HTTPRoute',
      name: 'api-8080-0',
    });
    expect(find(d, 'AuthorizationPolicy', 'api-9090-0').spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'api-9090' },
      requiredAuthenticationRefs: [
        { group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'web.prod.serviceaccount' },
      ],
    });
    expect(find(d, 'NetworkAuthentication', 'api-9090-1').spec).toEqual({
      networks: [{ cidr: '10.1.0.0/16', except: ['10.1.2.0/24'] }],
    });
  });

  test('can keep L4 sources out of 404 with a catch-all route where a port also has HTTP rules', () => {
    const d = synthDocs((app) => {
      const { z, api } = shop(app, [Profile.linkerd(LINKERD_ONLY)]);
      const batch = new Tier(z, 'batch', { selector: { app: 'batch' }, serviceAccount: 'batch' });
      api.allowFrom(batch, { ports: [Port.tcp(8080)] });
    })['shop-linkerd.k8s.yaml'];
    expect(find(d, 'HTTPRoute', 'api-8080-any').spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }] },
    ]);
    const batch = d.filter(
      (x) =>
        x.kind === 'AuthorizationPolicy' && x.spec.requiredAuthenticationRefs[0].name === 'batch.prod.serviceaccount',
    );
    expect(batch.map((x) => x.spec.targetRef)).toEqual([
      { group: 'policy.linkerd.io', kind: 'Server', name: 'api-8080' },
    ]);
  });

  test('can admit a source the mesh cannot name: unauthenticated when PERMISSIVE, any identity when STRICT', () => {
    const build = (mode: MtlsMode) =>
      synthDocs((app) => {
        const { z, api } = shop(app, [Profile.ciliumLinkerd()], { mtls: mode, cidr: false });
        const legacy = new Tier(z, 'legacy', { selector: { app: 'legacy' }, serviceAccount: 'legacy', mesh: false });
        if (mode === MtlsMode.PERMISSIVE) api.allowFrom(legacy, { ports: [Port.tcp(9090)] });
        api.allowFrom(Peer.allNamespaces({ team: 'ops' }), { ports: [Port.tcp(9090)] });
      })['shop-cilium-linkerd.k8s.yaml'];
    const permissive = build(MtlsMode.PERMISSIVE);
    expect(find(permissive, 'NetworkAuthentication', 'all-networks').spec).toEqual({
      networks: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }],
    });
    const strict = build(MtlsMode.STRICT);
    expect(find(strict, 'MeshTLSAuthentication', 'all-meshed').spec).toEqual({ identities: ['*'] });
    expect(strict.some((x) => x.kind === 'NetworkAuthentication' && x.metadata.name === 'all-networks')).toBe(false);
  });

  test('can set all-authenticated as the default of an open zone with STRICT mTLS', () => {
    const d = synthDocs((app) => {
      const t = new Topology(app, 'shop', {
        mesh: MeshMode.SIDECAR,
        profiles: [Profile.ciliumLinkerd()],
        warnings: WarningMode.SILENT,
      });
      const z = new Zone(t, 'open', { defaultDeny: DefaultDeny.NONE, manageNamespace: true });
      new Tier(z, 'web', { selector: { app: 'web' }, serviceAccount: 'web', ports: [Port.tcp(80)] });
      new MeshMtls(z, 'mtls', { mode: MtlsMode.STRICT });
    })['shop-cilium-linkerd.k8s.yaml'];
    expect((find(d, 'Namespace', 'open').metadata as any).annotations['config.linkerd.io/default-inbound-policy']).toBe(
      'all-authenticated',
    );
  });

  test('can give a tier or a port of an open zone its own mTLS mode (pod annotation reported, Server accessPolicy)', () => {
    const app = new App();
    const t = new Topology(app, 'shop', {
      mesh: MeshMode.SIDECAR,
      profiles: [Profile.ciliumLinkerd()],
      warnings: WarningMode.SILENT,
    });
    const z = new Zone(t, 'open', { defaultDeny: DefaultDeny.NONE, manageNamespace: true });
    const web = new Tier(z, 'web', {
      selector: { app: 'web' },
      serviceAccount: 'web',
      ports: [Port.tcp(80), Port.tcp(9090)],
    });
    new MeshMtls(web, 'mtls', { mode: MtlsMode.STRICT, portModes: [{ port: 9090, mode: MtlsMode.PERMISSIVE }] });
    const warning = t.warnings.find((w) => w.code === 'ZT262');
    expect(warning?.path).toBe('shop/open/web');
    expect(warning?.message).toContain('config.linkerd.io/default-inbound-policy=all-authenticated');
    const d = t._compile().manifests['cilium-linkerd'] as unknown as Doc[];
    expect(find(d, 'Server', 'web-9090').spec).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      port: 9090,
      proxyProtocol: 'opaque',
      accessPolicy: 'all-unauthenticated',
    });
  });

  test('can admit the proxy and control-plane traffic in the CNI', () => {
    const d = synthDocs((app) => shop(app, [Profile.kubernetesLinkerd()]))['shop-kubernetes-linkerd.k8s.yaml'];
    const egress = find(d, 'NetworkPolicy', 'web-egress').spec.egress;
    const ports = (rules: any[]) =>
      rules.flatMap((r: any) => r.ports.map((p: any) => p.port)).sort((a: number, b: number) => a - b);
    expect(ports(egress)).toEqual([4143, 8080, 8080, 8086, 8090, 9090]);
    const controlPlane = egress.filter(
      (r: any) => r.to[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'linkerd',
    );
    expect(
      controlPlane.map((r: any) => r.to[0].podSelector.matchLabels['linkerd.io/control-plane-component']).sort(),
    ).toEqual(['destination', 'identity']);
    const ingress = find(d, 'NetworkPolicy', 'api-ingress').spec.ingress;
    expect(
      ingress.some(
        (r: any) =>
          r.ports.some((p: any) => p.port === 4191) &&
          r.from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] === 'linkerd-viz',
      ),
    ).toBe(true);
  });

  test('can leave the canary split to the Gateway API route, written once', () => {
    const d = synthDocs((app) => {
      const t = new Topology(app, 'mesh', {
        mesh: MeshMode.SIDECAR,
        profiles: [Profile.ciliumLinkerd()],
        warnings: WarningMode.SILENT,
      });
      const z = new Zone(t, 'bookinfo');
      const reviews = new Tier(z, 'reviews', {
        selector: { app: 'reviews' },
        serviceAccount: 'reviews',
        ports: [Port.tcp(9080)],
        service: { name: 'reviews' },
      });
      const v1 = new Tier(z, 'reviews-v1', {
        selector: { app: 'reviews', version: 'v1' },
        serviceAccount: 'reviews-v1',
        ports: [Port.tcp(9080)],
        service: { name: 'reviews-v1' },
        allowOverlapWith: [reviews],
      });
      const v2 = new Tier(z, 'reviews-v2', {
        selector: { app: 'reviews', version: 'v2' },
        serviceAccount: 'reviews-v2',
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
    const routes = d.filter((x) => x.kind === 'HTTPRoute');
    expect(routes.map((r) => r.apiVersion)).toEqual(['gateway.networking.k8s.io/v1']);
    expect(routes[0].spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'reviews', port: 9080 }]);
    expect(routes[0].spec.rules[0].backendRefs.map((b: any) => `${b.name}:${b.weight}`)).toEqual([
      'reviews-v1:90',
      'reviews-v2:10',
    ]);
  });
});

describe('the Linkerd target refuses', () => {
  const topology = (app: App, mesh: MeshMode, profiles: Profile[]) => {
    const t = new Topology(app, 'shop', { mesh, profiles, warnings: WarningMode.SILENT });
    const z = new Zone(t, 'prod', { manageNamespace: true });
    const web = new Tier(z, 'web', { selector: { app: 'web' }, serviceAccount: 'web', ports: [Port.tcp(80)] });
    const api = new Tier(z, 'api', { selector: { app: 'api' }, serviceAccount: 'api', ports: [Port.tcp(8080)] });
    return { t, z, web, api };
  };

  test('an ambient topology (ZT371)', () => {
    const msg = synthError((app) => topology(app, MeshMode.AMBIENT, [Profile.ciliumLinkerd()]));
    expect(msg).toContain("[shop] ZT371: profile 'cilium-linkerd' includes linkerd, which runs sidecar proxies only");
    expect(msg).toContain("Set 'mesh: MeshMode.SIDECAR'");
  });

  test('a topology without mesh', () => {
    const msg = synthError((app) => topology(app, MeshMode.NONE, [Profile.linkerd(LINKERD_ONLY)]));
    expect(msg).toContain(
      "ZT126: profile 'linkerd' includes linkerd but the topology has no mesh. Set 'mesh: MeshMode.SIDECAR' on the Topology",
    );
  });

  test('disabled mTLS (ZT376)', () => {
    const msg = synthError(
      (app) =>
        new MeshMtls(topology(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]).z, 'off', { mode: MtlsMode.DISABLE }),
    );
    expect(msg).toContain('ZT376');
    expect(msg).toContain('Linkerd always uses mTLS between meshed pods');
  });

  test('Kafka rules (ZT374)', () => {
    const msg = synthError((app) => {
      const { z, web } = topology(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]);
      const kafka = new Tier(z, 'kafka', {
        selector: { app: 'kafka' },
        serviceAccount: 'kafka',
        ports: [Port.tcp(9092)],
        protocol: AppProtocol.KAFKA,
      });
      kafka.allowFrom(web, { ports: [Port.tcp(9092)], kafka: [KafkaMatch.produce('orders')] });
    });
    expect(msg).toContain('[shop/prod/kafka/from-web] ZT374');
  });

  test('a source chosen by pod labels without identity in a Linkerd-only profile (ZT372)', () => {
    const msg = synthError((app) => {
      const { api } = topology(app, MeshMode.SIDECAR, [Profile.linkerd(LINKERD_ONLY)]);
      api.allowFrom(Peer.pods({ namespace: 'batch', labels: { app: 'job' } }), { ports: [Port.tcp(8080)] });
    });
    expect(msg).toContain('ZT372');
    expect(msg).toContain('Set `serviceAccount` on the peer');
  });

  test('a port range (ZT373)', () => {
    const msg = synthError((app) => {
      const { api, web } = topology(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]);
      api.allowFrom(web, { ports: [Port.tcpRange(8000, 8100)] });
    });
    expect(msg).toContain('ZT373');
  });

  test('an edge that allows every port (ZT373): Linkerd authorizes port by port', () => {
    const msg = synthError((app) => {
      const { z, web } = topology(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]);
      new Tier(z, 'worker', { selector: { app: 'worker' }, serviceAccount: 'worker' }).allowFrom(web); // no ports: every port
    });
    expect(msg).toContain('ZT373');
    expect(msg).toContain('List the ports on the edge');
  });

  test('a path longer than an HTTPRoute holds (ZT377)', () => {
    const msg = synthError((app) => {
      const { api, web } = topology(app, MeshMode.SIDECAR, [Profile.ciliumLinkerd()]);
      api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get(`/${'a.'.repeat(510)}*`)] });
    });
    expect(msg).toContain('ZT377');
  });

  test('egress restrictions in a Linkerd-only profile unless widened (and reports the widening)', () => {
    const msg = synthError((app) =>
      topology(app, MeshMode.SIDECAR, [Profile.linkerd({ accept: [Widening.NON_TCP_UNENFORCED] })]),
    );
    expect(msg).toContain('ZT118');
    expect(msg).toContain('linkerd does not enforce egress');
    const app = new App();
    const { t } = topology(app, MeshMode.SIDECAR, [Profile.linkerd(LINKERD_ONLY)]);
    expect(t.widenings.map((w) => `${w.kind} ${w.target}`)).toContain('EGRESS_UNENFORCED linkerd');
  });
});
