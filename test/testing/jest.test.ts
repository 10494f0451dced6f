import { Peer, Port } from '../../src';
import '../../src/testing/jest';
import { threeTier } from './three-tier';

const { shop, frontend, api, redis } = threeTier();

/** The message of a failing expectation (fails when the expectation holds). */
function failure(run: () => void): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the expectation to fail');
}

describe('jest matchers on the three-tier example', () => {
  test('can assert an allowed flow in every profile', () => {
    expect(shop).toAllow(frontend, api, Port.tcp(8080));
    expect(shop).toAllow(api, redis);
  });

  test('can assert a denied flow in every profile', () => {
    expect(shop).toDeny(frontend, redis);
    expect(shop).toDeny(frontend, api, Port.tcp(9090));
  });

  test('can assert requests per profile: GET allowed and DELETE denied on cilium, both judged at L4 on kubernetes', () => {
    expect(shop).toAllow(frontend, api, Port.tcp(8080), {
      profile: 'cilium',
      request: { method: 'GET', path: '/api/v1/products' },
    });
    expect(shop).toDeny(frontend, api, Port.tcp(8080), {
      profile: 'cilium',
      request: { method: 'DELETE', path: '/api/v1/orders' },
    });
    expect(shop).toAllow(frontend, api, Port.tcp(8080), {
      profile: 'kubernetes',
      request: { method: 'DELETE', path: '/api/v1/orders' },
    });
  });

  test('can negate: a flow some profile denies is not allowed everywhere', () => {
    expect(shop).not.toAllow(frontend, api, Port.tcp(8080), { request: { method: 'DELETE', path: '/api/v1/orders' } });
    expect(shop).not.toDeny(frontend, api, Port.tcp(8080), { request: { method: 'DELETE', path: '/api/v1/orders' } });
  });

  test('cannot pass a wrong expectation, and the message explains the verdict', () => {
    const message = failure(() => expect(shop).toAllow(frontend, redis, Port.tcp(6379)));
    expect(message).toMatch(
      /expected tier three-tier\/production\/frontend -> tier three-tier\/production\/redis on 6379\/TCP to be allowed in every profile \(kubernetes, cilium, istio, cilium-istio, calico, calico-istio\)/,
    );
    expect(message).toMatch(/^ {2}allowed by: no profile$/m);
    expect(message).toMatch(/^ {2}denied by: kubernetes, cilium, istio, cilium-istio, calico, calico-istio$/m);
    expect(message).toMatch(/profile cilium, 6379\/TCP: production\/frontend -> production\/redis: DENY/);
    expect(message).toMatch(/CiliumNetworkPolicy production\/redis-ingress/);
  });

  test('cannot pass a wrong denial on one profile, and the message names the profile and the rule that allowed', () => {
    const message = failure(() =>
      expect(shop).toDeny(frontend, api, Port.tcp(8080), {
        profile: 'kubernetes',
        request: { method: 'DELETE', path: '/api/v1/orders' },
      }),
    );
    expect(message).toMatch(/to be denied in profile kubernetes/);
    expect(message).toMatch(
      /NetworkPolicy production\/backend-api-ingress ingress\[0\]: allows production\/frontend on 8080\/TCP at L4/,
    );
  });

  test('cannot pass when the received value is not a topology', () => {
    expect(failure(() => expect({}).toAllow(frontend, api, Port.tcp(8080)))).toMatch(/expected a Topology/);
    expect(() => expect(shop).toAllow(frontend, Peer.cidr('10.0.0.0/8'), Port.tcp(80))).toThrow(
      /is a block, not one address/,
    );
  });
});
