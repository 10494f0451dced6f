import fc from 'fast-check';
import { legalize } from './legalize';
import {
  REGEX_PATHS,
  EdgePortSpec,
  EdgeSpec,
  EndSpec,
  HttpSpec,
  PeerSpec,
  PortSpec,
  ProfileName,
  RequestSpec,
  TierSpec,
  TopologySpec,
  ZoneSpec,
} from './spec';

/** Container ports tiers draw from (TCP mostly, some UDP). */
const TIER_PORTS: readonly PortSpec[] = [
  { protocol: 'TCP', port: 80 },
  { protocol: 'TCP', port: 443 },
  { protocol: 'TCP', port: 5432 },
  { protocol: 'TCP', port: 6379 },
  { protocol: 'TCP', port: 8080 },
  { protocol: 'TCP', port: 9090 },
  { protocol: 'UDP', port: 8125 },
  { protocol: 'UDP', port: 5353 },
];

/** Namespaces of pods outside the topology (never a zone's). */
export const PEER_NAMESPACES: readonly string[] = ['monitoring', 'ops'];

/** CIDR peers: private, public, everything, and the public internet; exceptions inside. */
const CIDRS: ReadonlyArray<{ cidr: string; except: readonly string[] }> = [
  { cidr: '10.20.0.0/16', except: ['10.20.5.0/24'] },
  { cidr: '192.168.5.0/24', except: [] },
  { cidr: '52.0.0.0/8', except: ['52.1.0.0/16', '52.2.2.0/24'] },
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'] },
  { cidr: '0.0.0.0/0', except: ['52.0.0.0/8'] },
  { cidr: '2001:db8:5::/48', except: [] },
];

/** DNS names and patterns: exact, one-label wildcard, any-depth subdomains. */
const FQDNS: readonly string[] = [
  'api.stripe.com',
  'httpbin.org',
  '*.googleapis.com',
  'api-*.example.com',
  '**.corp.example.net',
];

const PATHS: readonly string[] = [
  '/',
  '/healthz',
  '/api/*',
  '/api/v1/orders',
  '/metrics',
  '/v1/*',
  '/static/*',
  ...Object.keys(REGEX_PATHS).map((r) => `~${r}`),
];
const HEADERS: ReadonlyArray<{ name: string; value: string; kind?: 'prefix' | 'regex' }> = [
  { name: 'X-Api-Version', value: 'v1' },
  { name: 'x-tenant', value: 'blue' },
  { name: 'X-Debug', value: '' },
  { name: 'User-Agent', value: 'curl/', kind: 'prefix' },
  { name: 'x-tenant', value: 'blue|green', kind: 'regex' },
];
/** Excluded paths: none covers a path of PATHS (that match would allow nothing, ZT151). */
const NOT_PATHS: readonly string[] = ['/api/admin*', '/internal', '/v1/internal*'];

const portSpec = fc.constantFrom(...TIER_PORTS);

const tierSpec: fc.Arbitrary<TierSpec> = fc.record(
  {
    overlap: fc.constantFrom<TierSpec['overlap']>(
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'refused',
      'carved',
    ),
    mtls: fc.option(
      fc.record({
        mode: fc.constantFrom<'STRICT' | 'PERMISSIVE'>('STRICT', 'PERMISSIVE'),
        permissivePort: fc.boolean(),
      }),
      { nil: undefined, freq: 4 },
    ),
    serviceAccount: fc.boolean(),
    ports: fc.uniqueArray(portSpec, { minLength: 0, maxLength: 3, selector: (p) => `${p.protocol}/${p.port}` }),
    http: fc.boolean(),
    service: fc.boolean(),
    unmeshed: fc.constantFrom(false, false, false, false, true),
  },
  { requiredKeys: ['serviceAccount', 'ports', 'http', 'service', 'unmeshed'] },
);

const zoneSpec: fc.Arbitrary<ZoneSpec> = fc.record(
  {
    deny: fc.constantFrom<ZoneSpec['deny']>('BOTH', 'BOTH', 'INGRESS', 'EGRESS', 'NONE'),
    dns: fc.constantFrom(true, true, true, false),
    mtls: fc.option(fc.constantFrom<'STRICT' | 'PERMISSIVE'>('STRICT', 'PERMISSIVE'), { nil: undefined }),
    podSelector: fc.boolean(),
    tiers: fc.array(tierSpec, { minLength: 1, maxLength: 5 }),
  },
  { requiredKeys: ['deny', 'dns', 'podSelector', 'tiers'] },
);

const tierEnd: fc.Arbitrary<EndSpec> = fc.record({
  kind: fc.constant('tier' as const),
  zone: fc.nat(2),
  tier: fc.nat(4),
});

