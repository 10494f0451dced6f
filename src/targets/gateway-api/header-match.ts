import { IrHeaderMatch } from '../../ir/types';
import { HeaderMatch } from './manifests';

/**
 * Renders header conditions as `Exact` matches, or nothing when there are none. A presence-only
 * condition has no core Gateway API form: `check` reports it, and rendering one throws rather
 * than silently widen the match.
 */
export function renderHeaders(headers: readonly IrHeaderMatch[]): { readonly headers?: readonly HeaderMatch[] } {
  if (headers.length === 0) return {};
  return {
    headers: headers.map((h) => {
      if (h.value === undefined) {
        throw new Error(`Gateway API cannot match on the mere presence of header '${h.name}'; give it a value`);
      }
      return { type: 'Exact', name: h.name, value: h.value };
    }),
  };
}
