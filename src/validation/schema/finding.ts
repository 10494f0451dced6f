/**
 * One problem found in a manifest, before it is attached to the manifest's kind and name.
 */
export interface Finding {
  /** JSON path inside the document, e.g. `spec.ingress[0].ports[1].port`; empty for the document itself. */
  readonly path: string;
  /** What is wrong, without the path. */
  readonly detail: string;
  /**
   * True for type and enum errors: like the API server, CEL rules are not evaluated on an object that has them.
   * @default false
   */
  readonly blocking?: boolean;
}

/** Renders a finding as one line: `path: detail`, or the detail alone for the document root. */
export function formatFinding(finding: Finding): string {
  return finding.path === '' ? finding.detail : `${finding.path}: ${finding.detail}`;
}
