import { App } from 'cdk8s';
import { EXAMPLES } from '../../../examples/main';
import { IrTopology } from '../../../src/ir/types';
import { EmittedProfile } from '../../../src/testing/report/emitted-profile';
import { connectivityMatrix } from '../../../src/testing/report/matrix';
import '../../../src/verify/istio';

/**
 * Calico is a CNI with at least NetworkPolicy's reach, and with the same widenings the examples'
 * `calico` profile allows what their `kubernetes` profile allows; with Istio, Calico's L3/L4 and
 * Cilium's leave the same to Istio. The verify engine judges each profile's emitted manifests on
 * its own layers (calico, kubernetes, cilium, istio), pair by pair.
 */
// The examples with a calico profile (guardrails are not rendered for Calico: its GlobalNetworkPolicy
// output is not built yet, so the guardrails example has no calico profile).
const WITH_CALICO: readonly (keyof typeof EXAMPLES)[] = ['three-tier', 'zones-lab', 'ambient-waypoint'];

describe.each(WITH_CALICO)('example %s', (name) => {
  const topology = EXAMPLES[name](new App());
  const ir = topology._compile().ir as IrTopology;
  const profiles = new Map(EmittedProfile.all(topology).map((p) => [p.name, p]));
  const matrix = (profile: string) => connectivityMatrix(ir, profiles.get(profile)!);

  test('can allow, as the calico profile, exactly what the kubernetes profile allows between every source and tier port', () => {
    expect(profiles.get('calico')!.layers).toEqual(['calico']);
    const calico = matrix('calico');
    expect(calico.cells.flat(2).length).toBeGreaterThan(0);
    expect(calico).toEqual(matrix('kubernetes'));
  });

  test('can allow, as the calico-istio profile, exactly what the cilium-istio profile allows, L7 included', () => {
    if (!profiles.has('cilium-istio')) {
      expect(profiles.has('calico-istio')).toBe(false); // no mesh in this example
      return;
    }
    expect(profiles.get('calico-istio')!.layers).toEqual(['calico', 'istio']);
    expect(matrix('calico-istio')).toEqual(matrix('cilium-istio'));
  });
});
