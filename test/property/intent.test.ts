import { App } from 'cdk8s';
import {
  DefaultDeny,
  Dns,
  EgressFqdn,
  HttpMatch,
  MeshMode,
  MeshMtls,
  MtlsMode,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Widening,
  Zone,
} from '../../src';
import { IrHttpRule, IrTopology } from '../../src/ir/types';
import { ClusterInfo, Flow, FlowEndpoint, HttpRequest, PodInfo } from '../../src/verify';
import { blockContains, coversEveryPublicV4, parseAddress, parseBlock } from '../../src/testing/intent/address';
import { fqdnMatches } from '../../src/testing/intent/fqdn-pattern';
import { httpRuleMatches } from '../../src/testing/intent/http-request';
import { explainIntent, IntentOptions, intentAllows } from '../../src/testing/intent/intent';
import { peerCovers } from '../../src/testing/intent/peer-covers';
import { portsAdmit } from '../../src/testing/intent/ports';

function pod(namespace: string, name: string, labels: { [k: string]: string }, extra: Partial<PodInfo> = {}): PodInfo {
  return { namespace, name, labels, serviceAccount: 'default', containerPorts: [], dataplane: 'none', ...extra };
}

const CLUSTER: ClusterInfo = {
  namespaces: [
    { name: 'monitoring', labels: { 'kubernetes.io/metadata.name': 'monitoring', team: 'obs' } },
    { name: 'ops', labels: { 'kubernetes.io/metadata.name': 'ops' } },
  ],
  pods: [],
  services: [],
};

const at = (e: PodInfo | string): FlowEndpoint =>
  typeof e !== 'string'
    ? { kind: 'pod', pod: e }
    : e.startsWith('ip:')
      ? { kind: 'ip', ip: e.slice(3) }
      : { kind: 'fqdn', name: e.slice(5) };

function flow(
  from: PodInfo | string,
  to: PodInfo | string,
  port: number,
  protocol: Flow['protocol'] = 'TCP',
  request?: HttpRequest,
): Flow {
  return { source: at(from), destination: at(to), port, protocol, ...(request ? { request } : {}) };
}

describe('addresses', () => {
  test('can parse IPv4 and IPv6 addresses and blocks, and contain addresses in blocks', () => {
    const v6 = parseBlock('2001:db8:5::/48')!;
    expect(blockContains(v6, parseAddress('2001:db8:5::10')!)).toBe(true);
    expect(blockContains(v6, parseAddress('2001:db8:6::1')!)).toBe(false);
    expect(blockContains(parseBlock('10.20.0.0/16')!, parseAddress('10.20.255.1')!)).toBe(true);
    expect(blockContains(parseBlock('10.20.0.0/16')!, parseAddress('10.21.0.1')!)).toBe(false);
    expect(blockContains(parseBlock('0.0.0.0/0')!, parseAddress('::1')!)).toBe(false);
    expect(parseAddress('10.0.0.256')).toBeUndefined();
    expect(parseBlock('10.0.0.0/33')).toBeUndefined();
  });

  test('can tell a block that holds every public IPv4 address from one that does not', () => {
    const all = parseBlock('0.0.0.0/0')!;
    const privateRanges = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'].map((b) =>
      parseBlock(b)!,
    );
    expect(coversEveryPublicV4(all, privateRanges)).toBe(true);
    expect(coversEveryPublicV4(all, [parseBlock('52.0.0.0/8')!])).toBe(false);
    expect(coversEveryPublicV4(parseBlock('52.0.0.0/8')!, [])).toBe(false);
  });
});

describe('DNS names', () => {
  test('can match exact names case-insensitively, without the trailing dot', () => {
    expect(fqdnMatches({ kind: 'exact', value: 'api.stripe.com' }, 'API.Stripe.com.')).toBe(true);
    expect(fqdnMatches({ kind: 'exact', value: 'api.stripe.com' }, 'www.api.stripe.com')).toBe(false);
  });

  test('can match `*` inside one label only', () => {
    const p = { kind: 'wildcard' as const, value: '*.googleapis.com' };
    expect(fqdnMatches(p, 'storage.googleapis.com')).toBe(true);
    expect(fqdnMatches(p, 'googleapis.com')).toBe(false);
    expect(fqdnMatches(p, 'a.b.googleapis.com')).toBe(false);
    expect(fqdnMatches({ kind: 'wildcard', value: 'api-*.example.com' }, 'api-.example.com')).toBe(true);
    expect(fqdnMatches({ kind: 'wildcard', value: 'api-*.example.com' }, 'api-eu.example.com')).toBe(true);
  });

  test('can match subdomains at any depth, never the domain itself', () => {
    const p = { kind: 'subdomains' as const, value: 'corp.example.net' };
    expect(fqdnMatches(p, 'a.corp.example.net')).toBe(true);
    expect(fqdnMatches(p, 'a.b.corp.example.net')).toBe(true);
    expect(fqdnMatches(p, 'corp.example.net')).toBe(false);
    expect(fqdnMatches(p, 'xcorp.example.net')).toBe(false);
  });
});

