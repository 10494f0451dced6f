import { CASE_LABELS, CaseName, CHECK_COST_CASE, REPORT_ORDER } from './cases';
import { BenchReport, CaseSummary, SizeSummary } from './summary';
import { pairedRatio } from './stats';
import { checkTargets, growth, GROWTH_FROM, GROWTH_TO, ratio } from './targets';

/** Marks the start of the generated part of results.md. */
export const BEGIN_MARKER = '<!-- bench:begin (written by `npm run bench`: everything up to bench:end is replaced) -->';
/** Marks the end of the generated part of results.md. */
export const END_MARKER = '<!-- bench:end -->';

/** Renders a benchmark run as markdown: setup, tables, ratios, growth, targets. */
export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const lines: string[] = [
    '## Latest run',
    '',
    `- Machine: ${m.cpuModel}, \`nproc\` ${m.nproc}, ${m.memoryGiB} GiB, ${m.platform}; node ${m.node}.`,
    `- Load average (1 / 5 / 15 min): ${report.loadBefore} before, ${report.loadAfter} after.`,
    `- Each case ran ${report.runs} times per size, each run in a fresh process; times are medians, peak RSS the highest run. Seed ${report.seed}; total ${report.minutes.toFixed(1)} min.`,
    '',
    '### Time (median, ms)',
    '',
    table(
      [
        'N',
        'zones',
        'edges',
        ...REPORT_ORDER.map((c) => CASE_LABELS[c]),
        '(a)/(b)',
        '(a)/(c)',
        '(b)/(c)',
        '(e)/(c)',
        '(a)/(e)',
      ],
      report.sizes.map((s) => [
        String(s.n),
        String(s.shape.zones),
        String(s.shape.edges),
        ...REPORT_ORDER.map((c) => ms(s.cases[c])),
        num(ratio(s, 'zt-k8s', 'plus')),
        num(ratio(s, 'zt-k8s', 'yaml')),
        num(ratio(s, 'plus', 'yaml')),
        num(ratio(s, 'floor', 'yaml')),
        num(ratio(s, 'zt-k8s', 'floor')),
      ]),
    ),
    '',
    'Ratios are medians of the run-by-run ratios (the cases of a run execute one after the other). (a), (b) and (e) time `app.synthYaml()`; building the construct tree is timed apart (below). (c) serializes exactly the documents (a) emitted for the kubernetes profile; (e) synthesizes those same documents as plain cdk8s `ApiObject`s in one chart: what cdk8s costs any library that emits them, before the library does any work. (d) is the verify engine on the output of (a): `loadManifests` then `allPairs` over every tier pair on TCP 8080 (parsing the YAML text is shown apart).',
    '',
    '### CPU time (median, ms; user + system, all threads)',
    '',
    table(
      ['N', ...REPORT_ORDER.map((c) => CASE_LABELS[c]), '(a)/(b)', '(a)/(c)'],
      report.sizes.map((s) => [
        String(s.n),
        ...REPORT_ORDER.map((c) => cpu(s.cases[c])),
        num(cpuRatio(s, 'zt-k8s', 'plus')),
        num(cpuRatio(s, 'zt-k8s', 'yaml')),
      ]),
    ),
    '',
    '### Phases (median, ms) and checks',
    '',
    table(
      [
        'N',
        'build tree (a) kubernetes',
        'build tree (a) all',
        'build tree (b)',
        '(d) parse YAML',
        '(d) load',
        '(d) allPairs',
        '(d) allowed pairs / expected',
        '(b) and (e) output identical to (a)',
      ],
      report.sizes.map((s) => [
        String(s.n),
        phase(s.cases['zt-k8s'], 'build'),
        phase(s.cases['zt-all'], 'build'),
        phase(s.cases.plus, 'build'),
        phase(s.cases.verify, 'parseYaml'),
        phase(s.cases.verify, 'load'),
        phase(s.cases.verify, 'allPairs'),
        s.cases.verify?.facts ? `${s.cases.verify.facts.allowedPairs} / ${s.cases.verify.facts.expectedPairs}` : '-',
        identical(s),
      ]),
    ),
    '',
    '### Cost of the output schema check (ZT160)',
    '',
    'Synth validates every emitted document with the schema validator before writing (on by default). (a) with the check, and the same synth with it off (context `cdk8s-zerotrust:checkOutput: false`), side by side:',
    '',
    table(
      ['N', CASE_LABELS['zt-k8s'], CASE_LABELS[CHECK_COST_CASE], 'with / without', 'CPU with / without'],
      report.sizes.map((s) => [
        String(s.n),
        ms(s.cases['zt-k8s']),
        ms(s.cases[CHECK_COST_CASE]),
        num(ratio(s, 'zt-k8s', CHECK_COST_CASE)),
        num(cpuRatio(s, 'zt-k8s', CHECK_COST_CASE)),
      ]),
    ),
    '',
    '### Peak RSS (MiB)',
    '',
    table(
      ['N', ...REPORT_ORDER.map((c) => CASE_LABELS[c])],
      report.sizes.map((s) => [String(s.n), ...REPORT_ORDER.map((c) => mib(s.cases[c]))]),
    ),
    '',
    '### Output per profile',
    '',
    table(
      ['N', 'profile', 'documents', 'bytes', 'documents per tier', 'bytes per tier'],
      report.sizes.flatMap((s) => outputRows(s)),
    ),
    '',
    `### Growth time(${GROWTH_TO}) / time(${GROWTH_FROM})`,
    '',
    table(
      ['case', 'growth'],
      REPORT_ORDER.map((c) => [CASE_LABELS[c], num(growth(report, c))]),
    ),
    '',
    '### Targets',
    '',
    table(
      ['target', 'measured', 'met'],
      checkTargets(report).map((t) => [
        t.target,
        t.measured,
        t.met === undefined ? 'not measured' : t.met ? 'yes' : 'NO',
      ]),
    ),
  ];
  return lines.join('\n');
}

