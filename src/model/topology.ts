import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { buildIr, MANAGED_BY_LABEL, PROFILE_LABEL, TOPOLOGY_LABEL } from '../ir/build';
import { planProfile, ProfilePlan } from '../plan';
import { IrTopology, IrWidening, IrWideningKind, wideningKind } from '../ir/types';
import { renderNamespaces } from '../targets/namespaces';
import { allTargets, findTarget, gatewayClassFacts, targetsJoiningRoutedProfiles } from '../targets/registry';
import { Manifest, Target } from '../targets/target';
import { Diagnostic, ErrorCode, Problem, WarningCode, ZeroTrustError } from '../validation/codes';
import {
  checkEnum,
  checkInstances,
  checkLabelMap,
  checkList,
  checkOptionalObject,
  checkOptionalString,
  defined,
} from '../validation/input';
import { checkDnsLabel } from '../validation/names';
import { collect } from './collect';
import { collectGuardrails } from './guardrail-collect';
import { ManifestObject } from './manifest-object';
import { checkEmittedDocuments } from './output-check';
import { brand, findEnclosing, freeId, TOPOLOGY_BRAND } from './markers';
import { MtlsStage } from './mesh-mtls';
import { Profile } from './profile';

/** Whether, and how, the topology runs a service mesh. */
export enum MeshMode {
  /** No mesh. */
  NONE = 'none',
  /** Istio with sidecar proxies. */
  SIDECAR = 'sidecar',
  /** Istio ambient (ztunnel, and waypoints for L7). */
  AMBIENT = 'ambient',
}

/** What synth does with warnings. */
export enum WarningMode {
  /** Print them to stderr. */
  PRINT = 'PRINT',
  /** Keep them on `topology.warnings` only. */
  SILENT = 'SILENT',
  /** Fail synth on any warning that is not acknowledged (strict mode). */
  ERROR = 'ERROR',
}

/** Props of a Topology. */
export interface TopologyProps {
  /**
   * Profiles to emit: one output file each.
   * @default [Profile.kubernetes()]
   */
  readonly profiles?: Profile[];
  /**
   * The mesh the topology's mesh profiles run.
   * @default MeshMode.NONE
   */
  readonly mesh?: MeshMode;
  /**
   * Istio trust domain (`meshConfig.trustDomain`), used in principals.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Istio root namespace.
   * @default 'istio-system'
   */
  readonly meshRootNamespace?: string;
  /**
   * Cilium version the cilium target renders for (`major.minor`).
   * @default '1.19'
   */
  readonly ciliumVersion?: string;
  /**
   * Extra labels on every emitted object.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Where staged mTLS migrations stand.
   * @default MtlsStage.ENFORCED
   */
  readonly mtlsStage?: MtlsStage;
  /**
   * What to do with warnings.
   * @default WarningMode.PRINT
   */
  readonly warnings?: WarningMode;
  /**
   * Warning codes acknowledged for the whole topology (not printed, not errors in strict mode).
   * For one subtree, with a reason, use `topology.acknowledgeWarning()`.
   * @default []
   */
  readonly acknowledgeWarnings?: string[];
  /**
   * Name used in labels and output files.
   * @default - the construct id
   */
  readonly name?: string;
}

/** A widening applied because a profile accepted it, or a fallback stated on a peer or an edge (`FALLBACK`). */
export interface WideningReport {
  /** The `Widening` applied, or `FALLBACK` for a stated fallback. */
  readonly kind: string;
  /** The target that could not express the intent. */
  readonly target: string;
  /** Construct path of the intent. */
  readonly path: string;
  /** What was widened, in words. */
  readonly detail: string;
}

/**
 * The compiled form of a topology: its IR and every profile's plan and manifests.
 * @internal
 */
export interface CompiledTopology {
  readonly ir?: IrTopology;
  readonly plans: readonly ProfilePlan<Target>[];
  readonly manifests: { readonly [profile: string]: readonly Manifest[] };
  readonly diagnostics: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  readonly widenings: readonly IrWidening[];
}

