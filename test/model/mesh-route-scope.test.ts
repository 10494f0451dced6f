import { App, Testing } from 'cdk8s';
import { MeshMode, MeshRoute, Port, Profile, Tier, Topology, WarningCode, WarningMode, Zone } from '../../src';
import { planProfile } from '../../src/plan';
import { allTargets } from '../../src/targets/registry';
import { istioDescriptor } from '../../src/targets/istio/descriptor';
import { find, synthDocs, synthError } from '../util/synth';

interface Shop {
  readonly t: Topology;
  readonly reviews: Tier;
  readonly v1: Tier;
  readonly v2: Tier;
  readonly web: Zone;
}

/** `reviews` (Service) with two versions in zone `bookinfo`, and a caller zone `web` in its own namespace. */
function shop(app: App, profiles: Profile[], warnings: WarningMode = WarningMode.SILENT): Shop {
  const t = new Topology(app, 'mesh', { mesh: MeshMode.SIDECAR, profiles, warnings });
  const z = new Zone(t, 'bookinfo');
  const reviews = new Tier(z, 'reviews', {
    selector: { app: 'reviews' },
    serviceAccount: 'reviews',
    ports: [Port.tcp(9080)],
    service: { name: 'reviews' },
  });
  const version = (v: string) =>
    new Tier(z, `reviews-${v}`, {
      selector: { app: `reviews-${v}` },
      serviceAccount: `reviews-${v}`,
      ports: [Port.tcp(9080)],
      service: { name: `reviews-${v}` },
    });
  const v1 = version('v1');
  const v2 = version('v2');
  const web = new Zone(t, 'web');
  const page = new Tier(web, 'productpage', { selector: { app: 'productpage' }, serviceAccount: 'productpage' });
  for (const to of [reviews, v1, v2]) to.allowFrom(page, { ports: [Port.tcp(9080)] });
  return { t, reviews, v1, v2, web };
}

function canary(s: Shop, from?: Zone, extra: object = {}): MeshRoute {
  return new MeshRoute(s.t, 'reviews-canary', {
    service: s.reviews,
    rules: [
      {
        backends: [
          { tier: s.v1, weight: 90 },
          { tier: s.v2, weight: 10 },
        ],
      },
    ],
    ...(from ? { fromZone: from } : {}),
    ...extra,
  });
}

describe('MeshRoute scoped to the calls of one zone', () => {
  test('can be written as a GAMMA consumer route in the calling zone namespace, with a ReferenceGrant for its backends', () => {
    const d = synthDocs((app) => {
      const s = shop(app, [Profile.ciliumIstio(), Profile.ciliumLinkerd()]);
      canary(s, s.web);
    });
    for (const file of ['mesh-cilium-istio.k8s.yaml', 'mesh-cilium-linkerd.k8s.yaml']) {
      const route = find(d[file], 'HTTPRoute', 'reviews-canary', 'web');
      expect(route.spec.parentRefs).toEqual([
        { group: '', kind: 'Service', name: 'reviews', namespace: 'bookinfo', port: 9080 },
      ]);
      expect(route.spec.rules[0].backendRefs.map((b: any) => `${b.namespace}/${b.name}:${b.weight}`)).toEqual([
        'bookinfo/reviews-v1:90',
        'bookinfo/reviews-v2:10',
      ]);
      const grants = d[file].filter((x) => x.kind === 'ReferenceGrant' && x.metadata.namespace === 'bookinfo');
      expect(grants.map((g) => g.spec.from)).toEqual([
        [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'web' }],
      ]);
    }
  });

  test('cannot be scoped from a zone narrowed by pod labels: the namespace holds more callers (ZT148)', () => {
    expect(
      synthError((app) => {
        const s = shop(app, [Profile.ciliumIstio()]);
        const narrow = new Zone(s.t, 'canary-callers', { namespace: 'web2', podSelector: { canary: 'yes' } });
        canary(s, narrow);
      }),
    ).toMatch(/ZT148: MeshRoute 'fromZone' 'mesh\/canary-callers' is narrowed by pod labels/);
  });

  test("cannot be scoped from the Service's own namespace, where the route would split every caller (ZT148)", () => {
    expect(
      synthError((app) => {
        const s = shop(app, [Profile.ciliumIstio()]);
        canary(s, s.reviews.node.scope as Zone);
      }),
    ).toMatch(/ZT148: .*the Service's own: a route there is a producer route, which the mesh applies to every caller/);
  });

  test('cannot be given a namespace other than its zone (ZT148)', () => {
    expect(
      synthError((app) => {
        const s = shop(app, [Profile.ciliumIstio()]);
        canary(s, s.web, { namespace: 'elsewhere' });
      }),
    ).toMatch(/ZT148: MeshRoute 'namespace' 'elsewhere' differs from the namespace of its 'fromZone'/);
  });

  test('cannot take a fromZone that is not a Zone (ZT141)', () => {
    expect(
      synthError((app) => {
        const s = shop(app, [Profile.ciliumIstio()]);
        canary(s, s.v1 as unknown as Zone);
      }),
    ).toMatch(/\[mesh\/reviews-canary\] ZT141: fromZone is /);
  });

  test('cannot be planned for a mesh that applies routes to every caller (ZT149)', () => {
    const app = Testing.app();
    const s = shop(app, [Profile.ciliumIstio()]);
    canary(s, s.web);
    const ir = s.t._compile().ir!;
    const noConsumerRoutes = {
      ...istioDescriptor,
      name: 'plain-mesh',
      mesh: { ...istioDescriptor.mesh!, consumerRoutes: false },
    };
    const plan = planProfile(ir, {
      name: 'plain',
      targets: allTargets()
        .filter((x) => x.name === 'cilium' || x.name === 'gateway-api')
        .concat([noConsumerRoutes as any]),
      accepted: [],
      gatewayApi: true,
      registered: allTargets(),
    });
    expect(plan.diagnostics.map((x) => `${x.code} ${x.path}`)).toEqual(['ZT149 mesh/reviews-canary']);
    expect(plan.diagnostics[0].message).toMatch(/Use a mesh target that applies consumer routes \(istio, linkerd\)/);
  });
});

describe('MeshRoute only where a mesh reads it', () => {
  test('can be left out of a profile without a mesh target, and say so (ZT203)', () => {
    const app = Testing.app();
    const s = shop(app, [Profile.cilium(), Profile.ciliumIstio()], WarningMode.SILENT);
    canary(s);
    const d = synthDocs((a) => {
      const again = shop(a, [Profile.cilium(), Profile.ciliumIstio()]);
      canary(again);
    });
    expect(d['mesh-cilium.k8s.yaml'].filter((x) => x.kind === 'HTTPRoute')).toEqual([]);
    expect(find(d['mesh-cilium-istio.k8s.yaml'], 'HTTPRoute', 'reviews-canary', 'bookinfo')).toBeDefined();
    const notEmitted = s.t.warnings.filter((w) => w.code === WarningCode.MESH_ROUTE_NOT_EMITTED);
    expect(notEmitted.map((w) => w.path)).toEqual(['mesh/reviews-canary']);
    expect(notEmitted[0].message).toMatch(
      /profile 'cilium' has no mesh target, so this MeshRoute is not emitted there/,
    );
  });

  test('is not reported where the profile opts out of Gateway API objects', () => {
    const app = Testing.app();
    const s = shop(app, [Profile.cilium({ gatewayApi: false }), Profile.ciliumIstio()]);
    canary(s);
    expect(s.t.warnings.filter((w) => w.code === WarningCode.MESH_ROUTE_NOT_EMITTED)).toEqual([]);
  });
});
