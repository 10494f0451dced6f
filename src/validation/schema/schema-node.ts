import { readValidationRules, type ValidationRule } from './cel/validation-rule';
import { canonicalJson, isJsonObject, type JsonObject, type JsonType } from './json-value';

/**
 * Compiled OpenAPI v3 schema nodes. A node is compiled once from its raw schema object (cached per object) and its
 * children are compiled on first use, so loading a large CRD costs only what validation actually visits.
 */

/** A raw schema object, as parsed from a CRD or an OpenAPI document. */
export type RawSchema = Readonly<JsonObject>;

/**
 * Where a schema comes from, which decides two behaviours: CRD schemas get their `default`s applied before CEL
 * rules run; Kubernetes OpenAPI schemas use `$ref`/`allOf` indirection and leave property-less objects open.
 */
export type SchemaDialect = 'crd' | 'openapi';

/** A compiled `pattern`. */
export interface CompiledPattern {
  /** The pattern as written in the schema. */
  readonly source: string;
  /** The ECMAScript translation, or undefined when it cannot be compiled. */
  readonly regex?: RegExp;
}

/** The prefix of `$ref`s into `components.schemas` of an OpenAPI document. */
export const COMPONENT_REF_PREFIX = '#/components/schemas/';
const SCHEMA_TYPES: ReadonlySet<string> = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** Translates Go RE2 syntax the schemas use into ECMAScript syntax: one-letter Unicode classes `\pL` become `\p{L}`. */
function translatePattern(source: string): string {
  return source.replace(/\\\\|\\([pP])([A-Za-z])/g, (match: string, escape?: string, klass?: string) =>
    escape === undefined ? match : `\\${escape}{${klass}}`,
  );
}

/** Compiles a schema `pattern` (Go RE2 syntax) as an ECMAScript RegExp with the `u` flag. */
export function compilePattern(source: string): CompiledPattern {
  try {
    return { source, regex: new RegExp(translatePattern(source), 'u') };
  } catch {
    return { source };
  }
}

/**
 * The compile context of one schema document: its dialect, its `components.schemas` (OpenAPI), the ObjectMeta
 * schema used for `metadata`, and the cache of compiled nodes.
 */
export class SchemaSource {
  private readonly nodes = new WeakMap<object, SchemaNode>();
  private readonly resolved = new WeakMap<object, RawSchema>();

  /**
   * @param dialect where the schemas come from
   * @param components `components.schemas` of an OpenAPI document (empty for CRDs)
   * @param objectMeta provides the ObjectMeta schema node for `metadata` of roots and embedded resources
   */
  public constructor(
    public readonly dialect: SchemaDialect,
    private readonly components: Readonly<Record<string, RawSchema>>,
    private readonly objectMeta: () => SchemaNode,
  ) {}

  /** Compiles the root schema of a kind: `apiVersion`, `kind` and `metadata` (as ObjectMeta) are always declared. */
  public root(raw: RawSchema, location: string): SchemaNode {
    return this.compile(raw, location, true);
  }

  /** Compiles (once) the node of a raw schema. */
  public node(raw: RawSchema, location: string): SchemaNode {
    return this.compile(raw, location, false);
  }

  /** The raw schema of a `#/components/schemas/...` reference. */
  public component(ref: string): RawSchema {
    const name = ref.startsWith(COMPONENT_REF_PREFIX) ? ref.slice(COMPONENT_REF_PREFIX.length) : ref;
    const raw = this.components[name];
    if (raw === undefined) throw new Error(`unresolved schema reference ${ref}`);
    return raw;
  }

  /** The ObjectMeta schema node. */
  public objectMetaNode(): SchemaNode {
    return this.objectMeta();
  }

  private compile(raw: RawSchema, location: string, isRoot: boolean): SchemaNode {
    const resolved = this.resolve(raw);
    let node = this.nodes.get(resolved);
    if (node === undefined) {
      node = new SchemaNode(this, resolved, location, isRoot);
      this.nodes.set(resolved, node);
    }
    return node;
  }

  /** Inlines OpenAPI `$ref` and `allOf: [{$ref}]` indirection into one raw schema object (cached, so identity is stable). */
  private resolve(raw: RawSchema): RawSchema {
    if (this.dialect !== 'openapi') return raw;
    const cached = this.resolved.get(raw);
    if (cached !== undefined) return cached;
    let result = raw;
    const { $ref: ref, allOf, ...siblings } = raw;
    if (typeof ref === 'string') {
      result = { ...this.resolve(this.component(ref)), ...siblings };
    } else if (
      Array.isArray(allOf) &&
      allOf.length > 0 &&
      allOf.every((entry) => isJsonObject(entry) && typeof entry.$ref === 'string')
    ) {
      const parts = allOf.map((entry) => this.resolve(this.component(String((entry as JsonObject).$ref))));
      result = Object.assign({}, ...parts, siblings) as RawSchema;
    }
    this.resolved.set(raw, result);
    return result;
  }
}

