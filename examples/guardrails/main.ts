import { App } from 'cdk8s';
import {
  Guardrail,
  GuardrailAction,
  GuardrailDirection,
  GuardrailPeer,
  GuardrailSubject,
  NetworkPolicyApiVersion,
  Peer,
  Port,
  Profile,
  Tier,
  Topology,
  Zone,
} from '../../src';

/**
 * Platform guardrails above an app topology (scenario test/fixtures/scenarios/guardrails.yaml):
 * the app team's zones and edges, and the platform team's cluster-wide rules, which hold whatever
 * the app writes. One program, four profiles: NetworkPolicy + ClusterNetworkPolicy (v1alpha2),
 * NetworkPolicy + AdminNetworkPolicy (v1alpha1), Cilium (CiliumNetworkPolicy for the app,
 * CiliumClusterwideNetworkPolicy for the guardrails), and Calico (NetworkPolicy of the default tier
 * for the app, GlobalNetworkPolicy in tiers around it for the guardrails).
 */
export function build(app: App): Topology {
  const topology = new Topology(app, 'guardrails', {
    profiles: [
      Profile.kubernetesGuardrails({ name: 'kubernetes' }),
      Profile.kubernetesGuardrails({ name: 'kubernetes-anp', networkPolicyApi: NetworkPolicyApiVersion.V1ALPHA1 }),
      Profile.cilium(),
      Profile.calico(),
    ],
  });

  // The app: zones shop and payments deny both ways, DNS kept.
  const shop = new Zone(topology, 'shop');
  const payments = new Zone(topology, 'payments');
  const web = new Tier(shop, 'web', {
    selector: { app: 'web' },
    serviceAccount: 'web',
    ports: [Port.tcp(8080), Port.tcp(9090)],
  });
  const api = new Tier(shop, 'api', {
    selector: { app: 'api' },
    serviceAccount: 'api',
    ports: [Port.tcp(8080), Port.tcp(9090)],
  });
  const ledger = new Tier(payments, 'ledger', {
    selector: { app: 'ledger' },
    serviceAccount: 'ledger',
    ports: [Port.tcp(8443), Port.tcp(9090)],
  });
  api.allowFrom(web, { ports: [Port.tcp(8080)] });
  // A broad egress an app team might write.
  api.allowTo(Peer.cidr('0.0.0.0/0'), { ports: [Port.HTTP] });
  // An over-broad app allow: role=payer in any namespace.
  ledger.allowFrom(Peer.allNamespaces({ role: 'payer' }), { ports: [Port.tcp(8443)] });
  api.allowTo(ledger, { ports: [Port.tcp(8443)] });

  // The platform: lower priority first.
  new Guardrail(topology, 'no-cloud-metadata', {
    action: GuardrailAction.DENY,
    priority: 10,
    direction: GuardrailDirection.EGRESS,
    subject: GuardrailSubject.allNamespaces(),
    peers: [GuardrailPeer.cidr('169.254.169.254/32')],
  });
  new Guardrail(topology, 'sre-scrapes-metrics', {
    action: GuardrailAction.ALLOW,
    priority: 20,
    direction: GuardrailDirection.INGRESS,
    subject: GuardrailSubject.allNamespaces(),
    peers: [GuardrailPeer.pods({ namespaceLabels: { team: 'sre' }, podLabels: { app: 'prometheus' } })],
    ports: [Port.tcp(9090)],
  });
  new Guardrail(topology, 'pci-trusted-sources', {
    action: GuardrailAction.PASS,
    priority: 30,
    direction: GuardrailDirection.INGRESS,
    subject: GuardrailSubject.namespaces({ zone: 'pci' }),
    peers: [GuardrailPeer.namespaces({ zone: 'pci' }), GuardrailPeer.namespaces({ zone: 'app' })],
  });
  new Guardrail(topology, 'pci-isolation', {
    action: GuardrailAction.DENY,
    priority: 31,
    direction: GuardrailDirection.INGRESS,
    subject: GuardrailSubject.namespaces({ zone: 'pci' }),
    peers: [GuardrailPeer.allNamespaces()],
  });
  return topology;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
