import { IstioLayer } from '../../../src/verify/istio';
import { ambientWorld, client, plain, principal, web } from './ambient-fixture';
import { authorizationPolicy, flow, fromPrincipals, peerAuthentication, pod } from './cluster-builder';

const world = ambientWorld();
const onWeb = { selector: { matchLabels: { app: 'web' } } };
const GET = { method: 'GET', path: '/' };
const stranger = pod('app', 'stranger', { dataplane: 'ambient' });
const withStranger = ambientWorld({ pods: [stranger] });

describe('ambient mode without a waypoint (ztunnel, L4)', () => {
  test('can enforce an L4 ALLOW by principal at the destination ztunnel', () => {
    const layer = new IstioLayer([
      authorizationPolicy('app', 'web', { ...onWeb, rules: [fromPrincipals(principal(client))] }),
    ]);
    const allowed = layer.decide(flow(client, web, 8080, GET), withStranger);
    expect(allowed.allowed).toBe(true);
    expect(allowed.findings.at(-1)!.message).toMatch(/at the ztunnel of app\/web$/);
    expect(layer.decide(flow(stranger, web, 8080, GET), withStranger).allowed).toBe(false);
  });

  test('can drop all traffic when an ALLOW policy needs L7 attributes and no waypoint is present', () => {
    const layer = new IstioLayer([
      authorizationPolicy('app', 'web', {
        ...onWeb,
        rules: [{ from: [{ source: { principals: [principal(client)] } }], to: [{ operation: { methods: ['GET'] } }] }],
      }),
    ]);
    const decision = layer.decide(flow(client, web, 8080, GET), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        object: 'AuthorizationPolicy app/web',
        rule: 'rules[0]',
        message: expect.stringMatching(/not visible to ztunnel \(L4 only\): ALLOW rule omitted \(needs methods\)/),
      }),
    );
  });

  test('can keep the L4 rules of an ALLOW policy whose other rules are L7', () => {
    const layer = new IstioLayer([
      authorizationPolicy('app', 'web', {
        ...onWeb,
        rules: [{ to: [{ operation: { methods: ['GET'] } }] }, fromPrincipals(principal(client))],
      }),
    ]);
    expect(layer.decide(flow(client, web, 8080, GET), withStranger).allowed).toBe(true);
    expect(layer.decide(flow(stranger, web, 8080, GET), withStranger).allowed).toBe(false);
  });

  test('can enforce a DENY with L7 attributes without them (more restrictive)', () => {
    const layer = new IstioLayer([
      authorizationPolicy('app', 'no-delete', {
        ...onWeb,
        action: 'DENY',
        rules: [{ to: [{ operation: { methods: ['DELETE'], ports: ['8080'] } }] }],
      }),
    ]);
    const decision = layer.decide(flow(client, web, 8080, GET), world);
    expect(decision.allowed).toBe(false);
    expect(decision.findings.at(-1)).toMatchObject({
      object: 'AuthorizationPolicy app/no-delete',
      rule: 'rules[0]',
      message: expect.stringMatching(/methods not visible to ztunnel \(L4 only\) and treated as matching/),
    });
  });

  test('can ignore CUSTOM policies at ztunnel, which does not support them', () => {
    const decision = new IstioLayer([
      authorizationPolicy('app', 'ext', { ...onWeb, action: 'CUSTOM', provider: { name: 'opa' }, rules: [{}] }),
    ]).decide(flow(client, web, 8080, GET), world);
    expect(decision.allowed).toBe(true);
    expect(decision.findings).toContainEqual(
      expect.objectContaining({
        object: 'AuthorizationPolicy app/ext',
        message: expect.stringMatching(/ztunnel does not support the CUSTOM action/),
      }),
    );
  });

  test('can reject plaintext under STRICT at the destination ztunnel', () => {
    const decision = new IstioLayer([peerAuthentication('app', 'default', { mtls: { mode: 'STRICT' } })]).decide(
      flow(plain, web, 8080, GET),
      world,
    );
    expect(decision.allowed).toBe(false);
    expect(decision.findings.at(-1)!.message).toBe(
      'STRICT mTLS rejects plaintext from plain/client (plaintext) at the ztunnel of app/web',
    );
  });

  test('cannot use remoteIpBlocks at ztunnel', () => {
    const layer = new IstioLayer([
      authorizationPolicy('app', 'web', {
        ...onWeb,
        rules: [{ from: [{ source: { remoteIpBlocks: ['10.1.0.0/16'] } }] }],
      }),
    ]);
    expect(layer.decide(flow(client, web, 8080, GET), world).allowed).toBe(false);
  });
});
