import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AllowFrom, Fqdn, HttpMatch, IngressGateway, Listener, MeshMode, MeshMtls, MtlsMode, PathMatch, Peer, Port, Profile,
  Tier, Topology, WarningMode, Zone,
} from '../../src';
import { ERROR_DOCS, ErrorCode, WarningCode } from '../../src/validation/codes';
import { synthError } from '../util/synth';

/**
 * Every code of the catalog, triggered once: its message must carry the code and say how to fix
 * the problem. To add a code, add one line to TRIGGERS (a program that provokes it) and its
 * entry in ERROR_DOCS (the README table).
 */

/** A fix is an imperative sentence, or a suggestion. */
const HINT = /(^|[.:;!?)] |\. )(Use|Give|Write|Set|Put|Remove|List|Keep|Add|Try|Name|Pass|Create|Leave|Shorten|Model|Label|Attach|Split|Acknowledge|Drop|Match|Upgrade|Enforce|Replace|Rename|Declare)\b|Did you mean /;

/** The message thrown by `f` (a value factory, a duplicate id). */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a throw');
}

/** The synth error line of one code. */
function synthLine(code: string, build: (app: App) => unknown): string {
  const msg = synthError(build);
  const line = msg.split('\n').find((l) => l.includes(`${code}: `));
  if (!line) throw new Error(`synth failed without ${code}:\n${msg}`);
  return line.trim();
}

const topo = (app: App, props: object = {}) => new Topology(app, 'shop', { profiles: [Profile.cilium()], warnings: WarningMode.SILENT, ...props });
const tierIn = (z: Zone, id: string, props: object = {}) => new Tier(z, id, { selector: { app: id }, serviceAccount: id, ports: [Port.tcp(8080)], ...props });

