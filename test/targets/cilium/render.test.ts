import { ciliumTarget } from '../../../src/targets/cilium';
import {
  CiliumNetworkPolicyManifest,
  EgressRule,
  EndpointSelector,
  IngressRule,
  PortRule,
} from '../../../src/targets/cilium/cnp';
import { IrL7, IrLabels, IrTopology } from '../../../src/ir/types';
import {
  COMMON_LABELS,
  features,
  findPolicy,
  fqdn,
  http,
  httpL7,
  peer,
  port,
  rule,
  threeTier,
  toYaml,
  topology,
  workload,
  zone,
  zonesLab,
} from './ir-fixtures';

const CTX = { profile: 'cilium', profileTargets: ['cilium'] };

function render(ir: IrTopology): readonly CiliumNetworkPolicyManifest[] {
  return ciliumTarget.render(ir, CTX) as readonly CiliumNetworkPolicyManifest[];
}

const FIXTURES: { readonly [name: string]: () => IrTopology } = { threeTier, zonesLab, features };

/** Every (path, value) of a JSON value, depth first. */
function* walk(value: unknown, at = '$'): Generator<[string, unknown]> {
  yield [at, value];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* walk(v, `${at}[${i}]`);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) yield* walk(v, `${at}.${k}`);
  }
}

/** A two-workload topology in one zone with a single rule between them. */
function pair(ports = [port.tcp(8080)], l7?: IrL7): IrTopology {
  const ns = 'shop';
  return topology(
    [zone({ id: ns, namespace: ns })],
    [
      workload({ id: 'shop/api', zone: ns, namespace: ns, selector: { app: 'api' } }),
      workload({ id: 'shop/web', zone: ns, namespace: ns, selector: { app: 'web' } }),
    ],
    [rule('web->api', peer.workload('shop/web'), peer.workload('shop/api'), ports, l7)],
  );
}

function ingressOf(manifests: readonly CiliumNetworkPolicyManifest[], name: string): readonly IngressRule[] {
  return findPolicy(manifests, name).spec.ingress ?? [];
}

function egressOf(manifests: readonly CiliumNetworkPolicyManifest[], name: string): readonly EgressRule[] {
  return findPolicy(manifests, name).spec.egress ?? [];
}

/** True when every label the selector requires is among the pod's labels. */
function selects(selector: EndpointSelector, podLabels: IrLabels): boolean {
  return (
    Object.entries(selector.matchLabels ?? {}).every(([k, v]) => podLabels[k] === v) &&
    (selector.matchExpressions ?? []).length === 0
  );
}

