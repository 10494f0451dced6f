import { App } from 'cdk8s';
import {
  DefaultDeny,
  Dns,
  EgressFqdn,
  HttpMatch,
  MeshMode,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  Widening,
  Zone,
} from '../../../src';
import { defaultSchemaValidator } from '../../../src/validation/schema';
import { Doc, find, synthDocs, synthError, synthFiles } from '../../util/synth';

/** A topology that uses every feature the Calico target renders. */
function features(app: App, profile: Profile = Profile.calico()): Topology {
  const shop = new Topology(app, 'shop', { profiles: [profile] });
  const prod = new Zone(shop, 'production');
  const batch = new Zone(shop, 'batch', {
    namespace: 'jobs',
    podSelector: { zone: 'batch' },
    defaultDeny: DefaultDeny.INGRESS,
  });
  const edge = new Zone(shop, 'edge', { dns: Dns.kubeDns({ nodeLocalAddresses: ['169.254.20.10'] }) });
  const web = new Tier(prod, 'web', { selector: { app: 'web', tier: 'front' }, ports: [Port.tcp(8080)] });
  const api = new Tier(prod, 'api', {
    selector: { app: 'api' },
    serviceAccount: 'api',
    ports: [Port.tcp(8080), Port.tcp(9090)],
  });
  const admin = new Tier(prod, 'admin', {
    selector: { app: 'api', role: 'admin' },
    allowOverlapWith: [api],
    ports: [Port.tcp(8080)],
  });
  const worker = new Tier(batch, 'worker', { selector: { app: 'worker' }, ports: [Port.udp(5000), Port.sctp(9000)] });
  const proxy = new Tier(edge, 'proxy', { selector: { app: 'proxy' }, ports: [Port.tcp(443)] });
  api.allowFrom(web, { ports: [Port.tcp(8080)] });
  api.allowFrom(worker, { ports: [Port.tcpRange(7000, 7010), Port.named('metrics')] });
  admin.allowFrom(web, { ports: [Port.tcp(8080)] });
  worker.allowFrom(api, { ports: [Port.udp(5000), Port.sctp(9000)] });
  api.allowFrom(Peer.pods({ namespace: 'monitoring', labels: { app: 'prometheus' }, serviceAccount: 'prometheus' }), {
    ports: [Port.named('metrics')],
  });
  api.allowFrom(Peer.pods({ namespaceLabels: { team: 'ops' } }), { ports: [Port.tcp(8080)] });
  web.allowFrom(Peer.allNamespaces({ role: 'ingress' }), { ports: [Port.tcp(8080)] });
  api.allowTo(Peer.cidr('10.0.0.0/8', ['10.1.0.0/16']), { ports: [Port.tcp(5432)] });
  proxy.allowTo(Peer.cidr('0.0.0.0/0'));
  return shop;
}

const calicoDocs = (build: (app: App) => unknown): Doc[] => {
  const files = synthDocs(build);
  const name = Object.keys(files).find((f) => f.endsWith('-calico.k8s.yaml') || f.endsWith('-calico-istio.k8s.yaml'));
  return files[name!];
};
const policies = (docs: Doc[]) => docs.filter((d) => d.apiVersion === 'projectcalico.org/v3');

