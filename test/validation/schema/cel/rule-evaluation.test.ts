import { syntheticValidator, widget } from '../synthetic-schemas';

const validator = syntheticValidator();

function messages(doc: Record<string, unknown>): string[] {
  return validator.validate(doc).map((v) => v.message);
}

describe('CEL rule evaluation', () => {
  it('can apply CRD defaults before evaluating rules', () => {
    // GIVEN no mode: the CRD default "A" makes the rule "mode A requires size < 5" apply
    expect(messages(widget({ size: 6 }))).toEqual(['spec: CEL rule failed: size must be below 5 in mode A']);
    // an explicit mode B does not trigger it
    expect(messages(widget({ size: 6, mode: 'B' }))).toEqual([]);
  });

  it('can build the message from messageExpression', () => {
    expect(messages(widget({ namespace: 'forbidden' }))).toEqual([
      'spec: CEL rule failed: namespace forbidden is not allowed',
    ]);
  });

  it('can report at the rule fieldPath', () => {
    expect(validator.validate(widget({ tags: ['a', 'b'] }))).toEqual([
      expect.objectContaining({ path: 'spec.tags', message: 'spec.tags: CEL rule failed: two tags are not allowed' }),
    ]);
  });

  it('can address escaped property names (namespace → __namespace__, dash-name → dash__dash__name)', () => {
    expect(messages(widget({ 'dash-name': 'x' }))).toEqual(['spec: CEL rule failed: dash-name must not be x']);
    expect(messages(widget({ namespace: 'ok', 'dash-name': 'ok' }))).toEqual([]);
  });

  it('can type integers as CEL int and numbers as CEL double', () => {
    expect(messages(widget({ ratio: 1.5 }))).toEqual(['spec: CEL rule failed: ratio must not be 1.5']);
    expect(messages(widget({ port: -1 }))).toEqual(['spec: CEL rule failed: a numeric port must be positive']);
    expect(messages(widget({ port: 'http' }))).toEqual([]);
  });

  it('can skip transition rules (oldSelf), which apply only to updates', () => {
    expect(messages(widget({}))).toEqual([]);
    expect(validator.unevaluatedRules().some((rule) => rule.includes('oldSelf'))).toBe(false);
  });

  it('cannot let a rule it cannot evaluate pass silently', () => {
    // GIVEN a CRD whose rules call an unknown function, do not parse, mistype values, or yield no bool
    const gadget = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { a: 'x', b: 'y' } };
    // WHEN a document is validated
    const result = messages(gadget);
    // THEN each such rule is a violation and is listed as unevaluated
    expect(result).toEqual([
      'spec: CEL rule could not be compiled (rule: !has(self.a) || frobnicate(self.a))',
      'spec: CEL rule could not be compiled (rule: self.()',
      expect.stringMatching(
        /^spec: CEL rule error: found no matching overload for '_\+_' .* evaluating rule: adds a number to a string$/,
      ),
      'spec: CEL rule did not evaluate to a bool (rule: has(self.a) ? self.a : true)',
    ]);
    expect(validator.unevaluatedRules()).toEqual([
      'example.com/v1 Gadget spec: !has(self.a) || frobnicate(self.a) (cannot compile: unknown function frobnicate)',
      expect.stringMatching(
        /^example\.com\/v1 Gadget spec: !has\(self\.b\) \|\| self\.b \+ 1 > 0 \(found no matching overload/,
      ),
      'example.com/v1 Gadget spec: has(self.a) ? self.a : true (did not evaluate to a bool)',
      expect.stringMatching(/^example\.com\/v1 Gadget spec: self\.\( \(cannot compile: /),
    ]);
  });
});
