import { IrPathMatch } from '../../ir/types';

/** Escapes every RE2 metacharacter, so the text matches only itself. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * The RE2 regular expression Cilium needs for an IR path match. Cilium (Envoy) matches `path`
 * against the whole request path, so no anchors are needed and none may be forgotten:
 * - `exact` → the path, escaped, plus an optional query string (`/api/v1.0` → `/api/v1\.0(\?.*)?`,
 *   which does not match `/api/v1x0`): Envoy matches `:path`, which includes the query, while the
 *   model (like Istio and Gateway API) means the path alone;
 * - `prefix` → the escaped prefix followed by `.*`;
 * - `regex` → as given (validated as RE2 by the model).
 */
export function httpPathRegex(match: IrPathMatch): string {
  switch (match.kind) {
    case 'exact':
      return `${escapeRegex(match.value)}(\\?.*)?`;
    case 'prefix':
      return `${escapeRegex(match.value)}.*`;
    case 'regex':
      return match.value;
  }
}