/** code → a program that provokes it, returning the message the user sees. */
const TRIGGERS: { [code: string]: () => string } = {
  ZT101: () => thrown(() => Peer.pods({ namespace: 'monitoring', labels: { 'app!': 'x' } })),
  ZT102: () => thrown(() => Peer.namespace('Monitoring')),
  ZT103: () => thrown(() => Peer.cidr('999.0.0.0/8')),
  ZT104: () => thrown(() => Peer.cidr('10.0.0.0/16', ['10.1.0.0/24'])),
  ZT105: () => thrown(() => Port.tcp(0)),
  ZT106: () => thrown(() => Port.tcpRange(7010, 7000)),
  ZT107: () => thrown(() => Port.named('HTTP_PORT')),
  ZT108: () => thrown(() => Fqdn.exact('api example.com')),
  ZT109: () => thrown(() => Fqdn.pattern('*.*.com')),
  ZT110: () => thrown(() => PathMatch.regex('/a{1001}')),
  ZT111: () => thrown(() => HttpMatch.method('FETCH', '/x')),
  ZT112: () => synthLine('ZT112', (app) => {
    const z = new Zone(topo(app), 'prod');
    tierIn(z, 'api').allowFrom(tierIn(z, 'web'), { ports: [Port.udp(53)], http: [HttpMatch.get('/x')] });
  }),
  ZT113: () => synthLine('ZT113', (app) => {
    const other = tierIn(new Zone(new Topology(app, 'other', { warnings: WarningMode.SILENT }), 'ops'), 'agent');
    tierIn(new Zone(topo(app), 'prod'), 'api').allowFrom(other);
  }),
  ZT114: () => synthLine('ZT114', (app) => {
    const z = new Zone(topo(app, { mesh: MeshMode.SIDECAR, profiles: [Profile.ciliumIstio()] }), 'prod');
    tierIn(z, 'api');
    new MeshMtls(z, 'a', { mode: MtlsMode.STRICT });
    new MeshMtls(z, 'b', { mode: MtlsMode.STRICT });
  }),
  ZT115: () => synthLine('ZT115', (app) => { const z = new Zone(topo(app), 'prod'); tierIn(z, 'a', { selector: { app: 'x' } }); tierIn(z, 'b', { selector: { app: 'x' } }); }),
  ZT116: () => synthLine('ZT116', (app) => { const z = new Zone(topo(app), 'prod'); tierIn(z, 'a', { serviceAccount: 'x' }); tierIn(z, 'b', { serviceAccount: 'x' }); }),
  ZT117: () => synthLine('ZT117', (app) => { const t = tierIn(new Zone(topo(app), 'prod'), 'api'); new AllowFrom(t, 'e', { from: Peer.cidr('10.0.0.0/8'), to: Peer.world() }); }),
  ZT118: () => synthLine('ZT118', (app) => {
    const z = new Zone(topo(app, { profiles: [Profile.kubernetes()] }), 'prod');
    tierIn(z, 'api').allowFrom(tierIn(z, 'web'), { ports: [Port.tcp(8080)], http: [HttpMatch.get('/x')] });
  }),
  ZT119: () => synthLine('ZT119', (app) => { tierIn(new Zone(topo(app, { profiles: [Profile.of(['kubernetes', 'cilium'])] }), 'prod'), 'api'); }),
  ZT120: () => synthLine('ZT120', (app) => { new Zone(new Chart(app, 'plain'), 'prod'); }),
  ZT121: () => synthLine('ZT121', (app) => { const t = topo(app); new Zone(t, 'a', { namespace: 'prod' }); new Zone(t, 'b', { namespace: 'prod' }); }),
  ZT122: () => synthLine('ZT122', (app) => { new Tier(new Zone(topo(app), 'prod'), 'api', {}); }),
  ZT123: () => synthLine('ZT123', (app) => { Tier.fromWorkload(new Zone(topo(app), 'prod'), 'api', new Construct(app, 'not-a-workload')); }),
  ZT124: () => synthLine('ZT124', (app) => { const z = new Zone(topo(app), 'prod'); tierIn(z, 'api'); new MeshMtls(z, 'mtls', { mode: MtlsMode.STRICT }); }),
  ZT125: () => synthLine('ZT125', (app) => {
    const t = topo(app);
    const api = tierIn(new Zone(t, 'prod'), 'api');
    new IngressGateway(t, 'gw', { namespace: 'prod', className: 'istio', listeners: [Listener.http()] }).addHttpRoute('r', { rules: [{ backends: [{ tier: api }] }] });
  }),
  ZT126: () => synthLine('ZT126', (app) => { tierIn(new Zone(topo(app, { profiles: [Profile.of(['calico'])] }), 'prod'), 'api'); }),
  ZT140: () => synthLine('ZT140', (app) => { const z = new Zone(topo(app), 'prod'); tierIn(z, 'api').allowFrom(tierIn(z, 'web'), { ports: [] }); }),
  ZT141: () => synthLine('ZT141', (app) => { const z = new Zone(topo(app), 'prod'); tierIn(z, 'api').allowFrom(tierIn(z, 'web'), { ports: [8080 as any] }); }),
  ZT142: () => synthLine('ZT142', (app) => {
    const z = new Zone(topo(app, { mesh: MeshMode.SIDECAR, profiles: [Profile.ciliumIstio()] }), 'prod');
    new MeshMtls(z, 'mtls', { mode: 'strict' as any });
  }),
  ZT143: () => synthLine('ZT143', (app) => { tierIn(new Zone(topo(app), 'prod'), 'api').allowFrom(undefined as any); }),
  ZT144: () => synthLine('ZT144', (app) => {
    const z = new Zone(topo(app, { mesh: MeshMode.AMBIENT, profiles: [Profile.ciliumIstio()] }), 'prod', { namespace: 'n'.repeat(60) });
    tierIn(z, 'api', { service: { name: 'api' } }).allowFrom(tierIn(z, 'web'), { ports: [Port.tcp(8080)], http: [HttpMatch.get('/x')] });
  }),
  ZT145: () => synthLine('ZT145', (app) => { new Zone(topo(app, { trustDomain: 'Prod Domain' }), 'prod'); }),
  ZT201: () => {
    const app = new App();
    const shop = new Topology(app, 'shop', { mesh: MeshMode.SIDECAR, profiles: [Profile.istio()], warnings: WarningMode.SILENT });
    tierIn(new Zone(shop, 'prod'), 'api');
    const w = shop.warnings.find((x) => x.code === 'ZT201');
    if (!w) throw new Error('expected ZT201');
    return `${w.code}: ${w.message}`;
  },
};

const CATALOG = [...Object.values(ErrorCode), ...Object.values(WarningCode)].sort();

describe('every code of the catalog says how to fix the problem', () => {
  test('the table covers the whole catalog, and nothing else', () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual(CATALOG);
    expect(Object.keys(ERROR_DOCS).sort()).toEqual(CATALOG);
  });

  test.each(Object.keys(TRIGGERS).sort())('%s', (code) => {
    const message = TRIGGERS[code]();
    expect(message).toContain(`${code}: `);
    const text = message.slice(message.indexOf(`${code}: `) + code.length + 2);
    expect({ code, text, hint: HINT.test(text) }).toEqual({ code, text, hint: true });
    expect(message).not.toMatch(/Rule '\{|"kind":/); // internal rule ids never reach a message
  });
});