/**
 * The root of one policy model. It owns one cdk8s Chart per profile, named
 * `<topology>-<profile>` (so `dist/<topology>-<profile>.k8s.yaml`), and compiles the whole
 * construct tree at synth: declaration order never matters. `chartFor`, `objectsOf` and
 * `findObject` create the emitted objects earlier, to patch them; the topology is sealed from then
 * on (ZT133). Bad input fails synth with one
 * message per problem, each prefixed by its construct path, and nothing is written.
 *
 * Create it directly in the App for clean file names.
 *
 * @example
 * const shop = new Topology(app, 'three-tier', { profiles: [Profile.kubernetes(), Profile.cilium()] });
 */
export class Topology extends Construct {
  /** The topology enclosing a construct. */
  public static of(c: IConstruct): Topology {
    const t = findEnclosing(c, TOPOLOGY_BRAND);
    if (!t)
      throw new ZeroTrustError(
        ErrorCode.MISPLACED_CONSTRUCT,
        `${c.node.path} is not inside a Topology. Create it within a Topology`,
      );
    return t as Topology;
  }

  /** Topology name (labels, file names). */
  public readonly topologyName: string;
  /** Profiles, in declaration order. */
  public readonly profiles: Profile[];
  private readonly props: TopologyProps;
  private readonly charts = new Map<string, Chart>();
  private compiled?: CompiledTopology;
  private rendered = false;
  private printed = false;
  /** True once the objects were created (or asked for): constructs added afterwards throw ZT133. */
  private sealed = false;
  /** The objects created for each profile, in output order. */
  private readonly objects = new Map<string, ApiObject[]>();
  private readonly members = new Set<string>();
  /** Messages of the compilation's diagnostics, by construct path (built on first use). */
  private diagnosticsByPath?: Map<string, string[]>;
  private readonly acknowledged: { code: string; path: string; reason: string }[] = [];
  /** Problems of the props as given (reported at synth, under the topology's path). */
  private readonly propProblems: Problem[];

  public constructor(scope: Construct, id: string, props: TopologyProps = {}) {
    super(scope, freeId(scope, id, 'Topology'));
    brand(this, TOPOLOGY_BRAND);
    this.propProblems = checkTopologyProps(props);
    this.props = this.propProblems.length > 0 ? {} : props;
    this.topologyName = typeof props?.name === 'string' ? props.name : id;
    this.profiles = Array.isArray(props?.profiles)
      ? props.profiles.filter((p) => p instanceof Profile)
      : [Profile.kubernetes()];
    const chartScope = this.node.scope!;
    for (const p of this.profiles) {
      if (this.charts.has(p.name)) continue; // reported at synth
      const chartId = `${this.topologyName}-${p.name}`;
      if (chartScope.node.tryFindChild(chartId)) {
        this.propProblems.push({
          code: ErrorCode.DUPLICATE_ID,
          message: `profile '${p.name}' would write the chart '${chartId}' (dist/${chartId}.k8s.yaml), which '${chartScope.node.path || 'the app'}' already has: another Topology has the same name, or a topology and profile name combine to the same chart name. Give this Topology a distinct 'name', or the profile a distinct 'name'`,
        });
        continue;
      }
      this.charts.set(
        p.name,
        new Chart(chartScope, chartId, { disableResourceNameHashes: true, labels: { [PROFILE_LABEL]: p.name } }),
      );
    }
    this.node.addValidation({ validate: () => this.validateAndRender() });
  }

  /**
   * The chart of a profile, holding every object the topology emits for it: an escape hatch to
   * add objects, or to patch emitted ones the cdk8s way (`ApiObject.of(x).addJsonPatch(...)`,
   * `x.metadata.addAnnotation(...)`). The first call compiles the topology and creates its
   * objects in the charts; from then on the topology is sealed, and a construct added to it throws
   * ZT133: declare every construct before calling `chartFor`, `objectsOf` or `findObject`. Throws
   * when the topology does not compile, with every problem.
   */
  public chartFor(profileName: string): Chart {
    const c = this.charts.get(profileName);
    if (!c)
      throw new ZeroTrustError(
        ErrorCode.INVALID_PROFILE,
        `no profile named '${profileName}' in topology ${this.node.path}. Use one of: ${[...this.charts.keys()].join(', ')}`,
      );
    this.materialize(true);
    return c;
  }

