import { SchemaValidator } from './src/validation/schema';
let t = Date.now();
const v = SchemaValidator.load();
console.log('load', Date.now() - t);
const docs: unknown[] = [
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'prod', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-zerotrust' } },
    spec: { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 7000, endPort: 7010 }] }] } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'Bad_Name', foo: 1 },
    spec: { podSelector: {}, bar: 2, ingress: [{ from: [{}], ports: [{ port: 70000 }, { port: 'http', endPort: 90 }, { endPort: 5 }] }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8', except: ['11.0.0.0/16'] }, podSelector: {} }] }], policyTypes: ['Ingress', 'Ingress'] } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'prod' },
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { value: 'foo' } }], backendRefs: [{ name: 'svc', port: 80 }] }, { backendRefs: [{ name: 'svc', port: 80 }] }] } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g' },
    spec: { gatewayClassName: 'istio', listeners: [{ name: 'a', port: 80, protocol: 'HTTP' }, { name: 'a', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'c' }] } }] } },
  { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'ap', namespace: 'x' },
    spec: { selector: { matchLabels: { app: 'a' } }, targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'g' }], action: 'ALLOW', rules: [{}] } },
  { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'pa', namespace: 'x' }, spec: { mtls: { mode: 'STRICT' }, portLevelMtls: { '8080': { mode: 'PERMISSIVE' } } } },
  { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'c', namespace: 'x' },
    spec: { endpointSelector: { matchLabels: { app: 'a' } }, egress: [{ toFQDNs: [{ matchName: 'api.stripe.com' }], toEndpoints: [{}], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] } },
  { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'c', namespace: 'x' }, spec: { endpointSelector: {}, ingress: [] } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { 'istio.io/dataplane-mode': 'ambient' } }, spec: { finalizers: ['kubernetes'] } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod.x' }, status: {} },
  { apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'x' } },
];
for (const d of docs) { t = Date.now(); const r = v.validate(d); console.log(Date.now() - t, 'ms', (d as any).kind, JSON.stringify(r.map((x) => x.message), null, 1)); }
console.log(v.unevaluatedRules());
t = Date.now(); for (let i = 0; i < 2000; i++) for (const d of docs) v.validate(d); console.log('2000x', Date.now() - t);