function outputRows(s: SizeSummary): string[][] {
  const profiles = s.cases['zt-all']?.profiles ?? {};
  return Object.keys(profiles).map((p) => [
    String(s.n),
    p,
    String(profiles[p].docs),
    String(profiles[p].bytes),
    (profiles[p].docs / s.shape.tiers).toFixed(2),
    (profiles[p].bytes / s.shape.tiers).toFixed(0),
  ]);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function ms(c: CaseSummary | undefined): string {
  return c ? c.ms.toFixed(0) : '-';
}

function identical(s: SizeSummary): string {
  const facts = [s.cases.plus?.facts?.identicalToZeroTrust, s.cases.floor?.facts?.identicalToZeroTrust];
  if (facts.some((f) => f === undefined)) return '-';
  return facts.every((f) => f === true) ? 'yes, byte for byte' : `NO (b: ${facts[0]}, e: ${facts[1]})`;
}

function cpu(c: CaseSummary | undefined): string {
  return c ? c.cpuMs.toFixed(0) : '-';
}

function cpuRatio(s: SizeSummary, a: CaseName, b: CaseName): number | undefined {
  const x = s.cases[a]?.cpuRuns;
  const y = s.cases[b]?.cpuRuns;
  return x && y ? pairedRatio(x, y) : undefined;
}

function phase(c: CaseSummary | undefined, name: string): string {
  return c?.phases[name] !== undefined ? c.phases[name].toFixed(0) : '-';
}

function mib(c: CaseSummary | undefined): string {
  return c ? (c.maxRssBytes / 2 ** 20).toFixed(0) : '-';
}

function num(x: number | undefined): string {
  return x === undefined ? '-' : x.toFixed(2);
}

/** The label of a case (re-exported for the console progress lines). */
export function label(c: CaseName): string {
  return CASE_LABELS[c];
}