describe('HTTP rules', () => {
  const rule = (r: Partial<IrHttpRule>): IrHttpRule => ({ headers: [], ...r });

  test('can match exact paths exactly and prefixes as plain string prefixes', () => {
    expect(
      httpRuleMatches(rule({ path: { kind: 'exact', value: '/healthz' } }), { method: 'GET', path: '/healthz' }),
    ).toBe(true);
    expect(
      httpRuleMatches(rule({ path: { kind: 'exact', value: '/healthz' } }), { method: 'GET', path: '/healthz/' }),
    ).toBe(false);
    expect(httpRuleMatches(rule({ path: { kind: 'prefix', value: '/api' } }), { method: 'GET', path: '/apix' })).toBe(
      true,
    );
    expect(httpRuleMatches(rule({ path: { kind: 'prefix', value: '/api/' } }), { method: 'GET', path: '/api' })).toBe(
      false,
    );
  });

  test('can match regular expressions against the whole path only', () => {
    const r = rule({ path: { kind: 'regex', value: '/v[0-9]+/items' } });
    expect(httpRuleMatches(r, { method: 'GET', path: '/v12/items' })).toBe(true);
    expect(httpRuleMatches(r, { method: 'GET', path: '/v1/items/x' })).toBe(false);
    expect(httpRuleMatches(r, { method: 'GET', path: '/a/v1/items' })).toBe(false);
  });

  test('can match methods, and headers by case-insensitive name, by value or presence', () => {
    const r = rule({ method: 'GET', headers: [{ name: 'x-api-version', value: 'v1' }, { name: 'x-debug' }] });
    expect(
      httpRuleMatches(r, { method: 'GET', path: '/', headers: { 'X-API-Version': 'v1', 'X-Debug': 'anything' } }),
    ).toBe(true);
    expect(httpRuleMatches(r, { method: 'POST', path: '/', headers: { 'X-API-Version': 'v1', 'X-Debug': '' } })).toBe(
      false,
    );
    expect(httpRuleMatches(r, { method: 'GET', path: '/', headers: { 'X-API-Version': 'V1', 'X-Debug': '' } })).toBe(
      false,
    );
    expect(httpRuleMatches(r, { method: 'GET', path: '/', headers: { 'X-API-Version': 'v1' } })).toBe(false);
  });
});

describe('ports', () => {
  const api = pod(
    'shop',
    'api',
    { app: 'api' },
    { containerPorts: [{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }] },
  );

  test('can admit every port with an empty list, ranges inclusively, and protocols separately', () => {
    expect(portsAdmit([], 1234, 'UDP', undefined)).toBe(true);
    expect(portsAdmit([{ protocol: 'TCP', port: 8000, endPort: 8010 }], 8010, 'TCP', undefined)).toBe(true);
    expect(portsAdmit([{ protocol: 'TCP', port: 8000, endPort: 8010 }], 8011, 'TCP', undefined)).toBe(false);
    expect(portsAdmit([{ protocol: 'TCP', port: 53 }], 53, 'UDP', undefined)).toBe(false);
    expect(portsAdmit([{ protocol: 'UDP' }], 5353, 'UDP', undefined)).toBe(true);
  });

  test('can resolve a named port against the destination pod only', () => {
    expect(portsAdmit([{ protocol: 'TCP', name: 'metrics' }], 9090, 'TCP', api)).toBe(true);
    expect(portsAdmit([{ protocol: 'TCP', name: 'metrics' }], 9091, 'TCP', api)).toBe(false);
    expect(portsAdmit([{ protocol: 'TCP', name: 'metrics' }], 9090, 'TCP', undefined)).toBe(false);
  });
});

