import { App } from 'cdk8s';
import {
  HttpMatch,
  MeshMode,
  MeshMtls,
  MtlsMode,
  MtlsStage,
  PathMatch,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Zone,
} from '../../src';
import { Doc, find, synthDocs, synthError } from '../util/synth';

interface Opts {
  mesh?: MeshMode;
  stage?: MtlsStage;
  trustDomain?: string;
  profiles?: Profile[];
  manageNamespace?: boolean;
}

/** frontend -> api (8080, GET /api/*), api 9090 scraped by Prometheus, STRICT mTLS. */
function shop(app: App, o: Opts = {}): void {
  const t = new Topology(app, 'shop', {
    mesh: o.mesh ?? MeshMode.SIDECAR,
    mtlsStage: o.stage,
    trustDomain: o.trustDomain,
    warnings: WarningMode.SILENT,
    profiles: o.profiles ?? [Profile.ciliumIstio()],
  });
  const z = new Zone(t, 'prod', { manageNamespace: o.manageNamespace });
  const web = new Tier(z, 'web', { selector: { app: 'web' }, serviceAccount: 'web', ports: [Port.tcp(80)] });
  const api = new Tier(z, 'api', {
    selector: { app: 'api' },
    serviceAccount: 'api',
    ports: [Port.tcp(8080), Port.tcp(9090)],
    service: { name: 'api', ports: [{ port: 80, targetPort: 8080 }, { port: 9090 }] },
  });
  api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/api/*')] });
  api.allowFrom(Peer.pods({ namespace: 'monitoring', labels: { app: 'prometheus' }, serviceAccount: 'prometheus' }), {
    ports: [Port.tcp(9090)],
  });
  new MeshMtls(z, 'mtls', { mode: MtlsMode.STRICT, migrateFrom: MtlsMode.PERMISSIVE });
  new MeshMtls(api, 'metrics', { mode: MtlsMode.STRICT, portModes: [{ port: 9090, mode: MtlsMode.PERMISSIVE }] });
}

const docs = (o: Opts, file = 'shop-cilium-istio.k8s.yaml'): Doc[] => synthDocs((app) => shop(app, o))[file];

describe('mTLS', () => {
  test('can render STRICT namespace-wide and a PERMISSIVE port exception keyed by workload port, with a selector', () => {
    const d = docs({});
    expect(find(d, 'PeerAuthentication', 'prod-mtls').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(find(d, 'PeerAuthentication', 'api-mtls').spec).toEqual({
      selector: { matchLabels: { app: 'api' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { 9090: { mode: 'PERMISSIVE' } },
    });
  });

  test('can stage a migration: PERMISSIVE while MIGRATING, STRICT once ENFORCED, without touching the model', () => {
    expect(find(docs({ stage: MtlsStage.MIGRATING }), 'PeerAuthentication', 'prod-mtls').spec.mtls.mode).toBe(
      'PERMISSIVE',
    );
    expect(find(docs({ stage: MtlsStage.ENFORCED }), 'PeerAuthentication', 'prod-mtls').spec.mtls.mode).toBe('STRICT');
  });
});

describe('identity authorization', () => {
  test('can allow each edge by the source principal with the configured trust domain, and deny the rest', () => {
    const d = docs({ trustDomain: 'prod.example' });
    expect(find(d, 'AuthorizationPolicy', 'prod-default-deny').spec).toEqual({});
    const allow = find(d, 'AuthorizationPolicy', 'api-ingress').spec;
    expect(allow.action).toBe('ALLOW');
    expect(allow.rules).toContainEqual({
      from: [{ source: { principals: ['prod.example/ns/prod/sa/web'] } }],
      to: [{ operation: { ports: ['8080'], methods: ['GET'], paths: ['/api/*'] } }],
    });
    expect(allow.rules).toContainEqual({
      from: [{ source: { principals: ['prod.example/ns/monitoring/sa/prometheus'] } }],
      to: [{ operation: { ports: ['9090'] } }],
    });
  });

  test('can keep the CNI at L4 between meshed pods (the CNI sees only mTLS) while the mesh enforces L7', () => {
    const cnp = find(docs({}), 'CiliumNetworkPolicy', 'api-ingress');
    expect(JSON.stringify(cnp)).not.toContain('"http"');
    expect(cnp.spec.ingress[0].toPorts).toEqual([{ ports: [{ port: '8080', protocol: 'TCP' }] }]);
  });

  test('can let sidecars reach istiod when egress is denied', () => {
    const cnp = find(docs({}), 'CiliumNetworkPolicy', 'web-egress');
    expect(cnp.spec.egress).toContainEqual({
      toEndpoints: [{ matchLabels: { app: 'istiod', 'k8s:io.kubernetes.pod.namespace': 'istio-system' } }],
      toPorts: [{ ports: [{ port: '15012', protocol: 'TCP' }] }],
    });
  });

  test('throws for a regex path in a profile where Istio is the L7 layer', () => {
    const msg = synthError((app) => {
      const t = new Topology(app, 'shop', {
        mesh: MeshMode.SIDECAR,
        profiles: [Profile.istio({ accept: [] })],
        warnings: WarningMode.SILENT,
      });
      const z = new Zone(t, 'prod', { defaultDeny: undefined });
      const a = new Tier(z, 'a', { selector: { app: 'a' }, serviceAccount: 'a' });
      new Tier(z, 'b', { selector: { app: 'b' }, serviceAccount: 'b', ports: [Port.tcp(80)] }).allowFrom(a, {
        http: [HttpMatch.of('GET', PathMatch.regex('/v[0-9]+/.*'))],
      });
    });
    expect(msg).toMatch(/\[shop\/prod\/b\/from-a\] ZT312/);
  });

  test('throws for a tier without a service account as a mesh source', () => {
    const msg = synthError((app) => {
      const t = new Topology(app, 'shop', {
        mesh: MeshMode.SIDECAR,
        profiles: [Profile.istio()],
        warnings: WarningMode.SILENT,
      });
      const z = new Zone(t, 'prod', { defaultDeny: undefined });
      const a = new Tier(z, 'a', { selector: { app: 'a' } });
      new Tier(z, 'b', { selector: { app: 'b' }, serviceAccount: 'b', ports: [Port.tcp(80)] }).allowFrom(a);
    });
    expect(msg).toMatch(/ZT311/);
  });

  test('throws for a plaintext source into a STRICT destination', () => {
    const msg = synthError((app) => {
      const t = new Topology(app, 'shop', {
        mesh: MeshMode.SIDECAR,
        profiles: [Profile.ciliumIstio()],
        warnings: WarningMode.SILENT,
      });
      const z = new Zone(t, 'prod');
      const b = new Tier(z, 'b', { selector: { app: 'b' }, serviceAccount: 'b', ports: [Port.tcp(80)] });
      b.allowFrom(Peer.cidr('192.168.0.0/16'));
      new MeshMtls(z, 'mtls', { mode: MtlsMode.STRICT });
    });
    expect(msg).toContain('ZT124: source cidr 192.168.0.0/16 is not in the mesh');
  });
});

describe('ambient', () => {
  const ambient = (o: Opts = {}) => docs({ mesh: MeshMode.AMBIENT, ...o });

  test('can put L7 on a waypoint (targetRefs) and keep ztunnel policies L4-only, admitting the waypoint identity', () => {
    const d = ambient();
    const wp = find(d, 'Gateway', 'prod-waypoint');
    expect(wp.spec).toEqual({
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
    });
    const l7 = find(d, 'AuthorizationPolicy', 'api-waypoint').spec;
    expect(l7.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'api' }]);
    expect(l7.selector).toBeUndefined();
    for (const ap of d.filter((x) => x.kind === 'AuthorizationPolicy' && x.spec.selector)) {
      expect(JSON.stringify(ap.spec)).not.toMatch(/"(methods|paths|hosts|notPaths|notMethods)"|request\.headers/);
    }
    expect(JSON.stringify(find(d, 'AuthorizationPolicy', 'api-ingress').spec)).toContain(
      'cluster.local/ns/prod/sa/prod-waypoint',
    );
  });

  test('can admit HBONE and ambient health probes in CNI rules', () => {
    const d = ambient();
    const ingress = find(d, 'CiliumNetworkPolicy', 'api-ingress').spec.ingress;
    expect(ingress).toContainEqual({
      fromCIDRSet: [{ cidr: '169.254.7.127/32' }],
      toPorts: [
        {
          ports: [
            { port: '8080', protocol: 'TCP' },
            { port: '9090', protocol: 'TCP' },
          ],
        },
      ],
    });
    expect(JSON.stringify(ingress)).toContain('"15008"');
  });

  test('can emit the namespace with ambient and waypoint labels when the zone manages it', () => {
    expect(find(ambient({ manageNamespace: true }), 'Namespace', 'prod').metadata.labels).toMatchObject({
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'prod-waypoint',
    });
  });

  test('can report the labels a namespace it does not manage needs', () => {
    const app = new App();
    shop(app, { mesh: MeshMode.AMBIENT });
    const t = app.node.findAll().find((c) => c instanceof Topology) as Topology;
    expect(t.warnings.map((w) => `${w.code} ${w.message}`).join('\n')).toMatch(
      /ZT201 namespace 'prod' must carry labels istio.io\/dataplane-mode=ambient, istio.io\/use-waypoint=prod-waypoint/,
    );
  });

  test('can render a CNI-only profile of the same model without mesh artefacts (the cluster runs no mesh)', () => {
    const d = docs({ mesh: MeshMode.AMBIENT, profiles: [Profile.cilium()] }, 'shop-cilium.k8s.yaml');
    expect(d.some((x) => x.kind === 'AuthorizationPolicy' || x.kind === 'Gateway')).toBe(false);
    expect(JSON.stringify(d)).not.toContain('15008');
    expect(JSON.stringify(find(d, 'CiliumNetworkPolicy', 'api-ingress'))).toContain('"http"');
  });
});
