import * as path from 'path';
import { CelValueConverter } from './cel/cel-value';
import { evaluateRuleSite } from './cel/rule-evaluation';
import { builtinCheckFor } from './builtin';
import { formatFinding, type Finding } from './finding';
import { cloneJson, isJsonObject, type JsonObject } from './json-value';
import { checkMetadata, nameRuleOf } from './metadata';
import { findPackageRoot } from './package-root';
import { SchemaCatalog, type KindSchema } from './schema-catalog';
import type { SchemaViolation } from './schema-violation';
import { walkStructural, WalkResult } from './schema-walk';

/**
 * Validates manifests against the vendored official schemas the way `kubectl apply --validate=strict` against a
 * real API server would judge them, plus the Cilium agent's checks:
 * - the structural schema walk (types, required, enum, pattern, lengths, bounds, formats, list types,
 *   combinators), with unknown fields as errors;
 * - ObjectMeta rules (name, namespace, label and annotation keys and values);
 * - the CRDs' `x-kubernetes-validations` CEL rules, on the object with CRD defaults applied;
 * - built-in validation the schemas lack (NetworkPolicy; Cilium agent checks).
 *
 * @example
 * const problems = defaultSchemaValidator().validate(manifest);
 * if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
 */
export class SchemaValidator {
  /**
   * Loads every schema under `dir` (default: the package's own `schemas/` folder). Loading is cached per folder:
   * OpenAPI documents are read at once, CRD files on the first use of one of their kinds.
   */
  public static load(dir?: string): SchemaValidator {
    const folder = path.resolve(dir ?? path.join(findPackageRoot(__dirname), 'schemas'));
    let validator = loaded.get(folder);
    if (validator === undefined) {
      validator = new SchemaValidator(SchemaCatalog.load(folder));
      loaded.set(folder, validator);
    }
    return validator;
  }

  private readonly unevaluated = new Set<string>();

  private constructor(private readonly catalog: SchemaCatalog) {}

  /** Kinds it knows, as `apiVersion kind` (e.g. `cilium.io/v2 CiliumNetworkPolicy`), sorted. Reads every CRD file. */
  public get knownKinds(): readonly string[] {
    return this.catalog.allKinds();
  }

  /** True when there is a schema for this apiVersion and kind. */
  public hasSchema(apiVersion: string, kind: string): boolean {
    return this.catalog.lookup(apiVersion, kind) !== undefined;
  }

  /**
   * CEL rules met so far that could not be compiled or evaluated (each `location: rule (reason)`), sorted.
   * Such rules are also reported as violations of the documents they apply to; they never pass silently.
   */
  public unevaluatedRules(): readonly string[] {
    return [...this.unevaluated].sort();
  }

  /** Validates one manifest (a plain JSON object); returns [] when it is valid. */
  public validate(doc: unknown): SchemaViolation[] {
    const identity = identityOf(doc);
    const messages = new Map<string, string>();
    for (const finding of this.findings(doc)) messages.set(formatFinding(finding), finding.path);
    return [...messages].map(([message, path]) => ({ ...identity, path, message }));
  }

  private findings(doc: unknown): Finding[] {
    if (!isJsonObject(doc)) return [{ path: '', detail: 'a manifest must be a JSON object' }];
    const { apiVersion, kind } = doc;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string')
      return [{ path: '', detail: 'apiVersion and kind must be strings' }];
    const schema = this.catalog.lookup(apiVersion, kind);
    if (schema === undefined) return [{ path: '', detail: `no schema for ${apiVersion} ${kind}` }];
    const walk = new WalkResult();
    walkStructural(schema.root, cloneJson(doc), '', walk);
    return [
      ...checkMetadata(doc.metadata, { clusterScoped: schema.clusterScoped, nameRule: nameRuleOf(apiVersion, kind) }),
      ...walk.findings,
      ...(builtinCheckFor(apiVersion, kind)?.(doc) ?? []),
      ...this.ruleFindings(schema, walk),
    ];
  }

  private ruleFindings(schema: KindSchema, walk: WalkResult): Finding[] {
    if (walk.ruleSites.length === 0) return [];
    if (walk.findings.some((f) => f.blocking === true)) {
      return [
        {
          path: '',
          detail: `CEL validation rules of ${schema.apiVersion} ${schema.kind} were not evaluated because the object has type or enum errors`,
        },
      ];
    }
    const converter = new CelValueConverter();
    return walk.ruleSites.flatMap((site) => evaluateRuleSite(site, converter, (entry) => this.unevaluated.add(entry)));
  }
}

const loaded = new Map<string, SchemaValidator>();

function identityOf(doc: unknown): Pick<SchemaViolation, 'kind' | 'name' | 'namespace'> {
  const object: JsonObject = isJsonObject(doc) ? doc : {};
  const metadata: JsonObject = isJsonObject(object.metadata) ? object.metadata : {};
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  return {
    kind: typeof object.kind === 'string' ? object.kind : '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
    ...(namespace === undefined ? {} : { namespace }),
  };
}

/** The validator of the package's own `schemas/` folder, loaded once per process. */
export function defaultSchemaValidator(): SchemaValidator {
  return SchemaValidator.load();
}