describe('peers', () => {
  const ir = { workloads: [] } as unknown as IrTopology;
  const prometheus = pod('monitoring', 'prometheus', { app: 'prometheus' }, { serviceAccount: 'prometheus' });
  const impostor = pod('monitoring', 'impostor', { app: 'prometheus' });

  test('can cover pods by namespace name or labels, pod labels and service account', () => {
    expect(
      peerCovers(
        ir,
        { kind: 'pods', namespace: 'monitoring', podLabels: { app: 'prometheus' }, serviceAccount: 'prometheus' },
        at(prometheus),
        CLUSTER,
      ),
    ).toBe(true);
    expect(
      peerCovers(
        ir,
        { kind: 'pods', namespace: 'monitoring', podLabels: { app: 'prometheus' }, serviceAccount: 'prometheus' },
        at(impostor),
        CLUSTER,
      ),
    ).toBe(false);
    expect(
      peerCovers(ir, { kind: 'pods', namespaceLabels: { team: 'obs' }, podLabels: {} }, at(impostor), CLUSTER),
    ).toBe(true);
    expect(
      peerCovers(ir, { kind: 'pods', namespaceLabels: { team: 'other' }, podLabels: {} }, at(impostor), CLUSTER),
    ).toBe(false);
    expect(peerCovers(ir, { kind: 'pods', namespace: 'ops', podLabels: {} }, at(impostor), CLUSTER)).toBe(false);
  });

  test('can cover addresses by CIDR minus exceptions, DNS names only by every public address, and never pods', () => {
    const cidr = { kind: 'cidr' as const, cidr: '10.20.0.0/16', except: ['10.20.5.0/24'] };
    expect(peerCovers(ir, cidr, at('ip:10.20.4.1'), CLUSTER)).toBe(true);
    expect(peerCovers(ir, cidr, at('ip:10.20.5.1'), CLUSTER)).toBe(false);
    expect(peerCovers(ir, cidr, at(pod('x', 'p', {}, { ip: '10.20.4.1' })), CLUSTER)).toBe(false);
    expect(peerCovers(ir, cidr, at('fqdn:api.stripe.com'), CLUSTER)).toBe(false);
    expect(
      peerCovers(ir, { kind: 'cidr', cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }, at('fqdn:api.stripe.com'), CLUSTER),
    ).toBe(true);
  });

  test('can cover with entities: world outside the cluster, cluster its pods, all everything', () => {
    expect(peerCovers(ir, { kind: 'entity', entity: 'world' }, at('fqdn:a.example.com'), CLUSTER)).toBe(true);
    expect(peerCovers(ir, { kind: 'entity', entity: 'world' }, at(impostor), CLUSTER)).toBe(false);
    expect(peerCovers(ir, { kind: 'entity', entity: 'cluster' }, at(impostor), CLUSTER)).toBe(true);
    expect(peerCovers(ir, { kind: 'entity', entity: 'all' }, at('ip:1.2.3.4'), CLUSTER)).toBe(true);
    expect(peerCovers(ir, { kind: 'entity', entity: 'host' }, at('ip:1.2.3.4'), CLUSTER)).toBe(false);
  });
});