describe('Calico target: output', () => {
  const docs = calicoDocs((app) => features(app));

  test('can render the features topology (snapshot)', () => {
    expect(docs).toMatchSnapshot();
  });

  test('can write NetworkPolicies of the default tier, each with order 1000, explicit types and Allow rules only', () => {
    const all = policies(docs);
    expect(all.length).toBeGreaterThan(5);
    for (const p of all) {
      expect(p.kind).toBe('NetworkPolicy');
      expect(p.spec.tier).toBeUndefined();
      expect(p.spec.order).toBe(1000);
      expect(p.spec.types.length).toBeGreaterThan(0);
      expect(p.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      for (const r of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) expect(r.action).toBe('Allow');
    }
  });

  test("can deny by selecting the zone's pods with types and no rules, keeping DNS by namespace AND labels on UDP and TCP", () => {
    const deny = find(docs, 'NetworkPolicy', 'production-default-deny', 'production');
    expect(deny.spec).toEqual({
      order: 1000,
      selector: 'all()',
      types: ['Ingress', 'Egress'],
      egress: [
        {
          action: 'Allow',
          protocol: 'UDP',
          destination: {
            selector: "k8s-app == 'kube-dns'",
            namespaceSelector: "projectcalico.org/name == 'kube-system'",
            ports: [53],
          },
        },
        {
          action: 'Allow',
          protocol: 'TCP',
          destination: {
            selector: "k8s-app == 'kube-dns'",
            namespaceSelector: "projectcalico.org/name == 'kube-system'",
            ports: [53],
          },
        },
      ],
    });
    expect(deny.spec.ingress).toBeUndefined();
    // A zone narrowed by pod labels, denying ingress only: no egress rules, types Ingress.
    expect(find(docs, 'NetworkPolicy', 'batch-default-deny', 'jobs').spec).toEqual({
      order: 1000,
      selector: "zone == 'batch'",
      types: ['Ingress'],
    });
    // Node-local DNS cache: a /32 on the host network, in its own rule (nets AND selector would match nothing).
    const edge = find(docs, 'NetworkPolicy', 'edge-default-deny', 'edge').spec.egress;
    expect(edge).toContainEqual({
      action: 'Allow',
      protocol: 'UDP',
      destination: { nets: ['169.254.20.10/32'], ports: [53] },
    });
  });

  test('can write selector expressions with sorted keys and quoted values, and carve overlaps out with not in', () => {
    expect(find(docs, 'NetworkPolicy', 'web-ingress', 'production').spec.selector).toBe(
      "app == 'web' && tier == 'front'",
    );
    expect(find(docs, 'NetworkPolicy', 'api-ingress', 'production').spec.selector).toBe(
      "app == 'api' && role not in { 'admin' }",
    );
    expect(find(docs, 'NetworkPolicy', 'admin-ingress', 'production').spec.selector).toBe(
      "app == 'api' && role == 'admin'",
    );
  });

  test('can write one rule per protocol, port ranges as "a:b" and named ports as names', () => {
    const ingress = find(docs, 'NetworkPolicy', 'api-ingress', 'production').spec.ingress;
    expect(ingress).toContainEqual({
      action: 'Allow',
      protocol: 'TCP',
      // The zone's pod labels are part of the tier's selector.
      source: { selector: "app == 'worker' && zone == 'batch'", namespaceSelector: "projectcalico.org/name == 'jobs'" },
      destination: { ports: ['7000:7010', 'metrics'] },
    });
    const worker = find(docs, 'NetworkPolicy', 'worker-ingress', 'jobs').spec.ingress;
    expect(worker.map((r: any) => [r.protocol, r.destination.ports])).toEqual([
      ['SCTP', [9000]],
      ['UDP', [5000]],
    ]);
  });

  test('can name peers by namespace (by name or labels), labels and service account, and CIDRs by nets / notNets', () => {
    const ingress = find(docs, 'NetworkPolicy', 'api-ingress', 'production').spec.ingress;
    expect(ingress).toContainEqual({
      action: 'Allow',
      protocol: 'TCP',
      source: {
        selector: "app == 'prometheus'",
        namespaceSelector: "projectcalico.org/name == 'monitoring'",
        serviceAccounts: { names: ['prometheus'] },
      },
      destination: { ports: ['metrics'] },
    });
    expect(ingress).toContainEqual({
      action: 'Allow',
      protocol: 'TCP',
      source: { namespaceSelector: "team == 'ops'" },
      destination: { ports: [8080] },
    });
    expect(find(docs, 'NetworkPolicy', 'web-ingress', 'production').spec.ingress).toContainEqual({
      action: 'Allow',
      protocol: 'TCP',
      source: { selector: "role == 'ingress'", namespaceSelector: 'all()' },
      destination: { ports: [8080] },
    });
    expect(find(docs, 'NetworkPolicy', 'api-egress', 'production').spec.egress).toContainEqual({
      action: 'Allow',
      protocol: 'TCP',
      destination: { nets: ['10.0.0.0/8'], notNets: ['10.1.0.0/16'], ports: [5432] },
    });
    // Every port and protocol: a rule without protocol or ports.
    expect(find(docs, 'NetworkPolicy', 'proxy-egress', 'edge').spec.egress).toEqual([
      { action: 'Allow', destination: { nets: ['0.0.0.0/0'] } },
    ]);
  });

  test('can be reproduced byte for byte', () => {
    const a = synthFiles((app) => features(app));
    const b = synthFiles((app) => features(app));
    expect(a).toEqual(b);
  });

  test('can pass the Calico v3.32 CRD schema, which rejects what Calico would', () => {
    const validator = defaultSchemaValidator();
    for (const d of policies(docs)) expect([d.metadata.name, validator.validate(d)]).toEqual([d.metadata.name, []]);
    const bad = JSON.parse(JSON.stringify(find(docs, 'NetworkPolicy', 'api-ingress', 'production')));
    bad.spec.ingress[0].action = 'Accept';
    expect(validator.validate(bad).length).toBeGreaterThan(0);
  });
});

describe('Calico target: what open-source Calico cannot enforce', () => {
  const l7 = (app: App, profile: Profile) => {
    const shop = new Topology(app, 'shop', { profiles: [profile] });
    const prod = new Zone(shop, 'production');
    const web = new Tier(prod, 'web', { selector: { app: 'web' }, ports: [Port.tcp(80)] });
    const api = new Tier(prod, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] });
    api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/v1/items')] });
    return shop;
  };

  test('cannot enforce HTTP rules without a mesh: ZT118 naming Calico, unless L7_TO_L4 is accepted and reported', () => {
    expect(synthError((app) => l7(app, Profile.calico()))).toMatch(
      /ZT118: HTTP rules cannot be enforced by Calico NetworkPolicy in profile 'calico'.*Widening\.L7_TO_L4/,
    );
    let shop: Topology | undefined;
    const docs = calicoDocs((app) => {
      shop = l7(app, Profile.calico({ accept: [Widening.L7_TO_L4] }));
    });
    expect(shop!.widenings).toEqual([
      expect.objectContaining({ kind: 'L7_TO_L4', target: 'calico', path: 'shop/production/api/from-web' }),
    ]);
    expect(find(docs, 'NetworkPolicy', 'api-ingress', 'production').spec.ingress).toEqual([
      { action: 'Allow', protocol: 'TCP', source: { selector: "app == 'web'" }, destination: { ports: [8080] } },
    ]);
  });

  test('cannot match DNS names (a Calico Enterprise feature): ZT118, unless FQDN_TO_PUBLIC_CIDR is accepted', () => {
    const fqdn = (app: App, profile: Profile) => {
      const shop = new Topology(app, 'shop', { profiles: [profile] });
      const api = new Tier(new Zone(shop, 'production'), 'api', { selector: { app: 'api' } });
      new EgressFqdn(api, 'stripe', { names: ['api.stripe.com'] });
    };
    expect(synthError((app) => fqdn(app, Profile.calico()))).toMatch(
      /ZT118: egress to DNS names api\.stripe\.com cannot be enforced by Calico NetworkPolicy/,
    );
    const docs = calicoDocs((app) => fqdn(app, Profile.calico({ accept: [Widening.FQDN_TO_PUBLIC_CIDR] })));
    const rule = find(docs, 'NetworkPolicy', 'api-egress', 'production').spec.egress[0];
    expect(rule).toEqual({
      action: 'Allow',
      protocol: 'TCP',
      destination: {
        nets: ['0.0.0.0/0'],
        notNets: expect.arrayContaining(['10.0.0.0/8', '192.168.0.0/16']),
        ports: [443],
      },
    });
  });

  test('cannot name entities: ZT118 pointing to Peer.cidr', () => {
    expect(
      synthError((app) => {
        const shop = new Topology(app, 'shop', { profiles: [Profile.calico()] });
        new Tier(new Zone(shop, 'production'), 'api', { selector: { app: 'api' } }).allowFrom(Peer.world(), {
          ports: [Port.tcp(80)],
        });
      }),
    ).toMatch(/ZT118: the 'world' entity cannot be expressed by Calico NetworkPolicy.*Peer\.cidr/);
  });

  test('cannot share a profile with Kubernetes NetworkPolicy: ZT119, Calico enforces both as one union', () => {
    const message = synthError((app) => l7(app, Profile.of(['kubernetes', 'calico'])));
    expect(message).toMatch(
      /ZT119: profile 'calico-kubernetes' combines calico and kubernetes: one CNI enforces both as a union/,
    );
    expect(message).toContain('(calico expresses everything kubernetes does)');
  });
});

