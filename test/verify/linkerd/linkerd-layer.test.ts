import * as fs from 'fs';
import * as path from 'path';
import { allPairs } from '../../../src/verify/all-pairs';
import { ClusterInfo, HttpRequest, LabelMap, PodInfo } from '../../../src/verify/cluster';
import { Verifier } from '../../../src/verify/evaluate';
import { groupIdentities } from '../../../src/verify/identity';
import { profileOf } from '../../../src/verify/layers';
import { clusterFromObjects, parseManifests, policiesFromObjects } from '../../../src/verify/load';
import { PolicySet } from '../../../src/verify/policy-set';
import { LinkerdLayer, linkerdMeshed, LinkerdVerifyOptions } from '../../../src/verify/linkerd';
import { check, explain, pod, policies } from '../builders';

const FIXTURES = path.join(__dirname, '../../fixtures/linkerd');

const withAnnotations = (p: PodInfo, annotations: LabelMap): PodInfo => ({ ...p, annotations });
/** A cluster whose namespaces carry annotations. */
function clusterWith(pods: PodInfo[], nsAnnotations: { [ns: string]: LabelMap } = {}): ClusterInfo {
  const names = [...new Set([...pods.map((p) => p.namespace), ...Object.keys(nsAnnotations)])].sort();
  return {
    namespaces: names.map((name) => ({
      name,
      labels: { 'kubernetes.io/metadata.name': name },
      ...(nsAnnotations[name] ? { annotations: nsAnnotations[name] } : {}),
    })),
    pods,
    services: [],
  };
}
const get = (p: string): HttpRequest => ({ method: 'GET', path: p });

// The Books demo as the per-route task installs it: `linkerd inject` meshes every workload of booksapp
// (https://linkerd.io/2-edge/tasks/configuring-per-route-policy/).
const injected = { 'linkerd.io/inject': 'enabled' };
const authors = pod(
  'booksapp',
  'authors',
  { app: 'authors', project: 'booksapp' },
  { ports: ['service:7001/TCP', 'admin:9990/TCP'], serviceAccount: 'authors', ip: '10.244.0.10' },
);
const books = pod(
  'booksapp',
  'books',
  { app: 'books', project: 'booksapp' },
  { serviceAccount: 'books', ip: '10.244.0.11' },
);
const webapp = pod(
  'booksapp',
  'webapp',
  { app: 'webapp', project: 'booksapp' },
  { serviceAccount: 'webapp', ip: '10.244.0.12' },
);
const legacy = withAnnotations(
  pod('booksapp', 'legacy', { app: 'legacy' }, { serviceAccount: 'legacy', ip: '10.244.0.13' }),
  { 'linkerd.io/inject': 'disabled' },
);
const booksCluster = clusterWith([authors, books, webapp, legacy], { booksapp: injected });
const booksPolicies = PolicySet.of(
  parseManifests(fs.readFileSync(path.join(FIXTURES, 'booksapp-per-route.yaml'), 'utf8')),
);
const books$ = (
  from: PodInfo | string,
  request?: HttpRequest,
  port = '7001/TCP',
  options?: LinkerdVerifyOptions,
): boolean => check(booksPolicies, booksCluster, 'linkerd', from, authors, port, request, options).allowed;

