import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'src');

// Which layer may import which is checked by dependency-cruiser (.dependency-cruiser.js, see
// dependency-rules.test.ts); this file checks what an import rule cannot see.
describe('architecture', () => {
  test('cannot name a target in the IR or the planner', () => {
    const named: string[] = [];
    for (const dir of ['ir', 'plan']) {
      for (const f of fs.readdirSync(path.join(SRC, dir))) {
        const code = fs
          .readFileSync(path.join(SRC, dir, f), 'utf8')
          .split('\n')
          .filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l)); // comments may cite examples
        for (const line of code)
          if (/'(cilium|istio|kubernetes|gateway-api)'|15008|15012/.test(line))
            named.push(`${dir}/${f}: ${line.trim()}`);
      }
    }
    expect(named).toEqual([]);
  });
});
