import { App } from 'cdk8s';
import {
  HeaderMatch,
  HttpMatch,
  HttpMatchOptions,
  MeshMode,
  PathMatch,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Widening,
  Zone,
} from '../../src';
import { IrHttpRule } from '../../src/ir/types';
import { Expectations } from '../../src/testing';
import { httpRuleMatches } from '../../src/testing/intent/http-request';
import { find, synthDocs, synthError } from '../util/synth';

const LINKERD_ONLY = { accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] };

/** web -> api on 8080 with the given HTTP rules, in a zone that denies both ways. */
function shop(app: App, profiles: Profile[], http: HttpMatch[]) {
  const t = new Topology(app, 'shop', {
    mesh: profiles.some((p) => p.name !== 'cilium') ? MeshMode.SIDECAR : MeshMode.NONE,
    profiles,
    warnings: WarningMode.SILENT,
  });
  const z = new Zone(t, 'prod', { manageNamespace: true });
  const web = new Tier(z, 'web', { selector: { app: 'web' }, serviceAccount: 'web', ports: [Port.tcp(80)] });
  const api = new Tier(z, 'api', { selector: { app: 'api' }, serviceAccount: 'api', ports: [Port.tcp(8080)] });
  api.allowFrom(web, { ports: [Port.tcp(8080)], http });
  return { t, web, api };
}

const rulesOf = (m: HttpMatch): readonly IrHttpRule[] => m._rules;
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message.slice(0, 5);
  }
  throw new Error('expected a throw');
};