  /**
   * The objects the topology emits for a profile, in output order, as cdk8s ApiObjects (patch them
   * before synth). Compiles and seals the topology, as `chartFor` does.
   */
  public objectsOf(profileName: string): ApiObject[] {
    this.chartFor(profileName);
    return [...(this.objects.get(profileName) ?? [])];
  }

  /**
   * One object the topology emits for a profile, by kind, name and (for namespaced objects)
   * namespace, e.g. `findObject('cilium', 'CiliumNetworkPolicy', 'backend-api-ingress', 'production')`.
   * Compiles and seals the topology, as `chartFor` does. Throws when there is no such object.
   * @param objectNamespace the object's namespace @default - any namespace (the name must then be unique)
   */
  public findObject(profileName: string, kind: string, name: string, objectNamespace?: string): ApiObject {
    const hits = this.objectsOf(profileName).filter(
      (o) =>
        o.kind === kind &&
        o.name === name &&
        (objectNamespace === undefined || o.metadata.namespace === objectNamespace),
    );
    if (hits.length !== 1) {
      throw new Error(
        `${hits.length === 0 ? 'no' : 'more than one'} ${kind} named '${name}'${objectNamespace !== undefined ? ` in namespace '${objectNamespace}'` : ''} in profile '${profileName}' of topology ${this.node.path}${hits.length > 1 ? '. Give the namespace' : ''}`,
      );
    }
    return hits[0];
  }

  /**
   * Acknowledges a warning for a subtree (the construct and everything below it), with a reason
   * kept for reviewers. Acknowledged warnings are neither printed nor errors in strict mode.
   *
   * @param code the warning's code: a `WarningCode` (e.g. `WarningCode.NAMESPACE_LABELS_NEEDED`) or its string (`'ZT201'`)
   * @param scope the construct whose subtree the acknowledgement covers
   * @param reason why the warning is acceptable, kept for reviewers
   */
  public acknowledgeWarning(code: string, scope: IConstruct, reason: string): void {
    if (typeof code !== 'string' || !(scope as IConstruct | undefined)?.node)
      throw new ZeroTrustError(
        ErrorCode.WRONG_TYPE,
        `acknowledgeWarning needs a code string and a construct. Write topology.acknowledgeWarning('ZT201', zone, 'why')`,
      );
    if (typeof reason !== 'string' || reason.trim().length === 0)
      throw new ZeroTrustError(
        ErrorCode.WRONG_TYPE,
        `acknowledging ${code} needs a reason. Write why, for reviewers: topology.acknowledgeWarning('${code}', scope, 'the platform team labels it')`,
      );
    this.acknowledged.push({ code, path: scope.node.path, reason });
    // Warnings are decided when compiling: a compilation made before is stale.
    this.compiled = undefined;
    this.diagnosticsByPath = undefined;
  }

  /** Warnings of the compilation (unacknowledged ones), deduplicated, with stable codes. */
  public get warnings(): Diagnostic[] {
    return [...this._compile().warnings];
  }

  /** Widenings applied, as accepted by the profiles, and stated fallbacks used (`FALLBACK`). */
  public get widenings(): WideningReport[] {
    return this._compile().widenings.map((w) => ({ kind: w.kind, target: w.target, path: w.path, detail: w.detail }));
  }

  /**
   * Compiles the model: IR, per-profile plans and manifests, or diagnostics. Memoized; called by
   * synth; reports and the expectations API use it.
   * @internal
   */
  public _compile(): CompiledTopology {
    if (!this.compiled) this.compiled = this.doCompile();
    return this.compiled;
  }

