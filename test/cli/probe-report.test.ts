import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { probeTable, ProbeTableWriter, titleOf } from '../../src/cli/probe-report';
import { parseManifests } from '../../src/verify/load';
import { PolicySet } from '../../src/verify/policy-set';
import { forEachProbeResult, parseProbes, ProbeResult, runProbes } from '../../src/verify/probes';
import { clusterFromScenario } from '../../src/verify/scenario';

const ROOT = path.join(__dirname, '..', '..');
const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'scenarios', 'three-tier.yaml'), 'utf8');
const policies = PolicySet.of(
  parseManifests(fs.readFileSync(path.join(ROOT, 'dist', 'three-tier-kubernetes.k8s.yaml'), 'utf8')),
);
const results = runProbes(parseProbes(text), policies, clusterFromScenario(text), 'kubernetes');

function streamed(rs: readonly ProbeResult[]): string[] {
  const lines: string[] = [];
  const applicable = rs.filter((r) => r.applies);
  const writer = new ProbeTableWriter(
    applicable.map((r) => titleOf(r.probe)),
    (l) => lines.push(l),
  );
  for (const r of applicable) writer.write(r);
  writer.end();
  return lines;
}

describe('the probe table, written row by row', () => {
  test('is the table of the whole list, whatever the order and the mix of verdicts', () => {
    expect(results.some((r) => r.applies)).toBe(true);
    fc.assert(
      fc.property(fc.shuffledSubarray([...results]), (subset) => {
        expect(streamed(subset)).toEqual(probeTable(subset));
      }),
      { seed: 20261204, numRuns: 200 },
    );
  });

  test('is the header alone when no probe applies', () => {
    expect(streamed([])).toEqual(probeTable([]));
  });

  test('gives the same results one by one as runProbes gives them all', () => {
    const probes = parseProbes(text);
    const one: ProbeResult[] = [];
    forEachProbeResult(probes, policies, clusterFromScenario(text), 'kubernetes', {}, (r) => one.push(r));
    expect(one).toEqual(results);
  });
});
