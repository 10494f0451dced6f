import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ErrorCode } from '../validation/codes';
import { defaultSchemaValidator, SchemaValidator } from '../validation/schema';
import { ManifestObject } from './manifest-object';

/**
 * The verdict of each emitted object, with the stamp of the state it was given for: cdk8s
 * validates the app once per synth and once more per chart, and an object left unchanged in
 * between is not validated again (`ManifestObject._renderStamp`).
 */
const verdicts = new WeakMap<ManifestObject, { readonly stamp: number; readonly problem: string | undefined }>();

/**
 * The context key that turns the check of emitted documents off (`false`), e.g. to measure what
 * it costs: `cdk8s synth` reads it from cdk8s.yaml `context:` or `app.node.setContext`.
 */
export const CHECK_OUTPUT_CONTEXT = 'cdk8s-zerotrust:checkOutput';

/**
 * The safety net under synth: validates every document the given charts would write, exactly as
 * cdk8s renders it (patches applied), with the package's schema validator. Kinds of API groups the
 * vendored schemas do not cover (Deployments, Services an app adds to a chart) are left alone.
 * Returns one `at <path>: ZT160: ...` line per invalid document, empty when all are valid or
 * when the context key `cdk8s-zerotrust:checkOutput` is `false`.
 */
export function checkEmittedDocuments(scope: IConstruct, charts: readonly Chart[]): string[] {
  const setting: unknown = scope.node.tryGetContext(CHECK_OUTPUT_CONTEXT);
  if (setting === false || setting === 'false') return [];
  const validator = defaultSchemaValidator();
  let groups: ReadonlySet<string> | undefined;
  const covered = (apiVersion: string) => {
    groups ??= new Set(validator.knownKinds.map((k) => groupOf(k.split(' ')[0])));
    return apiVersion.includes('/') && groups.has(groupOf(apiVersion));
  };
  const problems: string[] = [];
  for (const chart of charts) {
    for (const child of chart.node.findAll()) {
      if (!(child instanceof ApiObject)) continue;
      const { apiVersion, kind } = child;
      if (!validator.hasSchema(apiVersion, kind) && !covered(apiVersion)) continue;
      // Not `instanceof`: cdk8s makes `instanceof` of any ApiObject class true for every ApiObject.
      const emitted = Object.prototype.isPrototypeOf.call(ManifestObject.prototype, child)
        ? (child as ManifestObject)
        : undefined;
      const stamp = emitted?._renderStamp();
      const known = emitted === undefined ? undefined : verdicts.get(emitted);
      let problem: string | undefined;
      if (known !== undefined && known.stamp === stamp) {
        problem = known.problem;
      } else {
        problem = problemOf(validator, child, emitted !== undefined ? emitted._jsonForCheck() : child.toJson());
        if (emitted !== undefined && stamp !== undefined) verdicts.set(emitted, { stamp, problem });
      }
      if (problem !== undefined) problems.push(problem);
    }
  }
  return problems;
}

/** The ZT160 line of an object whose JSON fails its schema, or undefined when it is valid. */
function problemOf(validator: SchemaValidator, child: ApiObject, json: unknown): string | undefined {
  const violations = validator.validate(json);
  if (violations.length === 0) return undefined;
  return (
    `at ${child.node.path}: ${ErrorCode.INVALID_OUTPUT}: the emitted ${child.kind} '${child.name}' fails its schema ` +
    `(${violations.map((v) => v.message).join('; ')}), so a cluster would reject it and nothing was written. ` +
    'Fix the patch or object added to the chart; if there is none, report this internal error with the model that caused it'
  );
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
