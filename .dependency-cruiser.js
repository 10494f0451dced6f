/**
 * The architecture as dependency rules (README "Architecture"): which layer may import which.
 *
 *   testing (assertions: Expectations, matchers, reports, intent oracle; its own entry point)
 *      │
 *      ▼
 *   model ──► ir ──► plan ──► targets (one folder each, registered once)
 *   values ──► ir
 *   cli ──► verify: the engine; manifests + a cluster description in, verdicts out; imports no other layer
 *   validation: error catalog and schemas; imports no other layer
 *
 * `npm run lint:deps` checks them; `.ci/run` fails on any violation.
 */
const layer = (name) => `^src/${name}/`;

/** Forbids `from` to import any of `to`. */
const forbid = (name, from, to, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: `^src/(${to.join('|')})/` },
});

module.exports = {
  forbidden: [
    forbid('validation-is-a-leaf', layer('validation'), ['model', 'values', 'ir', 'plan', 'targets', 'verify', 'testing', 'cli'],
      'The error catalog and schemas serve every layer and depend on none.'),
    forbid('verify-engine-reads-manifests-only', layer('verify'), ['model', 'values', 'ir', 'plan', 'targets', 'testing', 'cli'],
      'The verify engine must not share the compiler\'s logic, or it cannot catch the compiler\'s mistakes.'),
    forbid('ir-names-no-target', layer('ir'), ['model', 'values', 'plan', 'targets', 'verify', 'testing', 'cli'],
      'The IR is plain data built from the model; it knows no planner and no target.'),
    forbid('values-are-scope-less', layer('values'), ['model', 'plan', 'targets', 'verify', 'testing', 'cli'],
      'Values are scope-less literals; they may name IR types and nothing above.'),
    forbid('plan-names-no-target', layer('plan'), ['model', 'values', 'targets', 'verify', 'testing', 'cli'],
      'The planner decides by capability, through the descriptor interface targets implement.'),
    forbid('targets-render-plans', layer('targets'), ['model', 'values', 'verify', 'testing', 'cli'],
      'A target renders the planned IR; it never reads constructs or the verifier.'),
    forbid('model-below-assertions', layer('model'), ['verify', 'testing', 'cli'],
      'Constructs compile; the assertions layer above reads them, never the other way round.'),
    forbid('nothing-reads-the-cli', '^src/(?!cli/)', ['cli'], 'The CLI is the top of the graph.'),
    forbid('the-cli-reads-manifests', layer('cli'), ['model', 'values', 'ir', 'plan', 'targets', 'testing'],
      'The CLI verifies manifests: it runs the verify engine, never the compiler.'),
    forbid('only-the-entry-point-reads-assertions', '^src/(?!testing/|index\\.ts$)', ['testing'],
      'Assertions (Expectations, reports) are a separate entry point (`cdk8s-zerotrust/testing`, re-exported as the jsii submodule `testing`), as aws-cdk keeps assertions apart.'),
    {
      name: 'targets-see-the-descriptor-only',
      comment: 'A target implements the planner\'s descriptor interface and reads nothing else of the planner.',
      severity: 'error',
      from: { path: layer('targets') },
      to: { path: layer('plan'), pathNot: '^src/plan/target-descriptor\\.ts$' },
    },
    {
      name: 'targets-through-the-registry',
      comment: 'The model and the assertions find targets through the registry, never in a target folder.',
      severity: 'error',
      from: { path: '^src/(model|testing)/' },
      to: { path: '^src/targets/', pathNot: '^src/targets/(registry|target)\\.ts$|^src/targets/namespaces/' },
    },
    {
      name: 'one-folder-per-target',
      comment: 'A target folder imports no other target folder: each is added and removed on its own.',
      severity: 'error',
      from: { path: '^src/targets/([^/]+)/' },
      to: { path: '^src/targets/([^/]+)/', pathNot: '^src/targets/$1/' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles hide layering mistakes.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
    exclude: { path: '(^|/)node_modules/' },
  },
};
