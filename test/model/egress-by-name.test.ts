import { App } from 'cdk8s';
import { EgressFqdn, Peer, Port, Profile, Tier, Topology, Zone } from '../../src';
import { Doc, find, synthDocs } from '../util/synth';

/** The egress rules of the api tier's Cilium policy when it reaches api.stripe.com one way or the other. */
function apiEgress(declare: (api: Tier) => void): Doc[] {
  const docs = synthDocs((app: App) => {
    const t = new Topology(app, 'shop', { profiles: [Profile.cilium()] });
    declare(new Tier(new Zone(t, 'prod'), 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] }));
  })['shop-cilium.k8s.yaml'];
  return find(docs, 'CiliumNetworkPolicy', 'api-egress').spec.egress;
}

describe('egress by DNS name', () => {
  test('can default to HTTPS (443/TCP) whether stated with EgressFqdn or allowTo(Peer.fqdn(...))', () => {
    // GIVEN the same intent written both ways, without ports
    const byConstruct = apiEgress((api) => new EgressFqdn(api, 'stripe', { names: ['api.stripe.com'] }));
    const byVerb = apiEgress((api) => api.allowTo(Peer.fqdn('api.stripe.com')));
    // THEN both allow exactly 443/TCP to the name
    expect(byVerb).toEqual(byConstruct);
    expect(byVerb).toEqual([
      { toFQDNs: [{ matchName: 'api.stripe.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] },
    ]);
  });

  test('can still open other ports when they are named', () => {
    const egress = apiEgress((api) => api.allowTo(Peer.fqdn('smtp.example.com'), { ports: [Port.tcp(587)] }));
    expect(egress).toEqual([
      { toFQDNs: [{ matchName: 'smtp.example.com' }], toPorts: [{ ports: [{ port: '587', protocol: 'TCP' }] }] },
    ]);
  });
});