describe('HTTP match forms (values)', () => {
  test('can build header presence, exact, prefix and regex conditions, names lower-cased and sorted', () => {
    const m = HttpMatch.get('/x', {
      headers: { 'X-Version': 'v1' },
      headerMatches: [
        HeaderMatch.regex('X-Tenant', 'team-[a-z]+'),
        HeaderMatch.prefix('User-Agent', 'curl/'),
        HeaderMatch.present('Authorization'),
      ],
    });
    expect(rulesOf(m)).toEqual([
      {
        method: 'GET',
        path: { kind: 'exact', value: '/x' },
        headers: [
          { name: 'authorization' },
          { name: 'user-agent', value: 'curl/', kind: 'prefix' },
          { name: 'x-tenant', value: 'team-[a-z]+', kind: 'regex' },
          { name: 'x-version', value: 'v1' },
        ],
      },
    ]);
    expect(m.toString()).toBe('GET /x [authorization] [user-agent^=curl/] [x-tenant~team-[a-z]+] [x-version=v1]');
    expect(HeaderMatch.exact('A', 'b').toString()).toBe('a=b');
  });

  test('can take several methods as a list: one rule per method', () => {
    const m = HttpMatch.methods(['get', 'POST'], '/orders/*');
    expect(rulesOf(m).map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(rulesOf(m).every((r) => r.path?.kind === 'prefix' && r.path.value === '/orders/')).toBe(true);
    expect(m.toString()).toBe('GET|POST /orders/*');
  });

  test('can exclude paths and methods from a match', () => {
    const m = HttpMatch.anyMethod('/api/*', {
      notPaths: [PathMatch.prefix('/api/admin'), PathMatch.exact('/api/debug')],
      notMethods: ['delete'],
    });
    expect(rulesOf(m)[0]).toEqual({
      path: { kind: 'prefix', value: '/api/' },
      headers: [],
      notPaths: [
        { kind: 'prefix', value: '/api/admin' },
        { kind: 'exact', value: '/api/debug' },
      ],
      notMethods: ['DELETE'],
    });
    expect(m.toString()).toBe('ANY /api/* !/api/admin* !/api/debug !DELETE');
  });

  test('keeps the IR of the existing forms unchanged (no new keys)', () => {
    expect(rulesOf(HttpMatch.get('/x', { headers: { a: '' } }))).toEqual([
      { method: 'GET', path: { kind: 'exact', value: '/x' }, headers: [{ name: 'a' }] },
    ]);
  });

  test('cannot build a malformed match: one code per problem', () => {
    expect(code(() => HeaderMatch.prefix('x', ''))).toBe('ZT150');
    expect(code(() => HttpMatch.get('/x', { headers: { a: '1' }, headerMatches: [HeaderMatch.present('A')] }))).toBe(
      'ZT150',
    );
    expect(code(() => HeaderMatch.regex('x', '(?=a)'))).toBe('ZT110');
    expect(code(() => HeaderMatch.present(':authority'))).toBe('ZT111');
    expect(code(() => HeaderMatch.exact('x', 'a\nb'))).toBe('ZT111');
    expect(code(() => HttpMatch.anyMethod('/api/*', { notPaths: [PathMatch.prefix('/')] }))).toBe('ZT151');
    expect(code(() => HttpMatch.get('/a', { notPaths: [PathMatch.exact('/a')] }))).toBe('ZT151');
    expect(
      code(() =>
        HttpMatch.anyMethod(undefined, {
          notMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'],
        }),
      ),
    ).toBe('ZT151');
    expect(code(() => HttpMatch.methods(['GET', 'get']))).toBe('ZT152');
    expect(code(() => HttpMatch.get('/x', { notMethods: ['POST'] }))).toBe('ZT152');
    expect(code(() => HttpMatch.anyMethod('/x', { notMethods: ['POST', 'post'] }))).toBe('ZT152');
    expect(code(() => HttpMatch.methods([]))).toBe('ZT140');
    expect(code(() => HttpMatch.get('/x', { notPaths: [] }))).toBe('ZT140');
    expect(code(() => HttpMatch.get('/x', { notPaths: ['/admin'] as unknown as PathMatch[] }))).toBe('ZT141');
    expect(code(() => HttpMatch.get('/x', { headerMatches: [{}] } as unknown as HttpMatchOptions))).toBe('ZT141');
  });

  test('can match hosts: exact names, optionally with a port, lower-cased and sorted', () => {
    const m = HttpMatch.get('/x', { hosts: ['WWW.example.com', 'api.example.com:8080'] });
    expect(rulesOf(m)[0].hosts).toEqual(['api.example.com:8080', 'www.example.com']);
    expect(m.toString()).toBe('GET /x @api.example.com:8080,www.example.com');
    expect(code(() => HttpMatch.get('/x', { hosts: ['*.example.com'] }))).toBe('ZT153');
    expect(code(() => HttpMatch.get('/x', { hosts: ['api.example.com:0'] }))).toBe('ZT153');
    expect(code(() => HttpMatch.get('/x', { hosts: ['https://api.example.com'] }))).toBe('ZT153');
    expect(code(() => HttpMatch.get('/x', { hosts: ['a.example.com', 'A.example.com'] }))).toBe('ZT153');
    expect(code(() => HttpMatch.get('/x', { hosts: [] }))).toBe('ZT140');
  });

  test('can suggest a method list for GET|POST (ZT111)', () => {
    expect(() => HttpMatch.method('GET|POST', '/x')).toThrow(
      /ZT111: HTTP method 'GET\|POST' names several methods. Use HttpMatch.methods\(\['GET', 'POST'\]\)/,
    );
  });
});

describe('the intent oracle on the new forms', () => {
  const rule = (m: HttpMatch) => rulesOf(m)[0];
  test('can match header prefix and regex on the whole value, presence on any value', () => {
    const r = rule(
      HttpMatch.anyMethod(undefined, {
        headerMatches: [HeaderMatch.prefix('ua', 'curl/'), HeaderMatch.regex('t', 'a|b')],
      }),
    );
    expect(httpRuleMatches(r, { method: 'GET', path: '/', headers: { UA: 'curl/8', T: 'a' } })).toBe(true);
    expect(httpRuleMatches(r, { method: 'GET', path: '/', headers: { ua: 'wget', t: 'a' } })).toBe(false);
    expect(httpRuleMatches(r, { method: 'GET', path: '/', headers: { ua: 'curl/8', t: 'ab' } })).toBe(false);
    expect(httpRuleMatches(r, { method: 'GET', path: '/', headers: { ua: 'curl/8' } })).toBe(false);
  });

  test('can match hosts case-insensitively, port included, and no host matches none', () => {
    const r = rule(HttpMatch.get('/x', { hosts: ['api.example.com'] }));
    expect(httpRuleMatches(r, { method: 'GET', path: '/x', host: 'API.example.com' })).toBe(true);
    expect(httpRuleMatches(r, { method: 'GET', path: '/x', host: 'api.example.com:8080' })).toBe(false);
    expect(httpRuleMatches(r, { method: 'GET', path: '/x' })).toBe(false);
  });

  test('can exclude paths and methods', () => {
    const r = rule(HttpMatch.anyMethod(undefined, { notPaths: [PathMatch.prefix('/admin')], notMethods: ['DELETE'] }));
    expect(httpRuleMatches(r, { method: 'GET', path: '/x' })).toBe(true);
    expect(httpRuleMatches(r, { method: 'GET', path: '/admin/users' })).toBe(false);
    expect(httpRuleMatches(r, { method: 'delete', path: '/x' })).toBe(false);
  });
});

describe('each target renders or refuses each form, and the verify engine agrees', () => {
  const UA = { 'user-agent': 'curl/8.1' };

  test('Cilium: a method list as one http entry per method, presence and exact headers (snapshot)', () => {
    const build = (app: App) =>
      shop(
        app,
        [Profile.cilium()],
        [
          HttpMatch.methods(['GET', 'POST'], '/orders/*', {
            headerMatches: [HeaderMatch.present('authorization'), HeaderMatch.exact('x-version', 'v2')],
          }),
        ],
      );
    const docs = synthDocs(build)['shop-cilium.k8s.yaml'];
    const cnp = find(docs, 'CiliumNetworkPolicy', 'api-ingress');
    expect(cnp.spec.ingress[0].toPorts[0].rules).toMatchSnapshot();
    const app = new App();
    const { t, web, api } = build(app);
    const cilium = Expectations.of(t, 'cilium');
    const headers = { authorization: 'Bearer x', 'x-version': 'v2' };
    expect(cilium.allows(web, api, Port.tcp(8080), { method: 'POST', path: '/orders/1', headers })).toBe(true);
    expect(cilium.allows(web, api, Port.tcp(8080), { method: 'GET', path: '/orders/1', headers })).toBe(true);
    expect(cilium.denies(web, api, Port.tcp(8080), { method: 'DELETE', path: '/orders/1', headers })).toBe(true);
    expect(cilium.denies(web, api, Port.tcp(8080), { method: 'GET', path: '/orders/1' })).toBe(true);
  });

  test.each([
    ['a header prefix', { headerMatches: [HeaderMatch.prefix('user-agent', 'curl/')] }, /by prefix 'curl\/'/],
    ['a header regex', { headerMatches: [HeaderMatch.regex('x-tenant', 'team-.*')] }, /by regular expression/],
    ['notPaths', { notPaths: [PathMatch.prefix('/admin')] }, /excludes paths \(notPaths\)/],
    ['notMethods', { notMethods: ['DELETE'] }, /excludes methods \(notMethods\)/],
  ])('Cilium: cannot express %s, refused with ZT310', (_name, options, why) => {
    const msg = synthError((app) => shop(app, [Profile.cilium()], [HttpMatch.anyMethod('/', options)]));
    expect(msg).toMatch(/ZT310: /);
    expect(msg).toMatch(why);
  });

  test('Istio: notPaths, notMethods, a header prefix and a method list (snapshot), judged by the verify engine', () => {
    const build = (app: App) =>
      shop(
        app,
        [Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] })],
        [
          HttpMatch.anyMethod(undefined, { notPaths: [PathMatch.prefix('/admin')], notMethods: ['DELETE'] }),
          HttpMatch.get('/tools/*', { headerMatches: [HeaderMatch.prefix('user-agent', 'curl/')] }),
          HttpMatch.methods(['PUT', 'PATCH'], '/admin/settings'),
        ],
      );
    const docs = synthDocs(build)['shop-istio.k8s.yaml'];
    const policy = docs.find((d) => d.kind === 'AuthorizationPolicy' && JSON.stringify(d.spec).includes('notPaths'))!;
    expect(policy.spec.rules).toMatchSnapshot();
    const app = new App();
    const { t, web, api } = build(app);
    const istio = Expectations.of(t, 'istio');
    const req = (method: string, path: string, headers = {}) => ({ method, path, headers });
    expect(istio.allows(web, api, Port.tcp(8080), req('POST', '/orders'))).toBe(true);
    expect(istio.denies(web, api, Port.tcp(8080), req('GET', '/admin/users'))).toBe(true);
    expect(istio.denies(web, api, Port.tcp(8080), req('DELETE', '/orders'))).toBe(true);
    expect(istio.allows(web, api, Port.tcp(8080), req('PATCH', '/admin/settings'))).toBe(true);
    expect(istio.denies(web, api, Port.tcp(8080), req('POST', '/admin/settings'))).toBe(true);
    expect(istio.allows(web, api, Port.tcp(8080), req('GET', '/admin/x', UA))).toBe(false);
    expect(istio.allows(web, api, Port.tcp(8080), req('GET', '/tools/x', UA))).toBe(true);
  });

  test('Istio: cannot match a header by regex, refused with ZT328', () => {
    const msg = synthError((app) =>
      shop(
        app,
        [Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] })],
        [HttpMatch.get('/x', { headerMatches: [HeaderMatch.regex('x-tenant', 'team-.*')] })],
      ),
    );
    expect(msg).toMatch(/ZT328: .*header 'x-tenant' by the regular expression 'team-\.\*'/);
  });

  test('Istio: cannot exclude a regex path (ZT312)', () => {
    const msg = synthError((app) =>
      shop(
        app,
        [Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] })],
        [HttpMatch.anyMethod(undefined, { notPaths: [PathMatch.regex('/v[0-9]+/admin')] })],
      ),
    );
    expect(msg).toMatch(/ZT312: .*excludes the path by the regular expression/);
  });

  test('Linkerd: header prefix and regex as anchored RegularExpression, a method list as matches (snapshot)', () => {
    const build = (app: App) =>
      shop(
        app,
        [Profile.linkerd(LINKERD_ONLY)],
        [
          HttpMatch.methods(['GET', 'HEAD'], '/files/*', {
            headerMatches: [HeaderMatch.prefix('user-agent', 'curl/'), HeaderMatch.regex('x-tenant', 'team-[a-z]+')],
          }),
        ],
      );
    const docs = synthDocs(build)['shop-linkerd.k8s.yaml'];
    const routes = docs.filter((d) => d.kind === 'HTTPRoute').map((d) => d.spec.rules);
    expect(routes).toMatchSnapshot();
    const app = new App();
    const { t, web, api } = build(app);
    const linkerd = Expectations.of(t, 'linkerd');
    const ok = { 'user-agent': 'curl/8', 'x-tenant': 'team-a' };
    expect(linkerd.allows(web, api, Port.tcp(8080), { method: 'HEAD', path: '/files/a', headers: ok })).toBe(true);
    expect(linkerd.denies(web, api, Port.tcp(8080), { method: 'POST', path: '/files/a', headers: ok })).toBe(true);
    expect(
      linkerd.denies(web, api, Port.tcp(8080), {
        method: 'GET',
        path: '/files/a',
        headers: { ...ok, 'x-tenant': 'team-a1' },
      }),
    ).toBe(true);
    expect(
      linkerd.denies(web, api, Port.tcp(8080), {
        method: 'GET',
        path: '/files/a',
        headers: { ...ok, 'user-agent': 'x-curl/8' },
      }),
    ).toBe(true);
  });

  test('Linkerd: cannot exclude paths or methods, refused with ZT350', () => {
    const msg = synthError((app) =>
      shop(
        app,
        [Profile.linkerd(LINKERD_ONLY)],
        [HttpMatch.anyMethod(undefined, { notPaths: [PathMatch.prefix('/admin')], notMethods: ['DELETE'] })],
      ),
    );
    expect(msg).toMatch(/ZT350: .*excludes paths \(notPaths\) and methods \(notMethods\)/);
  });

  test('Cilium with Istio: the mesh enforces notPaths between meshed pods, so the CNI stays at L4', () => {
    const build = (app: App) =>
      shop(app, [Profile.ciliumIstio()], [HttpMatch.anyMethod(undefined, { notPaths: [PathMatch.prefix('/admin')] })]);
    const app = new App();
    const { t, web, api } = build(app);
    const both = Expectations.of(t, 'cilium-istio');
    expect(both.allows(web, api, Port.tcp(8080), { method: 'GET', path: '/x' })).toBe(true);
    expect(both.denies(web, api, Port.tcp(8080), { method: 'GET', path: '/admin' })).toBe(true);
  });

  test('the README example: each line holds on Istio, judged by the verify engine', () => {
    const app = new App();
    const { t, web, api } = shop(
      app,
      [Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] })],
      [
        HttpMatch.methods(['GET', 'POST'], '/api/orders/*'),
        HttpMatch.get('/api/*', {
          headerMatches: [HeaderMatch.present('authorization'), HeaderMatch.prefix('user-agent', 'curl/')],
        }),
        HttpMatch.anyMethod(undefined, { notPaths: [PathMatch.prefix('/admin')], notMethods: ['DELETE'] }),
        HttpMatch.grpc('shop.v1.Cart'),
        HttpMatch.get('/status', { hosts: ['api.example.com', 'api.example.com:8080'] }),
      ],
    );
    const istio = Expectations.of(t, 'istio');
    const p = Port.tcp(8080);
    expect(istio.allows(web, api, p, { method: 'POST', path: '/api/orders/7' })).toBe(true);
    expect(istio.allows(web, api, p, { method: 'PUT', path: '/api/x' })).toBe(true);
    expect(istio.denies(web, api, p, { method: 'GET', path: '/admin/users' })).toBe(true);
    expect(istio.denies(web, api, p, { method: 'DELETE', path: '/api/x' })).toBe(true);
    expect(istio.allows(web, api, p, { method: 'DELETE', path: '/api/orders/7' })).toBe(false);
    expect(istio.allows(web, api, p, { method: 'POST', path: '/shop.v1.Cart/AddItem' })).toBe(true);
    expect(istio.allows(web, api, p, { method: 'GET', path: '/status', host: 'api.example.com:8080' })).toBe(true);
  });

  test.each([
    ['cilium', [Profile.cilium()]],
    ['istio', [Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] })]],
  ])('%s: can match hosts (Cilium `host` regex, Istio `hosts`), judged by the verify engine', (name, profiles) => {
    const build = (app: App) =>
      shop(app, profiles, [HttpMatch.get('/x', { hosts: ['api.example.com', 'api.example.com:8080'] })]);
    const docs = synthDocs(build)[`shop-${name}.k8s.yaml`];
    const text = JSON.stringify(docs);
    if (name === 'cilium')
      expect(text).toContain('"host":"(?i)(?:api\\\\.example\\\\.com|api\\\\.example\\\\.com:8080)"');
    else expect(text).toContain('"hosts":["api.example.com","api.example.com:8080"]');
    const app = new App();
    const { t, web, api } = build(app);
    const e = Expectations.of(t, name);
    const p = Port.tcp(8080);
    expect(e.allows(web, api, p, { method: 'GET', path: '/x', host: 'API.example.com' })).toBe(true);
    expect(e.allows(web, api, p, { method: 'GET', path: '/x', host: 'api.example.com:8080' })).toBe(true);
    expect(e.denies(web, api, p, { method: 'GET', path: '/x', host: 'api.example.com:9090' })).toBe(true);
    expect(e.denies(web, api, p, { method: 'GET', path: '/x', host: 'apixexample.com' })).toBe(true);
    expect(e.denies(web, api, p, { method: 'GET', path: '/x' })).toBe(true);
  });

  test('Linkerd: cannot match hosts per match, refused with ZT351', () => {
    const msg = synthError((app) =>
      shop(app, [Profile.linkerd(LINKERD_ONLY)], [HttpMatch.get('/x', { hosts: ['api.example.com'] })]),
    );
    expect(msg).toMatch(/ZT351: .*matches the hosts api\.example\.com/);
  });
});
