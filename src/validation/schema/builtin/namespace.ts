import type { RawSchema } from '../schema-node';

/**
 * The schema of core `v1 Namespace`, which has no vendored OpenAPI document: exactly `apiVersion`, `kind`,
 * `metadata` (ObjectMeta, from the Kubernetes OpenAPI document), `spec.finalizers`, a list of strings, and
 * `status` as `kubectl get -o yaml` writes it: `phase` and `conditions`. Transcribed from the definitions
 * `io.k8s.api.core.v1.NamespaceSpec`, `NamespaceStatus` and `NamespaceCondition` of the Kubernetes 1.35
 * OpenAPI document `api/openapi-spec/v3/api__v1_openapi.json` (kubernetes/kubernetes, `release-1.35`).
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
    status: {
      type: 'object',
      properties: {
        phase: { type: 'string', enum: ['Active', 'Terminating'] },
        conditions: {
          type: 'array',
          'x-kubernetes-list-map-keys': ['type'],
          'x-kubernetes-list-type': 'map',
          items: {
            type: 'object',
            required: ['type', 'status'],
            properties: {
              lastTransitionTime: { type: 'string', format: 'date-time' },
              message: { type: 'string' },
              reason: { type: 'string' },
              status: { type: 'string' },
              type: { type: 'string' },
            },
          },
        },
      },
    },
  },
};
