import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import {
  DefaultDeny,
  Dns,
  EgressFqdn,
  HttpMatch,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Widening,
  Zone,
} from '../../src';
import { Doc, find, synthDocs, synthError, synthFiles } from '../util/synth';

const silent = { warnings: WarningMode.SILENT };

function docsOf(build: (app: App) => void, file: string): Doc[] {
  const all = synthDocs(build);
  if (!all[file]) throw new Error(`no file ${file}: ${Object.keys(all).join(', ')}`);
  return all[file];
}

describe('Topology', () => {
  test('can emit one file per profile, named after the topology and the profile', () => {
    const files = synthFiles((app) => {
      const t = new Topology(app, 'shop', { profiles: [Profile.kubernetes(), Profile.cilium()], ...silent });
      new Tier(new Zone(t, 'prod'), 'a', { selector: { app: 'a' } });
    });
    expect(Object.keys(files)).toEqual(['shop-cilium.k8s.yaml', 'shop-kubernetes.k8s.yaml']);
  });

  test('can label every object with managed-by and the topology', () => {
    const docs = docsOf((app) => {
      const t = new Topology(app, 'shop', { labels: { team: 'payments' }, ...silent });
      const z = new Zone(t, 'prod');
      const a = new Tier(z, 'a', { selector: { app: 'a' } });
      new Tier(z, 'b', { selector: { app: 'b' } }).allowFrom(a, { ports: [Port.tcp(80)] });
    }, 'shop-kubernetes.k8s.yaml');
    expect(docs.length).toBeGreaterThan(2);
    for (const d of docs) {
      expect(d.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'cdk8s-zerotrust',
        'zerotrust.cdk8s.io/topology': 'shop',
        team: 'payments',
      });
    }
  });

  test('can compile independently of declaration order', () => {
    const a = synthFiles((app) => {
      const t = new Topology(app, 'shop', silent);
      const z = new Zone(t, 'prod');
      const x = new Tier(z, 'x', { selector: { app: 'x' }, ports: [Port.tcp(80)] });
      const y = new Tier(z, 'y', { selector: { app: 'y' } });
      x.allowFrom(y);
      y.allowTo(Peer.cidr('10.0.0.0/8'), { ports: [Port.tcp(5432)] });
    });
    const b = synthFiles((app) => {
      const t = new Topology(app, 'shop', silent);
      const z = new Zone(t, 'prod');
      const y = new Tier(z, 'y', { selector: { app: 'y' } });
      const x = new Tier(z, 'x', { selector: { app: 'x' }, ports: [Port.tcp(80)] });
      y.allowTo(Peer.cidr('10.0.0.0/8'), { ports: [Port.tcp(5432)] });
      y.allowTo(x);
    });
    expect(a).toEqual(b);
  });

  test('cannot write a file when a profile fails (nothing partial)', () => {
    const app = Testing.app();
    const t = new Topology(app, 'shop', { profiles: [Profile.cilium(), Profile.kubernetes()], ...silent });
    new EgressFqdn(new Tier(new Zone(t, 'prod'), 'a', { selector: { app: 'a' } }), 'x', { names: ['example.com'] });
    expect(() => app.synthYaml()).toThrow(/ZT118/);
  });

  test('can report accepted widenings', () => {
    const app = Testing.app();
    const t = new Topology(app, 'shop', {
      profiles: [Profile.kubernetes({ accept: [Widening.FQDN_TO_PUBLIC_CIDR] })],
      ...silent,
    });
    new EgressFqdn(new Tier(new Zone(t, 'prod'), 'a', { selector: { app: 'a' } }), 'x', { names: ['example.com'] });
    app.synthYaml();
    expect(t.widenings).toEqual([
      expect.objectContaining({ kind: 'FQDN_TO_PUBLIC_CIDR', target: 'kubernetes', path: 'shop/prod/a/x' }),
    ]);
  });
});