  /**
   * Creates the emitted objects in the charts, once, and seals the topology. With `strict`, throws
   * when the topology does not compile (at synth, its validation reports the problems instead).
   */
  private materialize(strict: boolean): CompiledTopology {
    const c = this._compile();
    if (c.diagnostics.length > 0) {
      if (strict) {
        throw new Error(
          `topology ${this.node.path} does not compile, so it has no objects yet:\n${c.diagnostics.map((d) => `  [${d.path}] ${d.code}: ${d.message}`).join('\n')}`,
        );
      }
      return c;
    }
    if (!this.rendered) {
      this.rendered = true;
      this.sealed = true;
      for (const p of this.profiles) {
        const chart = this.charts.get(p.name)!;
        const objects: ApiObject[] = [];
        for (const m of c.manifests[p.name] ?? []) {
          objects.push(new ManifestObject(chart, `${m.kind}.${m.metadata.namespace ?? ''}.${m.metadata.name}`, m));
        }
        this.objects.set(p.name, objects);
      }
    }
    return c;
  }

  private doCompile(): CompiledTopology {
    const diagnostics: Diagnostic[] = this.propProblems.map((m) => ({ ...m, path: this.node.path }));
    if (diagnostics.length > 0) return { plans: [], manifests: {}, diagnostics, warnings: [], widenings: [] };
    const nameErr = checkDnsLabel('topology name', this.topologyName);
    if (nameErr) diagnostics.push({ code: ErrorCode.INVALID_NAME, path: this.node.path, message: nameErr.message });
    if (this.profiles.length === 0) {
      diagnostics.push({
        code: ErrorCode.NO_PROFILES,
        path: this.node.path,
        message:
          'the topology has no profiles (profiles: []), so nothing would be emitted. Name at least one, e.g. profiles: [Profile.cilium()], or leave profiles out for Profile.kubernetes()',
      });
    }
    const seen = new Set<string>();
    for (const p of this.profiles) {
      if (seen.has(p.name))
        diagnostics.push({
          code: ErrorCode.INVALID_PROFILE,
          path: this.node.path,
          message: `two profiles are named '${p.name}'. Give one a 'name'`,
        });
      seen.add(p.name);
      const err = checkDnsLabel('profile name', p.name);
      if (err) diagnostics.push({ code: ErrorCode.INVALID_PROFILE, path: this.node.path, message: err.message });
      for (const t of p.targets) {
        if (!findTarget(t))
          diagnostics.push({
            code: ErrorCode.INVALID_PROFILE,
            path: this.node.path,
            message: `profile '${p.name}' names an unknown target '${t}'. Use a registered target: ${allTargets()
              .map((x) => `'${x.name}'`)
              .join(', ')}`,
          });
      }
    }
    const input = collect(this, {
      name: this.topologyName,
      mesh: this.props.mesh ?? MeshMode.NONE,
      trustDomain: this.props.trustDomain ?? 'cluster.local',
      rootNamespace: this.props.meshRootNamespace ?? 'istio-system',
      ciliumVersion: this.props.ciliumVersion ?? '1.19',
      labels: this.props.labels ?? {},
      mtlsStage: this.props.mtlsStage ?? MtlsStage.ENFORCED,
    });
    const built = buildIr(input, gatewayClassFacts);
    diagnostics.push(...built.diagnostics);
    const guardrails = collectGuardrails(this);
    diagnostics.push(...guardrails.diagnostics);
    if (!built.ir || diagnostics.length > 0)
      return { plans: [], manifests: {}, diagnostics, warnings: [], widenings: [] };
    const ir: IrTopology =
      guardrails.guardrails.length > 0 ? { ...built.ir, guardrails: guardrails.guardrails } : built.ir;
    const plans: ProfilePlan<Target>[] = [];
    const manifests: { [profile: string]: Manifest[] } = {};
    const warnings: Diagnostic[] = [];
    const widenings: IrWidening[] = [];
    const ack = new Set(this.props.acknowledgeWarnings ?? []);
    const acknowledged = (w: Diagnostic) =>
      ack.has(w.code) ||
      this.acknowledged.some((a) => a.code === w.code && (w.path === a.path || w.path.startsWith(`${a.path}/`)));
    const seenWarnings = new Set<string>();
    const warn = (w: Diagnostic) => {
      const key = `${w.code}|${w.path}|${w.message}`;
      if (acknowledged(w) || seenWarnings.has(key)) return;
      seenWarnings.add(key);
      warnings.push(w);
    };
    if (!this.profiles.some((p) => p.targets.some((t) => findTarget(t)?.enforcementPoint === 'mesh'))) {
      for (const m of ir.mtls) {
        warn({
          code: WarningCode.MTLS_NOT_EMITTED,
          path: m.path,
          message: `no profile of the topology has a mesh target, so this MeshMtls emits nothing (${this.profiles.map((p) => p.name).join(', ')}). Add a mesh profile (e.g. Profile.ciliumIstio()), or remove the MeshMtls`,
        });
      }
    }
    const shipped = new Set<string>();
    for (const g of ir.gateways) {
      const known = gatewayClassFacts(g.className)?.controllerName;
      if (!g.gatewayClass || g.gatewayClass.controllerName !== known || shipped.has(g.className)) continue;
      shipped.add(g.className);
      warn({
        code: WarningCode.GATEWAY_CLASS_SHIPPED,
        path: g.path,
        message: `GatewayClass '${g.className}' (controller '${known}') is installed by its implementation in most clusters: emitting it too gives one cluster-scoped object two owners. Leave gatewayClass out where the cluster installs the class, or acknowledge the warning`,
      });
    }
    for (const p of this.profiles) {
      const targets = p.targets.map((t) => findTarget(t)).filter((t): t is Target => !!t);
      // Route objects (Gateway API) belong to every profile of a topology that declares ingress (opt out per profile).
      for (const routes of targetsJoiningRoutedProfiles()) {
        if (p.gatewayApi && !p.targets.includes(routes.name) && (ir.gateways.length > 0 || ir.routes.length > 0))
          targets.push(routes);
      }
      const profileIr =
        p.networkPolicyApiVersion === undefined
          ? ir
          : {
              ...ir,
              settings: {
                ...ir.settings,
                targetVersions: { ...ir.settings.targetVersions, 'network-policy-api': p.networkPolicyApiVersion },
              },
            };
      const plan = planProfile(profileIr, {
        name: p.name,
        targets,
        accepted: p.accepted.map((w) => wideningKind(w)).filter((w): w is IrWideningKind => w !== undefined),
        gatewayApi: p.gatewayApi,
        registered: allTargets(),
      });
      plans.push(plan);
      diagnostics.push(...plan.diagnostics);
      for (const w of plan.warnings) warn(w);
      widenings.push(...plan.widenings);
      if (plan.diagnostics.length > 0) continue;
      const out: Manifest[] = [...renderNamespaces(plan.clusterIr)];
      for (const part of plan.parts) {
        out.push(
          ...part.target.render(part.ir, { profile: p.name, profileTargets: targets.map((t) => t.name).sort() }),
        );
      }
      manifests[p.name] = out;
    }
    if (this.props.warnings === WarningMode.ERROR) {
      diagnostics.push(
        ...warnings.map((w) => ({
          ...w,
          message: `${w.message} (strict mode: fix it, or acknowledge it with topology.acknowledgeWarning('${w.code}', scope, reason))`,
        })),
      );
    }
    return { ir, plans, manifests, diagnostics, warnings, widenings };
  }