describe('Linkerd layer: the per-route authorization task', () => {
  // "The route we created to authorize GET requests does not match PUT or DELETE requests, so the
  // authors proxy rejects those requests with a 404 error." Then authors-modify-route, authorized for
  // the webapp identity only; authors-get-route for books and webapp; authors-probe-route for any network.
  test('can admit books and webapp on the GET route, webapp only on the modify route', () => {
    expect(books$(books, get('/authors/1.json'))).toBe(true);
    expect(books$(webapp, get('/authors.json'))).toBe(true);
    expect(books$(webapp, { method: 'DELETE', path: '/authors/1' })).toBe(true);
    expect(books$(webapp, { method: 'POST', path: '/authors.json' })).toBe(true);
    expect(books$(books, { method: 'DELETE', path: '/authors/1' })).toBe(false);
    expect(
      explain(
        check(booksPolicies, booksCluster, 'linkerd', books, authors, '7001/TCP', {
          method: 'DELETE',
          path: '/authors/1',
        }),
      ),
    ).toContain('identity books.booksapp.serviceaccount.identity.linkerd.cluster.local is not among webapp.booksapp');
  });

  test('cannot pass a request that matches no route: 404', () => {
    const v = check(booksPolicies, booksCluster, 'linkerd', webapp, authors, '7001/TCP', {
      method: 'PATCH',
      path: '/authors/1',
    });
    expect(v.allowed).toBe(false);
    expect(explain(v)).toContain('matches no HTTPRoute of the Server');
    expect(explain(v)).toContain('404');
    // PathPrefix matches whole segments: /authorsX is not under /authors/.
    expect(books$(webapp, get('/authorsX/1'))).toBe(false);
  });

  // NetworkAuthentication authors-probe-authn (0.0.0.0/0, ::/0) "to authenticate only probes coming
  // from the local network": the /ping route admits any address, meshed or not.
  test('can admit any network on the probe route, unauthenticated clients included', () => {
    expect(books$('ip:10.244.0.1', get('/ping'))).toBe(true);
    expect(books$(legacy, get('/ping'))).toBe(true);
    expect(books$(legacy, get('/authors.json'))).toBe(false);
    expect(
      explain(check(booksPolicies, booksCluster, 'linkerd', legacy, authors, '7001/TCP', get('/authors.json'))),
    ).toContain('is not meshed');
  });

  test('can pass a client without a request when some route authorizes it', () => {
    expect(books$(books)).toBe(true);
    expect(books$(legacy)).toBe(true); // the probe route admits it
  });

  // Server `port: service` is the container port named service; other ports keep the default policy
  // (all-unauthenticated unless configured).
  test('can apply the default inbound policy to ports the Server does not cover', () => {
    expect(books$(legacy, get('/admin'), '9990/TCP')).toBe(true);
    expect(books$(legacy, get('/admin'), '9990/TCP', { linkerdDefaultInboundPolicy: 'all-authenticated' })).toBe(false);
    expect(books$(books, get('/admin'), '9990/TCP', { linkerdDefaultInboundPolicy: 'all-authenticated' })).toBe(true);
  });
});

const meshedNs = { 'linkerd.io/inject': 'enabled' };
const api = pod('shop', 'api', { app: 'api' }, { ports: ['http:8080/TCP'], serviceAccount: 'api', ip: '10.1.0.1' });
const web = pod('shop', 'web', { app: 'web' }, { serviceAccount: 'web', ip: '10.1.0.2' });
const batch = pod('jobs', 'batch', { app: 'batch' }, { serviceAccount: 'batch', ip: '10.2.0.1' });
const plain = pod('plain', 'client', { app: 'client' }, { serviceAccount: 'client', ip: '10.3.0.1' });
const shop = clusterWith([api, web, batch, plain], { shop: meshedNs, jobs: meshedNs });
const server = (extra = ''): string => `---
apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata: { name: api-http, namespace: shop, labels: { tier: api } }
spec:
  podSelector: { matchLabels: { app: api } }
  port: 8080
  proxyProtocol: HTTP/1
${extra}`;
const authz = (name: string, target: string, refs: string): string => `---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: shop }
spec:
  targetRef: ${target}
  requiredAuthenticationRefs: ${refs}
`;
const meshTls = (name: string, spec: string): string => `---
apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata: { name: ${name}, namespace: shop }
spec: ${spec}
`;
const toApi = (
  set: PolicySet,
  from: PodInfo | string,
  request?: HttpRequest,
  options?: LinkerdVerifyOptions,
  c: ClusterInfo = shop,
): boolean => check(set, c, 'linkerd', from, api, '8080/TCP', request, options).allowed;