describe('Zone', () => {
  test('can deny both directions by default and keep DNS over UDP and TCP', () => {
    const docs = docsOf((app) => {
      new Zone(new Topology(app, 'shop', silent), 'prod');
    }, 'shop-kubernetes.k8s.yaml');
    const np = find(docs, 'NetworkPolicy', 'prod-default-deny', 'prod');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.podSelector).toEqual({});
    expect(np.spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ]);
  });

  test('can turn DNS off explicitly', () => {
    const docs = docsOf((app) => {
      new Zone(new Topology(app, 'shop', silent), 'prod', { dns: Dns.none() });
    }, 'shop-kubernetes.k8s.yaml');
    expect(find(docs, 'NetworkPolicy', 'prod-default-deny').spec.egress).toBeUndefined();
  });

  test('can add NodeLocal DNSCache addresses as ipBlocks', () => {
    const docs = docsOf((app) => {
      new Zone(new Topology(app, 'shop', silent), 'prod', {
        dns: Dns.kubeDns({ nodeLocalAddresses: ['169.254.20.10'] }),
      });
    }, 'shop-kubernetes.k8s.yaml');
    expect(find(docs, 'NetworkPolicy', 'prod-default-deny').spec.egress[0].to).toContainEqual({
      ipBlock: { cidr: '169.254.20.10/32' },
    });
  });

  test('can deny only ingress, leaving egress open (no egress rules emitted)', () => {
    const docs = docsOf((app) => {
      const z = new Zone(new Topology(app, 'shop', silent), 'prod', { defaultDeny: DefaultDeny.INGRESS });
      new Tier(z, 'a', { selector: { app: 'a' } }).allowTo(Peer.cidr('10.0.0.0/8'));
    }, 'shop-kubernetes.k8s.yaml');
    expect(find(docs, 'NetworkPolicy', 'prod-default-deny').spec.policyTypes).toEqual(['Ingress']);
    expect(docs.some((d) => d.metadata.name === 'a-egress')).toBe(false);
  });
});

