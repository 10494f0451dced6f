import { IrPeer, IrRoute, IrRouteMatch, IrTopology, IrWorkload } from '../../ir/types';
import { describeL7, describePeer, describePort, describePorts, gatewayOf, isExternal } from './describe';

/**
 * Above this many tiers (or `MAX_EDGES_ONE_DIAGRAM` edges) one diagram of every tier stops being
 * legible at the width of a Markdown column. Measured with mermaid 11 at 880 px on the bench
 * generator's topologies (3 edges into each tier): text is 14 px tall at 8 tiers / 24 edges,
 * 6.3 px at 10 / 31, 4.8 px at 12 / 37, 2.8 px at 20 / 61. The report then draws a zone overview
 * and one diagram per zone (or part of a zone).
 */
export const MAX_TIERS_ONE_DIAGRAM = 8;
/** See `MAX_TIERS_ONE_DIAGRAM`. */
export const MAX_EDGES_ONE_DIAGRAM = 24;
/** L7 conditions an edge label shows in full; more go to a numbered note under the diagram. */
const MAX_L7_ON_LABEL = 3;

/** How an arrow is drawn: what it means in the legend. */
export type EdgeStyle = 'allowed' | 'route' | 'widened' | 'unintended' | 'denied';

/** Line styles by edge style (mermaid `linkStyle`); `allowed` and `route` keep mermaid's defaults. */
const LINK_STYLE: { readonly [s in EdgeStyle]?: string } = {
  widened: 'stroke:#c62828,stroke-width:2px,stroke-dasharray:6 4,color:#c62828',
  unintended: 'stroke:#e65100,stroke-width:3px,color:#e65100',
  denied: 'stroke:#9e9e9e,stroke-dasharray:2 4,color:#616161',
};

/** One arrow of a diagram. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /** Label lines (shown joined by line breaks). */
  readonly lines: readonly string[];
  readonly style: EdgeStyle;
}

/** A diagram under construction: node declarations by group, edges, notes. */
export class Diagram {
  private readonly ids = new NodeIds();
  private readonly groups = new Map<string, { title: string; nodes: string[] }>();
  private readonly loose: string[] = [];
  private readonly edges: DiagramEdge[] = [];
  private readonly edgeKeys = new Set<string>();
  /** Footnotes of long edge labels, numbered from 1. */
  public readonly notes: string[] = [];
  /** Shapes used, for the legend. */
  public readonly shapes = new Set<string>();

  /** Declares a node (once); `group` is a subgraph key and title, or undefined for none. */
  public node(
    key: string,
    hint: string,
    text: string,
    shape: 'tier' | 'gateway' | 'pods' | 'external' | 'zone' | 'mode',
    group?: { key: string; title: string },
  ): string {
    const known = this.ids.has(key);
    const id = this.ids.of(key, hint);
    if (known) return id;
    this.shapes.add(shape);
    const [open, close] =
      shape === 'gateway'
        ? ['{{"', '"}}']
        : shape === 'external'
          ? ['(["', '"])']
          : shape === 'pods'
            ? ['[["', '"]]']
            : shape === 'zone'
              ? ['[("', '")]']
              : shape === 'mode'
                ? ['>"', '"]']
                : ['["', '"]'];
    const line = `${id}${open}${text}${close}${shape === 'mode' ? ':::mode' : ''}`;
    if (!group) this.loose.push(`  ${line}`);
    else {
      const g = this.groups.get(group.key) ?? { title: group.title, nodes: [] };
      g.nodes.push(`    ${line}`);
      this.groups.set(group.key, g);
    }
    return id;
  }

  /** Declares an empty subgraph now, so that groups appear in declaration order. */
  public group(key: string, title: string): void {
    if (!this.groups.has(key)) this.groups.set(key, { title, nodes: [] });
  }

  /** The id of a declared node. */
  public id(key: string): string {
    return this.ids.get(key);
  }

