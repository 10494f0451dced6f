import { App } from 'cdk8s';
import { PodSecurityLevel, Port, Profile, Tier, Topology, WarningMode, Zone, ZoneProps } from '../../../src';
import { ErrorCode, WarningCode } from '../../../src/validation/codes';
import { loadManifests, KubeObject } from '../../../src/verify';
import { find, synthDocs, synthError, synthFiles } from '../../util/synth';

/** web -> api in one zone with the given props, in two profiles. */
function shop(app: App, zone: ZoneProps): Topology {
  const t = new Topology(app, 'shop', {
    profiles: [Profile.kubernetes(), Profile.cilium()],
    warnings: WarningMode.SILENT,
  });
  const prod = new Zone(t, 'prod', zone);
  const web = new Tier(prod, 'web', { selector: { app: 'web' } });
  new Tier(prod, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] }).allowFrom(web);
  return t;
}

const RESTRICTED = {
  enforce: PodSecurityLevel.RESTRICTED,
  enforceVersion: 'v1.31',
  audit: PodSecurityLevel.RESTRICTED,
  warn: PodSecurityLevel.BASELINE,
  warnVersion: 'latest',
};

describe('Pod Security admission labels on a zone', () => {
  test('can label the managed Namespace in every profile, each document schema-valid', () => {
    const files = synthDocs((app) => shop(app, { manageNamespace: true, podSecurity: RESTRICTED }));
    for (const f of ['shop-kubernetes.k8s.yaml', 'shop-cilium.k8s.yaml']) {
      expect(find(files[f], 'Namespace', 'prod').metadata.labels).toMatchObject({
        'kubernetes.io/metadata.name': 'prod',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.31',
        'pod-security.kubernetes.io/warn': 'baseline',
        'pod-security.kubernetes.io/warn-version': 'latest',
      });
    }
  });

  test('can emit nothing by default', () => {
    const files = synthFiles((app) => shop(app, { manageNamespace: true }));
    expect(files['shop-kubernetes.k8s.yaml']).not.toContain('pod-security.kubernetes.io');
  });

  test('cannot change connectivity: the policies are the same with and without the labels', () => {
    const policies = (zone: ZoneProps) =>
      Object.values(synthDocs((app) => shop(app, zone))).map((docs) => docs.filter((d) => d.kind !== 'Namespace'));
    expect(policies({ manageNamespace: true, podSecurity: RESTRICTED })).toEqual(policies({ manageNamespace: true }));
    // The verify engine sees them as namespace labels, which no emitted selector names.
    const objects = synthDocs((app) => shop(app, { manageNamespace: true, podSecurity: RESTRICTED }))[
      'shop-kubernetes.k8s.yaml'
    ] as unknown as KubeObject[];
    const ns = loadManifests(objects).cluster.namespaces.find((n) => n.name === 'prod');
    expect(ns?.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('can report the labels a namespace it does not manage needs (ZT208)', () => {
    const t = shop(new App(), { podSecurity: { enforce: PodSecurityLevel.BASELINE } });
    const w = t.warnings.filter((x) => x.code === WarningCode.POD_SECURITY_LABELS_NEEDED);
    expect(w.map((x) => x.message)).toContain(
      "namespace 'prod' must carry the Pod Security labels pod-security.kubernetes.io/enforce=baseline. Label it, or set manageNamespace: true on the zone",
    );
  });

  test.each([
    [{ enforce: PodSecurityLevel.RESTRICTED, enforceVersion: '1.31' }, "enforceVersion is the string '1.31'"],
    [{ enforce: PodSecurityLevel.RESTRICTED, enforceVersion: 'v2.0' }, "enforceVersion is the string 'v2.0'"],
    [{ audit: PodSecurityLevel.RESTRICTED, warnVersion: 'v1.30' }, 'warnVersion is set without podSecurity.warn'],
    [{}, 'podSecurity sets no level'],
  ])('cannot take %j (ZT192)', (podSecurity, message) => {
    const err = synthError((app) => shop(app, { podSecurity }));
    expect(err).toContain(`[shop/prod] ${ErrorCode.INVALID_POD_SECURITY}: podSecurity`);
    expect(err).toContain(message);
  });

  test('cannot take a level that is not a PodSecurityLevel (ZT142)', () => {
    const podSecurity = { enforce: 'strict' } as unknown as ZoneProps['podSecurity'];
    expect(synthError((app) => shop(app, { podSecurity }))).toContain(
      "[shop/prod] ZT142: podSecurity.enforce is the string 'strict', which is not a PodSecurityLevel",
    );
  });

  test('cannot give zones of one namespace different labels (ZT193)', () => {
    const err = synthError((app) => {
      const t = new Topology(app, 'shop', { profiles: [Profile.kubernetes()], warnings: WarningMode.SILENT });
      new Zone(t, 'a', {
        namespace: 'shared',
        podSelector: { zone: 'a' },
        manageNamespace: true,
        podSecurity: RESTRICTED,
      });
      new Zone(t, 'b', { namespace: 'shared', podSelector: { zone: 'b' }, manageNamespace: true });
    });
    expect(err).toContain(`[shop/b] ${ErrorCode.POD_SECURITY_CONFLICT}: zone asks for Pod Security labels {}`);
  });

  test('can label a namespace two zones share when they agree', () => {
    const files = synthDocs((app) => {
      const t = new Topology(app, 'shop', { profiles: [Profile.kubernetes()], warnings: WarningMode.SILENT });
      for (const z of ['a', 'b'])
        new Zone(t, z, {
          namespace: 'shared',
          podSelector: { zone: z },
          manageNamespace: true,
          podSecurity: RESTRICTED,
        });
    });
    expect(find(files['shop-kubernetes.k8s.yaml'], 'Namespace', 'shared').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });
});
