import { syntheticValidator, widget } from './synthetic-schemas';

const validator = syntheticValidator();

function messages(doc: Record<string, unknown>): string[] {
  return validator.validate(doc).map((v) => v.message);
}

describe('structural schema walk', () => {
  it('can accept a document that uses every schema feature correctly', () => {
    expect(
      messages(
        widget({
          size: 3,
          ratio: 2.5,
          name: 'abc',
          nonLetters: '123-',
          port: 'http',
          mode: 'B',
          tags: ['a', 'b', 'c'],
          entries: [{ name: 'x' }, { name: 'y', value: 'z' }],
          labels: { a: 'b' },
          extra: { known: 'k', anything: { goes: [1, 2] } },
          template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: 'y' } },
          created: '2024-02-29T10:00:00Z',
          choice: { a: 'x' },
          word: 'fine',
          namespace: 'allowed',
          'dash-name': 'ok',
        }),
      ),
    ).toEqual([]);
  });

  it('cannot accept a wrong type, and names expected and actual types', () => {
    expect(messages(widget({ size: 'two' }))).toContain('spec.size: must be of type integer, got string');
    expect(messages(widget({ size: 2.5 }))).toContain('spec.size: must be of type integer, got number');
    expect(messages(widget({ tags: 'a' }))).toContain('spec.tags: must be of type array, got string');
  });

  it('can treat null in a non-nullable field as absent, as the API server prunes it', () => {
    expect(messages(widget({ ratio: null }))).toEqual([]);
    expect(messages(widget({ name: null }))).toEqual([]);
    expect(messages(widget({ size: null }))).toContain('spec.size: required field is missing');
    // a pruned null is then defaulted: mode null becomes "A", which the CEL rule checks
    expect(messages(widget({ size: 6, mode: null }))).toEqual([
      'spec: CEL rule failed: size must be below 5 in mode A',
    ]);
  });

  it('cannot accept null as a list item', () => {
    expect(messages(widget({ tags: ['a', null] }))).toContain('spec.tags[1]: must be of type string, got null');
  });

  it('cannot accept a missing required field', () => {
    const doc = widget({});
    delete (doc.spec as Record<string, unknown>).size;
    expect(messages(doc)).toContain('spec.size: required field is missing');
  });

  it('can check minimum, exclusive maximum, multipleOf and int32', () => {
    expect(messages(widget({ size: 0 }))).toContain('spec.size: 0 must be greater than or equal to 1');
    expect(messages(widget({ size: 10, mode: 'B' }))).toContain('spec.size: 10 must be less than 10');
    expect(messages(widget({ size: 9, mode: 'B' }))).toEqual([]);
    expect(messages(widget({ ratio: 0.7 }))).toContain('spec.ratio: 0.7 must be a multiple of 0.5');
  });

  it('can check string lengths and patterns, counting characters not UTF-16 units', () => {
    expect(messages(widget({ name: 'a' }))).toContain('spec.name: must be at least 2 characters long');
    expect(messages(widget({ name: 'abcdef' }))).toContain('spec.name: must be at most 5 characters long');
    expect(messages(widget({ name: 'AB' }))).toContain('spec.name: "AB" does not match pattern ^[a-z]+$');
    expect(messages(widget({ labels: { a: '😀😀😀' } }))).toEqual([]);
  });

  it('can translate Go one-letter Unicode classes in patterns (\\PL)', () => {
    expect(messages(widget({ nonLetters: '12 3' }))).toEqual([]);
    expect(messages(widget({ nonLetters: '12a' }))).toContain('spec.nonLetters: "12a" does not match pattern ^\\PL*$');
  });

  it('can accept int-or-string values and nothing else there', () => {
    expect(messages(widget({ port: 8080 }))).toEqual([]);
    expect(messages(widget({ port: true }))).toContain('spec.port: must be of type integer or string, got boolean');
  });

  it('cannot accept a value outside an enum, and then skips CEL rules like the API server', () => {
    expect(messages(widget({ mode: 'C' }))).toEqual([
      'spec.mode: unsupported value "C"; supported values: "A", "B"',
      'CEL validation rules of example.com/v1 Widget were not evaluated because the object has type or enum errors',
    ]);
  });

  it('cannot accept duplicates in a set list or a map list', () => {
    expect(messages(widget({ tags: ['a', 'b', 'a'] }))).toContain('spec.tags[2]: duplicate value "a"');
    expect(messages(widget({ entries: [{ name: 'x' }, { name: 'x', value: 'v' }] }))).toContain(
      'spec.entries[1]: duplicate entry with key name="x"',
    );
  });

  it('can check list and map sizes and additionalProperties schemas', () => {
    expect(messages(widget({ tags: ['a', 'b', 'c', 'd'] }))).toContain('spec.tags: must have at most 3 items');
    expect(messages(widget({ labels: { a: '1', b: '2', c: '3' } }))).toContain(
      'spec.labels: must have at most 2 properties',
    );
    expect(messages(widget({ labels: { a: 'long' } }))).toContain('spec.labels[a]: must be at most 3 characters long');
  });

  it('cannot accept unknown fields, except under preserve-unknown-fields', () => {
    expect(messages(widget({ extra: { anything: 1 } }))).toEqual([]);
    expect(messages(widget({ extra: { known: 1 } }))).toContain(
      'spec.extra.known: must be of type string, got integer',
    );
    expect(messages(widget({ entries: [{ name: 'x', other: 1 }] }))).toContain(
      'spec.entries[0].other: unknown field "other"',
    );
  });

  it('can require apiVersion and kind of an embedded resource and validate its metadata as ObjectMeta', () => {
    const result = messages(widget({ template: { metadata: { name: 'c', bogus: 1 } } }));
    expect(result).toEqual(
      expect.arrayContaining([
        'spec.template.apiVersion: required field is missing',
        'spec.template.kind: required field is missing',
        'spec.template.metadata.bogus: unknown field "bogus"',
      ]),
    );
  });

  it('can check date-time formats', () => {
    expect(messages(widget({ created: '2023-02-29T10:00:00Z' }))).toContain(
      'spec.created: "2023-02-29T10:00:00Z" is not a valid date-time',
    );
  });

  it('can apply oneOf and not', () => {
    expect(messages(widget({ choice: { a: 'x', b: 'y' } }))).toContain(
      'spec.choice: must satisfy exactly one of (oneOf), but satisfies 2',
    );
    expect(messages(widget({ choice: {} }))[0]).toMatch(
      /^spec\.choice: must satisfy exactly one of \(oneOf\): spec\.choice\.a: required field is missing/,
    );
    expect(messages(widget({ word: 'forbidden' }))).toContain('spec.word: must not satisfy the "not" schema');
  });

  it('can serve only served versions', () => {
    expect(validator.hasSchema('example.com/v1', 'Widget')).toBe(true);
    expect(validator.hasSchema('example.com/v0', 'Widget')).toBe(false);
    expect(messages({ ...widget({}), apiVersion: 'example.com/v0' })).toEqual(['no schema for example.com/v0 Widget']);
  });
});
