import { IrMtls, IrRule, IrTopology, IrWaypoint } from '../../../src/ir/types';
import { checkIstio, IstioDiagnosticCode, renderIstio } from '../../../src/targets/istio';
import {
  ambientWaypoint,
  exact,
  fromWorkload,
  http,
  NS_TEST_WAYPOINT,
  rule,
  tcp,
  threeTier,
  topology,
  workload,
  zone,
  zoneMtls,
} from './ir-fixtures';

const shop = zone('shop');
const api = workload('shop', 'api', { ports: [tcp(8080)], appProtocol: 'http' });
const client = workload('shop', 'client');
const anonymous = workload('shop', 'anonymous', { serviceAccount: undefined });

function sidecar(...rules: IrRule[]): IrTopology {
  return topology({ zones: [shop], workloads: [anonymous, api, client], rules });
}

function codes(ir: IrTopology): string[] {
  return checkIstio(ir).map((d) => d.code);
}

describe('check', () => {
  test('can pass the scenarios without a diagnostic', () => {
    expect(checkIstio(threeTier())).toEqual([]);
    expect(checkIstio(ambientWaypoint())).toEqual([]);
  });

  test('cannot identify a source tier without service account', () => {
    const [d, ...rest] = checkIstio(sidecar(rule('r1', fromWorkload(anonymous), fromWorkload(api), [tcp(8080)])));
    expect(rest).toEqual([]);
    expect(d.code).toBe(IstioDiagnosticCode.NO_IDENTITY);
    expect(d.path).toBe('topology/r1');
    expect(d.message).toMatch(/no service account.*\. Set `serviceAccount` on the tier$/);
  });

  test('cannot select source pods by label without a service account', () => {
    const ir = sidecar(
      rule('r1', { kind: 'pods', namespace: 'ops', podLabels: { app: 'x' } }, fromWorkload(api), [tcp(8080)]),
    );
    expect(codes(ir)).toEqual([IstioDiagnosticCode.NO_IDENTITY]);
    expect(checkIstio(ir)[0].message).toMatch(/app=x.*Set `serviceAccount` on the peer$/);
  });

  test('cannot match a regex path, and says to use exact or prefix', () => {
    const ir = sidecar(
      rule(
        'r1',
        fromWorkload(client),
        fromWorkload(api),
        [tcp(8080)],
        http({ method: 'GET', path: { kind: 'regex', value: '/users/[0-9]+' }, headers: [] }),
      ),
    );
    const [d] = checkIstio(ir);
    expect(d.code).toBe(IstioDiagnosticCode.REGEX_PATH);
    expect(d.message).toMatch(/Use an exact or a prefix path$/);
  });

  test('cannot take a literal `*` in a path or header value, which Istio would read as a glob', () => {
    const ir = sidecar(
      rule(
        'r1',
        fromWorkload(client),
        fromWorkload(api),
        [tcp(8080)],
        http(exact('GET', '/files/*.txt'), { headers: [{ name: 'x-env', value: 'prod*' }] }),
      ),
    );
    expect(codes(ir)).toEqual([IstioDiagnosticCode.WILDCARD, IstioDiagnosticCode.WILDCARD]);
  });

  test('cannot express a port range or a named port, one diagnostic each', () => {
    const ir = sidecar(
      rule('r1', fromWorkload(client), fromWorkload(api), [
        { protocol: 'TCP', port: 7000, endPort: 7010 },
        { protocol: 'TCP', name: 'http' },
        tcp(8080),
      ]),
    );
    const diags = checkIstio(ir);
    expect(diags.map((d) => d.code)).toEqual([IstioDiagnosticCode.PORT_FORM, IstioDiagnosticCode.PORT_FORM]);
    expect(diags[0].message).toContain('7000-7010');
    expect(diags[1].message).toContain("'http'");
  });

  test('cannot enforce Kafka topic rules', () => {
    const ir = sidecar(
      rule('r1', fromWorkload(client), fromWorkload(api), [tcp(9092)], {
        kind: 'kafka',
        rules: [{ role: 'produce', topic: 'orders' }],
      }),
    );
    expect(codes(ir)).toEqual([IstioDiagnosticCode.KAFKA]);
  });

  test('cannot enforce ambient L7 into a tier without Service', () => {
    const base = ambientWaypoint();
    const ir = {
      ...base,
      workloads: base.workloads.map((w) => (w.name === 'web-test' ? { ...w, service: undefined } : w)),
    };
    const [d, ...rest] = checkIstio(ir);
    expect(rest).toEqual([]);
    expect(d.code).toBe(IstioDiagnosticCode.WAYPOINT_NEEDS_SERVICE);
    expect(d.message).toMatch(/attaches to a Service.*\. Give the tier a Service$/);
  });

  test('cannot route through a waypoint a pod port no Service port targets', () => {
    const base = ambientWaypoint();
    const ir = {
      ...base,
      rules: base.rules.map((r) => (r.id === 'gateway-to-web' ? { ...r, ports: [tcp(8080), tcp(9090)] } : r)),
    };
    const [d, ...rest] = checkIstio(ir);
    expect(rest).toEqual([]);
    expect(d.code).toBe(IstioDiagnosticCode.WAYPOINT_PORT);
    expect(d.message).toMatch(/pod port\(s\) 9090.*web-test-service.*Add a Service port targeting 9090$/);
  });

  test('cannot rely on a waypoint that also handles workload-addressed traffic', () => {
    for (const mode of ['all', 'workload'] as const) {
      const waypoint: IrWaypoint = { ...NS_TEST_WAYPOINT, for: mode };
      const [d, ...rest] = checkIstio(ambientWaypoint(waypoint));
      expect(rest).toEqual([]);
      expect(d.code).toBe(IstioDiagnosticCode.WAYPOINT_FOR);
      expect(d.path).toBe('topology/ns-test');
    }
  });

  test('cannot put a selector PeerAuthentication in the root namespace, which Istio ignores', () => {
    const root = zone('istio-system');
    const gw = workload('istio-system', 'gw');
    const mtls: IrMtls = {
      id: 'm',
      path: 'topology/m',
      name: 'gw-mtls',
      namespace: 'istio-system',
      zone: gw.id,
      workload: gw.id,
      mode: 'STRICT',
      portModes: [],
    };
    const ir = topology({ zones: [root], workloads: [gw], rules: [], mtls: [mtls, zoneMtls(root, 'STRICT')] });
    expect(checkIstio(ir).map((d) => [d.code, d.path])).toEqual([
      [IstioDiagnosticCode.ROOT_NAMESPACE_SELECTOR, 'topology/m'],
    ]);
  });

  test('cannot DISABLE mTLS in ambient mode, which ztunnel ignores', () => {
    const base = ambientWaypoint();
    const ir = { ...base, mtls: base.mtls.map((m) => ({ ...m, mode: 'DISABLE' as const })) };
    expect(codes(ir)).toEqual([IstioDiagnosticCode.AMBIENT_DISABLE]);
    const sidecarDisable = threeTier();
    expect(
      checkIstio({ ...sidecarDisable, mtls: sidecarDisable.mtls.map((m) => ({ ...m, mode: 'DISABLE' as const })) }),
    ).toEqual([]);
  });

  test('cannot complain about rules Istio does not render: egress, non-meshed or system destinations, open zones', () => {
    const plain = workload('shop', 'plain', { meshed: false });
    const sys = workload('shop', 'sys', { system: 'gateway' });
    const regex = http({ path: { kind: 'regex', value: '.*' }, headers: [] });
    const open = topology({
      zones: [shop],
      workloads: [anonymous, api, client, plain, sys],
      rules: [
        rule('to-plain', fromWorkload(anonymous), fromWorkload(plain), [tcp(80)], regex),
        rule('to-sys', fromWorkload(anonymous), fromWorkload(sys), [tcp(80)], regex),
        rule('egress', fromWorkload(api), { kind: 'cidr', cidr: '10.0.0.0/8', except: [] }, [
          { protocol: 'TCP', port: 1, endPort: 9 },
        ]),
      ],
    });
    expect(checkIstio(open)).toEqual([]);
    const openZone = topology({
      zones: [zone('shop', { denyIngress: false })],
      workloads: [anonymous, api],
      rules: [rule('r', fromWorkload(anonymous), fromWorkload(api), [tcp(8080)])],
    });
    expect(checkIstio(openZone)).toEqual([]);
  });

  test('throws at render with every problem, code and path, instead of rendering less', () => {
    const ir = sidecar(
      rule('r1', fromWorkload(anonymous), fromWorkload(api), [tcp(8080)]),
      rule(
        'r2',
        fromWorkload(client),
        fromWorkload(api),
        [tcp(8080)],
        http({ path: { kind: 'regex', value: '.*' }, headers: [] }),
      ),
    );
    expect(() => renderIstio(ir)).toThrow(/ZT311: topology\/r1: .*\nZT312: topology\/r2: /);
  });
});
