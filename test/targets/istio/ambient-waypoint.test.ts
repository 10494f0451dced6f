import { stringify } from 'yaml';
import { IrTopology } from '../../../src/ir/types';
import { checkIstio, renderIstio, WaypointGatewayManifest } from '../../../src/targets/istio';
import { ambientWaypoint, exact, fromWorkload, http, rule, tcp, workload, zone } from './ir-fixtures';
import { find, l7Attributes, names, policy, schemaProblems, selectorPolicies } from './queries';

const WAYPOINT_PRINCIPAL = 'cluster.local/ns/ns-test/sa/waypoint';

/**
 * The scenario plus the other shapes ambient mode must handle: an identity rule with headers, a
 * CIDR and an `any` source at L4, an `any` source with L7, a tier without Service behind the
 * waypoint's zone, and an ambient zone without waypoint.
 */
function ambientMix(): IrTopology {
  const base = ambientWaypoint();
  const plain = zone('plain', { namespaceLabels: { 'istio.io/dataplane-mode': 'ambient' } });
  const web = base.workloads.find((w) => w.name === 'web-test')!;
  const client = workload('ns-test', 'client');
  const worker = workload('ns-test', 'worker', { ports: [tcp(7000)] });
  const db = workload('plain', 'db', { ports: [tcp(5432)] });
  return {
    ...base,
    zones: [...base.zones, plain],
    workloads: [...base.workloads, client, db, worker],
    rules: [
      ...base.rules,
      rule('any-to-web-status', { kind: 'any' }, fromWorkload(web), [tcp(9000)]),
      rule('client-to-db', fromWorkload(client), fromWorkload(db), [tcp(5432)]),
      rule(
        'client-to-web',
        fromWorkload(client),
        fromWorkload(web),
        [tcp(8080)],
        http({
          method: 'POST',
          path: { kind: 'prefix', value: '/api/' },
          headers: [{ name: 'x-team', value: 'payments' }],
        }),
      ),
      rule('client-to-worker', fromWorkload(client), fromWorkload(worker), [tcp(7000)]),
      rule('lan-to-web', { kind: 'cidr', cidr: '192.168.0.0/16', except: ['192.168.1.0/24'] }, fromWorkload(web), [
        tcp(8080),
      ]),
    ],
  };
}

describe('ambient-waypoint scenario', () => {
  const docs = renderIstio(ambientWaypoint());

  test('can render the scenario (snapshot)', () => {
    expect(docs.map((d) => stringify(d)).join('---\n')).toMatchSnapshot();
  });

  test('can order objects: waypoints, PeerAuthentications, default denies, then workloads', () => {
    expect(names(docs)).toEqual([
      'Gateway/waypoint',
      'PeerAuthentication/ns-test-mtls',
      'AuthorizationPolicy/ns-test-default-deny',
      'AuthorizationPolicy/web-test-ingress',
      'AuthorizationPolicy/web-test-waypoint',
    ]);
  });

  test('can declare the waypoint as an istio-waypoint Gateway with one HBONE listener', () => {
    const gw = find<WaypointGatewayManifest>(docs, 'Gateway', 'waypoint');
    expect(gw.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gw.metadata.namespace).toBe('ns-test');
    expect(gw.metadata.labels['istio.io/waypoint-for']).toBe('service');
    expect(gw.metadata.labels['app.kubernetes.io/managed-by']).toBe('cdk8s-zerotrust');
    expect(gw.spec).toEqual({
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
    });
  });

  test('can enforce GET / from the ingress gateway at the waypoint, on the Service port', () => {
    const wp = policy(docs, 'web-test-waypoint');
    expect(wp.spec.selector).toBeUndefined();
    expect(wp.spec.targetRefs).toEqual([{ kind: 'Service', group: '', name: 'web-test-service' }]);
    expect(wp.spec.rules).toEqual([
      {
        from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-gateway-istio'] } }],
        to: [{ operation: { ports: ['80'], methods: ['GET'], paths: ['/'] } }],
      },
    ]);
  });

  test("cannot attach a waypoint policy by selector too: the CRD's CEL rule rejects both", () => {
    const wp = policy(docs, 'web-test-waypoint');
    const both = { ...wp, spec: { ...wp.spec, selector: { matchLabels: { app: 'web-test' } } } };
    expect(schemaProblems(both).join('\n')).toMatch(/only one of targetRefs or selector can be set/);
  });

  test('can close the waypoint bypass: ztunnel admits only the waypoint identity, on the pod port', () => {
    const z = policy(docs, 'web-test-ingress');
    expect(z.spec.selector).toEqual({ matchLabels: { app: 'web-test' } });
    expect(z.spec.rules).toEqual([
      {
        from: [{ source: { principals: [WAYPOINT_PRINCIPAL] } }],
        to: [{ operation: { ports: ['8080'] } }],
      },
    ]);
  });

  test('cannot write authorization for the gateway or waypoint data planes', () => {
    const selected = selectorPolicies(docs).map((p) => JSON.stringify(p.spec.selector ?? {}));
    expect(selected.filter((s) => s.includes('gateway.networking.k8s.io/gateway-name'))).toEqual([]);
    expect(names(docs).filter((n) => /AuthorizationPolicy\/(waypoint|istio-gateway)-/.test(n))).toEqual([]);
    expect(JSON.stringify(docs)).not.toContain('"15008"');
  });

  test('can validate every document against the vendored CRDs, CEL rules included', () => {
    for (const d of docs)
      expect({ name: d.metadata.name, problems: schemaProblems(d) }).toEqual({ name: d.metadata.name, problems: [] });
  });
});

