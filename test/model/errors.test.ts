import { App } from 'cdk8s';
import {
  AllowFrom,
  Dns,
  EgressFqdn,
  Fqdn,
  HttpMatch,
  KafkaMatch,
  MeshMode,
  MeshMtls,
  MtlsMode,
  PathMatch,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Zone,
} from '../../src';
import { synthError } from '../util/synth';

function topo(app: App, profiles = [Profile.cilium()], extra: object = {}): Topology {
  return new Topology(app, 'shop', { profiles, warnings: WarningMode.SILENT, ...extra });
}

describe('bad literal input throws at once from the value factory, with a hint', () => {
  test.each([
    ['port 0', () => Port.tcp(0), /ZT105: port 0 is out of range/],
    ['port 70000', () => Port.udp(70000), /ZT105: port 70000 is out of range/],
    ['reversed range', () => Port.tcpRange(7010, 7000), /ZT106: .*reversed. Did you mean 7000-7010/],
    ['bad port name', () => Port.named('HTTP_PORT'), /ZT107/],
    ['malformed cidr', () => Peer.cidr('10.0.0.0/33'), /ZT103/],
    ['host bits set', () => Peer.cidr('10.0.0.1/8'), /ZT103: .*Did you mean '10.0.0.0\/8'/],
    [
      'except outside cidr',
      () => Peer.cidr('10.0.0.0/16', ['10.1.0.0/24']),
      /ZT104: except '10.1.0.0\/24' is not strictly inside/,
    ],
    ['except equal to cidr', () => Peer.cidr('10.0.0.0/16', ['10.0.0.0/16']), /ZT104/],
    ['empty fqdn', () => Fqdn.exact(''), /ZT108: FQDN is empty/],
    ['fqdn that is a URL', () => Fqdn.exact('https://api.stripe.com/v1'), /ZT108: .*looks like a URL/],
    ['lone star pattern', () => Fqdn.pattern('*'), /ZT109/],
    ['star in the middle of a name given as exact', () => Fqdn.exact('api.*.com'), /ZT108/],
    ['double star not leading', () => Fqdn.pattern('api.**.com'), /ZT109/],
    ['wildcard TLD', () => Fqdn.pattern('*.com'), /ZT109/],
    ['invalid regex', () => PathMatch.regex('/api/(v1'), /ZT110/],
    ['look-around regex (not RE2)', () => PathMatch.regex('/(?!admin).*'), /ZT110: .*look-around/],
    ['path without slash', () => HttpMatch.get('api'), /ZT111: .*Did you mean '\/api'/],
    ['unknown HTTP method', () => HttpMatch.method('FETCH', '/x'), /ZT111/],
    ['pseudo-header', () => HttpMatch.get('/x', { headers: { ':authority': 'x' } }), /ZT111/],
    ['bad pod label', () => Peer.pods({ namespace: 'monitoring', labels: { 'app!': 'x' } }), /ZT101/],
    ['bad namespace', () => Peer.namespace('Monitoring'), /ZT102/],
    ['pods without namespace', () => Peer.pods({ labels: { app: 'x' } }), /ZT117/],
    ['bad kafka topic', () => KafkaMatch.produce('bad topic'), /ZT111/],
  ])('throws for %s', (_name, fn, re) => {
    expect(fn).toThrow(re);
  });
});

