/**
 * Assertions on a topology, apart from the constructs (the `cdk8s-zerotrust/testing` entry
 * point): expectations on the emitted manifests, reports, and the intent oracle that compares a
 * model's intent with the verify engine's verdicts. It may read the model, the IR and the verify
 * engine; nothing of the library reads it. The jest matchers are a separate module with a side
 * effect (`cdk8s-zerotrust/testing/jest`).
 */
export * from './expectations';
export { renderReport, writeReports } from './report';