  /**
   * Called by every model construct as it is created: a change of the model, so a compilation
   * made before (by reading `warnings`, say) is stale. Once the output is materialized, throws.
   * @internal
   */
  public _registerMember(path: string): void {
    if (this.sealed) {
      const e = new ZeroTrustError(
        ErrorCode.TOPOLOGY_SEALED,
        `construct cannot be added to topology '${this.node.path}': its objects were already created (by chartFor, objectsOf, findObject or synth), so the addition would be silently dropped. Declare every construct before calling chartFor, objectsOf or findObject`,
      );
      e.message = `[${path}] ${e.message}`;
      throw e;
    }
    this.members.add(path);
    this.compiled = undefined;
    this.diagnosticsByPath = undefined;
  }

  /** @internal */
  public _diagnosticsAt(path: string): string[] {
    if (!this.diagnosticsByPath) {
      this.diagnosticsByPath = new Map();
      for (const d of this._compile().diagnostics) {
        const messages = this.diagnosticsByPath.get(d.path) ?? [];
        messages.push(`${d.code}: ${d.message}`);
        this.diagnosticsByPath.set(d.path, messages);
      }
    }
    return [...(this.diagnosticsByPath.get(path) ?? [])];
  }

  private validateAndRender(): string[] {
    const c = this.materialize(false);
    if (c.diagnostics.length > 0) {
      return c.diagnostics
        .filter((d) => !this.members.has(d.path))
        .map((d) => `${d.path === this.node.path ? '' : `at ${d.path}: `}${d.code}: ${d.message}`);
    }
    if (!this.printed) {
      this.printed = true;
      if (this.props.warnings !== WarningMode.SILENT && this.props.warnings !== WarningMode.ERROR) {
        for (const w of c.warnings)
          process.stderr.write(`[cdk8s-zerotrust] warning ${w.code} at ${w.path}: ${w.message}\n`);
        for (const w of c.widenings)
          process.stderr.write(
            `[cdk8s-zerotrust] ${w.kind === 'FALLBACK' ? 'fallback' : `widening ${w.kind}`} (${w.target}) at ${w.path}: ${w.detail}\n`,
          );
      }
    }
    return checkEmittedDocuments(this, [...this.charts.values()]);
  }
}

