import { ciliumTarget } from '../../../src/targets/cilium';
import { CiliumDiagnosticCode } from '../../../src/targets/cilium/check';
import { IrDns, IrTopology } from '../../../src/ir/types';
import { TargetDiagnostic } from '../../../src/targets/target';
import {
  features,
  fqdn,
  http,
  httpL7,
  kubeDns,
  peer,
  port,
  rule,
  threeTier,
  topology,
  workload,
  zone,
  zonesLab,
} from './ir-fixtures';

const CTX = { profile: 'cilium', profileTargets: ['cilium'] };

function check(ir: IrTopology): readonly TargetDiagnostic[] {
  return ciliumTarget.check?.(ir, CTX) ?? [];
}

function withVersion(ir: IrTopology, ciliumVersion: string): IrTopology {
  return {
    ...ir,
    settings: { ...ir.settings, targetVersions: { ...ir.settings.targetVersions, cilium: ciliumVersion } },
  };
}

/** One zone `shop` (both directions denied unless told) with `api` and `web`, and the given rules. */
function shop(rules: IrTopology['rules'], zoneProps: Partial<Parameters<typeof zone>[0]> = {}): IrTopology {
  const ns = 'shop';
  return topology(
    [zone({ id: ns, namespace: ns, ...zoneProps })],
    [
      workload({ id: 'shop/api', zone: ns, namespace: ns, selector: { app: 'api' } }),
      workload({ id: 'shop/web', zone: ns, namespace: ns, selector: { app: 'web' } }),
    ],
    rules,
  );
}

describe('cilium target checks', () => {
  test('can accept every fixture for Cilium 1.19', () => {
    for (const ir of [threeTier(), zonesLab(), features()]) expect(check(ir)).toEqual([]);
  });

  describe('Kafka L7 (removed from the CRD in 1.20)', () => {
    test('can keep Kafka rules for Cilium 1.19 and earlier', () => {
      expect(check(withVersion(features(), '1.19'))).toEqual([]);
      const older = check(withVersion(features(), '1.16')).map((d) => d.code);
      expect(older).not.toContain(CiliumDiagnosticCode.KAFKA_REMOVED);
      expect(older).toEqual([CiliumDiagnosticCode.FQDN_SUBDOMAINS_UNSUPPORTED]); // the '**.' rule, not Kafka
    });

    test('cannot keep Kafka rules for Cilium 1.20 or later: one diagnostic per rule, at its construct path', () => {
      for (const version of ['1.20', 'v1.21.2', '2.0']) {
        const found = check(withVersion(features(), version));
        expect(found.map((d) => [d.code, d.path])).toEqual([
          [CiliumDiagnosticCode.KAFKA_REMOVED, 'shop/api->ledger'],
          [CiliumDiagnosticCode.KAFKA_REMOVED, 'shop/worker->ledger'],
        ]);
        expect(found[0].code).toBe('ZT302');
        expect(found[0].message).toContain('removed from the CiliumNetworkPolicy CRD in Cilium 1.20');
        expect(found[0].message).toMatch(/Keep ciliumVersion at 1\.19 or earlier.*Kafka broker/);
      }
    });

    test('cannot report a Kafka rule that no policy renders (every zone open)', () => {
      const kafka = rule('web->api', peer.workload('shop/web'), peer.workload('shop/api'), [port.tcp(9092)], {
        kind: 'kafka',
        rules: [{ role: 'produce', topic: 't' }],
      });
      const open = shop([kafka], { denyIngress: false, denyEgress: false });
      expect(check(withVersion(open, '1.20'))).toEqual([]);
      expect(check(withVersion(shop([kafka]), '1.20')).map((d) => d.code)).toEqual([
        CiliumDiagnosticCode.KAFKA_REMOVED,
      ]);
    });
  });

  describe('"**." subdomain patterns (since 1.19)', () => {
    const sub = rule('api->cdn', peer.workload('shop/api'), peer.fqdn(fqdn.subdomains('cdn.example')), [port.tcp(443)]);

    test('cannot use them before Cilium 1.19', () => {
      const found = check(withVersion(shop([sub]), '1.18'));
      expect(found.map((d) => [d.code, d.path])).toEqual([
        [CiliumDiagnosticCode.FQDN_SUBDOMAINS_UNSUPPORTED, 'shop/api->cdn'],
      ]);
      expect(found[0].message).toContain('1.19');
    });

    test('can use them from Cilium 1.19', () => {
      expect(check(withVersion(shop([sub]), '1.19'))).toEqual([]);
    });
  });

  test('cannot let toFQDNs go without the DNS-proxy rule (a zone that keeps no DNS)', () => {
    const stripe = rule('api->stripe', peer.workload('shop/api'), peer.fqdn(fqdn.exact('api.stripe.com')), [
      port.tcp(443),
    ]);
    expect(check(shop([stripe], { dns: undefined })).map((d) => [d.code, d.path])).toEqual([
      [CiliumDiagnosticCode.FQDN_WITHOUT_DNS_PROXY, 'shop/api->stripe'],
    ]);
    expect(check(shop([stripe]))).toEqual([]);
  });

  test('cannot put L7 rules on every port, which the agent rejects', () => {
    const all = rule(
      'web->api',
      peer.workload('shop/web'),
      peer.workload('shop/api'),
      [],
      httpL7(http.exact('GET', '/')),
    );
    const wildcard = rule(
      'web->api',
      peer.workload('shop/web'),
      peer.workload('shop/api'),
      [port.allTcp()],
      httpL7(http.exact('GET', '/')),
    );
    for (const r of [all, wildcard]) {
      expect(check(shop([r])).map((d) => [d.code, d.path])).toEqual([
        [CiliumDiagnosticCode.L7_NEEDS_PORT, 'shop/web->api'],
      ]);
    }
  });

  test('cannot send DNS through the proxy on a port range or on every port', () => {
    const range: IrDns = { ...kubeDns(), ports: [{ protocol: 'UDP', port: 53, endPort: 54 }] };
    const every: IrDns = { ...kubeDns(), ports: [{ protocol: 'UDP' }] };
    const none: IrDns = { ...kubeDns(), ports: [] };
    for (const dns of [range, every, none]) {
      const ir = shop([], { dns });
      expect(check(ir).map((d) => [d.code, d.path])).toEqual([
        [CiliumDiagnosticCode.DNS_PORT_UNSUPPORTED, 'shop/shop'],
      ]);
      expect(() => ciliumTarget.render(ir, CTX)).toThrow(/DNS/);
    }
    expect(check(shop([], { dns: range, denyEgress: false }))).toEqual([]);
  });

  test('cannot take a Cilium version that is not major.minor', () => {
    const found = check(withVersion(features(), 'latest'));
    expect(found.map((d) => [d.code, d.path])).toEqual([[CiliumDiagnosticCode.INVALID_VERSION, 'shop']]);
  });
});
