import { compileCel } from '../../../../src/validation/schema/cel/environment';
import { servedSchemas, valuesOfKey } from '../vendored';

function vendoredRules(): string[] {
  return servedSchemas()
    .flatMap((schema) => valuesOfKey(schema, 'x-kubernetes-validations'))
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .map((entry: { rule: string }) => entry.rule);
}

describe('vendored CEL rules', () => {
  const rules = vendoredRules();

  it('can find the rules the schemas README counts (332 in served versions)', () => {
    expect(rules).toHaveLength(332);
  });

  it('can compile every rule, with every function it calls provided, except transition rules (never evaluated)', () => {
    const failures = [...new Set(rules)]
      .filter((rule) => !/\boldSelf\b/.test(rule))
      .map((rule) => [rule, compileCel(rule)] as const)
      .filter(([, program]) => program instanceof Error)
      .map(([rule, program]) => `${rule}: ${(program as Error).message}`);
    expect(failures).toEqual([]);
  });
});
