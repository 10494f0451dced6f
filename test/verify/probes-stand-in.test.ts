import { probeApplies, Probe } from '../../src/verify/probes';
import { profileOf } from '../../src/verify/layers';

const probe = (targets: string[]): Probe =>
  ({ from: 'a/x', to: 'b/y', port: 80, protocol: 'TCP', expect: 'allow', targets }) as unknown as Probe;

describe('probes name the layers they were written for', () => {
  test('can hold calico to the probes written for kubernetes, and linkerd to those written for istio', () => {
    expect(probeApplies(probe(['kubernetes']), profileOf('calico'))).toBe(true);
    expect(probeApplies(probe(['istio']), profileOf('cilium+linkerd'))).toBe(true);
  });

  test('cannot apply a probe to a layer it was not written for', () => {
    expect(probeApplies(probe(['cilium']), profileOf('calico'))).toBe(false);
    expect(probeApplies(probe(['istio']), profileOf('calico'))).toBe(false);
    expect(probeApplies(probe(['kubernetes']), profileOf('linkerd'))).toBe(false);
  });
});