/** Pods peers of a namespace by labels AND service account weigh more: both must hold in every profile. */
const peerEnd: fc.Arbitrary<PeerSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('pods' as const),
    namespace: fc.constantFrom(...PEER_NAMESPACES),
    byLabels: fc.boolean(),
    labels: fc.boolean(),
    serviceAccount: fc.boolean(),
  }),
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...PEER_NAMESPACES)
      .map((namespace): PeerSpec => ({ kind: 'pods', namespace, byLabels: false, labels: true, serviceAccount: true })),
  },
  fc.constantFrom(...CIDRS).map((c): PeerSpec => ({ kind: 'cidr', cidr: c.cidr, except: c.except })),
  fc.constant<PeerSpec>({ kind: 'world' }),
  fc.record({ kind: fc.constant('allNamespaces' as const), labels: fc.boolean() }),
  fc.constant<PeerSpec>({ kind: 'cluster' }),
);

const fqdnEnd: fc.Arbitrary<PeerSpec> = fc
  .uniqueArray(fc.constantFrom(...FQDNS), { minLength: 1, maxLength: 2 })
  .map((names): PeerSpec => ({ kind: 'fqdn', names }));

const edgePort: fc.Arbitrary<EdgePortSpec> = fc.oneof(
  { weight: 4, arbitrary: portSpec },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 8000, max: 8100 }), fc.integer({ min: 0, max: 200 }))
      .map(([port, span]): EdgePortSpec => ({ protocol: 'TCP', port, endPort: port + span + 1 })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<EdgePortSpec>({ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 5432 }),
  },
);

const httpSpec: fc.Arbitrary<HttpSpec> = fc
  .record(
    {
      method: fc.constantFrom<HttpSpec['method']>('GET', 'POST', 'ANY', 'GET|POST'),
      path: fc.constantFrom(...PATHS),
      header: fc.option(fc.constantFrom(...HEADERS), { nil: undefined, freq: 3 }),
      notPath: fc.option(fc.constantFrom(...NOT_PATHS), { nil: undefined, freq: 4 }),
      notMethod: fc.option(fc.constantFrom<'DELETE' | 'PUT'>('DELETE', 'PUT'), { nil: undefined, freq: 4 }),
      hosts: fc.option(fc.constantFrom(['api.example.com'], ['API.example.com', 'api.example.com:8080']), {
        nil: undefined,
        freq: 4,
      }),
    },
    { requiredKeys: ['method', 'path'] },
  )
  // notMethods goes with any method only (ZT152); a method list is written with a path string, not a regex.
  .map(({ notMethod, ...h }) => (notMethod !== undefined && h.method === 'ANY' ? { ...h, notMethod } : h))
  .map((h) => (h.method === 'GET|POST' && h.path.startsWith('~') ? { ...h, method: 'GET' as const } : h));

