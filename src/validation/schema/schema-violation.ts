/**
 * One reason why a manifest would not be accepted as it is: by the API server's schema and built-in validation,
 * by a CRD's CEL rules, or (for Cilium) by the agent.
 */
export interface SchemaViolation {
  /** The manifest's kind (empty when it has none). */
  readonly kind: string;
  /** The manifest's `metadata.name` (empty when it has none). */
  readonly name: string;
  /** The manifest's `metadata.namespace`, when set. */
  readonly namespace?: string;
  /** JSON path inside the document, e.g. `spec.ingress[0].ports[1].port`; empty for the document itself. */
  readonly path: string;
  /** The problem, prefixed with the path: `spec.foo: unknown field "foo"`. */
  readonly message: string;
}