/** The props of a Topology as given at run time: types, enum members, names and labels that reach every object. */
function checkTopologyProps(props: TopologyProps): Problem[] {
  const o = checkOptionalObject('Topology props', props);
  if (o) return [o];
  const p = props as unknown as { [k: string]: unknown };
  const out = defined([
    // `profiles: []` is ZT132 (NO_PROFILES), reported at compile.
    ...checkInstances('profiles', p.profiles, Profile, 'Profile.cilium()', true, undefined, (x) =>
      typeof x === 'string' ? `Profile.of(['${x}'])` : undefined,
    ),
    checkEnum('mesh', p.mesh, MeshMode as unknown as { [k: string]: string }, 'MeshMode', true),
    checkEnum('mtlsStage', p.mtlsStage, MtlsStage as unknown as { [k: string]: string }, 'MtlsStage', true),
    checkEnum('warnings', p.warnings, WarningMode as unknown as { [k: string]: string }, 'WarningMode', true),
    checkOptionalString('name', p.name, 'shop'),
    checkOptionalString('trustDomain', p.trustDomain, 'cluster.local'),
    checkOptionalString('meshRootNamespace', p.meshRootNamespace, 'istio-system'),
    checkOptionalString('ciliumVersion', p.ciliumVersion, '1.19'),
    checkList('acknowledgeWarnings', p.acknowledgeWarnings, "['ZT201']", true),
    ...checkLabelMap('labels', p.labels, true),
  ]);
  if (out.length > 0) return out;
  if (
    typeof p.trustDomain === 'string' &&
    (p.trustDomain.length > 255 || !/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/.test(p.trustDomain))
  ) {
    out.push({
      code: ErrorCode.INVALID_SETTING,
      message: `trustDomain '${p.trustDomain}' is not a SPIFFE trust domain (lower-case letters, digits, '.', '-' and '_', at most 255). Write it as meshConfig.trustDomain has it, e.g. 'cluster.local'`,
    });
  }
  if (typeof p.meshRootNamespace === 'string') {
    const e = checkDnsLabel('meshRootNamespace', p.meshRootNamespace);
    if (e) out.push(e);
  }
  for (const [k, v] of Object.entries((p.labels ?? {}) as { [k: string]: string })) {
    if (k === MANAGED_BY_LABEL || k === TOPOLOGY_LABEL)
      out.push({
        code: ErrorCode.INVALID_LABEL,
        message: `labels: '${k}' is set by the library on every object (value '${v}' would be replaced). Remove it from 'labels'`,
      });
  }
  return out;
}
