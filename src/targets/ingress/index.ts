import { Target } from '../target';
import { checkIngresses } from './check';
import { ingressDescriptor } from './descriptor';
import { renderIngresses } from './render';

/**
 * The Kubernetes Ingress target: renders the routes of ingress controllers as
 * `networking.k8s.io/v1` Ingress objects of the controller's class, and refuses, with a code,
 * what an Ingress cannot express (header, method and gRPC matches, weighted splits, backends in
 * another namespace). The network policies that let the controller reach its backends belong to
 * the CNI and mesh targets.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
 */
export const ingressTarget: Target = {
  ...ingressDescriptor,
  check: (ir) => checkIngresses(ir),
  render: (ir) => renderIngresses(ir),
};

export { ingressDescriptor } from './descriptor';