describe('Calico target with Istio', () => {
  const meshed = (app: App, mode: MeshMode) => {
    const shop = new Topology(app, 'shop', { mesh: mode, profiles: [Profile.calicoIstio()] });
    const prod = new Zone(shop, 'production');
    const web = new Tier(prod, 'web', { selector: { app: 'web' }, serviceAccount: 'web', ports: [Port.tcp(80)] });
    const api = new Tier(prod, 'api', {
      selector: { app: 'api' },
      serviceAccount: 'api',
      ports: [Port.tcp(8080)],
      service: { name: 'api' },
    });
    api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/v1/items')] });
  };

  test('can hand L7 to Istio and keep Calico at L4, admitting istiod for sidecars', () => {
    const docs = calicoDocs((app) => meshed(app, MeshMode.SIDECAR));
    const authz = docs.filter((d) => d.kind === 'AuthorizationPolicy');
    expect(JSON.stringify(authz)).toContain('/v1/items');
    for (const p of policies(docs)) expect(JSON.stringify(p.spec)).not.toContain('http');
    expect(find(docs, 'NetworkPolicy', 'api-ingress', 'production').spec.ingress).toEqual([
      { action: 'Allow', protocol: 'TCP', source: { selector: "app == 'web'" }, destination: { ports: [8080] } },
    ]);
    expect(find(docs, 'NetworkPolicy', 'web-egress', 'production').spec.egress).toContainEqual({
      action: 'Allow',
      protocol: 'TCP',
      destination: {
        selector: "app == 'istiod'",
        namespaceSelector: "projectcalico.org/name == 'istio-system'",
        ports: [15012],
      },
    });
  });

  test('can admit HBONE (15008) through the waypoint and the ambient probe address, from the mesh descriptor', () => {
    const docs = calicoDocs((app) => meshed(app, MeshMode.AMBIENT));
    const text = JSON.stringify(policies(docs));
    expect(text).toContain('"ports":[15008]');
    expect(text).toContain('169.254.7.127/32');
    expect(text).not.toContain('"ports":[8080]},"source":{"selector":"app == \'web\'"');
  });
});
