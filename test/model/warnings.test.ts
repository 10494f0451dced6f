import { App } from 'cdk8s';
import { MeshMode, Port, Profile, Tier, Topology, WarningMode, Zone } from '../../src';
import { synthError } from '../util/synth';

function ambientShop(app: App, warnings: WarningMode): Topology {
  const t = new Topology(app, 'shop', {
    mesh: MeshMode.AMBIENT,
    warnings,
    profiles: [Profile.istio({ accept: [] }), Profile.ciliumIstio()],
  });
  new Tier(new Zone(t, 'prod', { defaultDeny: undefined }), 'a', {
    selector: { app: 'a' },
    serviceAccount: 'a',
    ports: [Port.tcp(80)],
  });
  return t;
}

describe('warnings', () => {
  test('can deduplicate a warning that several profiles raise, with a stable code', () => {
    const app = new App();
    const t = new Topology(app, 'shop', {
      mesh: MeshMode.SIDECAR,
      warnings: WarningMode.SILENT,
      profiles: [Profile.ciliumIstio(), Profile.kubernetesIstio()],
    });
    new Tier(new Zone(t, 'prod'), 'a', { selector: { app: 'a' }, serviceAccount: 'a' });
    expect(t.warnings.map((w) => `${w.code} ${w.path}`)).toEqual(['ZT201 shop/prod']);
  });

  test('can acknowledge a warning for a subtree, with a reason', () => {
    const app = new App();
    const t = new Topology(app, 'shop', {
      mesh: MeshMode.SIDECAR,
      warnings: WarningMode.SILENT,
      profiles: [Profile.ciliumIstio()],
    });
    const prod = new Zone(t, 'prod');
    new Tier(prod, 'a', { selector: { app: 'a' }, serviceAccount: 'a' });
    const other = new Zone(t, 'other');
    new Tier(other, 'b', { selector: { app: 'b' }, serviceAccount: 'b' });
    t.acknowledgeWarning('ZT201', prod, 'the platform team labels production');
    expect(t.warnings.map((w) => w.path)).toEqual(['shop/other']);
  });

  test('throws for an acknowledgement without a reason', () => {
    const t = new Topology(new App(), 'shop', { warnings: WarningMode.SILENT });
    expect(() => t.acknowledgeWarning('ZT201', t, ' ')).toThrow(/needs a reason/);
  });

  test('throws in strict mode for an unacknowledged warning', () => {
    const msg = synthError((app) => {
      const t = new Topology(app, 'shop', {
        mesh: MeshMode.SIDECAR,
        warnings: WarningMode.ERROR,
        profiles: [Profile.ciliumIstio()],
      });
      new Tier(new Zone(t, 'prod'), 'a', { selector: { app: 'a' }, serviceAccount: 'a' });
    });
    expect(msg).toContain("[shop/prod] ZT201: namespace 'prod' must carry labels istio-injection=enabled");
    expect(msg).toContain('strict mode');
  });

  test('cannot fail strict mode once the warning is acknowledged', () => {
    const app = new App();
    const t = new Topology(app, 'shop', {
      mesh: MeshMode.SIDECAR,
      warnings: WarningMode.ERROR,
      profiles: [Profile.ciliumIstio()],
    });
    const prod = new Zone(t, 'prod');
    new Tier(prod, 'a', { selector: { app: 'a' }, serviceAccount: 'a' });
    t.acknowledgeWarning('ZT201', prod, 'labelled by the platform');
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('can report the mesh-only profile refusing egress it cannot enforce', () => {
    expect(synthError((app) => ambientShop(app, WarningMode.SILENT))).toContain(
      "[shop/prod] ZT118: zone denies egress, but profile 'istio' has no CNI target",
    );
  });
});
