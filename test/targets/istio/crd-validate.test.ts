import { validateDocument } from './crd-validate';

const meta = { name: 'p', namespace: 'ns', labels: { app: 'x' } };

/** The validator the other suites rely on must itself reject what the API server rejects. */
describe('CRD validation harness', () => {
  test('can accept an allow-nothing AuthorizationPolicy', () => {
    expect(validateDocument({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta, spec: {} })).toEqual([]);
  });

  test('cannot accept selector together with targetRefs (CEL)', () => {
    const doc = {
      apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta,
      spec: { selector: { matchLabels: { app: 'x' } }, targetRefs: [{ kind: 'Service', group: '', name: 's' }] },
    };
    expect(validateDocument(doc).join('\n')).toMatch(/only one of targetRefs or selector can be set/);
  });

  test('cannot accept portLevelMtls without a selector, or an out-of-range port key (CEL)', () => {
    const doc = {
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta,
      spec: { mtls: { mode: 'STRICT' }, portLevelMtls: { 70000: { mode: 'DISABLE' } } },
    };
    const problems = validateDocument(doc).join('\n');
    expect(problems).toMatch(/portLevelMtls requires selector/);
    expect(problems).toMatch(/port must be between 1-65535/);
  });

  test('cannot accept unknown fields, wrong enums or bad metadata', () => {
    const doc = {
      apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy',
      metadata: { name: 'Bad_Name', namespace: 'ns', labels: { 'x/': 'y' } },
      spec: { action: 'PERMIT', rules: [{ to: [{ operation: { method: ['GET'] } }] }] },
    };
    const problems = validateDocument(doc).join('\n');
    expect(problems).toMatch(/metadata.name/);
    expect(problems).toMatch(/invalid key 'x\/'/);
    expect(problems).toMatch(/PERMIT/);
    expect(problems).toMatch(/unknown field 'method'/);
  });

  test('cannot accept a Gateway with duplicate listener names (CEL) or a missing class', () => {
    const listener = { name: 'mesh', port: 15008, protocol: 'HBONE' };
    const doc = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: meta, spec: { listeners: [listener, { ...listener, port: 15009 }] } };
    const problems = validateDocument(doc).join('\n');
    expect(problems).toMatch(/Listener name must be unique/);
    expect(problems).toMatch(/missing required field 'gatewayClassName'/);
  });
});