  /** Adds an arrow; identical arrows are drawn once. Label lines beyond the first `keep` go to a note. */
  public edge(e: DiagramEdge, keep: number = MAX_L7_ON_LABEL + 1): void {
    let lines = e.lines;
    if (lines.length > keep) {
      this.notes.push(lines.slice(1).join('; '));
      lines = [lines[0], ...lines.slice(1, keep - 1), `… +${lines.length - keep + 1} more, note ${this.notes.length}`];
    }
    const key = `${e.from}>${e.to}>${lines.join('|')}>${e.style}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push({ ...e, lines });
  }

  /** The edge styles used, for the legend. */
  public styles(): Set<EdgeStyle> {
    return new Set(this.edges.map((e) => e.style));
  }

  /**
   * `LR` or `TB`, whichever is estimated narrower at the width of a Markdown column: nodes are
   * ranked by longest path; left to right, the width is the sum over ranks of the widest node and
   * edge label; top to bottom, the widest rank's nodes and outgoing labels side by side (in characters).
   */
  private direction(): 'LR' | 'TB' {
    const width = new Map<string, number>();
    const lineWidth = (t: string): number => Math.max(0, ...t.split('<br/>').map((l) => l.length));
    for (const line of [...this.loose, ...[...this.groups.values()].flatMap((g) => g.nodes)]) {
      const m = /^\s*(\w+)\W+"(.*)"\W*$/.exec(line);
      if (m) width.set(m[1], lineWidth(m[2]) + 6);
    }
    const rank = new Map<string, number>([...width.keys()].map((k) => [k, 0]));
    for (let pass = 0; pass < width.size; pass++) {
      let changed = false;
      for (const e of this.edges) {
        const r = (rank.get(e.from) ?? 0) + 1;
        if (e.from !== e.to && r > (rank.get(e.to) ?? 0) && r < width.size) {
          rank.set(e.to, r);
          changed = true;
        }
      }
      if (!changed) break;
    }
    const ranks = Math.max(0, ...rank.values()) + 1;
    let lr = 0;
    let tb = 0;
    for (let r = 0; r < ranks; r++) {
      const nodes = [...rank.entries()].filter(([, x]) => x === r).map(([k]) => width.get(k) ?? 0);
      const labels = this.edges
        .filter((e) => (rank.get(e.from) ?? 0) === r)
        .map((e) => Math.max(0, ...e.lines.map((l) => l.length)) + 2);
      lr += Math.max(0, ...nodes) + Math.max(0, ...labels);
      tb = Math.max(
        tb,
        nodes.reduce((a, b) => a + b, 0),
        labels.reduce((a, b) => a + b, 0),
      );
    }
    return tb < lr ? 'TB' : 'LR';
  }

  /** The mermaid text. */
  public render(): string {
    const out = [`flowchart ${this.direction()}`];
    let g = 0;
    for (const [, group] of this.groups) {
      if (group.nodes.length === 0) continue;
      g++;
      out.push(`  subgraph group_${g}["${group.title || ' '}"]`, ...group.nodes, '  end');
    }
    out.push(...this.loose);
    const styled: string[] = [];
    this.edges.forEach((e, i) => {
      const arrow = e.style === 'route' ? '-.->' : e.style === 'denied' ? '-.-x' : '-->';
      const text = e.lines.map(label).join('<br/>');
      out.push(`  ${e.from} ${arrow}${text ? `|"${text}"|` : ''} ${e.to}`);
      const style = LINK_STYLE[e.style];
      if (style) styled.push(`  linkStyle ${i} ${style}`);
    });
    const classes = this.shapes.has('mode')
      ? ['  classDef mode fill:#f5f5f5,stroke:#9e9e9e,stroke-dasharray:3 3,color:#212121']
      : [];
    return [...out, ...styled, ...classes].join('\n');
  }
}

/** The legend lines (Markdown) for the shapes and styles a diagram uses. */
export function legend(diagram: Diagram): string[] {
  const shapes: { readonly [s: string]: string } = {
    mode: '`>  ]` grey flag in a zone: what the emitted objects set there — data plane (`no mesh`, `sidecar`, `ambient`) · namespace-wide mTLS mode · `egress open` when a public address no edge names is reachable (the widening named)',
    zone: '`[( )]` cylinder: a zone (overview); its label counts its tiers',
    tier: '`[ ]` box: a tier, with its ports',
    gateway: '`{{ }}` hexagon: an ingress gateway, inside its namespace',
    pods: '`[[ ]]` double box: pods the topology names by labels (not a tier), inside their namespace',
    external: '`([ ])` pill: an external peer (CIDR, DNS name, entity), short label `X<n>`; see "External peers"',
  };
  const styles: { readonly [s in EdgeStyle]: string } = {
    allowed: 'solid arrow: allowed connection, labelled with its ports and HTTP / Kafka conditions',
    route: 'dotted arrow: a route of a gateway to a backend, labelled with its match, target port and weight',
    widened: 'red dashed arrow: the emitted manifests allow more than the intent; the label names the widening',
    unintended: 'thick orange arrow: allowed by the emitted manifests but by no edge of the intent',
    denied: 'grey dotted arrow ending in x: an edge of the intent the emitted manifests do not allow',
  };
  const used = diagram.styles();
  return [
    '- yellow box: a zone (`zone <name>`, with `ns <namespace>` when the namespace has another name) or another namespace',
    ...[...diagram.shapes].map((s) => `- ${shapes[s]}`),
    ...(Object.keys(styles) as EdgeStyle[]).filter((s) => used.has(s)).map((s) => `- ${styles[s]}`),
  ];
}

/** The notes of a diagram as a Markdown list (empty when none). */
export function notes(diagram: Diagram): string[] {
  return diagram.notes.length === 0
    ? []
    : ['', 'Notes:', '', ...diagram.notes.map((n, i) => `${i + 1}. ${n.replace(/\|/g, '\\|')}`)];
}

/** External peers of a topology in a stable order, with their short label `X<n>`. */
export function externalPeers(ir: IrTopology): Map<string, { short: string; peer: IrPeer }> {
  const found = new Map<string, IrPeer>();
  for (const r of ir.rules) for (const p of [r.from, r.to]) if (isExternal(p)) found.set(describePeer(p), p);
  const out = new Map<string, { short: string; peer: IrPeer }>();
  [...found.keys()]
    .sort()
    .forEach((text, i) =>
      out.set(text, { short: `X${i + 1} ${shortPeer(found.get(text) as IrPeer)}`, peer: found.get(text) as IrPeer }),
    );
  return out;
}

/** A short name for an external peer: `cidr 0.0.0.0/0 except 5`, `fqdn api.stripe.com`, `fqdn a.com +2`. */
function shortPeer(peer: IrPeer): string {
  const clip = (s: string): string => (s.length > 24 ? `${s.slice(0, 23)}…` : s);
  if (peer.kind === 'cidr') return `cidr ${peer.cidr}${peer.except.length > 0 ? ` except ${peer.except.length}` : ''}`;
  if (peer.kind === 'fqdn')
    return `fqdn ${clip(peer.names[0].kind === 'subdomains' ? `**.${peer.names[0].value}` : peer.names[0].value)}${peer.names.length > 1 ? ` +${peer.names.length - 1}` : ''}`;
  return clip(describePeer(peer));
}

/** Where the non-tier peers and gateways of a topology are drawn. */
export class Placement {
  private readonly externals: Map<string, { short: string; peer: IrPeer }>;

  public constructor(
    private readonly ir: IrTopology,
    private readonly diagram: Diagram,
  ) {
    this.externals = externalPeers(ir);
  }

  /** Declares the zone subgraphs (with a title per zone) in IR order. */
  public zones(title: (zoneId: string) => string): void {
    for (const z of this.ir.zones) this.diagram.group(`zone:${z.id}`, title(z.id));
  }

  /** Declares a tier in its zone's subgraph. */
  public tier(w: IrWorkload): string {
    const ports = w.ports.map((p) => describePort({ protocol: p.protocol, port: p.port })).join(', ');
    return this.diagram.node(
      `workload:${w.id}`,
      `tier_${w.id}`,
      `${label(w.name)}${ports ? ` · ${label(ports)}` : ''}`,
      'tier',
      { key: `zone:${w.zone}`, title: '' },
    );
  }

  /** The node of a peer, declared where it belongs: gateways and pods with their namespace, externals apart. */
  public peer(p: IrPeer): string {
    if (p.kind === 'workload') {
      const w = this.ir.workloads.find((x) => x.id === p.workload) as IrWorkload;
      return this.tier(w);
    }
    const gateway = gatewayOf(this.ir, p);
    if (gateway) return this.gateway(gateway.id);
    const text = describePeer(p);
    const external = this.externals.get(text);
    if (external)
      return this.diagram.node(`peer:${text}`, external.short.split(' ')[0], label(external.short), 'external', {
        key: 'external',
        title: 'outside the cluster',
      });
    const namespace = p.kind === 'pods' ? p.namespace : undefined;
    const shortText = namespace !== undefined ? text.replace(`pods ${namespace} `, 'pods ') : text;
    return this.diagram.node(
      `peer:${text}`,
      'pods',
      label(shortText),
      'pods',
      namespace === undefined ? undefined : this.namespaceGroup(namespace),
    );
  }

  /** The node of a gateway, in its namespace's group. */
  public gateway(id: string): string {
    const g = this.ir.gateways.find((x) => x.id === id);
    if (!g) throw new Error(`diagram: no gateway ${id}`);
    const ports = g.listeners.map((l) => `${l.port}`).join(', ');
    return this.diagram.node(
      `gateway:${g.id}`,
      `gateway_${g.id}`,
      `gateway ${label(g.name)} · ${label(ports)}`,
      'gateway',
      this.namespaceGroup(g.namespace),
    );
  }

  private namespaceGroup(namespace: string): { key: string; title: string } {
    const zone = this.ir.zones.find((z) => z.namespace === namespace);
    return zone
      ? { key: `zone:${zone.id}`, title: '' }
      : { key: `namespace:${namespace}`, title: `namespace ${label(namespace)}` };
  }
}

/** The label lines of a rule: its ports, then each L7 condition. */
export function ruleLines(
  ports: readonly { protocol: 'TCP' | 'UDP' | 'SCTP'; port?: number; endPort?: number; name?: string }[],
  l7: readonly string[],
): string[] {
  return [describePorts(ports), ...l7];
}

/** What a route rule matches: `/api/v1*`, `GET /x [x-canary: true]`, `gRPC a.B/C`, `any request`. */
export function describeRouteMatch(m: IrRouteMatch): string {
  if (m.grpc) return `gRPC ${m.grpc.service}/${m.grpc.method ?? '*'}`;
  const path = m.path === undefined ? undefined : m.path.kind === 'Exact' ? m.path.value : `${m.path.value}*`;
  const headers = m.headers.map((h) => (h.value === undefined ? h.name : `${h.name}: ${h.value}`));
  const parts = [m.method, path, headers.length > 0 ? `[${headers.join(', ')}]` : undefined].filter(
    (x) => x !== undefined,
  );
  return parts.length === 0 ? 'any request' : parts.join(' ');
}

/** Draws the gateway routes of a topology as dotted arrows with their match, target port and weight. */
export function drawRoutes(
  ir: IrTopology,
  place: Placement,
  diagram: Diagram,
  only?: (workload: string) => boolean,
): void {
  for (const route of ir.routes) {
    if (route.parent.kind !== 'Gateway') continue;
    for (const rule of route.rules) {
      for (const backend of rule.backends) {
        if (only && !only(backend.workload)) continue;
        const from = place.gateway(route.parent.gateway);
        const to = place.peer({ kind: 'workload', workload: backend.workload });
        diagram.edge({
          from,
          to,
          lines: routeLines(route, rule.matches, backend.targetPort, backend.weight, rule.backends.length),
          style: 'route',
        });
      }
    }
  }
}

function routeLines(
  route: IrRoute,
  matches: readonly IrRouteMatch[],
  port: number,
  weight: number,
  backends: number,
): string[] {
  const hosts = route.hostnames.length > 0 ? ` ${route.hostnames.join(', ')}` : '';
  const head = `${route.name}${hosts} → ${port}${backends > 1 ? ` · weight ${weight}` : ''}`;
  return [head, ...(matches.length === 0 ? ['any request'] : matches.map(describeRouteMatch))];
}

/**
 * A Mermaid `flowchart LR` of a topology's whole intent: one subgraph per zone holding its tiers
 * (and the gateways and named pods of its namespace), a subgraph per other namespace, the external
 * peers apart with short labels (`X1 …`), one arrow per edge labelled with its ports and L7
 * conditions (long lists end in a numbered note), and one dotted arrow per route backend with its
 * match. Node ids are built from `[A-Za-z0-9_]` only; the output is deterministic.
 */
export function renderMermaid(ir: IrTopology): string {
  return intentDiagram(ir).render();
}

/** The diagram of `renderMermaid`, for its legend and notes. */
export function intentDiagram(
  ir: IrTopology,
  zoneTitle: (zoneId: string) => string = (id) => defaultZoneTitle(ir, id),
): Diagram {
  const diagram = new Diagram();
  const place = new Placement(ir, diagram);
  place.zones(zoneTitle);
  for (const w of ir.workloads.filter((t) => !t.system)) place.tier(w);
  for (const r of ir.rules)
    diagram.edge({
      from: place.peer(r.from),
      to: place.peer(r.to),
      lines: ruleLines(r.ports, describeL7(r.l7)),
      style: 'allowed',
    });
  drawRoutes(ir, place, diagram);
  return diagram;
}

/** `zone production`, `zone web · ns shop` when the namespace has another name, plus its pod selector when it has one. */
export function defaultZoneTitle(ir: IrTopology, zoneId: string): string {
  const z = ir.zones.find((x) => x.id === zoneId);
  if (!z) return label(zoneId);
  const selector =
    Object.keys(z.podSelector).length > 0
      ? ` ${Object.entries(z.podSelector)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}`
      : '';
  return `zone ${label(z.id)}${z.namespace !== z.id ? ` · ns ${label(z.namespace)}` : ''}${label(selector)}`;
}

/** Text safe inside a quoted Mermaid label: quotes, pipes and angle brackets as entity codes. */
export function label(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/\|/g, '#124;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;');
}

/** Mermaid node ids: `[A-Za-z0-9_]` only, unique, assigned in call order (deterministic). */
class NodeIds {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  /** Whether `key` has an id. */
  public has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The id of `key`, made from `hint` on first use. */
  public of(key: string, hint: string): string {
    const known = this.byKey.get(key);
    if (known) return known;
    const base = hint.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([^A-Za-z])/, 'n$1');
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    this.byKey.set(key, id);
    return id;
  }

  /** The id already given to `key`; throws when none was. */
  public get(key: string): string {
    const id = this.byKey.get(key);
    if (!id) throw new Error(`diagram: no node for ${key}`);
    return id;
  }
}
