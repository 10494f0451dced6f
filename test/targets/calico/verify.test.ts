import { App } from 'cdk8s';
import { stringify } from 'yaml';
import { Peer, Port, Profile, Tier, Topology, Widening, Zone } from '../../../src';
import { PolicySet } from '../../../src/verify/policy-set';
import { check, clusterOf, explain, pod, policies } from '../../verify/builders';
import { Doc, synthDocs } from '../../util/synth';

/**
 * A topology naming Prometheus by labels AND service account, in two profiles (NetworkPolicy
 * matches the labels only, which its profile accepts as a widening).
 */
function shop(app: App): void {
  const t = new Topology(app, 'shop', {
    profiles: [Profile.calico(), Profile.kubernetes({ accept: [Widening.IDENTITY_TO_LABELS] })],
  });
  const prod = new Zone(t, 'production');
  const web = new Tier(prod, 'web', { selector: { app: 'web' }, ports: [Port.tcp(80)] });
  const api = new Tier(prod, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080), Port.tcp(9090)] });
  api.allowFrom(web, { ports: [Port.tcp(8080)] });
  api.allowFrom(Peer.pods({ namespace: 'monitoring', labels: { app: 'prometheus' }, serviceAccount: 'prometheus' }), {
    ports: [Port.tcp(9090)],
  });
  api.allowTo(Peer.cidr('10.100.0.0/16'), { ports: [Port.tcpRange(5432, 5433)] });
}

const files = synthDocs(shop);
const setOf = (docs: Doc[]): PolicySet => policies(docs.map((d) => `---\n${stringify(d)}`).join(''));
const calico = setOf(files['shop-calico.k8s.yaml']);
const kubernetes = setOf(files['shop-kubernetes.k8s.yaml']);

const web = pod('production', 'web', { app: 'web' }, { ip: '10.0.0.1' });
const api = pod('production', 'api', { app: 'api' }, { ip: '10.0.0.2', ports: ['8080/TCP', '9090/TCP'] });
const prometheus = pod(
  'monitoring',
  'prometheus',
  { app: 'prometheus' },
  { ip: '10.0.1.1', serviceAccount: 'prometheus' },
);
const impostor = pod('monitoring', 'impostor', { app: 'prometheus' }, { ip: '10.0.1.2', serviceAccount: 'default' });
const stranger = pod('other', 'stranger', { app: 'web' }, { ip: '10.0.2.1' });
const dns = pod('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, { ip: '10.0.3.1', ports: ['53/UDP', '53/TCP'] });
const notDns = pod('kube-system', 'other', { app: 'other' }, { ip: '10.0.3.2' });
const cluster = clusterOf([web, api, prometheus, impostor, stranger, dns, notDns]);

describe("Calico output, as the verify engine's Calico layer evaluates it", () => {
  test('can allow exactly the declared edges, with DNS, and deny the rest by the end-of-tier drop', () => {
    expect(check(calico, cluster, 'calico', web, api, '8080/TCP').allowed).toBe(true);
    expect(check(calico, cluster, 'calico', web, api, '9090/TCP').allowed).toBe(false);
    expect(check(calico, cluster, 'calico', stranger, api, '8080/TCP').allowed).toBe(false);
    expect(explain(check(calico, cluster, 'calico', stranger, api, '8080/TCP'))).toContain('end of tier drop');
    expect(check(calico, cluster, 'calico', web, dns, '53/UDP').allowed).toBe(true);
    expect(check(calico, cluster, 'calico', web, dns, '53/TCP').allowed).toBe(true);
    expect(check(calico, cluster, 'calico', web, notDns, '53/UDP').allowed).toBe(false);
    expect(check(calico, cluster, 'calico', api, 'ip:10.100.3.4', '5433/TCP').allowed).toBe(true);
    expect(check(calico, cluster, 'calico', api, 'ip:10.100.3.4', '5434/TCP').allowed).toBe(false);
    expect(check(calico, cluster, 'calico', api, 'ip:10.200.3.4', '5432/TCP').allowed).toBe(false);
  });

  test("can hold the service account at L3: pods with Prometheus's labels but another identity are denied", () => {
    expect(check(calico, cluster, 'calico', prometheus, api, '9090/TCP').allowed).toBe(true);
    expect(check(calico, cluster, 'calico', impostor, api, '9090/TCP').allowed).toBe(false);
    // NetworkPolicy cannot: the same model's kubernetes profile admits the impostor (Widening.IDENTITY_TO_LABELS).
    expect(check(kubernetes, cluster, 'kubernetes', impostor, api, '9090/TCP').allowed).toBe(true);
  });

  test('cannot pass when an allow is removed or a rule widened', () => {
    const docs = files['shop-calico.k8s.yaml'];
    const without = setOf(docs.filter((d) => d.metadata.name !== 'api-ingress'));
    expect(check(without, cluster, 'calico', web, api, '8080/TCP').allowed).toBe(false);
    const widened = setOf(
      docs.map((d) =>
        d.metadata.name === 'api-ingress'
          ? { ...d, spec: { ...d.spec, ingress: [...d.spec.ingress, { action: 'Allow' }] } }
          : d,
      ),
    );
    expect(check(widened, cluster, 'calico', stranger, api, '8080/TCP').allowed).toBe(true);
  });
});