describe('declared connectivity', () => {
  function shop(mesh = MeshMode.NONE): IrTopology {
    const app = new App();
    const t = new Topology(app, 'shop', {
      mesh,
      warnings: WarningMode.SILENT,
      profiles: [
        mesh === MeshMode.NONE
          ? Profile.cilium()
          : Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] }),
      ],
    });
    const prod = new Zone(t, 'prod');
    const open = new Zone(t, 'open', { defaultDeny: DefaultDeny.NONE, dns: Dns.none() });
    const web = new Tier(prod, 'web', { selector: { app: 'web' }, serviceAccount: 'web', ports: [Port.tcp(80)] });
    const api = new Tier(prod, 'api', {
      selector: { app: 'api' },
      serviceAccount: 'api',
      ports: [Port.tcp(8080), Port.udp(8125)],
    });
    new Tier(open, 'batch', { selector: { app: 'batch' }, ports: [Port.tcp(7000)] });
    api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.get('/api/*')] });
    api.allowFrom(web, { ports: [Port.tcp(8080)], http: [HttpMatch.post('/orders')] });
    web.allowTo(Peer.cidr('10.20.0.0/16', ['10.20.5.0/24']), { ports: [Port.tcp(5432)] });
    new EgressFqdn(web, 'stripe', { names: ['api.stripe.com'] });
    if (mesh !== MeshMode.NONE) new MeshMtls(prod, 'mtls', { mode: MtlsMode.STRICT });
    return t._compile().ir as IrTopology;
  }
  const web = pod('prod', 'web', { app: 'web' }, { serviceAccount: 'web' });
  const api = pod('prod', 'api', { app: 'api' }, { serviceAccount: 'api' });
  const stray = pod('prod', 'stray', { app: 'stray' });
  const batch = pod('open', 'batch', { app: 'batch' });
  const dns = pod('kube-system', 'dns', { 'k8s-app': 'kube-dns' });
  const allowed = (ir: IrTopology, f: Flow, o?: IntentOptions) => intentAllows(ir, f, CLUSTER, o);

  test('can allow a declared edge on its ports only, with a request matching one of its HTTP rules', () => {
    const ir = shop();
    expect(allowed(ir, flow(web, api, 8080))).toBe(true);
    expect(allowed(ir, flow(web, api, 8080, 'TCP', { method: 'GET', path: '/api/v1' }))).toBe(true);
    expect(allowed(ir, flow(web, api, 8080, 'TCP', { method: 'POST', path: '/orders' }))).toBe(true);
    expect(allowed(ir, flow(web, api, 8080, 'TCP', { method: 'DELETE', path: '/orders' }))).toBe(false);
    expect(allowed(ir, flow(web, api, 8125, 'UDP'))).toBe(false);
    expect(allowed(ir, flow(api, web, 80))).toBe(false);
  });

  test('can judge a request at L4 when the profile has no L7 layer', () => {
    expect(allowed(shop(), flow(web, api, 8080, 'TCP', { method: 'DELETE', path: '/orders' }), { l7: false })).toBe(
      true,
    );
  });

  test('can restrict every pod of a denying zone, tier or not, and no pod outside one', () => {
    const ir = shop();
    expect(allowed(ir, flow(stray, batch, 7000))).toBe(false);
    expect(allowed(ir, flow(web, stray, 80))).toBe(false);
    expect(allowed(ir, flow(batch, 'ip:93.184.216.34', 443))).toBe(true);
    expect(explainIntent(ir, flow(stray, batch, 7000), CLUSTER).reasons.join('\n')).toMatch(
      /prod\/stray is in zone prod \(deny egress\)/,
    );
  });

  test('can keep DNS for the pods of a zone that denies egress, on the DNS ports only', () => {
    const ir = shop();
    expect(allowed(ir, flow(stray, dns, 53, 'UDP'))).toBe(true);
    expect(allowed(ir, flow(web, dns, 53, 'TCP'))).toBe(true);
    expect(allowed(ir, flow(web, dns, 8053, 'UDP'))).toBe(false);
  });

  test('can allow egress to CIDRs minus exceptions and to declared DNS names only', () => {
    const ir = shop();
    expect(allowed(ir, flow(web, 'ip:10.20.1.1', 5432))).toBe(true);
    expect(allowed(ir, flow(web, 'ip:10.20.5.1', 5432))).toBe(false);
    expect(allowed(ir, flow(web, 'fqdn:api.stripe.com', 443))).toBe(true);
    expect(allowed(ir, flow(web, 'fqdn:www.stripe.com', 443))).toBe(false);
  });

  test('can leave egress open when the profile does not enforce it', () => {
    expect(allowed(shop(), flow(web, 'fqdn:www.stripe.com', 443), { egressEnforced: false })).toBe(true);
  });

  test('can refuse plaintext TCP into a STRICT meshed tier, but not UDP and not meshed sources', () => {
    const ir = shop(MeshMode.SIDECAR);
    const meshedApi = { ...api, dataplane: 'sidecar' as const };
    const meshedWeb = { ...web, dataplane: 'sidecar' as const };
    const options = { mesh: true, egressEnforced: false };
    expect(allowed(ir, flow(meshedWeb, meshedApi, 8080), options)).toBe(true);
    expect(allowed(ir, flow(web, meshedApi, 8080), options)).toBe(false);
    expect(allowed(ir, flow(web, meshedApi, 8080), { ...options, mesh: false })).toBe(true);
    const udp = explainIntent(ir, flow('ip:10.1.2.3', meshedApi, 8125, 'UDP'), CLUSTER, options);
    expect(udp.reasons.join('\n')).toMatch(/mTLS: not a TCP flow/);
  });
});