describe('cilium target rendering', () => {
  test.each(Object.keys(FIXTURES))('can render the %s fixture (snapshot)', (name) => {
    expect(toYaml(render(FIXTURES[name]()))).toMatchSnapshot();
  });

  test("can render zones' default denies first, then each workload's ingress then egress, in IR order", () => {
    expect(render(features()).map((m) => m.metadata.name)).toEqual([
      'batch-default-deny',
      'edge-default-deny',
      'payments-default-deny',
      'worker-egress',
      'proxy-ingress',
      'api-ingress',
      'api-egress',
      'ledger-ingress',
    ]);
  });

  test("can put the common labels and the object's namespace on every object", () => {
    for (const make of Object.values(FIXTURES)) {
      for (const m of render(make())) {
        expect(m.apiVersion).toBe('cilium.io/v2');
        expect(m.kind).toBe('CiliumNetworkPolicy');
        expect(m.metadata.labels).toEqual(COMMON_LABELS);
        expect(m.metadata.namespace).toMatch(/^[a-z0-9-]+$/);
      }
    }
    const out = render(zonesLab());
    expect(findPolicy(out, 'backend-default-deny').metadata.namespace).toBe('backend');
    expect(findPolicy(out, 'frontend-egress').metadata.namespace).toBe('frontend');
    expect(findPolicy(out, 'database-ingress').metadata.namespace).toBe('database');
  });

  test('can put other common labels when the settings say so', () => {
    const ir = { ...threeTier(), settings: { targetVersions: { cilium: '1.19' }, commonLabels: { team: 'payments' } } };
    for (const m of render(ir)) expect(m.metadata.labels).toEqual({ team: 'payments' });
  });

  describe('default deny (B2.5, B2.6)', () => {
    test('can deny a direction with [{}] and never with an empty list', () => {
      const out = render(features());
      expect(findPolicy(out, 'edge-default-deny').spec).toEqual({ endpointSelector: {}, ingress: [{}] });
      expect(findPolicy(out, 'batch-default-deny').spec).toEqual({
        endpointSelector: { matchLabels: { tier: 'batch' } },
        egress: [{}],
      });
      for (const make of Object.values(FIXTURES)) {
        for (const m of render(make())) {
          for (const [at, value] of walk(m.spec)) {
            if (Array.isArray(value)) expect([at, value.length]).not.toEqual([at, 0]);
          }
        }
      }
    });

    test('can select every pod of a whole-namespace zone with an empty endpointSelector', () => {
      expect(findPolicy(render(threeTier()), 'production-default-deny').spec.endpointSelector).toEqual({});
    });

    test('cannot emit a policy for a zone that denies nothing, nor for a workload without rules', () => {
      const out = render(features());
      const names = out.map((m) => m.metadata.name);
      expect(names).not.toContain('proxy-egress'); // edge does not deny egress
      expect(names).not.toContain('ledger-egress'); // no outbound rule
      const open = topology([zone({ id: 'open', namespace: 'open', denyIngress: false, denyEgress: false })], [], []);
      expect(render(open)).toEqual([]);
    });
  });

  describe('DNS and FQDN (B2.1 - B2.4)', () => {
    test('can keep DNS through the DNS proxy in a zone that denies egress', () => {
      const egress = egressOf(render(threeTier()), 'production-default-deny');
      expect(egress).toEqual([
        {
          toEndpoints: [
            { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } },
          ],
          toPorts: [
            {
              ports: [
                { port: '53', protocol: 'UDP' },
                { port: '53', protocol: 'TCP' },
              ],
              rules: { dns: [{ matchPattern: '*' }] },
            },
          ],
        },
      ]);
    });

    test('can reach node-local DNS caches by host CIDR, through the same DNS proxy rule', () => {
      const egress = egressOf(render(features()), 'payments-default-deny');
      const dnsPorts: PortRule[] = [
        {
          ports: [
            { port: '53', protocol: 'UDP' },
            { port: '53', protocol: 'TCP' },
          ],
          rules: { dns: [{ matchPattern: '*' }] },
        },
      ];
      expect(egress).toContainEqual({ toCIDR: ['169.254.20.10/32'], toPorts: dnsPorts });
      expect(egress).toContainEqual({ toCIDR: ['fd00::a/128'], toPorts: dnsPorts });
    });

    test('can select every workload with toFQDNs rules by a policy that also carries the rules.dns egress rule', () => {
      let checked = 0;
      for (const make of Object.values(FIXTURES)) {
        const ir = make();
        const out = render(ir);
        for (const w of ir.workloads) {
          const hasFqdn = out.some(
            (m) =>
              m.metadata.namespace === w.namespace &&
              selects(m.spec.endpointSelector, w.selector) &&
              (m.spec.egress ?? []).some((r) => r.toFQDNs !== undefined),
          );
          if (!hasFqdn) continue;
          checked += 1;
          const proxied = out.filter(
            (m) =>
              m.metadata.namespace === w.namespace &&
              selects(m.spec.endpointSelector, w.selector) &&
              (m.spec.egress ?? []).some((r) =>
                (r.toPorts ?? []).some((p) => p.rules !== undefined && 'dns' in p.rules),
              ),
          );
          expect([w.id, proxied.length]).not.toEqual([w.id, 0]);
        }
      }
      expect(checked).toBe(3); // backend-api, backend, api
    });

    test('can write an exact name as matchName and a wildcard or subdomain pattern as matchPattern', () => {
      expect(egressOf(render(threeTier()), 'backend-api-egress')).toContainEqual({
        toFQDNs: [{ matchName: 'api.stripe.com' }],
        toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
      });
      expect(egressOf(render(zonesLab()), 'backend-egress')).toContainEqual({
        toFQDNs: [{ matchName: 'api.github.com' }, { matchName: 'httpbin.org' }, { matchPattern: '*.googleapis.com' }],
        toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
      });
      expect(egressOf(render(features()), 'api-egress')).toContainEqual({
        toFQDNs: [{ matchPattern: '**.example.com' }, { matchPattern: 'api-*.example.net' }],
        toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
      });
    });

    test('cannot combine toFQDNs with another destination field in one rule', () => {
      for (const make of Object.values(FIXTURES)) {
        for (const m of render(make())) {
          for (const r of m.spec.egress ?? []) {
            if (r.toFQDNs === undefined) continue;
            expect(Object.keys(r).filter((k) => k.startsWith('to') && k !== 'toPorts')).toEqual(['toFQDNs']);
          }
        }
      }
    });
  });

  describe('peers (B2.7, B2.8)', () => {
    test('can name the namespace of a workload peer, across namespaces and within one', () => {
      expect(ingressOf(render(zonesLab()), 'backend-ingress')[0].fromEndpoints).toEqual([
        { matchLabels: { app: 'frontend', 'k8s:io.kubernetes.pod.namespace': 'frontend', tier: 'web' } },
      ]);
      expect(egressOf(render(threeTier()), 'backend-api-egress')).toContainEqual({
        toEndpoints: [{ matchLabels: { app: 'redis', 'k8s:io.kubernetes.pod.namespace': 'production' } }],
        toPorts: [{ ports: [{ port: '6379', protocol: 'TCP' }] }],
      });
    });

    test('can select pods of a named namespace, or the whole namespace when no pod labels are given', () => {
      const ingress = ingressOf(render(features()), 'api-ingress');
      expect(ingress).toContainEqual({
        fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'monitoring' } }],
        toPorts: [{ ports: [{ port: '9090', protocol: 'TCP' }] }],
      });
      expect(ingressOf(render(threeTier()), 'backend-api-ingress').map((r) => r.fromEndpoints)).toContainEqual([
        { matchLabels: { app: 'prometheus', 'k8s:io.kubernetes.pod.namespace': 'monitoring' } },
      ]);
    });

    test('can select pods of every namespace with an Exists requirement on the namespace label', () => {
      expect(ingressOf(render(features()), 'api-ingress').map((r) => r.fromEndpoints)).toContainEqual([
        {
          matchLabels: { app: 'probe' },
          matchExpressions: [{ key: 'k8s:io.kubernetes.pod.namespace', operator: 'Exists' }],
        },
      ]);
    });

    test('can select namespaces by label in a CiliumClusterwideNetworkPolicy, never in a namespaced one', () => {
      const ir = pair();
      const byLabels = {
        ...ir,
        rules: [
          rule(
            'ops->api',
            { kind: 'pods', namespaceLabels: { team: 'ops' }, podLabels: { app: 'probe' } },
            peer.workload('shop/api'),
            [port.tcp(8080)],
          ),
        ],
      };
      const out = render(byLabels) as any[];
      expect(out.filter((m) => m.kind === 'CiliumNetworkPolicy' && m.metadata.name === 'api-ingress')).toEqual([]);
      expect(out.find((m) => m.kind === 'CiliumClusterwideNetworkPolicy').spec).toEqual({
        endpointSelector: { matchLabels: { app: 'api', 'k8s:io.kubernetes.pod.namespace': 'shop' } },
        ingress: [
          {
            fromEndpoints: [
              {
                matchLabels: { app: 'probe', 'k8s:io.cilium.k8s.namespace.labels.team': 'ops' },
                matchExpressions: [{ key: 'k8s:io.kubernetes.pod.namespace', operator: 'Exists' }],
              },
            ],
            toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
          },
        ],
        enableDefaultDeny: { ingress: false, egress: false },
      });
    });

    test('can render entities, and any-peers as the all entity in both directions', () => {
      const out = render(features());
      expect(ingressOf(out, 'proxy-ingress')).toEqual([
        { fromEntities: ['world'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] },
      ]);
      expect(ingressOf(out, 'api-ingress').map((r) => r.fromEntities)).toEqual(
        expect.arrayContaining([['all'], ['ingress']]),
      );
      expect(egressOf(out, 'api-egress').map((r) => r.toEntities)).toEqual(
        expect.arrayContaining([['all'], ['kube-apiserver']]),
      );
    });

    test('can render a CIDR set with its exceptions, and without an except field when there are none', () => {
      const egress = egressOf(render(threeTier()), 'backend-api-egress');
      expect(egress.map((r) => r.toCIDRSet)).toContainEqual([
        { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
      ]);
      expect(egress.map((r) => r.toCIDRSet)).toContainEqual([{ cidr: '10.100.0.0/16' }]);
    });

    test('throws when a DNS-name peer is a source', () => {
      const ir = pair();
      const bad = { ...ir, rules: [rule('x', peer.fqdn(fqdn.exact('a.example')), peer.workload('shop/api'), [])] };
      expect(() => render(bad)).toThrow('IR invariant broken');
    });
  });

  describe('ports (B2.13)', () => {
    test('can render a range with endPort, a named port, SCTP and a protocol-only port as port 0', () => {
      const out = render(features());
      const egress = egressOf(out, 'api-egress');
      expect(egress.map((r) => r.toPorts)).toContainEqual([
        { ports: [{ port: '7000', endPort: 7010, protocol: 'TCP' }] },
      ]);
      expect(egress.map((r) => r.toPorts)).toContainEqual([{ ports: [{ port: '2905', protocol: 'SCTP' }] }]);
      expect(
        egress.find((r) => r.toEndpoints?.[0].matchLabels?.app === 'ledger' && r.toPorts?.[0].ports[0].port === 'grpc'),
      ).toBeDefined();
      expect(egressOf(out, 'worker-egress')[0].toPorts).toEqual([
        {
          ports: [
            { port: '8080', protocol: 'TCP' },
            { port: '0', protocol: 'UDP' },
          ],
        },
      ]);
    });

    test('can allow every port by omitting toPorts', () => {
      expect(ingressOf(render(features()), 'api-ingress')).toContainEqual({
        fromEndpoints: [{ matchLabels: { app: 'proxy', 'k8s:io.kubernetes.pod.namespace': 'edge' } }],
      });
    });

    test('can put every port of one rule in one toPorts entry, split only past 40 ports', () => {
      const many = Array.from({ length: 41 }, (_, i) => port.tcp(1000 + i));
      const ingress = ingressOf(render(pair(many)), 'api-ingress');
      expect(ingress).toHaveLength(1);
      expect(ingress[0].toPorts?.map((p) => p.ports.length)).toEqual([40, 1]);
    });
  });

  describe('L7 (B2.9, B2.10, B2.14)', () => {
    test('can render HTTP rules with whole-path regexes: exact paths escaped, prefixes with .*', () => {
      expect(ingressOf(render(threeTier()), 'backend-api-ingress')[0].toPorts).toEqual([
        {
          ports: [{ port: '8080', protocol: 'TCP' }],
          rules: {
            http: [
              { method: 'GET', path: '/api/v1/products(\\?.*)?' },
              { method: 'POST', path: '/api/v1/orders(\\?.*)?' },
              { method: 'GET', path: '/healthz(\\?.*)?' },
            ],
          },
        },
      ]);
      const ingress = ingressOf(render(features()), 'api-ingress');
      expect(ingress.find((r) => r.fromEntities?.[0] === 'ingress')?.toPorts?.[0].rules).toEqual({
        http: [{ method: 'GET', path: '/api/v1\\.0/.*' }],
      });
    });

    test('can render gRPC methods as POST on /pkg.Service/Method and services by prefix', () => {
      const ingress = ingressOf(render(features()), 'ledger-ingress');
      expect(ingress.map((r) => r.toPorts?.[0].rules)).toContainEqual({
        http: [
          { method: 'POST', path: '/ledger\\.v1\\.Ledger/Append(\\?.*)?' },
          { method: 'POST', path: '/ledger\\.v1\\.Query/.*' },
        ],
      });
    });

    test('can require a header value with headerMatches and a header presence with headers', () => {
      expect(ingressOf(render(zonesLab()), 'http-api-ingress')[0].toPorts?.[0].rules).toEqual({
        http: [
          { method: 'GET', path: '/(\\?.*)?' },
          { method: 'GET', path: '/api/.*', headerMatches: [{ name: 'x-api-version', value: 'v1' }] },
        ],
      });
      const probe = ingressOf(render(features()), 'api-ingress').find(
        (r) => r.fromEndpoints?.[0].matchLabels?.app === 'probe',
      );
      expect(probe?.toPorts?.[0].rules).toEqual({
        http: [
          { method: 'GET', path: '/health(z|/ready)', headers: ['x-probe'] },
          { method: 'GET', path: '/status/.*' },
        ],
      });
    });

    test('cannot emit fields real Cilium lacks (action, policyEnforcement, policyAuditMode)', () => {
      for (const make of Object.values(FIXTURES)) {
        for (const m of render(make())) {
          for (const [at] of walk(m)) {
            expect(at).not.toMatch(/\.(action|policyEnforcement|policyAuditMode|enableDefaultDeny)$/);
          }
        }
      }
    });

    test('can render Kafka rules with role, topic and clientID', () => {
      const ingress = ingressOf(render(features()), 'ledger-ingress');
      expect(ingress.map((r) => r.toPorts?.[0].rules)).toEqual(
        expect.arrayContaining([
          { kafka: [{ role: 'produce', topic: 'payments', clientID: 'api' }] },
          { kafka: [{ role: 'consume', topic: 'payments' }] },
        ]),
      );
    });

    test("can enforce L7 on both ends: the destination's ingress and the source's egress", () => {
      const out = render(threeTier());
      expect(egressOf(out, 'frontend-egress')[0].toPorts).toEqual(ingressOf(out, 'backend-api-ingress')[0].toPorts);
    });

    test('cannot put an L4-only rule and an L7 rule on the same peer and port in one policy', () => {
      for (const make of Object.values(FIXTURES)) {
        for (const m of render(make())) {
          const seen = new Map<string, Set<boolean>>();
          for (const r of [...(m.spec.ingress ?? []), ...(m.spec.egress ?? [])]) {
            const { toPorts, ...peerFields } = r as IngressRule & EgressRule;
            const entries: readonly { ports: readonly { port: string; protocol: string }[]; rules?: unknown }[] =
              toPorts ?? [{ ports: [{ port: 'every', protocol: 'every' }] }];
            for (const pr of entries) {
              for (const p of pr.ports) {
                const key = JSON.stringify([peerFields, p.port, p.protocol]);
                seen.set(key, (seen.get(key) ?? new Set()).add(pr.rules !== undefined));
              }
            }
          }
          for (const [key, kinds] of seen)
            expect([m.metadata.name, key, kinds.size]).toEqual([m.metadata.name, key, 1]);
        }
      }
    });

    test('throws when L7 rules would apply to every port', () => {
      expect(() => render(pair([], httpL7(http.exact('GET', '/'))))).toThrow('only to specific ports');
      expect(() => render(pair([port.allTcp()], httpL7(http.exact('GET', '/'))))).toThrow('only to specific ports');
    });

    test('throws when L7 rules are on a port that is not TCP', () => {
      expect(() => render(pair([port.udp(53)], httpL7(http.exact('GET', '/'))))).toThrow('IR invariant broken');
    });

    test('throws when a header must be empty, which Cilium would read as presence only', () => {
      const l7 = httpL7({ method: 'GET', headers: [{ name: 'x-empty', value: '' }] });
      expect(() => render(pair([port.tcp(8080)], l7))).toThrow('x-empty');
    });
  });

  describe('determinism', () => {
    test('can render byte-identical YAML twice', () => {
      for (const make of Object.values(FIXTURES)) expect(toYaml(render(make()))).toBe(toYaml(render(make())));
    });

    test("can render the same YAML whatever the key order of the IR's label maps", () => {
      const reverse = (labels: IrLabels): IrLabels => Object.fromEntries(Object.entries(labels).reverse());
      const ir = zonesLab();
      const shuffled: IrTopology = {
        ...ir,
        workloads: ir.workloads.map((w) => ({ ...w, selector: reverse(w.selector) })),
        settings: { ...ir.settings, commonLabels: reverse(ir.settings.commonLabels) },
      };
      expect(toYaml(render(shuffled))).toBe(toYaml(render(ir)));
    });

    test('cannot alias one object twice in a document (no YAML anchors)', () => {
      for (const make of Object.values(FIXTURES)) expect(toYaml(render(make()))).not.toMatch(/&a\d+\b/);
    });

    test('cannot modify the IR it renders', () => {
      const ir = features();
      const before = JSON.stringify(ir);
      render(ir);
      expect(JSON.stringify(ir)).toBe(before);
    });
  });
});
