import { IstioLayer } from '../../../src/verify/istio';
import { authorizationPolicy, cluster, flow, pod } from './cluster-builder';

const api = pod('shop', 'api', { ports: [[8080, 'http']] });
const legacy = pod('legacy', 'legacy', { dataplane: 'none', ip: '10.50.0.1' });
const world = cluster({ pods: [api, legacy] });
const onApi = { selector: { matchLabels: { app: 'api' } } };
const GET = { method: 'GET', path: '/' };

function decide(spec: object): boolean {
  return new IstioLayer([authorizationPolicy('shop', 'api', { ...onApi, ...spec })]).decide(
    flow(legacy, api, 8080, GET),
    world,
  ).allowed;
}

describe('mTLS-only attributes on plaintext (PERMISSIVE)', () => {
  test('cannot match an ALLOW by principal or namespace for plaintext, which carries no identity', () => {
    expect(decide({ rules: [{ from: [{ source: { principals: ['*'] } }] }] })).toBe(false);
    expect(decide({ rules: [{ from: [{ source: { namespaces: ['legacy'] } }] }] })).toBe(false);
    expect(decide({ rules: [{ from: [{ source: { serviceAccounts: ['legacy/legacy'] } }] }] })).toBe(false);
    expect(decide({ rules: [{ when: [{ key: 'source.namespace', values: ['legacy'] }] }] })).toBe(false);
  });

  test('can be bypassed: a DENY by namespace does not match plaintext from that namespace', () => {
    expect(decide({ action: 'DENY', rules: [{ from: [{ source: { namespaces: ['legacy'] } }] }] })).toBe(true);
    expect(decide({ action: 'DENY', rules: [{ from: [{ source: { principals: ['*/ns/legacy/*'] } }] }] })).toBe(true);
  });

  test('can deny plaintext with a DENY on notPrincipals presence', () => {
    expect(decide({ action: 'DENY', rules: [{ from: [{ source: { notPrincipals: ['*'] } }] }] })).toBe(false);
  });

  test('can still match plaintext by IP', () => {
    expect(decide({ rules: [{ from: [{ source: { ipBlocks: ['10.50.0.0/16'] } }] }] })).toBe(true);
  });
});
