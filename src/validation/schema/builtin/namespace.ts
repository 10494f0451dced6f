import type { RawSchema } from '../schema-node';

/**
 * The schema of core `v1 Namespace`, which has no vendored OpenAPI document: exactly `apiVersion`, `kind`,
 * `metadata` (ObjectMeta, from the Kubernetes OpenAPI document) and `spec.finalizers`, a list of strings.
 */

/** The apiVersion of the Namespace kind. */
export const NAMESPACE_API_VERSION = 'v1';

/** The kind name. */
export const NAMESPACE_KIND = 'Namespace';

/** The raw OpenAPI schema of a Namespace manifest, in the dialect of the Kubernetes OpenAPI documents. */
export const NAMESPACE_SCHEMA: RawSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    spec: {
      type: 'object',
      properties: {
        finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      },
    },
  },
};
