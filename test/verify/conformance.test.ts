import * as fs from 'fs';
import * as path from 'path';
import { ClusterInfo, FlowProtocol, PodInfo } from '../../src/verify/cluster';
import { Verifier } from '../../src/verify/evaluate';
import { formatVerdict } from '../../src/verify/format';
import { parseManifests } from '../../src/verify/load';
import { PolicySet } from '../../src/verify/policy-set';

/**
 * The upstream Kubernetes e2e NetworkPolicy truth tables (test/fixtures/conformance/k8s-e2e):
 * every probe matrix of every case, with the generic `kubernetes` profile (ipBlock matches pod
 * IPs, as upstream expects). Loopback cells are ignored, as upstream does.
 */
interface CasePod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  ip: string;
  containerPorts: Array<{ name: string; containerPort: number; protocol: FlowProtocol }>;
}
interface Probe {
  protocol: FlowProtocol;
  port: number;
  expected: Record<string, Record<string, boolean>>;
  allowed: Array<[string, string]>;
}
interface Step {
  step: number;
  description: string;
  namespaces: Array<{ name: string; labels: Record<string, string> }>;
  pods: CasePod[];
  policies_yaml: string;
  probes: Probe[];
}
interface Case {
  id: string;
  title: string;
  steps: Step[];
}

const fixture = path.join(__dirname, '..', 'fixtures', 'conformance', 'k8s-e2e', 'cases.json');
const cases = (JSON.parse(fs.readFileSync(fixture, 'utf8')) as { cases: Case[] }).cases;

function clusterOf(step: Step): ClusterInfo {
  return {
    namespaces: step.namespaces,
    pods: step.pods.map((p): PodInfo => ({ ...p, serviceAccount: 'default', dataplane: 'none' })),
    services: [],
  };
}

describe('upstream NetworkPolicy e2e conformance (kubernetes profile)', () => {
  test('the fixture holds all 40 cases and 55 probe matrices', () => {
    expect(cases).toHaveLength(40);
    expect(cases.flatMap((c) => c.steps.flatMap((s) => s.probes))).toHaveLength(55);
  });

  test('cannot reproduce the ipBlock cases on a CNI whose ipBlocks never match pods (as on Cilium)', () => {
    const c = cases.find((x) => x.id === 'tcp-34-egress-cidr') as Case;
    const step = c.steps[0];
    const cluster = clusterOf(step);
    const verifier = new Verifier(PolicySet.of(parseManifests(step.policies_yaml)), cluster, 'kubernetes', {
      ipBlockMatchesPods: false,
    });
    const [from, to] = step.probes[0].allowed.find(([f, t]) => f === 'x/a' && t.startsWith('y/')) as [string, string];
    const pods = new Map(cluster.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
    const v = verifier.evaluate({
      source: { kind: 'pod', pod: pods.get(from) as PodInfo },
      destination: { kind: 'pod', pod: pods.get(to) as PodInfo },
      port: 80,
      protocol: 'TCP',
    });
    expect(v.allowed).toBe(false);
  });

  describe.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    test.each(c.steps.map((s) => [s.step, s] as const))('can reproduce every probe matrix of step %s', (_n, step) => {
      const cluster = clusterOf(step);
      const verifier = new Verifier(PolicySet.of(parseManifests(step.policies_yaml)), cluster, 'kubernetes');
      const podByKey = new Map(cluster.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
      const mismatches: string[] = [];
      let checked = 0;
      for (const probe of step.probes) {
        for (const [from, row] of Object.entries(probe.expected)) {
          for (const [to, expected] of Object.entries(row)) {
            if (from === to) continue;
            const verdict = verifier.evaluate({
              source: { kind: 'pod', pod: podByKey.get(from) as PodInfo },
              destination: { kind: 'pod', pod: podByKey.get(to) as PodInfo },
              port: probe.port,
              protocol: probe.protocol,
            });
            checked++;
            if (verdict.allowed !== expected) {
              mismatches.push(
                `${from} -> ${to} ${probe.port}/${probe.protocol}: expected ${expected ? 'allow' : 'deny'}\n${formatVerdict(verdict)}`,
              );
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
      expect(mismatches).toEqual([]);
    });
  });
});
