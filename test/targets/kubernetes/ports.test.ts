import { kubernetesTarget } from '../../../src/targets/kubernetes';
import { renderPort, renderPorts } from '../../../src/targets/kubernetes/ports';
import { findPolicy, kitchenSink, port } from './ir-builders';

const CTX = { profile: 'kubernetes', profileTargets: ['kubernetes'] };

describe('kubernetes ports', () => {
  test('can render a numeric port', () => {
    expect(renderPort(port.tcp(8080), 'test')).toEqual({ protocol: 'TCP', port: 8080 });
  });

  test('can render a range with endPort next to its numeric port', () => {
    expect(renderPort(port.tcpRange(5432, 5440), 'test')).toEqual({ protocol: 'TCP', port: 5432, endPort: 5440 });
  });

  test('can render a named port as a string port without endPort', () => {
    const named = renderPort(port.named('metrics'), 'test');
    expect(named).toEqual({ protocol: 'TCP', port: 'metrics' });
    expect(named.endPort).toBeUndefined();
  });

  test('can render SCTP', () => {
    expect(renderPort(port.sctp(2905), 'test')).toEqual({ protocol: 'SCTP', port: 2905 });
  });

  test('can render every port of one protocol as a bare protocol', () => {
    const all = renderPort(port.allUdp(), 'test');
    expect(all).toEqual({ protocol: 'UDP' });
    expect(Object.keys(all)).toEqual(['protocol']);
  });

  test('can omit ports for a rule that allows every port', () => {
    expect(renderPorts([], 'test')).toBeUndefined();
    const out = kubernetesTarget.render(kitchenSink(), CTX);
    const fromProxy = (findPolicy(out, 'api-ingress').spec.ingress ?? []).filter(
      (r) => r.from![0].namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'edge',
    );
    expect(fromProxy).toHaveLength(1);
    expect('ports' in fromProxy[0]).toBe(false);
  });

  test('can keep endPort only on numeric ports across a whole rendering', () => {
    const ports = kubernetesTarget.render(kitchenSink(), CTX).flatMap((m) => {
      const spec = (m as ReturnType<typeof findPolicy>).spec;
      return [...(spec.ingress ?? []), ...(spec.egress ?? [])].flatMap((r) => r.ports ?? []);
    });
    const ranges = ports.filter((p) => p.endPort !== undefined);
    expect(ranges).toHaveLength(1);
    for (const p of ranges) {
      expect(typeof p.port).toBe('number');
      expect(p.endPort).toBeGreaterThanOrEqual(p.port as number);
    }
    expect(
      ports
        .filter((p) => typeof p.port === 'string')
        .map((p) => p.port)
        .sort(),
    ).toEqual(['grpc', 'grpc', 'metrics']);
  });

  test('throws on a named port with a number or endPort', () => {
    expect(() => renderPort({ protocol: 'TCP', name: 'http', port: 80 }, 'rule x')).toThrow(
      /IR invariant broken: rule x/,
    );
    expect(() => renderPort({ protocol: 'TCP', name: 'http', endPort: 90 }, 'rule x')).toThrow(/IR invariant broken/);
  });

  test('throws on endPort without port or below port', () => {
    expect(() => renderPort({ protocol: 'TCP', endPort: 90 }, 'rule x')).toThrow(/endPort without port/);
    expect(() => renderPort({ protocol: 'TCP', port: 90, endPort: 80 }, 'rule x')).toThrow(/endPort below port/);
  });
});