describe('Linkerd layer: Servers and authorizations', () => {
  // https://linkerd.io/2.11/reference/authorization-policy/: "Once a Server is configured for a pod &
  // port, its default behavior is to deny traffic".
  test('cannot admit any client on a Server without authorizations', () => {
    const set = policies(server());
    expect(toApi(set, web)).toBe(false);
    expect(toApi(set, plain)).toBe(false);
    expect(explain(check(set, shop, 'linkerd', web, api, '8080/TCP'))).toContain(
      'no AuthorizationPolicy or ServerAuthorization targets it',
    );
  });

  // Server `accessPolicy` (v1beta3): the default for the Server's port when no authorization admits the client.
  test('can replace the deny default with the Server accessPolicy', () => {
    expect(toApi(policies(server('  accessPolicy: all-authenticated')), web)).toBe(true);
    expect(toApi(policies(server('  accessPolicy: all-authenticated')), plain)).toBe(false);
  });

  test('can select the container port of a Server port given by name', () => {
    const set = policies(server().replace('port: 8080', 'port: http'));
    expect(toApi(set, web)).toBe(false);
    expect(check(set, shop, 'linkerd', web, api, '9090/TCP').allowed).toBe(true);
  });

  // https://linkerd.io/2/reference/authorization-policy/#meshtlsauthentication: identities, or identityRefs
  // to ServiceAccounts / Namespaces; "*" authenticates every meshed client.
  test('can authenticate with MeshTLSAuthentication identities, identityRefs and *', () => {
    const ref = '[ { group: policy.linkerd.io, kind: MeshTLSAuthentication, name: clients } ]';
    const target = '{ group: policy.linkerd.io, kind: Server, name: api-http }';
    const by = (spec: string): PolicySet => policies(server() + authz('a', target, ref) + meshTls('clients', spec));
    expect(toApi(by('{ identities: [ web.shop.serviceaccount.identity.linkerd.cluster.local ] }'), web)).toBe(true);
    expect(toApi(by('{ identities: [ web.shop.serviceaccount.identity.linkerd.cluster.local ] }'), batch)).toBe(false);
    expect(toApi(by('{ identityRefs: [ { kind: ServiceAccount, name: batch, namespace: jobs } ] }'), batch)).toBe(true);
    expect(toApi(by('{ identityRefs: [ { kind: ServiceAccount, name: batch } ] }'), batch)).toBe(false); // namespace defaults to shop
    expect(toApi(by('{ identityRefs: [ { kind: Namespace, name: jobs } ] }'), batch)).toBe(true);
    expect(toApi(by('{ identityRefs: [ { kind: Namespace, name: jobs } ] }'), web)).toBe(false);
    expect(toApi(by('{ identities: [ "*" ] }'), batch)).toBe(true);
    expect(toApi(by('{ identities: [ "*" ] }'), plain)).toBe(false); // unmeshed: no identity
  });

  // Identities are <sa>.<ns>.serviceaccount.identity.linkerd.<trust domain>
  // (https://linkerd.io/2/features/automatic-mtls/); the trust domain is configurable.
  test('can read the trust domain as part of the identity', () => {
    const set = policies(
      server() +
        authz('a', '{ kind: Server, name: api-http }', '[ { kind: MeshTLSAuthentication, name: c } ]') +
        meshTls('c', '{ identities: [ web.shop.serviceaccount.identity.linkerd.example.org ] }'),
    );
    expect(toApi(set, web)).toBe(false);
    expect(toApi(set, web, undefined, { linkerdTrustDomain: 'example.org' })).toBe(true);
  });

  // NetworkAuthentication: networks with cidr / except; every requiredAuthenticationRef must pass.
  test('can authenticate with NetworkAuthentication networks and except, refs combined with AND', () => {
    const net = `---
apiVersion: policy.linkerd.io/v1alpha1
kind: NetworkAuthentication
metadata: { name: pods, namespace: shop }
spec:
  networks:
  - cidr: 10.0.0.0/8
    except: [ 10.3.0.0/16 ]
`;
    const onlyNet = policies(
      server() +
        net +
        authz('a', '{ kind: Server, name: api-http }', '[ { kind: NetworkAuthentication, name: pods } ]'),
    );
    expect(toApi(onlyNet, web)).toBe(true);
    expect(toApi(onlyNet, plain)).toBe(false); // 10.3.0.1 is excepted
    expect(toApi(onlyNet, 'ip:203.0.113.9')).toBe(false);
    const both = policies(
      server() +
        net +
        meshTls('any', '{ identities: [ "*" ] }') +
        authz(
          'a',
          '{ kind: Server, name: api-http }',
          '[ { kind: NetworkAuthentication, name: pods }, { kind: MeshTLSAuthentication, name: any } ]',
        ),
    );
    const inside = pod('plain', 'inside', { app: 'inside' }, { ip: '10.4.0.1' }); // unmeshed, in the network
    expect(toApi(onlyNet, inside)).toBe(true);
    expect(toApi(both, web)).toBe(true);
    expect(toApi(both, inside)).toBe(false);
  });

  test('can require a ServiceAccount directly, or target the whole namespace', () => {
    const sa = policies(
      server() + authz('a', '{ kind: Server, name: api-http }', '[ { kind: ServiceAccount, name: web } ]'),
    );
    expect(toApi(sa, web)).toBe(true);
    expect(toApi(sa, batch)).toBe(false);
    const ns = policies(
      server() +
        authz('a', '{ kind: Namespace, name: shop }', '[ { kind: ServiceAccount, name: batch, namespace: jobs } ]'),
    );
    expect(toApi(ns, batch)).toBe(true);
    expect(toApi(ns, web)).toBe(false);
  });

  test('can admit every client with empty requiredAuthenticationRefs, and none with a missing authentication', () => {
    expect(toApi(policies(server() + authz('a', '{ kind: Server, name: api-http }', '[]')), plain)).toBe(true);
    const missing = policies(
      server() + authz('a', '{ kind: Server, name: api-http }', '[ { kind: MeshTLSAuthentication, name: nope } ]'),
    );
    expect(toApi(missing, web)).toBe(false);
    expect(explain(check(missing, shop, 'linkerd', web, api, '8080/TCP'))).toContain('does not exist');
  });

  // ServerAuthorization (legacy, https://linkerd.io/2.11/reference/authorization-policy/#serverauthorization):
  // server by name or selector; client.meshTLS.serviceAccounts / identities, client.unauthenticated, client.networks.
  test('can authorize with ServerAuthorization: meshTLS service accounts, unauthenticated clients, networks', () => {
    const sa = (server$: string, client: string): string => `---
apiVersion: policy.linkerd.io/v1beta1
kind: ServerAuthorization
metadata: { name: legacy, namespace: shop }
spec:
  server: ${server$}
  client: ${client}
`;
    const meshed = policies(server() + sa('{ name: api-http }', '{ meshTLS: { serviceAccounts: [ { name: web } ] } }'));
    expect(toApi(meshed, web)).toBe(true);
    expect(toApi(meshed, batch)).toBe(false);
    const bySelector = policies(
      server() + sa('{ selector: { matchLabels: { tier: api } } }', '{ meshTLS: { identities: [ "*" ] } }'),
    );
    expect(toApi(bySelector, batch)).toBe(true);
    expect(toApi(bySelector, plain)).toBe(false);
    const open = policies(
      server() + sa('{ name: api-http }', '{ unauthenticated: true, networks: [ { cidr: 10.3.0.0/16 } ] }'),
    );
    expect(toApi(open, plain)).toBe(true);
    expect(toApi(open, web)).toBe(false); // 10.1.0.2 is outside the networks
  });
});