describe('Tier edges', () => {
  test('can state one edge with symmetric verbs and emit it once', () => {
    const docs = docsOf((app) => {
      const z = new Zone(new Topology(app, 'shop', silent), 'prod');
      const web = new Tier(z, 'web', { selector: { app: 'web' } });
      const api = new Tier(z, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] });
      api.allowFrom(web);
      web.allowTo(api);
    }, 'shop-kubernetes.k8s.yaml');
    expect(find(docs, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    expect(find(docs, 'NetworkPolicy', 'web-egress').spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
  });

  test('can render a cross-namespace edge as one AND-form peer', () => {
    const docs = docsOf((app) => {
      const t = new Topology(app, 'shop', silent);
      const web = new Tier(new Zone(t, 'frontend'), 'web', { selector: { app: 'web' } });
      new Tier(new Zone(t, 'backend'), 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] }).allowFrom(web);
    }, 'shop-kubernetes.k8s.yaml');
    expect(find(docs, 'NetworkPolicy', 'api-ingress', 'backend').spec.ingress[0].from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'frontend' } },
        podSelector: { matchLabels: { app: 'web' } },
      },
    ]);
  });

  test('can drop an L7 restriction that an L4 allow of the same ends already lifts', () => {
    const docs = docsOf((app) => {
      const z = new Zone(new Topology(app, 'shop', { profiles: [Profile.cilium()], ...silent }), 'prod');
      const web = new Tier(z, 'web', { selector: { app: 'web' } });
      const api = new Tier(z, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] });
      api.allowFrom(web, { http: [HttpMatch.get('/x')] });
      api.allowFrom(web);
    }, 'shop-cilium.k8s.yaml');
    const rules = find(docs, 'CiliumNetworkPolicy', 'api-ingress').spec.ingress;
    expect(rules).toHaveLength(1);
    expect(rules[0].toPorts[0].rules).toBeUndefined();
  });

  test('can union the HTTP rules of two edges on one port', () => {
    const docs = docsOf((app) => {
      const z = new Zone(new Topology(app, 'shop', { profiles: [Profile.cilium()], ...silent }), 'prod');
      const web = new Tier(z, 'web', { selector: { app: 'web' } });
      const api = new Tier(z, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] });
      api.allowFrom(web, { http: [HttpMatch.get('/a')] });
      web.allowTo(api, { http: [HttpMatch.post('/b')] });
    }, 'shop-cilium.k8s.yaml');
    const http = find(docs, 'CiliumNetworkPolicy', 'api-ingress').spec.ingress[0].toPorts[0].rules.http;
    expect(http).toEqual([
      { method: 'GET', path: '/a(\\?.*)?' },
      { method: 'POST', path: '/b(\\?.*)?' },
    ]);
  });

  test('can take selector, service account and ports from a cdk8s-plus Deployment', () => {
    const docs = docsOf((app) => {
      const workloads = new Chart(app, 'workloads');
      const deploy = new kplus.Deployment(workloads, 'api', {
        containers: [{ image: 'api:1', portNumber: 8080, securityContext: { ensureNonRoot: false } }],
        serviceAccount: kplus.ServiceAccount.fromServiceAccountName(workloads, 'sa', 'api-sa'),
      });
      const z = new Zone(new Topology(app, 'shop', { profiles: [Profile.cilium()], ...silent }), 'prod');
      const api = Tier.fromWorkload(z, 'api', deploy);
      new Tier(z, 'web', { selector: { app: 'web' } }).allowTo(api);
    }, 'shop-cilium.k8s.yaml');
    const cnp = find(docs, 'CiliumNetworkPolicy', 'api-ingress');
    expect(Object.keys(cnp.spec.endpointSelector.matchLabels)).toEqual(['cdk8s.io/metadata.addr']);
    expect(cnp.spec.ingress[0].toPorts).toEqual([{ ports: [{ port: '8080', protocol: 'TCP' }] }]);
  });

  test('can take a StatefulSet and its Service, mapping Service ports to pod ports for routes', () => {
    const docs = docsOf((app) => {
      const workloads = new Chart(app, 'workloads');
      const db = new kplus.StatefulSet(workloads, 'db', {
        containers: [
          { image: 'pg:16', ports: [{ number: 5432, name: 'pg' }], securityContext: { ensureNonRoot: false } },
        ],
        serviceAccount: kplus.ServiceAccount.fromServiceAccountName(workloads, 'dbsa', 'db'),
      });
      const svc = new kplus.Service(workloads, 'db-svc', { selector: db, ports: [{ port: 15432, targetPort: 5432 }] });
      const z = new Zone(new Topology(app, 'shop', { profiles: [Profile.cilium()], ...silent }), 'prod');
      const tier = Tier.fromWorkload(z, 'db', db, { service: svc });
      new Tier(z, 'api', { selector: { app: 'api' } }).allowTo(tier);
    }, 'shop-cilium.k8s.yaml');
    expect(find(docs, 'CiliumNetworkPolicy', 'db-ingress').spec.ingress[0].toPorts).toEqual([
      { ports: [{ port: '5432', protocol: 'TCP' }] },
    ]);
  });

  test('throws for a workload that is not a Deployment, StatefulSet or DaemonSet', () => {
    const msg = synthError((app) => {
      const workloads = new Chart(app, 'workloads');
      const job = new kplus.Job(workloads, 'job', {
        containers: [{ image: 'x', securityContext: { ensureNonRoot: false } }],
      });
      Tier.fromWorkload(new Zone(new Topology(app, 'shop', silent), 'prod'), 'job', job);
    });
    expect(msg).toContain('[shop/prod/job] ZT123');
  });

  test('can be deterministic: the same program gives byte-identical output', () => {
    const build = (app: App) => {
      const t = new Topology(app, 'shop', {
        profiles: [Profile.kubernetes({ accept: [Widening.FQDN_TO_PUBLIC_CIDR] }), Profile.cilium()],
        ...silent,
      });
      const z = new Zone(t, 'prod');
      const a = new Tier(z, 'a', { selector: { app: 'a' }, ports: [Port.tcp(80)] });
      const b = new Tier(z, 'b', { selector: { app: 'b' } });
      a.allowFrom(b);
      new EgressFqdn(b, 'x', { names: ['b.example.com', 'a.example.com'] });
    };
    expect(synthFiles(build)).toEqual(synthFiles(build));
  });
});
