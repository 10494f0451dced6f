import { App } from 'cdk8s';
import { Peer, Port, Profile, Tier, Topology, WarningMode, Zone } from '../../src';
import { Expectations } from '../../src/testing';
import { threeTier } from './three-tier';

const { shop, frontend, api, redis } = threeTier();
const PRODUCTS = { method: 'GET', path: '/api/v1/products' };
const DELETE_ORDERS = { method: 'DELETE', path: '/api/v1/orders' };
const prometheus = Peer.pods({ namespace: 'monitoring', labels: { app: 'prometheus' }, serviceAccount: 'prometheus' });

describe('Expectations on the three-tier example', () => {
  test('can allow frontend -> backend-api on 8080 in every profile', () => {
    const every = Expectations.of(shop);
    expect(every.profileNames).toEqual(['kubernetes', 'cilium', 'istio', 'cilium-istio', 'calico', 'calico-istio']);
    expect(every.allows(frontend, api, Port.tcp(8080))).toBe(true);
    expect(every.denies(frontend, api, Port.tcp(8080))).toBe(false);
  });

  test('cannot let frontend reach redis on any declared port in any profile', () => {
    const every = Expectations.of(shop);
    expect(every.denies(frontend, redis)).toBe(true);
    expect(every.allows(frontend, redis)).toBe(false);
    expect(every.denies(frontend, redis, Port.tcp(6379))).toBe(true);
  });

  test('can allow GET /api/v1/products and deny DELETE /api/v1/orders on cilium', () => {
    const cilium = Expectations.of(shop, 'cilium');
    expect(cilium.allows(frontend, api, Port.tcp(8080), PRODUCTS)).toBe(true);
    expect(cilium.denies(frontend, api, Port.tcp(8080), DELETE_ORDERS)).toBe(true);
    expect(cilium.explain(frontend, api, Port.tcp(8080), DELETE_ORDERS)).toMatch(
      /CiliumNetworkPolicy production\/backend-api-ingress ingress\[0\]: DELETE \/api\/v1\/orders matches none of its HTTP rules/,
    );
  });

  test('can judge L7 requests at L4 on the kubernetes profile', () => {
    const kubernetes = Expectations.of(shop, 'kubernetes');
    expect(kubernetes.allows(frontend, api, Port.tcp(8080), DELETE_ORDERS)).toBe(true);
    expect(kubernetes.explain(frontend, api, Port.tcp(8080), DELETE_ORDERS)).toMatch(
      /NetworkPolicy production\/backend-api-ingress ingress\[0\]: allows production\/frontend on 8080\/TCP at L4/,
    );
  });

  test('cannot hold an expectation on which the profiles disagree, and explain says which profiles differ', () => {
    const every = Expectations.of(shop);
    expect(every.allows(frontend, api, Port.tcp(8080), DELETE_ORDERS)).toBe(false);
    expect(every.denies(frontend, api, Port.tcp(8080), DELETE_ORDERS)).toBe(false);
    const text = every.explain(frontend, api, Port.tcp(8080), DELETE_ORDERS);
    expect(text).toMatch(/^ {2}allowed by: kubernetes, calico$/m);
    expect(text).toMatch(/^ {2}denied by: cilium, istio, cilium-istio, calico-istio$/m);
    expect(text).toMatch(/^profile istio, 8080\/TCP: production\/frontend -> production\/backend-api: DENY/m);
  });

  test('can require every declared port of the destination tier when the port is omitted', () => {
    const cilium = Expectations.of(shop, 'cilium');
    // backend-api declares 8080 and 9090; the frontend may use 8080 only.
    expect(cilium.allows(frontend, api)).toBe(false);
    expect(cilium.denies(frontend, api)).toBe(false);
    expect(cilium.explain(frontend, api)).toMatch(
      /profile cilium, 9090\/TCP: production\/frontend -> production\/backend-api: DENY/,
    );
    expect(cilium.allows(api, redis)).toBe(true);
  });

  test('can check every port of a range', () => {
    const cilium = Expectations.of(shop, 'cilium');
    expect(cilium.allows(frontend, api, Port.tcpRange(8080, 8081))).toBe(false);
    expect(cilium.explain(frontend, api, Port.tcpRange(8080, 8081))).toMatch(/8081\/TCP: .*DENY/);
  });

  test('can stand for Peer.pods peers by a representative pod', () => {
    const every = Expectations.of(shop);
    expect(every.allows(prometheus, api, Port.tcp(9090))).toBe(true);
    expect(every.denies(prometheus, api, Port.tcp(8080))).toBe(true);
    expect(
      Expectations.of(shop, 'cilium').denies(prometheus, api, Port.tcp(9090), { method: 'POST', path: '/metrics' }),
    ).toBe(true);
    // Pods no rule names: a pod of that namespace with no labels.
    expect(every.denies(Peer.namespace('legacy'), api, Port.tcp(8080))).toBe(true);
  });

  test('can ask about one external address and one DNS name', () => {
    const cni = ['kubernetes', 'cilium'].map((p) => Expectations.of(shop, p));
    for (const e of cni) {
      expect(e.allows(api, Peer.cidr('10.100.4.20/32'), Port.tcp(5432))).toBe(true);
      expect(e.denies(api, Peer.cidr('10.100.4.20/32'), Port.tcp(22))).toBe(true);
      expect(e.denies(frontend, Peer.cidr('8.8.8.8/32'), Port.HTTPS)).toBe(true);
    }
    const cilium = Expectations.of(shop, 'cilium');
    expect(cilium.allows(api, Peer.fqdn('api.stripe.com'), Port.HTTPS)).toBe(true);
    expect(cilium.denies(frontend, Peer.fqdn('api.stripe.com'), Port.HTTPS)).toBe(true);
    // backend-api may also reach every public address on 443 (Peer.publicInternet()).
    expect(cilium.allows(api, Peer.fqdn('example.com'), Port.HTTPS)).toBe(true);
    expect(cilium.denies(api, Peer.fqdn('example.com'), Port.tcp(80))).toBe(true);
  });

  test('throws when a peer stands for no single endpoint', () => {
    const cilium = Expectations.of(shop, 'cilium');
    expect(() => cilium.allows(api, Peer.cidr('10.100.0.0/16'), Port.tcp(5432))).toThrow(
      /cidr 10\.100\.0\.0\/16 is a block, not one address: name one address, e\.g\. Peer\.cidr\('10\.100\.0\.0\/32'\)/,
    );
    expect(() => cilium.allows(api, Peer.fqdn('*.example.com'), Port.HTTPS)).toThrow(/not one exact name/);
    expect(() => cilium.allows(Peer.fqdn('api.stripe.com'), api, Port.tcp(8080))).toThrow(/only be a destination/);
    expect(() => cilium.allows(api, Peer.cidr('10.100.4.20/32'))).toThrow(/is not a tier: name the port/);
  });

  test('throws on a tier of another topology and on an unknown profile', () => {
    const other = new Topology(new App(), 'other', { warnings: WarningMode.SILENT, profiles: [Profile.cilium()] });
    const stranger = new Tier(new Zone(other, 'z'), 'stranger', {
      selector: { app: 'stranger' },
      ports: [Port.tcp(80)],
    });
    expect(() => Expectations.of(shop).allows(stranger, api, Port.tcp(8080))).toThrow(
      /tier other\/z\/stranger is not a tier of topology three-tier/,
    );
    expect(() => Expectations.of(shop, 'antrea')).toThrow(
      /has no profile 'antrea' \(profiles: kubernetes, cilium, istio, cilium-istio, calico, calico-istio\)/,
    );
  });

  test('throws with the diagnostics of a topology that does not compile', () => {
    const broken = new Topology(new App(), 'broken', {
      warnings: WarningMode.SILENT,
      profiles: [Profile.cilium(), Profile.cilium()],
    });
    expect(() => Expectations.of(broken)).toThrow(
      /topology broken does not compile:\nbroken: ZT\d+: two profiles are named 'cilium'/,
    );
  });
});
