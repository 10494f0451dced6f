import { App } from 'cdk8s';
import { IrTopology } from '../../src/ir/types';
import { CompiledTopology } from '../../src/model/topology';
import '../../src/verify/istio';
import '../../src/verify/linkerd';
import { linkerdMeshed } from '../../src/verify/linkerd/injection';
import {
  ClusterInfo,
  Flow,
  formatVerdict,
  KubeObject,
  loadManifests,
  mergeClusters,
  PodInfo,
  Verifier,
  VerifyOptions,
} from '../../src/verify';
import { explainIntent, IntentOptions } from '../../src/testing/intent/intent';
import { clusterFromIr } from '../../src/testing/intent/world';
import { buildTopology } from './build';
import { flowText, rulesText, sampleFlows, withDecoys } from './flows';
import { TopologySpec } from './spec';

/**
 * Diagnostic codes that are documented refusals: an intent no target of the profile can enforce
 * (ZT118), a plaintext source into STRICT mTLS (ZT124), a peer's service account or labels no layer
 * checks (ZT190, ZT191), and the targets' own refusals.
 */
const DOCUMENTED_REFUSALS = /^(ZT118|ZT124|ZT19[01]|ZT3[0-2]\d|ZT37\d)$/;

/**
 * Verify options for the comparison. The model's tiers are label-selected pod groups without
 * addresses, and its CIDR peers name networks outside the cluster (SEMANTICS B1.4: ipBlocks
 * "should be cluster-external IPs"), so ipBlocks must not match pods: `ipBlockMatchesPods` is
 * false. (No pod of these clusters has an IP, so it cannot change a verdict here; false states
 * the model's meaning rather than Calico's.)
 */
export const VERIFY_OPTIONS: VerifyOptions = Object.freeze({ ipBlockMatchesPods: false });

/** The verify options for a model: the comparison's, with the model's DNS server labels (Cilium's DNS-proxy check). */
export function verifyOptionsFor(ir: IrTopology): VerifyOptions {
  const dns = ir.zones.find((z) => z.dns !== undefined)?.dns;
  return dns ? { ...VERIFY_OPTIONS, dnsServerLabels: dns.podSelector } : VERIFY_OPTIONS;
}

/** What the intent side enforces for a profile, from its verifier layers (see `IntentOptions`). */
export function intentOptionsFor(layers: readonly string[]): IntentOptions {
  return {
    // A mesh-only profile accepts Widening.EGRESS_UNENFORCED: egress is open on purpose.
    egressEnforced: layers.includes('kubernetes') || layers.includes('cilium') || layers.includes('calico'),
    // Plain NetworkPolicy and open-source Calico have no L7 layer: requests are judged as their connection.
    l7: layers.some((l) => l !== 'kubernetes' && l !== 'calico'),
    mesh: layers.includes('istio') || layers.includes('linkerd'),
    // Only Cilium names entities and DNS names: elsewhere a peer's stated fallback is what is enforced.
    entities: layers.includes('cilium'),
    dnsNames: layers.includes('cilium'),
    // Plain NetworkPolicy alone accepts Widening.IDENTITY_TO_LABELS: pods peers are matched by labels.
    peerServiceAccounts: !(layers.includes('kubernetes') && !layers.includes('istio') && !layers.includes('linkerd')),
    // A mesh-only profile accepts Widening.LABELS_TO_IDENTITY: sources are matched by identity.
    peerLabelsWithIdentity: layers.includes('kubernetes') || layers.includes('cilium') || layers.includes('calico'),
  };
}

/** One flow on which the emitted output and the intent disagree. */
export interface Mismatch {
  readonly flow: string;
  readonly intent: boolean;
  readonly output: boolean;
  readonly explanation: string;
}

/** The outcome of comparing one topology in its profile. */
export interface Comparison {
  /** Set when synth refused the topology with documented diagnostics. */
  readonly refused?: readonly string[];
  readonly flows: number;
  readonly mismatches: readonly Mismatch[];
}

/** Compiles a spec through the public API. */
export function compileSpec(spec: TopologySpec): CompiledTopology {
  return buildTopology(new App(), spec)._compile();
}

/** The verifier's profile layers for a plan: its target names, without `gateway-api` and `ingress` (which enforce nothing). */
export function layersOf(compiled: CompiledTopology): string[] {
  return compiled.plans[0].parts.map((p) => p.target.name).filter((n) => n !== 'gateway-api' && n !== 'ingress');
}

/**
 * The cluster a compiled profile is judged on: the emitted objects' cluster first (the waypoint
 * pods Istio deploys for the emitted Gateways, with their real labels), merged with the model's
 * (`clusterFromIr`), plus the decoys (`withDecoys`).
 */
