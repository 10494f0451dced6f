import { Capability, TargetDescriptor } from '../../plan/target-descriptor';

/**
 * The Gateway API target's descriptor: it enforces nothing (ingress point) and joins every profile
 * of a topology that declares gateways or routes.
 */
export const gatewayApiDescriptor: TargetDescriptor = {
  name: 'gateway-api',
  title: 'Gateway API',
  enforcementPoint: 'ingress',
  capabilities: new Set<Capability>([Capability.ROUTES]),
  joinsProfilesWithRoutes: true,
};
