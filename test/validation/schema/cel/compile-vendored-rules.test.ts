import * as fs from 'fs';
import * as path from 'path';
import { compileCel } from '../../../../src/validation/schema/cel/environment';
import { parseCrdFile } from '../../../../src/validation/schema/crd-file';

const SCHEMAS = path.join(__dirname, '../../../../schemas');

function collectRules(node: unknown, into: string[]): string[] {
  if (Array.isArray(node)) node.forEach((child) => collectRules(child, into));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'x-kubernetes-validations' && Array.isArray(value)) into.push(...value.map((r: { rule: string }) => r.rule));
      else collectRules(value, into);
    }
  }
  return into;
}

function vendoredRules(): string[] {
  const rules: string[] = [];
  for (const folder of fs.readdirSync(SCHEMAS)) {
    const dir = path.join(SCHEMAS, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      for (const crd of parseCrdFile(fs.readFileSync(path.join(dir, file), 'utf8'), file)) {
        for (const version of crd.versions.filter((v) => v.served)) collectRules(version.schema, rules);
      }
    }
  }
  return rules;
}

describe('vendored CEL rules', () => {
  const rules = vendoredRules();

  it('can find the rules the schemas README counts (329 in served versions)', () => {
    expect(rules).toHaveLength(329);
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