describe('cross-construct problems fail synth, one message per problem, prefixed by the construct path', () => {
  test('throws for an invalid zone namespace', () => {
    const msg = synthError((app) => {
      new Zone(topo(app), 'prod', { namespace: 'Prod_1' });
    });
    expect(msg).toContain("[shop/prod] ZT102: zone namespace 'Prod_1' is not a DNS-1123 label");
  });

  test('throws for an invalid label key and value on a tier', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app), 'prod');
      new Tier(z, 'api', { selector: { 'bad key!': 'v', app: '-x' } });
    });
    expect(msg).toMatch(/\[shop\/prod\/api\] ZT101: label key 'bad key!'/);
    expect(msg).toMatch(/\[shop\/prod\/api\] ZT101: label value '-x'/);
  });

  test('throws for an empty tier selector', () => {
    const msg = synthError((app) => {
      new Tier(new Zone(topo(app), 'prod'), 'api', {});
    });
    expect(msg).toContain('[shop/prod/api] ZT122');
  });

  test('throws for L7 rules on a UDP port', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app), 'prod');
      const a = new Tier(z, 'a', { selector: { app: 'a' } });
      const b = new Tier(z, 'b', { selector: { app: 'b' } });
      b.allowFrom(a, { ports: [Port.udp(8125)], http: [HttpMatch.get('/')] });
    });
    expect(msg).toContain('[shop/prod/b/from-a] ZT112: L7 rules on 8125/UDP');
  });

  test('throws for an edge to a tier of another topology', () => {
    const msg = synthError((app) => {
      const other = new Tier(new Zone(new Topology(app, 'other', { warnings: WarningMode.SILENT }), 'z'), 'x', {
        selector: { app: 'x' },
      });
      const z = new Zone(topo(app), 'prod');
      new Tier(z, 'a', { selector: { app: 'a' } }).allowTo(other);
    });
    expect(msg).toContain('[shop/prod/a/to-x] ZT113');
  });

  test('throws for an edge whose tier is not inside a zone', () => {
    const msg = synthError((app) => {
      const t = topo(app);
      const loose = new Tier(t, 'loose', { selector: { app: 'loose' } });
      const z = new Zone(t, 'prod');
      new Tier(z, 'a', { selector: { app: 'a' } }).allowTo(loose);
    });
    expect(msg).toContain('[shop/loose] ZT120');
    expect(msg).toContain('[shop/prod/a/to-loose] ZT113');
  });

  test('throws for duplicate tier ids (from the construct tree, naming the scope)', () => {
    expect(() => {
      const app = new App();
      const z = new Zone(topo(app), 'prod');
      new Tier(z, 'api', { selector: { app: 'a' } });
      new Tier(z, 'api', { selector: { app: 'b' } });
    }).toThrow(
      /ZT114: Tier 'api': 'shop\/prod' already has a construct with id 'api'. Give each construct of one scope its own id/,
    );
  });

  test('throws for two tiers with the same selector in one zone', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app), 'prod');
      new Tier(z, 'a', { selector: { app: 'x' } });
      new Tier(z, 'b', { selector: { app: 'x' } });
    });
    expect(msg).toContain("[shop/prod/b] ZT115: tier selects the same pods as 'shop/prod/a'");
  });

  test('throws for two tiers with one mesh identity', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app), 'prod');
      new Tier(z, 'a', { selector: { app: 'a' }, serviceAccount: 'shared' });
      new Tier(z, 'b', { selector: { app: 'b' }, serviceAccount: 'shared' });
    });
    expect(msg).toContain('[shop/prod/b] ZT116');
  });

  test('throws for overlapping zones in one namespace', () => {
    const msg = synthError((app) => {
      const t = topo(app);
      new Zone(t, 'a', { namespace: 'shared' });
      new Zone(t, 'b', { namespace: 'shared', podSelector: { team: 'b' } });
    });
    expect(msg).toContain('[shop/b] ZT121');
  });

  test('throws for mTLS on a topology without a mesh', () => {
    const msg = synthError((app) => {
      new MeshMtls(new Zone(topo(app), 'prod'), 'mtls', { mode: MtlsMode.STRICT });
    });
    expect(msg).toContain('[shop/prod/mtls] ZT124: mTLS needs a mesh');
  });

  test('throws for port-level mTLS on a zone (needs a workload selector)', () => {
    const msg = synthError((app) => {
      new MeshMtls(new Zone(topo(app, [Profile.ciliumIstio()], { mesh: MeshMode.SIDECAR }), 'prod'), 'mtls', {
        mode: MtlsMode.STRICT,
        portModes: [{ port: 9090, mode: MtlsMode.PERMISSIVE }],
      });
    });
    expect(msg).toContain('[shop/prod/mtls] ZT124: port-level modes need a workload selector');
  });

  test('throws for Kafka rules on Cilium 1.20, where the field is gone', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app, [Profile.cilium()], { ciliumVersion: '1.20' }), 'prod');
      const a = new Tier(z, 'a', { selector: { app: 'a' } });
      new Tier(z, 'k', { selector: { app: 'k' }, ports: [Port.tcp(9092)] }).allowFrom(a, {
        kafka: [KafkaMatch.produce('orders')],
      });
    });
    expect(msg).toMatch(/\[shop\/prod\/k\/from-a\] ZT302/);
  });

  test('throws for Kafka rules in a NetworkPolicy profile (no L7), naming the target', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app, [Profile.kubernetes()]), 'prod');
      const a = new Tier(z, 'a', { selector: { app: 'a' } });
      new Tier(z, 'k', { selector: { app: 'k' }, ports: [Port.tcp(9092)] }).allowFrom(a, {
        kafka: [KafkaMatch.consume('orders')],
      });
    });
    expect(msg).toContain(
      "[shop/prod/k/from-a] ZT118: Kafka rules cannot be enforced by Kubernetes NetworkPolicy in profile 'kubernetes'",
    );
  });

  test('throws for FQDN egress in a NetworkPolicy profile unless the widening is accepted', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app, [Profile.kubernetes()]), 'prod');
      new EgressFqdn(new Tier(z, 'a', { selector: { app: 'a' } }), 'stripe', { names: ['api.stripe.com'] });
    });
    expect(msg).toContain(
      '[shop/prod/a/stripe] ZT118: egress to DNS names api.stripe.com cannot be enforced by Kubernetes NetworkPolicy',
    );
    expect(msg).toContain('Widening.FQDN_TO_PUBLIC_CIDR');
  });

  test('throws for L7 in a NetworkPolicy profile unless the widening is accepted', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app, [Profile.kubernetes()]), 'prod');
      const a = new Tier(z, 'a', { selector: { app: 'a' } });
      new Tier(z, 'b', { selector: { app: 'b' }, ports: [Port.tcp(80)] }).allowFrom(a, { http: [HttpMatch.get('/')] });
    });
    expect(msg).toContain('[shop/prod/b/from-a] ZT118: HTTP rules cannot be enforced by Kubernetes NetworkPolicy');
  });

  test('throws for a profile that combines NetworkPolicy and CiliumNetworkPolicy', () => {
    const msg = synthError((app) => {
      new Zone(topo(app, [Profile.of(['kubernetes', 'cilium'])]), 'prod');
    });
    expect(msg).toContain('[shop] ZT119');
  });

  test('throws for a mesh profile on a topology without a mesh', () => {
    const msg = synthError((app) => {
      new Zone(topo(app, [Profile.istio()]), 'prod');
    });
    expect(msg).toContain('[shop] ZT126');
  });

  test('throws for entities in a NetworkPolicy profile', () => {
    const msg = synthError((app) => {
      new Tier(new Zone(topo(app, [Profile.kubernetes()]), 'prod'), 'a', { selector: { app: 'a' } }).allowTo(
        Peer.kubeApiserver(),
        { ports: [Port.HTTPS] },
      );
    });
    expect(msg).toContain("ZT118: the 'kube-apiserver' entity cannot be expressed by Kubernetes NetworkPolicy");
  });

  test('throws for an edge without a tier on either end', () => {
    const msg = synthError((app) => {
      const t = topo(app);
      new Zone(t, 'prod');
      new AllowFrom(t, 'edge', { from: Peer.cidr('10.0.0.0/8'), to: Peer.publicInternet() });
    });
    expect(msg).toContain('[shop/edge] ZT117');
  });

  test('throws for an invalid FQDN inside EgressFqdn, at its path', () => {
    const msg = synthError((app) => {
      new EgressFqdn(new Tier(new Zone(topo(app), 'prod'), 'a', { selector: { app: 'a' } }), 'bad', { names: ['*'] });
    });
    expect(msg).toContain('[shop/prod/a/bad] ZT109');
  });

  test('reports every problem of a model at once and writes nothing', () => {
    const msg = synthError((app) => {
      const t = topo(app);
      const z = new Zone(t, 'prod', { namespace: 'BAD' });
      new Tier(z, 'empty', {});
      const a = new Tier(z, 'a', { selector: { app: 'a' } });
      new Tier(z, 'b', { selector: { app: 'a' } }).allowFrom(a, { ports: [Port.udp(53)], http: [HttpMatch.get('/')] });
      new Zone(t, 'dns', { dns: Dns.none() });
    });
    const lines = msg.split('\n').filter((l) => l.trim().startsWith('['));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining('[shop/prod] ZT102'),
        expect.stringContaining('[shop/prod/empty] ZT122'),
        expect.stringContaining('[shop/prod/b] ZT115'),
        expect.stringContaining('[shop/prod/b/from-a] ZT112'),
      ]),
    );
    expect(lines).toHaveLength(4);
  });

  test('throws for a construct outside any topology', () => {
    const msg = synthError((app) => {
      new Zone(app, 'orphan');
    });
    expect(msg).toContain('[orphan] ZT120');
  });
});

