import { App, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ErrorCode,
  IPeer,
  MeshMode,
  Peer,
  PeerReference,
  Port,
  Profile,
  Tier,
  Topology,
  WarningCode,
  WarningMode,
  Widening,
  Zone,
} from '../../src';
import { WIDENING_KINDS } from '../../src/ir/types';
import { synthError } from '../util/synth';

/** A construct of the user's own that stands for a managed database outside the cluster. */
class ManagedDatabase extends Construct implements IPeer {
  public readonly peerDescription = 'managed postgres';
  public readonly peerReference: PeerReference = Peer.cidr('10.100.0.0/16').peerReference;
}

describe('public surface', () => {
  test('can acknowledge a warning by its catalog entry as well as by its string', () => {
    // GIVEN two zones that both raise the namespace-labels warning
    const app = new App();
    const t = new Topology(app, 'shop', {
      mesh: MeshMode.SIDECAR,
      warnings: WarningMode.SILENT,
      profiles: [Profile.ciliumIstio()],
    });
    const prod = new Zone(t, 'prod');
    new Tier(prod, 'a', { selector: { app: 'a' }, serviceAccount: 'a' });
    const staging = new Zone(t, 'staging');
    new Tier(staging, 'b', { selector: { app: 'b' }, serviceAccount: 'b' });
    // WHEN one is acknowledged by the typed code and the other by the string
    t.acknowledgeWarning(WarningCode.NAMESPACE_LABELS_NEEDED, prod, 'the platform team labels production');
    t.acknowledgeWarning('ZT201', staging, 'the platform team labels staging');
    // THEN neither is reported
    expect(t.warnings).toEqual([]);
  });

  test('can acknowledge by the typed code exactly what the string acknowledges', () => {
    const app = new App();
    const t = new Topology(app, 'shop', {
      mesh: MeshMode.SIDECAR,
      warnings: WarningMode.SILENT,
      profiles: [Profile.ciliumIstio()],
    });
    const prod = new Zone(t, 'prod');
    new Tier(prod, 'a', { selector: { app: 'a' }, serviceAccount: 'a' });
    new Tier(new Zone(t, 'staging'), 'b', { selector: { app: 'b' }, serviceAccount: 'b' });
    t.acknowledgeWarning(WarningCode.NAMESPACE_LABELS_NEEDED, prod, 'the platform team labels production');
    expect(t.warnings.map((w) => `${w.code} ${w.path}`)).toEqual(['ZT201 shop/staging']);
  });

  test('can reference error codes from one typed catalog, numbered by scheme', () => {
    expect(ErrorCode.UNENFORCEABLE).toBe('ZT118');
    expect(WarningCode.NAMESPACE_LABELS_NEEDED).toBe('ZT201');
    const codes = Object.values(ErrorCode) as string[];
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^ZT(1\d\d|3\d\d)$/);
    expect(codes.filter((c) => c.startsWith('ZT3')).length).toBeGreaterThan(0);
  });

  test("can use a construct of the user's own as a peer by handing out the reference of the peer it stands for", () => {
    // GIVEN a tier that may reach a user-defined peer
    const app = Testing.app();
    const t = new Topology(app, 'shop', { profiles: [Profile.kubernetes()] });
    const api = new Tier(new Zone(t, 'prod'), 'api', { selector: { app: 'api' } });
    const db = new ManagedDatabase(t, 'db');
    api.allowTo(db, { ports: [Port.tcp(5432)] });
    // WHEN synthesized
    const docs = Testing.synth(t.chartFor('kubernetes'));
    // THEN the egress goes to the database's CIDR
    const egress = docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === 'api-egress');
    expect(egress.spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '10.100.0.0/16' } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
  });

  test('cannot implement IPeer without a reference only the library creates', () => {
    const app = new App();
    const t = new Topology(app, 'shop', { profiles: [Profile.kubernetes()] });
    const api = new Tier(new Zone(t, 'prod'), 'api', { selector: { app: 'api' } });
    // @ts-expect-error a peer needs a PeerReference
    const fake: IPeer = { peerDescription: 'fake' };
    // @ts-expect-error PeerReference has a private constructor
    const forged = new PeerReference({});
    void forged;
    api.allowTo(fake, { ports: [Port.tcp(1)] });
    expect(() => app.synth()).toThrow(/\[shop\/prod\/api\/to-invalid-peer\] ZT143/);
  });

  test('cannot reach the props or the workload of a construct from outside the library', () => {
    const app = new App();
    const t = new Topology(app, 'shop');
    const tier = new Tier(new Zone(t, 'prod'), 'api', { selector: { app: 'api' } });
    // @ts-expect-error the props are internal
    void tier.props;
    expect(() => {
      // @ts-expect-error the workload is read-only
      tier._workload = tier;
    }).toThrow(TypeError);
    // @ts-expect-error the topology's props are private
    void t.props;
    expect(
      synthError((a) => {
        const top = new Topology(a, 'shop');
        new Tier(new Zone(top, 'prod'), 'api', { selector: {} });
      }),
    ).toContain(ErrorCode.EMPTY_SELECTOR);
  });

  test('can accept exactly the widenings the planner knows: one list behind the Widening enum', () => {
    expect((Object.values(Widening) as string[]).sort()).toEqual([...WIDENING_KINDS].sort());
  });
});

describe('profiles cannot be changed once made', () => {
  test('cannot change a profile through the arrays it hands out', () => {
    const p = Profile.kubernetes({ accept: [Widening.L7_TO_L4] });
    p.targets.push('cilium');
    p.accepted.push(Widening.FQDN_TO_PUBLIC_CIDR);
    expect(p.targets).toEqual(['kubernetes']);
    expect(p.accepted).toEqual([Widening.L7_TO_L4]);
    expect(p.accepts(Widening.FQDN_TO_PUBLIC_CIDR)).toBe(false);
  });
});