describe('ambient mode with every kind of source', () => {
  const docs = renderIstio(ambientMix());

  test('can render the mix (snapshot)', () => {
    expect(docs.map((d) => stringify(d)).join('---\n')).toMatchSnapshot();
  });

  test('can send identity and L7 rules to the waypoint with full L7, headers as when', () => {
    expect(policy(docs, 'web-test-waypoint').spec.rules).toEqual([
      {
        from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-gateway-istio'] } }],
        to: [{ operation: { ports: ['80'], methods: ['GET'], paths: ['/'] } }],
      },
      {
        from: [{ source: { principals: ['cluster.local/ns/ns-test/sa/client'] } }],
        to: [{ operation: { ports: ['80'], methods: ['POST'], paths: ['/api/*'] } }],
        when: [{ key: 'request.headers[x-team]', values: ['payments'] }],
      },
    ]);
  });

  test('can keep CIDR and any-peer L4 rules at ztunnel beside the waypoint admission', () => {
    expect(policy(docs, 'web-test-ingress').spec.rules).toEqual([
      { from: [{ source: { principals: [WAYPOINT_PRINCIPAL] } }], to: [{ operation: { ports: ['8080'] } }] },
      { to: [{ operation: { ports: ['9000'] } }] },
      {
        from: [{ source: { ipBlocks: ['192.168.0.0/16'], notIpBlocks: ['192.168.1.0/24'] } }],
        to: [{ operation: { ports: ['8080'] } }],
      },
    ]);
  });

  test('can authorize a tier without Service directly at ztunnel: no waypoint is in its path', () => {
    expect(policy(docs, 'worker-ingress').spec.rules).toEqual([
      {
        from: [{ source: { principals: ['cluster.local/ns/ns-test/sa/client'] } }],
        to: [{ operation: { ports: ['7000'] } }],
      },
    ]);
    expect(names(docs)).not.toContain('AuthorizationPolicy/worker-waypoint');
  });

  test('can authorize a zone without waypoint at L4 with client principals', () => {
    expect(policy(docs, 'db-ingress').spec.rules).toEqual([
      {
        from: [{ source: { principals: ['cluster.local/ns/ns-test/sa/client'] } }],
        to: [{ operation: { ports: ['5432'] } }],
      },
    ]);
    expect(names(docs)).toContain('AuthorizationPolicy/plain-default-deny');
  });

  test('cannot put methods, paths, hosts or header conditions in any selector policy', () => {
    for (const ir of [ambientWaypoint(), ambientMix()]) {
      const selectors = selectorPolicies(renderIstio(ir));
      expect(selectors.length).toBeGreaterThan(0);
      for (const p of selectors) {
        for (const r of p.spec.rules ?? [])
          expect({ policy: p.metadata.name, l7: l7Attributes(r) }).toEqual({ policy: p.metadata.name, l7: [] });
      }
    }
  });

  test('can admit the waypoint on every port when a routed rule allows every port, and the L4 source directly', () => {
    const base = ambientWaypoint();
    const gateway = base.workloads.find((w) => w.system === 'gateway')!;
    const web = base.workloads.find((w) => w.name === 'web-test')!;
    const ir = {
      ...base,
      rules: [...base.rules, rule('gateway-any-port', fromWorkload(gateway), fromWorkload(web), [])],
    };
    const out = renderIstio(ir);
    // Pod-addressed traffic (and ports no Service exposes) never passes the waypoint: an L4 rule holds at the ztunnel too.
    expect(policy(out, 'web-test-ingress').spec.rules).toEqual([
      { from: [{ source: { principals: [WAYPOINT_PRINCIPAL] } }] },
      { from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-gateway-istio'] } }] },
    ]);
    expect(policy(out, 'web-test-waypoint').spec.rules).toContainEqual({
      from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-gateway-istio'] } }],
    });
  });

  test('throws when the IR sends L7 to an ambient zone without waypoint', () => {
    const base = ambientMix();
    const ir = {
      ...base,
      rules: base.rules.map((r) => (r.id === 'client-to-db' ? { ...r, l7: http(exact('GET', '/')) } : r)),
      workloads: base.workloads.map((w) =>
        w.name === 'db'
          ? { ...w, service: { name: 'db', ports: [{ port: 5432, targetPort: 5432, protocol: 'TCP' as const }] } }
          : w,
      ),
    };
    expect(checkIstio(ir)).toEqual([]);
    expect(() => renderIstio(ir)).toThrow(/IR invariant broken: rule 'client-to-db'.*waypoint/);
  });

  test('can validate every document against the vendored CRDs, CEL rules included', () => {
    for (const d of docs)
      expect({ name: d.metadata.name, problems: schemaProblems(d) }).toEqual({ name: d.metadata.name, problems: [] });
  });
});
