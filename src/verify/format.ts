import { Finding, Verdict } from './cluster';

/**
 * Renders a verdict as text: the overall result, then each layer's decision and findings, e.g.
 * ```
 * DENY
 *   cilium: deny
 *     - NetworkPolicy production/default-deny: production/redis is isolated for ingress by ...; no rule matched ...
 * ```
 */
export function formatVerdict(verdict: Verdict): string {
  const lines = [verdict.allowed ? 'ALLOW' : 'DENY'];
  if (verdict.layers.length === 0) lines.push('  (no enforcement layer: everything is allowed)');
  for (const layer of verdict.layers) {
    lines.push(`  ${layer.layer}: ${layer.allowed ? 'allow' : 'deny'}`);
    for (const f of layer.findings) lines.push(`    - ${formatFinding(f)}`);
  }
  return lines.join('\n');
}

/** One finding as text: `Kind ns/name ingress[1]: message`. */
export function formatFinding(f: Finding): string {
  const where = [f.object, f.rule].filter((s) => s !== undefined && s !== '').join(' ');
  return where === '' ? f.message : `${where}: ${f.message}`;
}
