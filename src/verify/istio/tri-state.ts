/** A match result that may depend on something the verifier does not know (an unknown IP, ...). */
export type Tri = 'yes' | 'no' | 'unknown';

/** AND of tri-state results: any `no` wins, then any `unknown`. */
export function allOf(results: readonly Tri[]): Tri {
  if (results.includes('no')) return 'no';
  return results.includes('unknown') ? 'unknown' : 'yes';
}

/** OR of tri-state results: any `yes` wins, then any `unknown`. An empty list is `no`. */
export function anyOf(results: readonly Tri[]): Tri {
  if (results.includes('yes')) return 'yes';
  return results.includes('unknown') ? 'unknown' : 'no';
}

/** A boolean as a tri-state. */
export function tri(value: boolean): Tri {
  return value ? 'yes' : 'no';
}

/** Negation; `unknown` stays `unknown`. */
export function not(value: Tri): Tri {
  return value === 'unknown' ? 'unknown' : value === 'yes' ? 'no' : 'yes';
}
