import { App, Testing } from 'cdk8s';
import {
  AppProtocol,
  KafkaFallback,
  KafkaMatch,
  MeshMode,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Widening,
  Zone,
} from '../../src';
import { wideningsOf } from '../../src/cli/widenings';
import { explainIntent } from '../../src/testing/intent/intent';
import { renderReport } from '../../src/testing/report';
import { clusterOf, check, pod, policies } from '../verify/builders';
import { Doc, find, synthDocs, synthError, synthFiles } from '../util/synth';

const silent = { warnings: WarningMode.SILENT };
const API_SERVER = Peer.kubeApiserver({ fallback: Peer.cidr('10.0.0.1/32') });

/** A zone `prod` with an operator tier that reaches the API server on 443, in the given profiles. */
function operator(app: App, profiles: Profile[], peer: Peer = API_SERVER): Topology {
  const t = new Topology(app, 'shop', { profiles, ...silent });
  const op = new Tier(new Zone(t, 'prod'), 'operator', { selector: { app: 'operator' } });
  op.allowTo(peer, { ports: [Port.HTTPS] });
  return t;
}

/** A zone `prod` with an api tier producing to a broker tier on 9092 with Kafka rules. */
function broker(app: App, profiles: Profile[], fallback?: KafkaFallback, extra: object = {}): Topology {
  const t = new Topology(app, 'shop', { profiles, ...silent, ...extra });
  const z = new Zone(t, 'prod');
  const api = new Tier(z, 'api', { selector: { app: 'api' }, serviceAccount: 'api' });
  const b = new Tier(z, 'broker', {
    selector: { app: 'broker' },
    serviceAccount: 'broker',
    ports: [Port.tcp(9092)],
    protocol: AppProtocol.KAFKA,
  });
  b.allowFrom(api, {
    ports: [Port.tcp(9092)],
    kafka: [KafkaMatch.produce('orders')],
    ...(fallback ? { kafkaFallback: fallback } : {}),
  });
  return t;
}

function egressOf(docs: Doc[], kind: string, name: string): any[] {
  const d = find(docs, kind, name, 'prod');
  return d.spec.egress;
}

