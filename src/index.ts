// Model: the constructs users write.
export * from './model/topology';
export * from './model/profile';
export * from './model/zone';
export * from './model/pod-security';
export * from './model/tier';
export * from './model/allow-from';
export * from './model/egress-fqdn';
export * from './model/mesh-mtls';
export * from './model/waypoint';
export * from './model/dns';
export * from './model/ingress-gateway';
export * from './model/ingress-controller';
export * from './model/guardrail';
export * from './model/guardrail-action';
// The error and warning catalogs: stable codes users can reference.
export { Diagnostic, ErrorCode, Problem, WarningCode } from './validation/codes';
// Values: scope-less, immutable.
export * from './values/protocol';
export * from './values/port';
export * from './values/peer';
export * from './values/fqdn';
export * from './values/http-match';
export * from './values/kafka-match';
export * from './values/route-match';
export * from './values/guardrail-subject';
export * from './values/guardrail-peer';
export { GuardrailPodsProps } from './values/guardrail-selector';
// Testing (also the `cdk8s-zerotrust/testing` entry point): expectations on the emitted manifests, reports.
export * as testing from './testing';
