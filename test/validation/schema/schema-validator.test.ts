import { defaultSchemaValidator, SchemaValidator } from '../../../src/validation/schema';
import { fixture } from './fixtures';
import { SCHEMAS_DIR } from './vendored';

describe('SchemaValidator', () => {
  it('can load the package schemas once per process', () => {
    const first = defaultSchemaValidator();
    expect(SchemaValidator.load()).toBe(first);
    expect(SchemaValidator.load(SCHEMAS_DIR)).toBe(first);
  });

  it('can list every served kind of the vendored schemas', () => {
    expect(defaultSchemaValidator().knownKinds).toMatchSnapshot();
  });

  it('can tell whether it has a schema, counting only served versions', () => {
    const validator = defaultSchemaValidator();
    expect(validator.hasSchema('gateway.networking.k8s.io/v1', 'TLSRoute')).toBe(true);
    expect(validator.hasSchema('gateway.networking.k8s.io/v1alpha2', 'TLSRoute')).toBe(false);
    expect(validator.hasSchema('networking.k8s.io/v1', 'NetworkPolicy')).toBe(true);
    expect(validator.hasSchema('v1', 'Namespace')).toBe(true);
    expect(validator.hasSchema('v1', 'ConfigMap')).toBe(false);
  });

  it('cannot validate an unknown kind, and says so', () => {
    const doc = { apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'x', namespace: 'y' } };
    expect(defaultSchemaValidator().validate(doc)).toEqual([
      { kind: 'Foo', name: 'x', namespace: 'y', path: '', message: 'no schema for example.com/v1 Foo' },
    ]);
  });

  it.each([
    ['a list', []],
    ['a string', 'apiVersion: v1'],
    ['null', null],
  ])('cannot validate %s as a manifest', (_what, doc) => {
    expect(defaultSchemaValidator().validate(doc)).toEqual([
      { kind: '', name: '', path: '', message: 'a manifest must be a JSON object' },
    ]);
  });

  it('cannot validate a manifest without apiVersion or kind', () => {
    expect(defaultSchemaValidator().validate({ kind: 'NetworkPolicy', metadata: { name: 'x' } })[0].message).toBe(
      'apiVersion and kind must be strings',
    );
  });

  it('can name the manifest in every violation', () => {
    const doc = fixture('CiliumNetworkPolicy', 'api-ingress');
    doc.spec.bogus = true;
    expect(defaultSchemaValidator().validate(doc)).toEqual([
      {
        kind: 'CiliumNetworkPolicy',
        name: 'api-ingress',
        namespace: 'shop',
        path: 'spec.bogus',
        message: 'spec.bogus: unknown field "bogus"',
      },
    ]);
  });

  it('can tell cluster-scoped built-in kinds from the OpenAPI paths', () => {
    const ingressClass = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'nginx', namespace: 'shop' },
      spec: { controller: 'k8s.io/ingress-nginx' },
    };
    expect(
      defaultSchemaValidator()
        .validate(ingressClass)
        .map((v) => v.message),
    ).toEqual(['metadata.namespace: must not be set on a cluster-scoped kind']);
    delete (ingressClass.metadata as { namespace?: string }).namespace;
    expect(defaultSchemaValidator().validate(ingressClass)).toEqual([]);
  });

  it('can accept a namespaced kind without metadata.namespace (kubectl supplies it)', () => {
    const doc = fixture('NetworkPolicy', 'default-deny');
    delete doc.metadata.namespace;
    expect(defaultSchemaValidator().validate(doc)).toEqual([]);
  });

  it('can report a problem found twice only once', () => {
    const doc = { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', spec: { selector: 'all()' } };
    expect(
      defaultSchemaValidator()
        .validate(doc)
        .map((v) => v.message),
    ).toEqual(['metadata: required field is missing']);
  });

  it('cannot accept a manifest without metadata', () => {
    const doc = fixture('NetworkPolicy', 'default-deny');
    delete doc.metadata;
    expect(
      defaultSchemaValidator()
        .validate(doc)
        .map((v) => v.message),
    ).toEqual(['metadata: required field is missing']);
  });

  it('can accept a TLS listener whose tls.mode comes from the CRD default (defaults before CEL)', () => {
    // GIVEN a TLS listener without tls.mode: the rule "TLS needs tls.mode" only holds once the default Terminate is applied
    const doc = fixture('Gateway', 'edge');
    doc.spec.listeners.push({
      name: 'tls',
      port: 8443,
      protocol: 'TLS',
      tls: { certificateRefs: [{ name: 'db-tls' }] },
    });
    expect(defaultSchemaValidator().validate(doc)).toEqual([]);
    // and the defaulted mode Terminate then requires certificates (like the API server, an absent field is an error)
    delete doc.spec.listeners[2].tls.certificateRefs;
    expect(
      defaultSchemaValidator()
        .validate(doc)
        .map((v) => v.message),
    ).toEqual([
      'spec.listeners[2].tls: CEL rule error: field not found: certificateRefs evaluating rule: certificateRefs or options must be specified when mode is Terminate',
    ]);
    doc.spec.listeners[2].tls.certificateRefs = [];
    expect(
      defaultSchemaValidator()
        .validate(doc)
        .map((v) => v.message),
    ).toEqual([
      'spec.listeners[2].tls: CEL rule error: field not found: options evaluating rule: certificateRefs or options must be specified when mode is Terminate',
    ]);
  });

  it('can default an HTTPRoute path match type to PathPrefix before checking it', () => {
    const doc = fixture('HTTPRoute', 'shop-web');
    doc.spec.rules[0].matches[0].path = { value: 'relative' };
    expect(
      defaultSchemaValidator()
        .validate(doc)
        .map((v) => v.message),
    ).toContain(
      "spec.rules[0].matches[0].path: CEL rule failed: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
    );
    doc.spec.rules[0].matches[0].path = { type: 'RegularExpression', value: 'relative' };
    expect(defaultSchemaValidator().validate(doc)).toEqual([]);
  });

  it('can report a CEL evaluation error as a violation', () => {
    const doc = fixture('HTTPRoute', 'api-mesh');
    doc.spec.rules[0].timeouts.request = 'soon';
    expect(
      defaultSchemaValidator()
        .validate(doc)
        .map((v) => v.message),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^spec\.rules\[0\]\.timeouts: CEL rule error: .* evaluating rule: backendRequest timeout cannot be longer than request timeout$/,
        ),
      ]),
    );
  });
});
