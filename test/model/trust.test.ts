import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import {
  AppProtocol,
  EgressFqdn,
  HttpMatch,
  KafkaMatch,
  MeshMode,
  MeshMtls,
  MtlsMode,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Zone,
} from '../../src';
import { Expectations } from '../../src/testing';
import { find, synthDocs, synthError } from '../util/synth';

function topo(app: App, profiles = [Profile.cilium()], extra: object = {}): Topology {
  return new Topology(app, 'shop', { profiles, warnings: WarningMode.SILENT, ...extra });
}

describe('overlapping tier selectors', () => {
  test("throws for a tier whose selector matches another tier's pods, naming both", () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app), 'prod');
      new Tier(z, 'a', { selector: { app: 'a' }, ports: [Port.tcp(80)] });
      new Tier(z, 'c', { selector: { app: 'a', role: 'admin' }, ports: [Port.tcp(80)] });
    });
    expect(msg).toMatch(/\[shop\/prod\/c\] ZT127: .*'shop\/prod\/a'.*distinguishing label/);
  });

  test('throws for partially overlapping selectors (no common key with different values)', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app), 'prod');
      new Tier(z, 'a', { selector: { app: 'web', tier: 'front' } });
      new Tier(z, 'b', { selector: { app: 'web', track: 'canary' } });
    });
    expect(msg).toContain('ZT127');
  });

  test('throws across zones of one namespace when their pod labels do not separate the tiers', () => {
    const msg = synthError((app) => {
      const t = topo(app);
      new Tier(new Zone(t, 'blue', { namespace: 'prod', podSelector: { color: 'blue' } }), 'a', {
        selector: { app: 'a' },
      });
      new Tier(new Zone(t, 'any', { namespace: 'prod', podSelector: { team: 'x' } }), 'b', {
        selector: { role: 'db' },
      });
    });
    expect(msg).toContain('ZT127');
  });

  test('can keep tiers whose selectors differ in a value, or live in other namespaces', () => {
    expect(() =>
      synthDocs((app) => {
        const t = topo(app);
        const z = new Zone(t, 'prod');
        new Tier(z, 'a', { selector: { app: 'a', role: 'user' } });
        new Tier(z, 'c', { selector: { app: 'a', role: 'admin' } });
        new Tier(new Zone(t, 'other'), 'a', { selector: { app: 'a' } });
      }),
    ).not.toThrow();
  });

  function carved(app: App) {
    const t = topo(app, [Profile.cilium(), Profile.kubernetes()]);
    const z = new Zone(t, 'prod');
    const x = new Tier(z, 'x', { selector: { app: 'x' }, ports: [Port.tcp(80)] });
    const a = new Tier(z, 'a', { selector: { app: 'a' }, ports: [Port.tcp(80)] });
    const c = new Tier(z, 'c', { selector: { app: 'a', role: 'admin' }, ports: [Port.tcp(80)], allowOverlapWith: [a] });
    const y = new Tier(z, 'y', { selector: { app: 'y' }, ports: [Port.tcp(80)] });
    a.allowFrom(x);
    y.allowFrom(a);
    return { t, x, a, c, y };
  }

  test("can accept an overlap opted into: the wider tier's policies and peers exclude the narrower tier's pods", () => {
    const { t, x, a, c, y } = carved(new App());
    for (const profile of ['cilium', 'kubernetes']) {
      const e = Expectations.of(t, profile);
      expect(e.allows(x, a, Port.tcp(80))).toBe(true);
      expect(e.denies(x, c, Port.tcp(80))).toBe(true);
      expect(e.allows(a, y, Port.tcp(80))).toBe(true);
      expect(e.denies(c, y, Port.tcp(80))).toBe(true);
    }
  });

  test("can render the carve-out as a NotIn requirement on the wider tier's selectors", () => {
    const docs = synthDocs((app) => carved(app));
    const notIn = [{ key: 'role', operator: 'NotIn', values: ['admin'] }];
    expect(find(docs['shop-kubernetes.k8s.yaml'], 'NetworkPolicy', 'a-ingress').spec.podSelector).toEqual({
      matchLabels: { app: 'a' },
      matchExpressions: notIn,
    });
    expect(
      find(docs['shop-kubernetes.k8s.yaml'], 'NetworkPolicy', 'y-ingress').spec.ingress[0].from[0].podSelector,
    ).toEqual({ matchLabels: { app: 'a' }, matchExpressions: notIn });
    expect(find(docs['shop-cilium.k8s.yaml'], 'CiliumNetworkPolicy', 'a-ingress').spec.endpointSelector).toEqual({
      matchLabels: { app: 'a' },
      matchExpressions: notIn,
    });
  });

  test('throws for an opted-in overlap the compiler cannot carve out exactly', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app), 'prod');
      const a = new Tier(z, 'a', { selector: { app: 'a' } });
      new Tier(z, 'c', { selector: { app: 'a', role: 'admin', team: 'x' }, allowOverlapWith: [a] });
    });
    expect(msg).toMatch(/\[shop\/prod\/c\] ZT134/);
  });

  test('throws for an opted-in overlap in a profile whose mesh cannot exclude pods', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app, [Profile.ciliumIstio()], { mesh: MeshMode.SIDECAR }), 'prod', {
        manageNamespace: true,
      });
      const a = new Tier(z, 'a', { selector: { app: 'a' }, serviceAccount: 'a', ports: [Port.tcp(80)] });
      new Tier(z, 'c', {
        selector: { app: 'a', role: 'admin' },
        serviceAccount: 'c',
        ports: [Port.tcp(80)],
        allowOverlapWith: [a],
      });
    });
    expect(msg).toContain('ZT134');
  });

  test('throws for a declared tier whose selector matches the pod template of a workload tier', () => {
    const msg = synthError((app) => {
      const workloads = new Chart(app, 'workloads');
      const deploy = new kplus.Deployment(workloads, 'api', {
        containers: [{ image: 'api:1', portNumber: 8080, securityContext: { ensureNonRoot: false } }],
        podMetadata: { labels: { app: 'web' } },
      });
      const z = new Zone(topo(app), 'prod');
      Tier.fromWorkload(z, 'api', deploy);
      new Tier(z, 'web', { selector: { app: 'web' } });
    });
    expect(msg).toMatch(/\[shop\/prod\/web\] ZT127: .*'shop\/prod\/api'/);
  });

  test('can find the overlaps among 5,000 tiers by label index', () => {
    const app = new App();
    const t = topo(app);
    const z = new Zone(t, 'prod');
    for (let i = 0; i < 5000; i++)
      new Tier(z, `t${i}`, { selector: { app: `t${i}`, ...(i === 4321 ? {} : { team: 'x' }) } });
    new Tier(z, 'dup', { selector: { app: 't7', role: 'admin' } });
    const codes = t._compile().diagnostics.map((d) => `${d.code} ${d.path}`);
    expect(codes).toEqual(['ZT127 shop/prod/t7']);
  });
});

