import * as fs from 'fs';
import { README, readmeWithCapabilities, readmeWithErrors } from './util/readme';

describe('README', () => {
  const text = fs.readFileSync(README, 'utf8');

  test('shows first the two set-up commands: synth and test', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(text)![1].trim().split('\n');
    expect(firstBlock[0]).toMatch(/^npm ci && npx cdk8s synth/);
    expect(firstBlock[1]).toMatch(/^npm ci && npm test/);
  });

  test('embeds the current targets × capabilities table (run `npm run docs:capabilities`)', () => {
    expect(readmeWithCapabilities(text)).toBe(text);
  });

  test('embeds the current error table, every code with its fix (run `npm run docs:errors`)', () => {
    expect(readmeWithErrors(text)).toBe(text);
  });
});

describe('README examples', () => {
  const text = fs.readFileSync(README, 'utf8');

  test('shows the three-tier example exactly as examples/three-tier/main.ts has it (docs never drift)', () => {
    const section = text.slice(text.indexOf('## The three-tier example'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)![1];
    const example = fs.readFileSync(require.resolve('../examples/three-tier/main.ts'), 'utf8');
    const exampleLines = example.split('\n').map((l) => l.trim());
    let at = 0;
    for (const line of block
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0)) {
      const found = exampleLines.indexOf(line, at);
      expect({ line, found: found >= 0 }).toEqual({ line, found: true });
      at = found + 1;
    }
  });
});