describe('Linkerd layer: HTTPRoutes', () => {
  // Gateway API HTTPRoute with a Server parent (https://linkerd.io/2/reference/httproute/): path, method
  // and header matches restrict the Server's requests.
  const route = `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: api-route, namespace: shop }
spec:
  parentRefs: [ { group: policy.linkerd.io, kind: Server, name: api-http } ]
  rules:
  - matches:
    - path: { type: RegularExpression, value: "/v[0-9]+/items" }
      headers: [ { name: X-Tenant, value: blue } ]
    - path: { type: Exact, value: /healthz }
      method: GET
`;
  const set = policies(
    server() + route + authz('a', '{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: api-route }', '[]'),
  );
  test('can match path (regular expression, exact), method and headers', () => {
    expect(toApi(set, web, { method: 'POST', path: '/v2/items', headers: { 'x-tenant': 'blue' } })).toBe(true);
    expect(toApi(set, web, { method: 'POST', path: '/v2/items', headers: { 'x-tenant': 'red' } })).toBe(false);
    expect(toApi(set, web, { method: 'POST', path: '/v2/items' })).toBe(false);
    expect(toApi(set, web, get('/healthz'))).toBe(true);
    expect(toApi(set, web, { method: 'POST', path: '/healthz' })).toBe(false);
    expect(toApi(set, web, get('/healthz/x'))).toBe(false);
  });

  test('can cover the requests of its routes with an authorization on the Server', () => {
    const serverWide = policies(
      server() + route + authz('a', '{ kind: Server, name: api-http }', '[ { kind: ServiceAccount, name: web } ]'),
    );
    expect(toApi(serverWide, web, get('/healthz'))).toBe(true);
    expect(toApi(serverWide, batch, get('/healthz'))).toBe(false);
    expect(toApi(serverWide, web, get('/other'))).toBe(false); // no route: 404
  });

  test('cannot apply routes to an opaque Server', () => {
    const opaque = policies(
      server().replace('HTTP/1', 'opaque') + route + authz('a', '{ kind: Server, name: api-http }', '[]'),
    );
    expect(toApi(opaque, web, get('/other'))).toBe(true);
  });
});

