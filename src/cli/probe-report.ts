import { Verdict } from '../verify/cluster';
import { formatFinding } from '../verify/format';
import { ProbeResult } from '../verify/probes';
import { formatTable } from './table';

/** The probe as one line: `from -> to 8080/TCP GET /path`. */
export function probeTitle(result: ProbeResult): string {
  const p = result.probe;
  return `${p.from} -> ${p.to} ${p.port}/${p.protocol}${p.request ? ` ${p.request.method} ${p.request.path}` : ''}`;
}

/**
 * What decided a verdict, as `Kind ns/name rule` (or `layer: message` when no object did): in
 * the first layer that denied, or else the last layer, the last finding naming an object, or
 * else the first finding.
 */
export function decidedBy(verdict: Verdict): string {
  if (verdict.layers.length === 0) return 'no enforcement layer';
  const layer = verdict.layers.find((l) => !l.allowed) ?? verdict.layers[verdict.layers.length - 1];
  const finding = [...layer.findings].reverse().find((f) => f.object !== undefined) ?? layer.findings[0];
  if (!finding) return layer.layer;
  return finding.object !== undefined ? [finding.object, finding.rule].filter((s) => s).join(' ') : `${layer.layer}: ${formatFinding(finding)}`;
}

/**
 * The table of applicable probes: result, probe, expected and got verdicts, and what decided.
 * A probe that expands to several pairs shows the first pair that went wrong (or the first pair).
 */
export function probeTable(results: readonly ProbeResult[]): string[] {
  const rows = results.filter((r) => r.applies).map((r) => {
    const wanted = r.probe.expect === 'allow';
    const shown = r.verdicts.find((v) => v.verdict.allowed !== wanted) ?? r.verdicts[0];
    const got = shown ? (shown.verdict.allowed ? 'allow' : 'deny') : '-';
    return [r.passed ? 'PASS' : 'FAIL', probeTitle(r), r.probe.expect, got, shown ? decidedBy(shown.verdict) : '-'];
  });
  return formatTable(['RESULT', 'PROBE', 'EXPECTED', 'GOT', 'DECIDED BY'], rows);
}
