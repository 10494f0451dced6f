import { IrLabels } from '../../ir/types';
import { Manifest } from '../target';

/** The `apiVersion` of an Ingress. */
export const INGRESS_API_VERSION = 'networking.k8s.io/v1';

/** A backend of an Ingress path: a Service port of the Ingress's namespace. */
export interface IngressBackend {
  readonly service: { readonly name: string; readonly port: { readonly number: number } };
}

/** A path of an Ingress rule. */
export interface IngressPath {
  readonly path: string;
  readonly pathType: 'Exact' | 'Prefix';
  readonly backend: IngressBackend;
}

/** A rule of an Ingress: a host (absent: every host) and its paths. */
export interface IngressRule {
  readonly host?: string;
  readonly http: { readonly paths: readonly IngressPath[] };
}

/** A `networking.k8s.io/v1` Ingress. */
export interface IngressManifest extends Manifest {
  readonly kind: 'Ingress';
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: IrLabels };
  readonly spec: {
    readonly ingressClassName: string;
    readonly tls?: readonly { readonly hosts: readonly string[]; readonly secretName: string }[];
    readonly rules: readonly IngressRule[];
  };
}