describe('Linkerd layer: default inbound policies and injection', () => {
  // https://linkerd.io/2/reference/authorization-policy/#default-policies: all-unauthenticated (default),
  // all-authenticated, cluster-authenticated, cluster-unauthenticated, deny, audit; "This cluster-wide default
  // can be overridden ... by setting the annotation config.linkerd.io/default-inbound-policy on either a pod
  // spec or its namespace."
  test.each([
    ['all-unauthenticated', true, true, true],
    ['audit', true, true, true],
    ['cluster-unauthenticated', true, true, false],
    ['all-authenticated', true, false, false],
    ['cluster-authenticated', true, false, false],
    ['deny', false, false, false],
  ])(
    'can apply the default policy %s: meshed client %s, unmeshed pod %s, external address %s',
    (policy, meshed, unmeshed, external) => {
      const options = { linkerdDefaultInboundPolicy: policy };
      expect(toApi(PolicySet.empty(), web, undefined, options)).toBe(meshed);
      expect(toApi(PolicySet.empty(), plain, undefined, options)).toBe(unmeshed);
      expect(toApi(PolicySet.empty(), 'ip:203.0.113.7', undefined, options)).toBe(external);
    },
  );

  test('can let the pod annotation override the namespace annotation, which overrides the cluster default', () => {
    const nsDeny = clusterWith([api, web, plain], {
      shop: { ...meshedNs, 'config.linkerd.io/default-inbound-policy': 'deny' },
    });
    expect(toApi(PolicySet.empty(), web, undefined, {}, nsDeny)).toBe(false);
    const podOpen = {
      ...nsDeny,
      pods: [withAnnotations(api, { 'config.linkerd.io/default-inbound-policy': 'all-authenticated' }), web, plain],
    };
    expect(check(PolicySet.empty(), podOpen, 'linkerd', web, podOpen.pods[0], '8080/TCP').allowed).toBe(true);
    expect(check(PolicySet.empty(), podOpen, 'linkerd', plain, podOpen.pods[0], '8080/TCP').allowed).toBe(false);
    expect(() => new LinkerdLayer(PolicySet.empty(), { linkerdDefaultInboundPolicy: 'closed' })).toThrow(
      "linkerdDefaultInboundPolicy 'closed' is not one of",
    );
  });

  // https://linkerd.io/2/features/proxy-injection/: linkerd.io/inject: enabled on a namespace or a pod
  // template; a pod's `disabled` opts it out. "Linkerd can only enforce policy on meshed pods."
  test('cannot decide for an unmeshed destination; the pod injection annotation overrides the namespace', () => {
    const deny: LinkerdVerifyOptions = { linkerdDefaultInboundPolicy: 'deny' };
    expect(linkerdMeshed(api, shop)).toBe(true);
    expect(linkerdMeshed(plain, shop)).toBe(false);
    const optedOut = withAnnotations(api, { 'linkerd.io/inject': 'disabled' });
    expect(linkerdMeshed(optedOut, shop)).toBe(false);
    expect(check(PolicySet.empty(), shop, 'linkerd', web, plain, '80/TCP', undefined, deny).allowed).toBe(true);
    const optedIn = withAnnotations(plain, { 'linkerd.io/inject': 'enabled' });
    expect(linkerdMeshed(optedIn, shop)).toBe(true);
    expect(
      check(
        PolicySet.empty(),
        clusterWith([optedIn, web], { shop: meshedNs }),
        'linkerd',
        web,
        optedIn,
        '80/TCP',
        undefined,
        deny,
      ).allowed,
    ).toBe(false);
  });

  test('cannot restrict egress or non-TCP traffic', () => {
    const deny: LinkerdVerifyOptions = { linkerdDefaultInboundPolicy: 'deny' };
    expect(check(PolicySet.empty(), shop, 'linkerd', api, 'ip:93.184.216.34', '443/TCP', undefined, deny).allowed).toBe(
      true,
    );
    expect(check(PolicySet.empty(), shop, 'linkerd', web, api, '53/UDP', undefined, deny).allowed).toBe(true);
  });

  test('can read the annotations of Namespace and pod template manifests', () => {
    const objects = parseManifests(`---
apiVersion: v1
kind: Namespace
metadata: { name: shop, annotations: { linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: all-authenticated } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    metadata: { labels: { app: api }, annotations: { config.linkerd.io/default-inbound-policy: deny } }
    spec: { containers: [ { name: c, ports: [ { containerPort: 8080 } ] } ] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [ { name: c } ] }
`);
    const c = clusterFromObjects(objects);
    const [apiPod, webPod] = c.pods;
    expect(linkerdMeshed(apiPod, c)).toBe(true);
    expect(check(policiesFromObjects(objects), c, 'linkerd', webPod, apiPod, '8080/TCP').allowed).toBe(false);
    expect(check(policiesFromObjects(objects), c, 'linkerd', apiPod, webPod, '8080/TCP').allowed).toBe(true);
  });
});

