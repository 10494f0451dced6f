import {
  ApiObject,
  ApiObjectMetadataDefinition,
  App,
  ImplicitTokenResolver,
  IResolver,
  JsonPatch,
  LazyResolver,
  NumberStringUnionResolver,
  OwnerReference,
} from 'cdk8s';
import { Construct } from 'constructs';
import { Manifest } from '../targets/target';
import { sortedKeys } from '../validation/sorted-keys';
import { canonicalJson } from './canonical-json';

/** The keys cdk8s puts first, in this order; the others follow sorted. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

/**
 * The ApiObject of one emitted manifest. Manifests are plain JSON data (no tokens, no `Lazy`), so
 * its JSON is the manifest in cdk8s' canonical form (keys sorted, empty members removed), built
 * in one walk instead of cdk8s' generic resolve-then-sanitize walks over every value. The output
 * is byte-identical to a plain `ApiObject`'s, and it stays a full ApiObject: JSON patches added
 * with `ApiObject.of(x).addJsonPatch(...)` and changes made through `metadata` apply as usual
 * (once the metadata is changed, cdk8s renders it).
 *
 * When the app has resolvers of its own (which may rewrite any value) or `CDK8S_DISABLE_SORT` is
 * set, it renders exactly as a plain ApiObject does.
 */
export class ManifestObject extends ApiObject {
  private readonly manifest: Manifest;
  /** The patches added, as the base class keeps its own list private. */
  private readonly jsonPatches: JsonPatch[] = [];
  /** The JSON rendered for the output check, handed to the next `toJson` call if nothing changed since. */
  private pendingJson?: { readonly stamp: number; readonly json: unknown };

  public constructor(scope: Construct, id: string, manifest: Manifest) {
    super(scope, id, manifest as never);
    this.manifest = manifest;
    WatchedMetadata.watch(this.metadata);
  }

  /** Applies RFC-6902 JSON-Patch operations to the rendered manifest (see `ApiObject.addJsonPatch`). */
  public override addJsonPatch(...ops: JsonPatch[]): void {
    super.addJsonPatch(...ops);
    this.jsonPatches.push(...ops);
  }

  /**
   * A number that changes whenever this object's JSON may change (the count of its patches), or
   * undefined when that cannot be known: the app has resolvers of its own, or the metadata was
   * changed through its API (its values may then be tokens).
   * @internal
   */
  public _renderStamp(): number | undefined {
    if ((this.metadata as WatchedMetadata).changed === true || !this.isPlainData()) return undefined;
    return this.jsonPatches.length;
  }

  /**
   * The JSON for the output check. cdk8s renders each object once more right after validating the
   * app: while the object stays unchanged, that next `toJson` call gets this same JSON (which the
   * check only reads) instead of rendering it a second time; later calls render afresh.
   * @internal
   */
  public _jsonForCheck(): unknown {
    const json = this.toJson();
    const stamp = this._renderStamp();
    if (stamp !== undefined) this.pendingJson = { stamp, json };
    return json;
  }

  /** Renders the manifest to Kubernetes JSON, as `ApiObject.toJson` does. */
  public override toJson(): unknown {
    const pending = this.pendingJson;
    if (pending !== undefined) {
      this.pendingJson = undefined;
      if (pending.stamp === this._renderStamp()) return pending.json;
    }
    if (!this.isPlainData()) return super.toJson();
    try {
      const json: { [key: string]: unknown } = {};
      for (const key of sortedKeys(this.manifest)) {
        if (key === 'metadata') continue;
        const value = canonicalJson(this.manifest[key]);
        if (value !== null && value !== undefined) json[key] = value;
      }
      json.metadata = this.metadataJson();
      const patched =
        this.jsonPatches.length > 0 ? (JsonPatch.apply(json, ...this.jsonPatches) as { [key: string]: unknown }) : json;
      return leadingKeysFirst(patched);
    } catch (e) {
      throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
    }
  }

  /**
   * The metadata as `ApiObjectMetadataDefinition.toJson` renders it. Until it is changed, that is
   * the manifest's metadata with the name, namespace and chart labels the ApiObject gave it.
   */
  private metadataJson(): unknown {
    if ((this.metadata as WatchedMetadata).changed === true) return this.metadata.toJson();
    const m = this.manifest.metadata;
    return canonicalJson(
      { ...m, name: this.name, namespace: this.metadata.namespace, labels: { ...this.chart.labels, ...m.labels } },
      { dropEmpty: true },
    );
  }

  /** True when cdk8s' resolvers and key sorting leave plain JSON data exactly as the canonical form. */
  private isPlainData(): boolean {
    if (process.env.CDK8S_DISABLE_SORT) return false;
    const resolvers: readonly IResolver[] | undefined = (App.of(this) as App).resolvers;
    return (
      resolvers !== undefined &&
      resolvers.every(
        (r) =>
          r instanceof LazyResolver || r instanceof ImplicitTokenResolver || r instanceof NumberStringUnionResolver,
      )
    );
  }
}

/** The document with `apiVersion`, `kind` and `metadata` first, the other keys in their order (as cdk8s orders them). */
function leadingKeysFirst(doc: { readonly [key: string]: unknown }): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const key of LEADING_KEYS) if (key in doc) out[key] = doc[key];
  for (const key of Object.keys(doc)) if (!LEADING_KEYS.includes(key)) out[key] = doc[key];
  return out;
}

/**
 * Object metadata that notes whether it was changed through its API. It is never constructed:
 * `watch` gives this prototype to the metadata an ApiObject made, which keeps its state (and
 * costs nothing, where a second metadata object would cost its construction).
 */
export class WatchedMetadata extends ApiObjectMetadataDefinition {
  /** Makes `metadata` note changes from now on; returns it. */
  public static watch(metadata: ApiObjectMetadataDefinition): WatchedMetadata {
    Object.setPrototypeOf(metadata, WatchedMetadata.prototype);
    return metadata as WatchedMetadata;
  }

  /** True once any of the methods that change the metadata was called. */
  declare public changed?: boolean;

  /** Adds a label (see `ApiObjectMetadataDefinition.addLabel`). */
  public override addLabel(key: string, value: string): void {
    this.changed = true;
    super.addLabel(key, value);
  }

  /** Adds an annotation (see `ApiObjectMetadataDefinition.addAnnotation`). */
  public override addAnnotation(key: string, value: string): void {
    this.changed = true;
    super.addAnnotation(key, value);
  }

  /** Adds finalizers (see `ApiObjectMetadataDefinition.addFinalizers`). */
  public override addFinalizers(...finalizers: string[]): void {
    this.changed = true;
    super.addFinalizers(...finalizers);
  }

  /** Adds an owner reference (see `ApiObjectMetadataDefinition.addOwnerReference`). */
  public override addOwnerReference(owner: OwnerReference): void {
    this.changed = true;
    super.addOwnerReference(owner);
  }

  /** Adds any metadata attribute (see `ApiObjectMetadataDefinition.add`). */
  public override add(key: string, value: unknown): void {
    this.changed = true;
    super.add(key, value);
  }
}
