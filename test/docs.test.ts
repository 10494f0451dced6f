import * as fs from 'fs';
import { README, readmeWithCapabilities } from './util/readme';

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
});