describe('HTTP rules toward a port that is not HTTP', () => {
  test('throws for HTTP rules into a tier declared TCP', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app), 'prod');
      const a = new Tier(z, 'a', { selector: { app: 'a' } });
      const db = new Tier(z, 'db', { selector: { app: 'db' }, ports: [Port.tcp(5432)], protocol: AppProtocol.TCP });
      db.allowFrom(a, { http: [HttpMatch.get('/')] });
    });
    expect(msg).toMatch(/\[shop\/prod\/db\/from-a\] ZT128: .*AppProtocol.HTTP/);
  });

  test('throws for Kafka rules into a tier declared HTTP', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app), 'prod');
      const a = new Tier(z, 'a', { selector: { app: 'a' } });
      const web = new Tier(z, 'web', { selector: { app: 'web' }, ports: [Port.tcp(9092)], protocol: AppProtocol.HTTP });
      web.allowFrom(a, { kafka: [KafkaMatch.produce('orders')] });
    });
    expect(msg).toMatch(/\[shop\/prod\/web\/from-a\] ZT128: .*AppProtocol.KAFKA/);
  });

  test('throws for HTTP rules on an EgressFqdn over its default port 443', () => {
    const msg = synthError((app) => {
      const a = new Tier(new Zone(topo(app), 'prod'), 'a', { selector: { app: 'a' } });
      new EgressFqdn(a, 'stripe', { names: ['api.stripe.com'], http: [HttpMatch.get('/v1/charges')] });
    });
    expect(msg).toMatch(/\[shop\/prod\/a\/stripe\] ZT129: .*TLS/);
  });

  test('throws for HTTP rules toward a CIDR on 443', () => {
    const msg = synthError((app) => {
      const a = new Tier(new Zone(topo(app), 'prod'), 'a', { selector: { app: 'a' } });
      a.allowTo(Peer.cidr('10.0.0.0/8'), { ports: [Port.tcpRange(400, 500)], http: [HttpMatch.get('/x')] });
    });
    expect(msg).toContain('ZT129');
  });

  test('can keep HTTP rules on a plain-HTTP egress port and into tiers of unspecified or HTTP protocol', () => {
    expect(() =>
      synthDocs((app) => {
        const z = new Zone(topo(app), 'prod');
        const a = new Tier(z, 'a', { selector: { app: 'a' } });
        const b = new Tier(z, 'b', { selector: { app: 'b' }, ports: [Port.tcp(80)], protocol: AppProtocol.HTTP });
        const d = new Tier(z, 'd', { selector: { app: 'd' }, ports: [Port.tcp(80)] });
        b.allowFrom(a, { http: [HttpMatch.get('/')] });
        d.allowFrom(a, { http: [HttpMatch.get('/')] });
        new EgressFqdn(a, 'plain', { names: ['example.com'], ports: [Port.tcp(80)], http: [HttpMatch.get('/')] });
      }),
    ).not.toThrow();
  });
});