describe('Linkerd profiles', () => {
  test('can combine with each CNI: calico-linkerd, cilium-linkerd, kubernetes-linkerd', () => {
    const knp = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all, namespace: shop }
spec: { podSelector: {} }
`;
    const set = policies(knp);
    for (const profile of ['calico-linkerd', 'cilium-linkerd', 'kubernetes-linkerd']) {
      expect(profileOf(profile).layers).toContain('linkerd');
      const v = check(set, shop, profile, web, api, '8080/TCP');
      expect(v.allowed).toBe(false);
      expect(v.layers.map((l) => [l.layer, l.allowed])).toEqual([
        [profileOf(profile).layers.find((l) => l !== 'linkerd'), false],
        ['linkerd', true],
      ]);
    }
    expect(
      check(PolicySet.empty(), shop, 'calico-linkerd', web, api, '8080/TCP', undefined, {
        linkerdDefaultInboundPolicy: 'deny',
      } as LinkerdVerifyOptions).allowed,
    ).toBe(false);
  });

  test('can give allPairs the answers of decide for the Linkerd layer (it has no bulk path)', () => {
    const set = booksPolicies;
    const c = clusterWith(
      [
        ...booksCluster.pods,
        withAnnotations(pod('booksapp', 'open', { app: 'open' }, { serviceAccount: 'open', ip: '10.244.0.20' }), {
          'config.linkerd.io/default-inbound-policy': 'deny',
        }),
      ],
      { booksapp: injected },
    );
    const options: LinkerdVerifyOptions = { linkerdDefaultInboundPolicy: 'all-authenticated' };
    const verifier = new Verifier(set, c, 'calico+linkerd', options);
    expect(verifier.layers.map((l) => l.name)).toEqual(['calico', 'linkerd']);
    expect(verifier.layers[1].bulk).toBeUndefined();
    const ports = [
      { port: 7001, protocol: 'TCP' as const },
      { port: 9990, protocol: 'TCP' as const },
    ];
    const matrix = allPairs(c, set, 'calico+linkerd', ports, options);
    const ids = groupIdentities(c.pods);
    let allowedPairs = 0;
    ports.forEach((p, i) => {
      for (const s of ids) {
        for (const d of ids) {
          const v = verifier.evaluate({
            source: { kind: 'pod', pod: s.representative },
            destination: { kind: 'pod', pod: d.representative },
            port: p.port,
            protocol: p.protocol,
          });
          expect(matrix.allowed(s.index, d.index, i)).toBe(v.allowed);
          if (v.allowed) allowedPairs++;
        }
      }
    });
    expect(allowedPairs).toBeGreaterThan(0);
    expect(allowedPairs).toBeLessThan(ports.length * ids.length * ids.length);
  });
});