describe('Peer fallbacks', () => {
  test('can render the entity on Cilium and the stated CIDR on plain NetworkPolicy, from one program', () => {
    const all = synthDocs((app) => operator(app, [Profile.kubernetes(), Profile.cilium()]));
    const np = egressOf(all['shop-kubernetes.k8s.yaml'], 'NetworkPolicy', 'operator-egress');
    expect(np).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ protocol: 'TCP', port: 443 }] });
    const cnp = egressOf(all['shop-cilium.k8s.yaml'], 'CiliumNetworkPolicy', 'operator-egress');
    expect(cnp).toContainEqual(expect.objectContaining({ toEntities: ['kube-apiserver'] }));
    expect(JSON.stringify(cnp)).not.toContain('10.0.0.1');
  });

  test('can report each use of a fallback with both forms, and only where it is used', () => {
    const app = Testing.app();
    const t = operator(app, [Profile.kubernetes(), Profile.cilium(), Profile.calico()]);
    app.synthYaml();
    expect(t.widenings).toEqual([
      expect.objectContaining({
        kind: 'FALLBACK',
        target: 'kubernetes',
        path: 'shop/prod/operator/to-entity-kube-apiserver',
      }),
      expect.objectContaining({ kind: 'FALLBACK', target: 'calico' }),
    ]);
    expect(t.widenings[0].detail).toMatch(
      /entity kube-apiserver rendered as its stated fallback cidr 10\.0\.0\.1\/32 on 443\/TCP/,
    );
  });

  test('can be listed in the report and read back by diff as a widening row', () => {
    const app = Testing.app();
    const t = operator(app, [Profile.kubernetes(), Profile.cilium()]);
    const report = renderReport(t);
    expect(report).toContain('(`FALLBACK`) stated on a peer or an edge');
    expect(wideningsOf(report, 'shop')).toEqual([
      expect.stringMatching(
        /^shop: FALLBACK \(kubernetes\) at shop\/prod\/operator\/to-entity-kube-apiserver: entity kube-apiserver rendered as its stated fallback cidr 10\.0\.0\.1\/32/,
      ),
    ]);
  });

  test('can be judged by the verify engine on the emitted manifests: the fallback CIDR and nothing else', () => {
    const files = synthFiles((app) => operator(app, [Profile.kubernetes()]));
    const set = policies(files['shop-kubernetes.k8s.yaml']);
    const op = pod('prod', 'operator-0', { app: 'operator' });
    const cluster = clusterOf([op]);
    expect(check(set, cluster, 'kubernetes', op, 'ip:10.0.0.1', '443/TCP').allowed).toBe(true);
    expect(check(set, cluster, 'kubernetes', op, 'ip:10.0.0.2', '443/TCP').allowed).toBe(false);
    expect(check(set, cluster, 'kubernetes', op, 'ip:10.0.0.1', '80/TCP').allowed).toBe(false);
  });

  test('cannot be left out where a layer needs it: the entity is refused as before (ZT118)', () => {
    expect(synthError((app) => operator(app, [Profile.kubernetes()], Peer.kubeApiserver()))).toMatch(
      /ZT118: the 'kube-apiserver' entity cannot be expressed by Kubernetes NetworkPolicy/,
    );
  });

  test('can be stated on DNS names, and is used before an accepted FQDN_TO_PUBLIC_CIDR widening', () => {
    const peer = Peer.fqdn('db.example.com').withFallback(Peer.cidr('203.0.113.0/24'));
    expect(peer.toString()).toBe('fqdn db.example.com');
    const all = synthDocs((app) =>
      operator(app, [Profile.kubernetes({ accept: [Widening.FQDN_TO_PUBLIC_CIDR] }), Profile.cilium()], peer),
    );
    const np = egressOf(all['shop-kubernetes.k8s.yaml'], 'NetworkPolicy', 'operator-egress');
    expect(np).toContainEqual({
      to: [{ ipBlock: { cidr: '203.0.113.0/24' } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    });
    expect(JSON.stringify(np)).not.toContain('0.0.0.0/0');
    const cnp = egressOf(all['shop-cilium.k8s.yaml'], 'CiliumNetworkPolicy', 'operator-egress');
    expect(cnp).toContainEqual(expect.objectContaining({ toFQDNs: [{ matchName: 'db.example.com' }] }));
  });

  test('can be used by Cilium before 1.19 for a ** pattern it would read as *', () => {
    const peer = Peer.fqdn('**.example.com').withFallback(Peer.cidr('203.0.113.0/24'));
    const app = Testing.app();
    const t = new Topology(app, 'shop', { profiles: [Profile.cilium()], ciliumVersion: '1.18', ...silent });
    new Tier(new Zone(t, 'prod'), 'operator', { selector: { app: 'operator' } }).allowTo(peer, { ports: [Port.HTTPS] });
    const yaml = app.synthYaml();
    expect(yaml).toContain('203.0.113.0/24');
    expect(yaml).not.toContain('example.com');
    expect(t.widenings).toEqual([
      expect.objectContaining({
        kind: 'FALLBACK',
        target: 'cilium',
        detail: expect.stringMatching(/cannot match multi-level \*\* patterns at the release it renders for/),
      }),
    ]);
    expect(
      synthError((a) => {
        const t2 = new Topology(a, 'shop', { profiles: [Profile.cilium()], ciliumVersion: '1.18', ...silent });
        new Tier(new Zone(t2, 'prod'), 'operator', { selector: { app: 'operator' } }).allowTo(
          Peer.fqdn('**.example.com'),
          { ports: [Port.HTTPS] },
        );
      }),
    ).toMatch(/ZT30\d/);
  });

  test('can be used by a mesh-only profile for an entity source it cannot name', () => {
    const app = Testing.app();
    const t = new Topology(app, 'shop', {
      mesh: MeshMode.SIDECAR,
      profiles: [Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] })],
      ...silent,
    });
    const api = new Tier(new Zone(t, 'prod'), 'api', {
      selector: { app: 'api' },
      serviceAccount: 'api',
      ports: [Port.tcp(8080)],
    });
    api.allowFrom(Peer.host({ fallback: Peer.cidr('192.168.0.0/16') }), { ports: [Port.tcp(8080)] });
    const yaml = app.synthYaml();
    expect(yaml).toContain('192.168.0.0/16');
    expect(t.widenings.filter((w) => w.kind === 'FALLBACK')).toEqual([
      expect.objectContaining({ target: 'istio', path: 'shop/prod/api/from-entity-host' }),
    ]);
  });

  test('cannot take a fallback that is not a CIDR, nor be given to a peer every target names (ZT146)', () => {
    expect(() => Peer.kubeApiserver({ fallback: Peer.namespace('kube-system') })).toThrow(
      /ZT146: the fallback of entity kube-apiserver is pods kube-system, not a CIDR/,
    );
    expect(() => Peer.world({ fallback: ' 0.0.0.0/0' as any })).toThrow(/ZT146/);
    expect(() => Peer.cidr('10.0.0.0/8').withFallback(Peer.cidr('10.0.0.0/8'))).toThrow(
      /ZT146: cidr 10\.0\.0\.0\/8 needs no fallback/,
    );
    expect(() => Peer.namespace('a').withFallback(Peer.cidr('10.0.0.0/8'))).toThrow(/ZT146/);
  });
});