describe('conflicting settings are not resolved silently', () => {
  test('throws for a MeshMtls listing one port twice', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app, [Profile.ciliumIstio()], { mesh: MeshMode.SIDECAR }), 'prod', {
        manageNamespace: true,
      });
      const a = new Tier(z, 'a', { selector: { app: 'a' }, serviceAccount: 'a', ports: [Port.tcp(80)] });
      new MeshMtls(a, 'mtls', {
        mode: MtlsMode.STRICT,
        portModes: [
          { port: 80, mode: MtlsMode.PERMISSIVE },
          { port: 80, mode: MtlsMode.DISABLE },
        ],
      });
    });
    expect(msg).toMatch(/\[shop\/prod\/a\/mtls\] ZT130: port 80/);
  });

  test('throws for two tiers claiming one Service', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app), 'prod');
      new Tier(z, 'a', { selector: { app: 'a' }, ports: [Port.tcp(80)], service: { name: 'web' } });
      new Tier(z, 'b', { selector: { app: 'b' }, ports: [Port.tcp(80)], service: { name: 'web' } });
    });
    expect(msg).toMatch(/\[shop\/prod\/b\] ZT131: .*'web'.*'shop\/prod\/a'/);
  });

  test('throws for a topology without profiles', () => {
    const msg = synthError((app) => {
      new Tier(new Zone(topo(app, []), 'prod'), 'a', { selector: { app: 'a' } });
    });
    expect(msg).toContain('ZT132');
  });

  test('warns for a MeshMtls that no profile emits, and strict mode refuses it', () => {
    const app = new App();
    const t = topo(app, [Profile.cilium()], { mesh: MeshMode.SIDECAR });
    new MeshMtls(new Zone(t, 'prod'), 'mtls', { mode: MtlsMode.STRICT });
    expect(t.warnings.map((w) => `${w.code} ${w.path}`)).toEqual(['ZT202 shop/prod/mtls']);
    const msg = synthError((a) => {
      const s = topo(a, [Profile.cilium()], { mesh: MeshMode.SIDECAR, warnings: WarningMode.ERROR });
      new MeshMtls(new Zone(s, 'prod'), 'mtls', { mode: MtlsMode.STRICT });
    });
    expect(msg).toContain('[shop/prod/mtls] ZT202');
  });

  test('cannot warn for a MeshMtls no profile emits once it is acknowledged', () => {
    const app = new App();
    const t = topo(app, [Profile.cilium()], { mesh: MeshMode.SIDECAR, warnings: WarningMode.ERROR });
    const prod = new Zone(t, 'prod');
    new MeshMtls(prod, 'mtls', { mode: MtlsMode.STRICT });
    t.acknowledgeWarning('ZT202', prod, 'the mesh profile lives in another repository');
    expect(t.warnings).toEqual([]);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('cannot warn when a profile has a mesh target', () => {
    const t = topo(new App(), [Profile.cilium(), Profile.ciliumIstio()], { mesh: MeshMode.SIDECAR });
    new MeshMtls(new Zone(t, 'prod', { manageNamespace: true }), 'mtls', { mode: MtlsMode.STRICT });
    expect(t.warnings).toEqual([]);
  });
});
