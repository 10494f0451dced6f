import * as fs from 'fs';
import * as path from 'path';
import { NAMESPACE_API_VERSION, NAMESPACE_KIND, NAMESPACE_SCHEMA } from './builtin/namespace';
import { parseCrdFile, scanCrdFile, type CrdDefinition } from './crd-file';
import { isJsonObject } from './json-value';
import { COMPONENT_REF_PREFIX, SchemaSource, type RawSchema, type SchemaNode } from './schema-node';

/**
 * The schemas of a folder of vendored schema files: Kubernetes OpenAPI v3 documents (`*.json`) and
 * CustomResourceDefinitions (`*.yaml`). OpenAPI documents are read at load; CRD files are only scanned for
 * their group and kind, and parsed the first time one of their kinds is looked up.
 */

/** The schema of one apiVersion and kind. */
export interface KindSchema {
  /** e.g. `cilium.io/v2`. */
  readonly apiVersion: string;
  /** e.g. `CiliumNetworkPolicy`. */
  readonly kind: string;
  /** True for cluster-scoped kinds. */
  readonly clusterScoped: boolean;
  /** The compiled root schema. */
  readonly root: SchemaNode;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full) : [full];
    });
}

function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** True for an OpenAPI component that is an object kind: it has a GVK and its `metadata` is ObjectMeta. */
function isObjectKind(schema: RawSchema): boolean {
  const metadata = isJsonObject(schema.properties) ? schema.properties.metadata : undefined;
  return isJsonObject(metadata) && JSON.stringify(metadata).includes(`/${OBJECT_META}"`);
}

interface OpenApiDocument {
  readonly components: Readonly<Record<string, RawSchema>>;
  /** Names of the components created through a `/namespaces/{namespace}/` path. */
  readonly namespaced: ReadonlySet<string>;
}

/** Names of the components that a POST under `/namespaces/{namespace}/` creates: the namespaced kinds. */
function namespacedComponents(paths: unknown): Set<string> {
  const names = new Set<string>();
  if (!isJsonObject(paths)) return names;
  for (const [route, item] of Object.entries(paths)) {
    const post = isJsonObject(item) ? item.post : undefined;
    if (!route.includes('/namespaces/{namespace}/') || !isJsonObject(post)) continue;
    const refs = JSON.stringify(post.requestBody ?? {}).match(/#\/components\/schemas\/[^"]+/g) ?? [];
    for (const ref of refs) names.add(ref.slice(COMPONENT_REF_PREFIX.length));
  }
  return names;
}

function readOpenApi(file: string): OpenApiDocument | undefined {
  const doc: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!isJsonObject(doc) || !isJsonObject(doc.components) || !isJsonObject(doc.components.schemas)) return undefined;
  return {
    components: doc.components.schemas as Record<string, RawSchema>,
    namespaced: namespacedComponents(doc.paths),
  };
}

/** A lookup of kind schemas in a folder of vendored schema files. */
export class SchemaCatalog {
  /**
   * Reads the OpenAPI documents of `dir` and scans its CRD files.
   * @throws Error when no OpenAPI document provides ObjectMeta, or a file cannot be read or parsed.
   */
  public static load(dir: string): SchemaCatalog {
    return new SchemaCatalog(listFiles(dir));
  }

  /** The ObjectMeta schema node, from the Kubernetes OpenAPI document. */
  public readonly objectMeta: SchemaNode;
  private readonly kinds = new Map<string, KindSchema>();
  private readonly crdFiles = new Map<string, string>();
  private readonly parsedFiles = new Set<string>();

  private constructor(files: readonly string[]) {
    const documents = files
      .filter((f) => f.endsWith('.json'))
      .map(readOpenApi)
      .filter((d): d is OpenApiDocument => d !== undefined);
    const sources = documents.map((doc) => new SchemaSource('openapi', doc.components, () => this.objectMeta));
    const metaSource = sources.find((_, i) => documents[i].components[OBJECT_META] !== undefined);
    if (metaSource === undefined) throw new Error('no Kubernetes OpenAPI document provides ObjectMeta');
    this.objectMeta = metaSource.node(metaSource.component(OBJECT_META), 'ObjectMeta');
    sources.forEach((source, i) => this.registerOpenApiKinds(source, documents[i]));
    if (!this.kinds.has(`${NAMESPACE_API_VERSION} ${NAMESPACE_KIND}`)) {
      this.register(
        NAMESPACE_API_VERSION,
        NAMESPACE_KIND,
        true,
        metaSource.root(NAMESPACE_SCHEMA, `${NAMESPACE_API_VERSION} ${NAMESPACE_KIND}`),
      );
    }
    for (const file of files.filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))) {
      const text = fs.readFileSync(file, 'utf8');
      const entries = scanCrdFile(text);
      if (entries === undefined) this.registerCrds(file, parseCrdFile(text, file));
      else for (const entry of entries) this.crdFiles.set(`${entry.group}/${entry.kind}`, file);
    }
  }

  /** The schema of an apiVersion and kind, or undefined when there is none (or the version is not served). */
  public lookup(apiVersion: string, kind: string): KindSchema | undefined {
    const key = `${apiVersion} ${kind}`;
    if (!this.kinds.has(key)) {
      const file = this.crdFiles.get(`${groupOf(apiVersion)}/${kind}`);
      if (file !== undefined) this.parseCrdFileOnce(file);
    }
    return this.kinds.get(key);
  }

  /** Every known kind as `apiVersion kind`, sorted; parses every CRD file not parsed yet. */
  public allKinds(): string[] {
    for (const file of new Set(this.crdFiles.values())) this.parseCrdFileOnce(file);
    return [...this.kinds.keys()].sort();
  }

  private parseCrdFileOnce(file: string): void {
    if (!this.parsedFiles.has(file)) this.registerCrds(file, parseCrdFile(fs.readFileSync(file, 'utf8'), file));
  }

  private registerOpenApiKinds(source: SchemaSource, document: OpenApiDocument): void {
    for (const [name, schema] of Object.entries(document.components)) {
      const gvks = schema['x-kubernetes-group-version-kind'];
      if (!Array.isArray(gvks) || !isObjectKind(schema)) continue;
      for (const gvk of gvks.filter(isJsonObject)) {
        const apiVersion = apiVersionOf(String(gvk.group ?? ''), String(gvk.version));
        const kind = String(gvk.kind);
        this.register(apiVersion, kind, !document.namespaced.has(name), source.root(schema, `${apiVersion} ${kind}`));
      }
    }
  }

  private registerCrds(file: string, definitions: readonly CrdDefinition[]): void {
    this.parsedFiles.add(file);
    for (const crd of definitions) {
      const source = new SchemaSource('crd', {}, () => this.objectMeta);
      for (const version of crd.versions.filter((v) => v.served)) {
        const apiVersion = apiVersionOf(crd.group, version.name);
        this.register(
          apiVersion,
          crd.kind,
          crd.clusterScoped,
          source.root(version.schema, `${apiVersion} ${crd.kind}`),
        );
      }
    }
  }

  private register(apiVersion: string, kind: string, clusterScoped: boolean, root: SchemaNode): void {
    const key = `${apiVersion} ${kind}`;
    if (!this.kinds.has(key)) this.kinds.set(key, { apiVersion, kind, clusterScoped, root });
  }
}
