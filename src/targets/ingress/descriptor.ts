import { Capability, TargetDescriptor } from '../../plan/target-descriptor';

/**
 * The Kubernetes Ingress target's descriptor: like the Gateway API target it enforces nothing
 * (ingress point) and joins every profile of a topology that declares gateways or routes; it
 * renders only the Ingress objects of ingress controllers.
 */
export const ingressDescriptor: TargetDescriptor = {
  name: 'ingress',
  title: 'Kubernetes Ingress',
  enforcementPoint: 'ingress',
  capabilities: new Set<Capability>([Capability.ROUTES]),
  joinsProfilesWithRoutes: true,
};
