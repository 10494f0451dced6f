import { defaultSchemaValidator } from '../../../src/validation/schema';
import { validFixtures } from './fixtures';

const validator = defaultSchemaValidator();

describe('valid documents of every kind', () => {
  // GIVEN realistic documents of every kind the targets emit, and one of every other vendored kind
  const fixtures = validFixtures();

  it.each(
    fixtures.map(({ file, doc }) => [`${file}: ${doc.kind} ${(doc.metadata as { name: string }).name}`, doc] as const),
  )('can accept %s', (_label, doc) => {
    // WHEN validated THEN there is no violation
    expect(validator.validate(doc)).toEqual([]);
  });

  it('can evaluate every CEL rule the corpus meets (no rule left unevaluated)', () => {
    // WHEN the whole corpus is validated
    for (const { doc } of fixtures) validator.validate(doc);
    // THEN no rule failed to compile or called a function the library lacks
    expect(validator.unevaluatedRules()).toEqual([]);
  });

  it('can cover every kind the project emits and every vendored kind', () => {
    const kinds = new Set(fixtures.map(({ doc }) => `${doc.apiVersion} ${doc.kind}`));
    const emitted = [
      'networking.k8s.io/v1 NetworkPolicy',
      'cilium.io/v2 CiliumNetworkPolicy',
      'cilium.io/v2 CiliumClusterwideNetworkPolicy',
      'security.istio.io/v1 AuthorizationPolicy',
      'security.istio.io/v1 PeerAuthentication',
      'gateway.networking.k8s.io/v1 Gateway',
      'gateway.networking.k8s.io/v1 HTTPRoute',
      'gateway.networking.k8s.io/v1 GRPCRoute',
      'gateway.networking.k8s.io/v1beta1 ReferenceGrant',
      'v1 Namespace',
    ];
    expect([...kinds]).toEqual(expect.arrayContaining(emitted));
    const crdKinds = new Set(validator.knownKinds.map((k) => k.split(' ')[1]));
    const fixtureKinds = new Set(fixtures.map(({ doc }) => doc.kind));
    expect([...crdKinds].filter((k) => !fixtureKinds.has(k)).sort()).toEqual([
      'IPAddress',
      'Ingress',
      'IngressClass',
      'ServiceCIDR',
    ]);
  });

  it('can validate without changing the document it is given', () => {
    const doc = validFixtures().find((f) => f.doc.kind === 'HTTPRoute')!.doc;
    const before = JSON.stringify(doc);
    validator.validate(doc);
    expect(JSON.stringify(doc)).toEqual(before);
  });

  it('can give the same answer every time (determinism)', () => {
    const all = fixtures.map(({ doc }) => validator.validate({ ...doc, extra: true }));
    const again = fixtures.map(({ doc }) => validator.validate({ ...doc, extra: true }));
    expect(again).toEqual(all);
    expect(all.every((violations) => violations.length === 1)).toBe(true);
  });
});