describe('Kafka fallback', () => {
  const l4Ingress = (docs: Doc[]) => find(docs, 'NetworkPolicy', 'broker-ingress', 'prod').spec.ingress;

  test('can enforce the ACLs on Cilium before 1.20 and open the port at L4 on plain NetworkPolicy, reported', () => {
    const app = Testing.app();
    const t = broker(app, [Profile.kubernetes(), Profile.cilium()], KafkaFallback.L4);
    app.synthYaml();
    const all = synthDocs((a) => broker(a, [Profile.kubernetes(), Profile.cilium()], KafkaFallback.L4));
    expect(l4Ingress(all['shop-kubernetes.k8s.yaml'])).toEqual([
      expect.objectContaining({ ports: [{ protocol: 'TCP', port: 9092 }] }),
    ]);
    const cnp = find(all['shop-cilium.k8s.yaml'], 'CiliumNetworkPolicy', 'broker-ingress', 'prod');
    expect(JSON.stringify(cnp.spec.ingress)).toContain('"kafka":[{"role":"produce","topic":"orders"}]');
    expect(JSON.stringify(cnp)).not.toContain('l4Fallback');
    expect(t.widenings).toEqual([
      expect.objectContaining({
        kind: 'FALLBACK',
        target: 'kubernetes',
        detail: expect.stringMatching(
          /Kafka rules from tier prod\/api to tier prod\/broker rendered as their stated fallback, L4 on 9092\/TCP/,
        ),
      }),
    ]);
  });

  test('can open the port at L4 on Cilium 1.20, which has no Kafka rules any more', () => {
    const all = synthDocs((a) => broker(a, [Profile.cilium()], KafkaFallback.L4, { ciliumVersion: '1.20' }));
    const cnp = find(all['shop-cilium.k8s.yaml'], 'CiliumNetworkPolicy', 'broker-ingress', 'prod');
    expect(JSON.stringify(cnp)).not.toContain('kafka');
    expect(JSON.stringify(cnp.spec.ingress)).toContain('"port":"9092"');
  });

  test('can open the port at L4 in the mesh, which has no Kafka authorization', () => {
    const app = Testing.app();
    const t = broker(app, [Profile.ciliumIstio()], KafkaFallback.L4, { mesh: MeshMode.SIDECAR });
    const yaml = app.synthYaml();
    expect(yaml).toContain('kind: AuthorizationPolicy');
    expect(t.widenings).toEqual([expect.objectContaining({ kind: 'FALLBACK', target: 'istio' })]);
  });

  test('cannot be left out where no layer sees Kafka: refused as before', () => {
    expect(synthError((a) => broker(a, [Profile.kubernetes()]))).toMatch(/ZT118: Kafka rules cannot be enforced/);
    expect(synthError((a) => broker(a, [Profile.kubernetes()], KafkaFallback.NONE))).toMatch(/ZT118/);
  });

  test('cannot be stated without Kafka rules (ZT147)', () => {
    expect(
      synthError((app) => {
        const t = new Topology(app, 'shop', { profiles: [Profile.cilium()], ...silent });
        const z = new Zone(t, 'prod');
        const a = new Tier(z, 'a', { selector: { app: 'a' } });
        new Tier(z, 'b', { selector: { app: 'b' } }).allowFrom(a, {
          ports: [Port.tcp(80)],
          kafkaFallback: KafkaFallback.L4,
        });
      }),
    ).toMatch(/ZT147: kafkaFallback is set, but the edge has no Kafka rules/);
  });

  test('cannot take a value that is not a KafkaFallback (ZT142)', () => {
    expect(synthError((a) => broker(a, [Profile.cilium()], 'l4' as any))).toMatch(
      /ZT142: kafkaFallback is the string 'l4', which is not a KafkaFallback. Did you mean KafkaFallback.L4\?/,
    );
  });
});

describe('Intent oracle and fallbacks', () => {
  test('can judge a peer by its stated fallback where the profile names no entities, and by itself elsewhere', () => {
    const app = Testing.app();
    const t = operator(app, [Profile.kubernetes()]);
    const ir = t._compile().ir!;
    const op = pod('prod', 'operator-0', { app: 'operator' });
    const cluster = clusterOf([op]);
    const flow = (ip: string) => ({
      source: { kind: 'pod' as const, pod: op },
      destination: { kind: 'ip' as const, ip },
      port: 443,
      protocol: 'TCP' as const,
    });
    expect(explainIntent(ir, flow('10.0.0.1'), cluster, { entities: false }).allowed).toBe(true);
    expect(explainIntent(ir, flow('10.0.0.2'), cluster, { entities: false }).allowed).toBe(false);
    // Where entities are named, the kube-apiserver entity covers no address of this model.
    expect(explainIntent(ir, flow('10.0.0.1'), cluster, {}).allowed).toBe(false);
  });
});