export function clusterOf(compiled: CompiledTopology): { cluster: ClusterInfo; verifier: Verifier } {
  const loaded = loadManifests(compiled.manifests[compiled.plans[0].profile] as unknown as readonly KubeObject[]);
  const cluster = linkerdDataplanes(
    compiled,
    withDecoys(compiled.ir as IrTopology, mergeClusters(loaded.cluster, clusterFromIr(compiled.plans[0]))),
  );
  return {
    cluster,
    verifier: new Verifier(loaded.policies, cluster, layersOf(compiled), verifyOptionsFor(compiled.ir as IrTopology)),
  };
}

/**
 * Under a Linkerd profile every pod of a zone carries the annotations the zone's pods were asked
 * for (ZT262: the decoys too, as the tiers' pods do), and a pod is in the mesh when Linkerd
 * injects it (its own or its namespace's `linkerd.io/inject` annotation): the intent side reads
 * the same fact from the pod's data plane.
 */
export function linkerdDataplanes(compiled: CompiledTopology, cluster: ClusterInfo): ClusterInfo {
  if (!layersOf(compiled).includes('linkerd')) return cluster;
  const zones = (compiled.plans[0].clusterIr as IrTopology).zones.filter(
    (z) => Object.keys(z.podAnnotations ?? {}).length > 0,
  );
  const zonePods = (p: PodInfo) =>
    zones.filter(
      (z) => z.namespace === p.namespace && Object.entries(z.podSelector).every(([k, v]) => p.labels[k] === v),
    );
  const pods = cluster.pods.map((p) => {
    const asked = Object.assign({}, ...zonePods(p).map((z) => z.podAnnotations));
    return Object.keys(asked).length > 0 && p.name.startsWith('decoy-')
      ? { ...p, annotations: { ...asked, ...p.annotations } }
      : p;
  });
  const annotated = { ...cluster, pods };
  return {
    ...annotated,
    pods: pods.map((p) => ({ ...p, dataplane: linkerdMeshed(p, annotated) ? 'sidecar' : 'none' })),
  };
}

/**
 * Compares, for every sampled flow, the intent (`explainIntent` on the model's IR) with the
 * verifier's verdict on the emitted manifests. Throws when synth reports a diagnostic that is
 * not a documented refusal.
 */
export function compare(spec: TopologySpec): Comparison {
  const compiled = compileSpec(spec);
  if (compiled.diagnostics.length > 0) {
    const unexpected = compiled.diagnostics.filter((d) => !DOCUMENTED_REFUSALS.test(d.code));
    if (unexpected.length > 0)
      throw new Error(
        `synth failed with undocumented diagnostics:\n${unexpected.map((d) => `${d.code} ${d.path}: ${d.message}`).join('\n')}`,
      );
    return { refused: compiled.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`), flows: 0, mismatches: [] };
  }
  const ir = compiled.ir as IrTopology;
  const options = intentOptionsFor(layersOf(compiled));
  const { cluster, verifier } = clusterOf(compiled);
  const flows = sampleFlows(ir, cluster, spec.requests, options.l7 !== false, spec.podAddressed === true);
  const mismatches: Mismatch[] = [];
  for (const flow of flows) {
    const judged: Flow = options.l7 === false && flow.request ? { ...flow, request: undefined } : flow;
    const intent = explainIntent(ir, judged, cluster, options);
    const verdict = verifier.evaluate(judged);
    if (intent.allowed !== verdict.allowed) {
      mismatches.push({
        flow: flowText(judged),
        intent: intent.allowed,
        output: verdict.allowed,
        explanation: `intent: ${intent.reasons.join('; ')}\noutput:\n${formatVerdict(verdict)}`,
      });
    }
  }
  return { flows: flows.length, mismatches };
}

/** A failure message for mismatches: the first few, with the rules of the model. */
export function mismatchReport(spec: TopologySpec, c: Comparison): string {
  const ir = compileSpec(spec).ir as IrTopology;
  const shown = c.mismatches
    .slice(0, 5)
    .map(
      (m) =>
        `${m.output ? 'WIDER' : 'MISSING'}: ${m.flow} (intent ${m.intent ? 'allow' : 'deny'}, output ${m.output ? 'allow' : 'deny'})\n${m.explanation}`,
    );
  return `${c.mismatches.length} of ${c.flows} flows differ in profile ${spec.profile}\nrules:\n${rulesText(ir.rules)}\n\n${shown.join('\n\n')}`;
}