/**
 * One compiled schema node: its value constraints read once, its children compiled lazily.
 */
export class SchemaNode {
  /** Kind and schema path of this node, for messages about the schema itself. */
  public readonly location: string;
  /** Where the schema comes from. */
  public readonly dialect: SchemaDialect;
  /** True for the root schema of a kind. */
  public readonly isRoot: boolean;
  /** The JSON type (`type`); undefined when any type is allowed. */
  public readonly type?: JsonType;
  /** `nullable: true`. */
  public readonly nullable: boolean;
  /** `x-kubernetes-int-or-string: true` (or OpenAPI `format: int-or-string`). */
  public readonly intOrString: boolean;
  /** `x-kubernetes-preserve-unknown-fields: true`, or a property-less object of the OpenAPI dialect. */
  public readonly preserveUnknownFields: boolean;
  /** `x-kubernetes-embedded-resource: true`. */
  public readonly embeddedResource: boolean;
  /** Names of required properties. */
  public readonly required: readonly string[];
  /** Canonical JSON texts of the `enum` values, when there is an enum. */
  public readonly enumValues?: ReadonlySet<string>;
  /** The compiled `pattern`, when there is one. */
  public readonly pattern?: CompiledPattern;
  /** `format`, when given. */
  public readonly format?: string;
  /** `minLength`. */
  public readonly minLength?: number;
  /** `maxLength`. */
  public readonly maxLength?: number;
  /** `minimum`. */
  public readonly minimum?: number;
  /** `maximum`. */
  public readonly maximum?: number;
  /** `exclusiveMinimum: true`. */
  public readonly exclusiveMinimum: boolean;
  /** `exclusiveMaximum: true`. */
  public readonly exclusiveMaximum: boolean;
  /** `multipleOf`. */
  public readonly multipleOf?: number;
  /** `minItems`. */
  public readonly minItems?: number;
  /** `maxItems`. */
  public readonly maxItems?: number;
  /** `uniqueItems: true`. */
  public readonly uniqueItems: boolean;
  /** `minProperties`. */
  public readonly minProperties?: number;
  /** `maxProperties`. */
  public readonly maxProperties?: number;
  /** `x-kubernetes-list-type`. */
  public readonly listType?: string;
  /** `x-kubernetes-list-map-keys`. */
  public readonly listMapKeys: readonly string[];
  /** True when the node has a `default`. */
  public readonly hasDefault: boolean;
  /** The `default` value (only meaningful when `hasDefault`). */
  public readonly defaultValue: unknown;
  /** The compiled `x-kubernetes-validations` rules. */
  public readonly rules: readonly ValidationRule[];

  private readonly properties = new Map<string, SchemaNode | undefined>();
  private additional?: SchemaNode | boolean;
  private itemNode?: SchemaNode;
  private branches?: Readonly<Record<'allOf' | 'anyOf' | 'oneOf', readonly SchemaNode[]>>;
  private notNode?: SchemaNode | null;
  private defaulted?: readonly (readonly [string, SchemaNode])[];

  /**
   * @param source the compile context
   * @param raw the resolved raw schema
   * @param location kind and schema path of the node
   * @param isRoot true for the root schema of a kind
   */
  public constructor(
    private readonly source: SchemaSource,
    private readonly raw: RawSchema,
    location: string,
    isRoot: boolean,
  ) {
    this.location = location;
    this.dialect = source.dialect;
    this.isRoot = isRoot;
    const type = raw.type;
    if (typeof type === 'string' && SCHEMA_TYPES.has(type)) this.type = type as JsonType;
    this.nullable = raw.nullable === true;
    this.intOrString = raw['x-kubernetes-int-or-string'] === true || raw.format === 'int-or-string';
    this.embeddedResource = raw['x-kubernetes-embedded-resource'] === true;
    this.preserveUnknownFields =
      raw['x-kubernetes-preserve-unknown-fields'] === true ||
      (this.dialect === 'openapi' &&
        type === 'object' &&
        raw.properties === undefined &&
        raw.additionalProperties === undefined);
    this.required = Array.isArray(raw.required) ? raw.required.filter((r): r is string => typeof r === 'string') : [];
    if (Array.isArray(raw.enum)) this.enumValues = new Set(raw.enum.map(canonicalJson));
    if (typeof raw.pattern === 'string') this.pattern = compilePattern(raw.pattern);
    if (typeof raw.format === 'string' && raw.format !== 'int-or-string') this.format = raw.format;
    this.minLength = numberOrUndefined(raw.minLength);
    this.maxLength = numberOrUndefined(raw.maxLength);
    this.minimum = numberOrUndefined(raw.minimum);
    this.maximum = numberOrUndefined(raw.maximum);
    this.exclusiveMinimum = raw.exclusiveMinimum === true;
    this.exclusiveMaximum = raw.exclusiveMaximum === true;
    this.multipleOf = numberOrUndefined(raw.multipleOf);
    this.minItems = numberOrUndefined(raw.minItems);
    this.maxItems = numberOrUndefined(raw.maxItems);
    this.uniqueItems = raw.uniqueItems === true;
    this.minProperties = numberOrUndefined(raw.minProperties);
    this.maxProperties = numberOrUndefined(raw.maxProperties);
    if (typeof raw['x-kubernetes-list-type'] === 'string') this.listType = raw['x-kubernetes-list-type'];
    const mapKeys = raw['x-kubernetes-list-map-keys'];
    this.listMapKeys = Array.isArray(mapKeys) ? mapKeys.filter((k): k is string => typeof k === 'string') : [];
    this.hasDefault = Object.prototype.hasOwnProperty.call(raw, 'default');
    this.defaultValue = raw.default;
    this.rules = readValidationRules(raw['x-kubernetes-validations'], location);
  }