describe('a problem no check foresaw is still one coded line under its path, its text intact', () => {
  test('a props object whose getter throws', () => {
    const msg = synthError((app) => {
      const props = { selector: { app: 'api' } };
      Object.defineProperty(props, 'ports', {
        enumerable: true,
        get: () => {
          throw new Error('c.props.names.map is not a function');
        },
      });
      new Tier(new Zone(topo(app), 'prod'), 'api', props);
    });
    expect(msg).toContain(
      '[shop/prod/api] ZT141: c.props.names.map is not a function. Check the values against the documented types',
    );
    expect(msg).not.toMatch(/functio: /);
  });
});

describe('ZT118 names the fix that applies to the source', () => {
  test('an entity source is not asked for a service account', () => {
    const msg = synthError((app) => {
      const z = new Zone(topo(app, [Profile.ciliumIstio()], { mesh: MeshMode.SIDECAR }), 'prod');
      const api = new Tier(z, 'api', { selector: { app: 'api' }, serviceAccount: 'api', ports: [Port.tcp(8080)] });
      const web = new Tier(z, 'web', { selector: { app: 'web' }, serviceAccount: 'web', ports: [Port.tcp(80)] });
      api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/x')] });
      api.allowFrom(Peer.world(), { ports: [Port.tcp(8080)] });
    });
    const line = msg.split('\n').find((l) => l.includes('ZT118'))!;
    expect(line).toContain(
      "The mesh cannot name the 'world' entity: use a Tier or Peer.pods({ namespace, serviceAccount }) as the source",
    );
    expect(line).not.toContain('Give the source a service account');
  });
});