/** A random edge between tiers (by index) and peers, with ports and HTTP rules. */
export const edgeSpec: fc.Arbitrary<EdgeSpec> = fc.record(
  {
    from: fc.oneof({ weight: 3, arbitrary: tierEnd }, { weight: 1, arbitrary: peerEnd }),
    to: fc.oneof(
      { weight: 3, arbitrary: tierEnd },
      { weight: 1, arbitrary: peerEnd },
      { weight: 1, arbitrary: fqdnEnd },
    ),
    ports: fc.option(
      fc.uniqueArray(edgePort, {
        minLength: 1,
        maxLength: 3,
        selector: (p) => `${p.protocol}/${p.port}-${p.endPort ?? ''}`,
      }),
      { nil: undefined },
    ),
    http: fc.option(fc.array(httpSpec, { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 2 }),
    verb: fc.constantFrom<'allowFrom' | 'allowTo'>('allowFrom', 'allowTo'),
  },
  { requiredKeys: ['from', 'to', 'verb'] },
);

const requestSpec: fc.Arbitrary<RequestSpec> = fc.record(
  {
    method: fc.constantFrom<RequestSpec['method']>('GET', 'POST', 'PUT', 'DELETE'),
    path: fc.oneof(
      fc.constantFrom(
        '/',
        '/api',
        '/api/',
        '/api/v1/orders',
        '/apix',
        '/healthz',
        '/healthz/',
        '/metrics',
        '/v1/x',
        '/static',
        '/api/admin/users',
        '/internal',
        '/v1/internal/x',
        ...Object.values(REGEX_PATHS).flat(),
      ),
      fc.stringMatching(/^\/[a-z0-9]{0,6}(\/[a-z0-9]{0,6})?$/),
    ),
    header: fc.option(
      fc.constantFrom(
        { name: 'X-API-VERSION', value: 'v1' },
        { name: 'x-api-version', value: 'v2' },
        { name: 'X-Tenant', value: 'blue' },
        { name: 'x-debug', value: '1' },
        { name: 'User-Agent', value: 'curl/8.5' },
        { name: 'user-agent', value: 'wget/1' },
        { name: 'x-tenant', value: 'green' },
      ),
      { nil: undefined },
    ),
    host: fc.option(fc.constantFrom('api.example.com', 'Api.Example.com:8080', 'www.example.com'), {
      nil: undefined,
    }),
  },
  { requiredKeys: ['method', 'path'] },
);

/**
 * Random topologies a profile can express without a widening (see `legalize`; `legal` false
 * skips it and gives anything the model accepts): 1-3 zones of
 * 1-5 tiers, 0-8 edges between tiers and peers (pods, CIDRs, `world`, DNS names), HTTP rules,
 * mTLS modes, a mesh mode, a few extra requests to probe L7 ports with, and sometimes an
 * ingress-nginx controller with an Ingress into some tiers.
 */
export function topologySpec(profile: ProfileName, legal = true): fc.Arbitrary<TopologySpec> {
  const meshProfile = profile.includes('istio') || profile.includes('linkerd');
  return fc
    .record({
      profile: fc.constant(profile),
      dns: fc.constantFrom<TopologySpec['dns']>('kube', 'kube', 'openshift', 'node-local'),
      mesh: profile.includes('linkerd')
        ? fc.constant<TopologySpec['mesh']>('sidecar')
        : meshProfile
          ? fc.constantFrom<TopologySpec['mesh']>('sidecar', 'ambient')
          : fc.constantFrom<TopologySpec['mesh']>('none', 'none', 'none', 'sidecar', 'ambient'),
      sharedNamespace: fc.constantFrom(false, false, false, true),
      zones: fc.array(zoneSpec, { minLength: 1, maxLength: 3 }),
      edges: fc.array(edgeSpec, { minLength: 0, maxLength: 8 }),
      requests: fc.array(requestSpec, { minLength: 0, maxLength: 3 }),
      ingress: fc.option(fc.array(fc.record({ zone: fc.nat(2), tier: fc.nat(4) }), { minLength: 1, maxLength: 3 }), {
        nil: undefined,
        freq: 3,
      }),
    })
    .map((spec) => (legal ? legalize(spec) : spec));
}

/** The list props of the DSL where an empty list would read as "everything"; each is refused with ZT140. */
export const EMPTY_LIST_PROPS = [
  'ports',
  'http',
  'kafka',
  'names',
  'fqdnPorts',
  'fqdnHttp',
  'tierPorts',
  'servicePorts',
  'hostnames',
  'rules',
  'backends',
  'matches',
  'listeners',
  'profiles',
] as const;
/** One of them. */
export type EmptyListProp = (typeof EMPTY_LIST_PROPS)[number];
/** An empty list given for one list prop. */
export const emptyListProp: fc.Arbitrary<EmptyListProp> = fc.constantFrom(...EMPTY_LIST_PROPS);

const fixedLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/);
const wildLabel = fc.oneof(fc.constant('*'), fc.stringMatching(/^[a-z0-9]{0,3}\*[a-z0-9]{0,3}$/));

/**
 * DNS patterns broader than one registrable domain: a wildcard in one of the last two labels
 * (or the TLD), `**` anywhere but a leading `**.` label, or `**.` over a single label. Refused
 * with ZT109.
 */
export const broadFqdnPattern: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.array(fc.oneof(fixedLabel, wildLabel), { maxLength: 2 }), fc.oneof(fixedLabel, wildLabel), wildLabel)
    .map(([l, a, b]) => [...l, a, b].join('.')),
  fc
    .tuple(fc.array(fc.oneof(fixedLabel, wildLabel), { maxLength: 2 }), wildLabel, fixedLabel)
    .map(([l, a, b]) => [...l, a, b].join('.')),
  fc
    .tuple(fc.array(fixedLabel, { minLength: 1, maxLength: 2 }), fixedLabel, fixedLabel)
    .map(([l, a, b]) => [...l, '**', a, b].join('.')),
  fixedLabel.map((tld) => `**.${tld}`),
  fc.constant('*'),
);

/** DNS patterns within one registrable domain: wildcards only left of two fixed labels. Accepted as `matchPattern`. */
export const narrowFqdnPattern: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.oneof(fixedLabel, wildLabel), { maxLength: 2 }), wildLabel, fixedLabel, fixedLabel)
  .map(([l, w, a, b]) => [...l, w, a, b].join('.'));
