import { App } from 'cdk8s';
import fc from 'fast-check';
import {
  EgressFqdn,
  Fqdn,
  IngressGateway,
  Listener,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Zone,
} from '../../src';
import { ERROR_DOCS } from '../../src/validation/codes';
import { broadFqdnPattern, EmptyListProp, emptyListProp, narrowFqdnPattern } from './arbitraries';
import { runs, SEED } from './properties';
import { synthDocs } from '../util/synth';

/** What a raw crash looks like. */
const RAW = /is not a function|Cannot read propert|is not iterable|TypeError|There is already a Construct/;

/** Builds a small program with one empty list; returns the message of the refusal (thrown or at synth). */
function refusal(prop: EmptyListProp): string {
  const app = new App({ outdir: '/nonexistent' });
  try {
    const shop = new Topology(app, 'shop', {
      profiles: prop === 'profiles' ? [] : [Profile.cilium()],
      warnings: WarningMode.SILENT,
    });
    const prod = new Zone(shop, 'prod');
    const web = new Tier(prod, 'web', {
      selector: { app: 'web' },
      ports: prop === 'tierPorts' ? [] : [Port.tcp(80)],
      service: { name: 'web', ...(prop === 'servicePorts' ? { ports: [] } : {}) },
    });
    const api = new Tier(prod, 'api', { selector: { app: 'api' }, ports: [Port.tcp(8080)] });
    if (prop === 'ports') api.allowFrom(web, { ports: [] });
    if (prop === 'http') api.allowFrom(web, { ports: [Port.tcp(8080)], http: [] });
    if (prop === 'kafka') api.allowFrom(web, { ports: [Port.tcp(8080)], kafka: [] });
    if (prop === 'names' || prop === 'fqdnPorts' || prop === 'fqdnHttp') {
      new EgressFqdn(api, 'ext', {
        names: prop === 'names' ? [] : ['api.example.com'],
        ...(prop === 'fqdnPorts' ? { ports: [] } : {}),
        ...(prop === 'fqdnHttp' ? { ports: [Port.HTTP], http: [] } : {}),
      });
    }
    if (['hostnames', 'rules', 'backends', 'matches', 'listeners'].includes(prop)) {
      const gw = new IngressGateway(shop, 'gw', {
        namespace: 'prod',
        className: 'istio',
        listeners: prop === 'listeners' ? [] : [Listener.http()],
      });
      gw.addHttpRoute('r', {
        ...(prop === 'hostnames' ? { hostnames: [] } : {}),
        rules:
          prop === 'rules'
            ? []
            : [
                {
                  ...(prop === 'matches' ? { matches: [] } : {}),
                  backends: prop === 'backends' ? [] : [{ tier: web }],
                },
              ],
      });
    }
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`an empty '${prop}' was accepted`);
}

describe('empty lists and broad wildcards are refused with a documented code, never a crash', () => {
  test('an empty list, wherever it would read as "everything"', () => {
    fc.assert(
      fc.property(emptyListProp, (prop) => {
        const message = refusal(prop);
        expect(message).not.toMatch(RAW);
        const codes = [...message.matchAll(/\b(ZT\d{3}): /g)].map((m) => m[1]);
        // `profiles: []` has its own code, ZT132 (NO_PROFILES); every other empty list is ZT140.
        expect(codes).toContain(prop === 'profiles' ? 'ZT132' : 'ZT140');
        for (const c of codes) expect(ERROR_DOCS[c]).toBeDefined();
      }),
      { seed: SEED, numRuns: runs(60) },
    );
  });

  test('a DNS pattern broader than one registrable domain', () => {
    fc.assert(
      fc.property(broadFqdnPattern, (pattern) => {
        let message: string | undefined;
        try {
          Fqdn.parse(pattern);
        } catch (e) {
          message = (e as Error).message;
        }
        expect({ pattern, message }).toEqual({
          pattern,
          message: expect.stringMatching(/^ZT109: .*\. (Keep|Write|Name|Use)/),
        });
      }),
      { seed: SEED, numRuns: runs(300) },
    );
  });

  test('a DNS pattern within one registrable domain is accepted as written and emitted as Cilium matchPattern', () => {
    fc.assert(
      fc.property(narrowFqdnPattern, (pattern) => {
        expect(Fqdn.parse(pattern).toString()).toBe(pattern);
      }),
      { seed: SEED, numRuns: runs(300) },
    );
    const docs = Object.values(
      synthDocs((app) => {
        const api = new Tier(
          new Zone(new Topology(app, 'shop', { profiles: [Profile.cilium()], warnings: WarningMode.SILENT }), 'prod'),
          'api',
          { selector: { app: 'api' } },
        );
        new EgressFqdn(api, 'ext', { names: fc.sample(narrowFqdnPattern, { seed: SEED, numRuns: 5 }) });
      }),
    ).flat();
    const patterns = docs
      .flatMap((d) => (d.spec?.egress ?? []).flatMap((r: any) => r.toFQDNs ?? []))
      .map((f: any) => f.matchPattern);
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns.every((p: string) => p.includes('*'))).toBe(true);
  });
});
