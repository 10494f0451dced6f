import { IstioLayer } from '../../../src/verify/istio';
import { authorizationPolicy, cluster, flow, pod, service } from './cluster-builder';

const api = pod('shop', 'api', { ports: [[8080], [9000]] });
const client = pod('shop', 'client');
const world = cluster({
  pods: [api, client],
  services: [
    service('shop', 'api', { app: 'api' }, [
      { name: 'http', port: 80, targetPort: 8080 },
      { port: 9000, targetPort: 9000 },
    ]),
  ],
});
const allowGetProducts = authorizationPolicy('shop', 'api', {
  selector: { matchLabels: { app: 'api' } },
  rules: [
    {
      from: [{ source: { principals: ['cluster.local/ns/shop/sa/client'] } }],
      to: [{ operation: { ports: ['8080', '9000'], methods: ['GET'], paths: ['/api/v1/products*'] } }],
    },
  ],
});

describe('flows without a request', () => {
  test('can allow a flow to an HTTP port when some request gets through, and say which', () => {
    const decision = new IstioLayer([allowGetProducts]).decide(flow(client, api, 8080), world);
    expect(decision.allowed).toBe(true);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(
          /port 80 of Service shop\/api is named 'http' \(HTTP\): some HTTP requests get through, e.g. GET \/api\/v1\/products/,
        ),
      }),
    );
    expect(decision.findings.at(-1)).toMatchObject({ object: 'AuthorizationPolicy shop/api', rule: 'rules[0]' });
  });

  test('cannot allow a flow to an HTTP port when no request gets through', () => {
    const layer = new IstioLayer([
      allowGetProducts,
      authorizationPolicy('shop', 'no-get', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }),
    ]);
    const decision = layer.decide(flow(client, api, 8080), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/none of \d+ example HTTP requests .* get through/) }),
    );
  });

  test('can let protocol sniffing admit HTTP on an undeclared port when a raw TCP connection is refused', () => {
    const decision = new IstioLayer([allowGetProducts]).decide(flow(client, api, 9000), world);
    expect(decision.allowed).toBe(true);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(
          /no Service or container port name declares the protocol of port 9000 .* \(the protocol is sniffed\): a raw TCP connection is refused, but some HTTP requests get through, e.g. GET \/api\/v1\/products/,
        ),
      }),
    );
  });

  test('can report a plain TCP connection on an undeclared port when it gets through', () => {
    const decision = new IstioLayer([
      authorizationPolicy('shop', 'api', {
        selector: { matchLabels: { app: 'api' } },
        rules: [{ to: [{ operation: { ports: ['9000'] } }] }],
      }),
    ]).decide(flow(client, api, 9000), world);
    expect(decision.allowed).toBe(true);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(/\(the protocol is sniffed\): a TCP connection gets through$/),
      }),
    );
  });

  test('cannot let anything through an undeclared port when neither TCP nor HTTP passes', () => {
    const decision = new IstioLayer([allowGetProducts]).decide(
      flow(pod('shop', 'stranger'), api, 9000),
      cluster({ pods: [api, client, pod('shop', 'stranger')] }),
    );
    expect(decision.allowed).toBe(false);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(/neither a TCP connection nor \d+ example HTTP requests/),
      }),
    );
  });
});
