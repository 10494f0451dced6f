import { KubeObject } from '../src/verify';
import { SyntheticSpec, TIER_PORT } from './synthetic-spec';

/**
 * The workloads a synthetic topology describes, as Deployments: one per tier, in its zone's
 * namespace, labelled `app: <tier>`, with the tier's service account and container port. The
 * emitted policies carry no workloads, so the verify engine needs these to know the pods.
 */
export function tierDeployments(spec: SyntheticSpec): KubeObject[] {
  return spec.tiers.map((t) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: t.name, namespace: spec.zones[t.zone].name },
    spec: {
      selector: { matchLabels: { app: t.name } },
      template: {
        metadata: { labels: { app: t.name } },
        spec: {
          serviceAccountName: t.name,
          containers: [{ name: 'app', image: 'app', ports: [{ containerPort: TIER_PORT, protocol: 'TCP' }] }],
        },
      },
    },
  }));
}

/** The distinct (source, destination) tier pairs the topology allows on `TIER_PORT`. */
export function expectedPairs(spec: SyntheticSpec): number {
  return new Set(spec.edges.map((e) => `${e.from}>${e.to}`)).size;
}
