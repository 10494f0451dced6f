/**
 * A verification profile: the set of layers (targets) applied to one cluster, named by joining
 * the sorted layer names with `+` (`cilium+istio`). `-` is accepted as a separator too
 * (`cilium-istio`), as long as the pieces spell known layer names.
 */
export interface Profile {
  /** Canonical name: sorted layer names joined with `+`. */
  readonly name: string;
  /** Layer names, sorted. */
  readonly layers: readonly string[];
}

/**
 * Parses a profile name (or a list of layer names) against the known layer names. A part that is
 * not a known name is split on `-` and re-joined greedily into known names (so `gateway-api`
 * stays one name when it is known). Throws on an empty profile or an unknown name.
 */
export function parseProfile(input: string | readonly string[], known: readonly string[]): Profile {
  const parts = typeof input === 'string' ? input.split('+') : input;
  const layers = new Set<string>();
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    for (const name of splitKnown(part, known, typeof input === 'string' ? input : input.join('+'))) layers.add(name);
  }
  if (layers.size === 0)
    throw new Error(`profile '${String(input)}' names no layer; known layers: ${known.join(', ')}`);
  const sorted = [...layers].sort();
  return { name: sorted.join('+'), layers: sorted };
}

function splitKnown(part: string, known: readonly string[], whole: string): string[] {
  if (known.includes(part)) return [part];
  const pieces = part.split('-');
  const out: string[] = [];
  let i = 0;
  while (i < pieces.length) {
    let j = pieces.length;
    while (j > i && !known.includes(pieces.slice(i, j).join('-'))) j--;
    if (j === i) throw new Error(`profile '${whole}': unknown layer '${part}'; known layers: ${known.join(', ')}`);
    out.push(pieces.slice(i, j).join('-'));
    i = j;
  }
  return out;
}