  /** True when the node declares properties (explicitly, or implicitly as a root or embedded resource). */
  public get declaresProperties(): boolean {
    return isJsonObject(this.raw.properties) || this.hasObjectMetaFields;
  }

  /** True when the node declares implicit `apiVersion`, `kind` and `metadata` (a root or an embedded resource). */
  public get hasObjectMetaFields(): boolean {
    return this.isRoot || this.embeddedResource;
  }

  /** The schema of the declared property `name`, or undefined when it is not declared. */
  public property(name: string): SchemaNode | undefined {
    if (this.properties.has(name)) return this.properties.get(name);
    let node: SchemaNode | undefined;
    const declared = isJsonObject(this.raw.properties) ? this.raw.properties : undefined;
    const raw =
      declared !== undefined && Object.prototype.hasOwnProperty.call(declared, name) ? declared[name] : undefined;
    if (this.hasObjectMetaFields && name === 'metadata') {
      node = this.source.objectMetaNode();
    } else if (isJsonObject(raw)) {
      node = this.source.node(raw, this.childLocation(name));
    } else if (this.hasObjectMetaFields && (name === 'apiVersion' || name === 'kind')) {
      node = this.source.node({ type: 'string' }, this.childLocation(name));
    }
    this.properties.set(name, node);
    return node;
  }

  /** Declared properties that have a `default`, in declaration order. */
  public get defaultedProperties(): readonly (readonly [string, SchemaNode])[] {
    if (this.defaulted === undefined) {
      const declared = isJsonObject(this.raw.properties) ? Object.keys(this.raw.properties) : [];
      this.defaulted = declared
        .map((name) => [name, this.property(name)] as const)
        .filter((entry): entry is readonly [string, SchemaNode] => entry[1] !== undefined && entry[1].hasDefault);
    }
    return this.defaulted;
  }

  /** The `additionalProperties` schema, `true`/`false` when given as a boolean, undefined when absent. */
  public get additionalProperties(): SchemaNode | boolean | undefined {
    if (this.additional === undefined) {
      const raw = this.raw.additionalProperties;
      if (typeof raw === 'boolean') this.additional = raw;
      else if (isJsonObject(raw)) this.additional = this.source.node(raw, `${this.location}[*]`);
    }
    return this.additional;
  }

  /** The `items` schema, when given. */
  public get items(): SchemaNode | undefined {
    if (this.itemNode === undefined && isJsonObject(this.raw.items)) {
      this.itemNode = this.source.node(this.raw.items, `${this.location}[]`);
    }
    return this.itemNode;
  }

  /** The `allOf`, `anyOf` and `oneOf` branch schemas (empty lists when absent). */
  public get combinators(): Readonly<Record<'allOf' | 'anyOf' | 'oneOf', readonly SchemaNode[]>> {
    if (this.branches === undefined) {
      const read = (key: 'allOf' | 'anyOf' | 'oneOf'): SchemaNode[] => {
        const list = this.raw[key];
        return Array.isArray(list)
          ? list.filter(isJsonObject).map((raw, i) => this.source.node(raw, `${this.location}(${key}[${i}])`))
          : [];
      };
      this.branches = { allOf: read('allOf'), anyOf: read('anyOf'), oneOf: read('oneOf') };
    }
    return this.branches;
  }

  /** The `not` schema, when given. */
  public get not(): SchemaNode | undefined {
    if (this.notNode === undefined) {
      this.notNode = isJsonObject(this.raw.not) ? this.source.node(this.raw.not, `${this.location}(not)`) : null;
    }
    return this.notNode ?? undefined;
  }

  private childLocation(name: string): string {
    return this.isRoot ? `${this.location} ${name}` : `${this.location}.${name}`;
  }
}
