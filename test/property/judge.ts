import { App } from 'cdk8s';
import { IrTopology } from '../../src/ir/types';
import { CompiledTopology } from '../../src/model/topology';
import { Topology } from '../../src';
import '../../src/verify/istio';
import {
  ClusterInfo,
  Flow,
  FlowAddressing,
  FlowEndpoint,
  FlowProtocol,
  formatVerdict,
  HttpRequest,
  KubeObject,
  loadManifests,
  mergeClusters,
  PodInfo,
  Verifier,
} from '../../src/verify';
import { explainIntent } from '../../src/testing/intent/intent';
import { clusterFromIr } from '../../src/testing/intent/world';
import { intentOptionsFor, layersOf, verifyOptionsFor } from './compare';

/** Both verdicts on one flow. */
export interface Verdicts {
  readonly intent: boolean;
  readonly output: boolean;
  /** Both explanations, for failure messages. */
  readonly why: string;
}

/** An explicit topology, compiled and ready to be judged on flows. */
export interface Judge {
  readonly compiled: CompiledTopology;
  /** Diagnostic codes of synth (empty when it succeeded). */
  readonly codes: readonly string[];
  /** The pod of the cluster whose namespace and name are `ns/name`; throws when absent. */
  pod(ref: string): PodInfo;
  /** The intent's and the output's verdict on a flow `from -> to` on `port` (`8080/TCP`). */
  judge(from: string, to: string, port: string, request?: HttpRequest, addressing?: FlowAddressing): Verdicts;
}

/**
 * Compiles a one-profile topology built by `build` and judges flows on the cluster it describes
 * (the emitted objects' cluster merged with the model's, plus `extraPods`). Endpoints are
 * `ns/name` pods, `ip:<address>` or `fqdn:<name>`.
 */
export function judgeTopology(build: (app: App) => Topology, extraPods: readonly PodInfo[] = []): Judge {
  const compiled = build(new App())._compile();
  const codes = compiled.diagnostics.map((d) => d.code);
  let cluster: ClusterInfo | undefined;
  let verifier: Verifier | undefined;
  if (codes.length === 0) {
    const loaded = loadManifests(compiled.manifests[compiled.plans[0].profile] as unknown as readonly KubeObject[]);
    cluster = mergeClusters(loaded.cluster, clusterFromIr(compiled.plans[0]), {
      namespaces: [],
      pods: [...extraPods],
      services: [],
    });
    verifier = new Verifier(loaded.policies, cluster, layersOf(compiled), verifyOptionsFor(compiled.ir as IrTopology));
  }
  const pod = (ref: string): PodInfo => {
    const found = cluster?.pods.find((p) => `${p.namespace}/${p.name}` === ref);
    if (!found)
      throw new Error(
        `no pod ${ref} in ${cluster?.pods.map((p) => `${p.namespace}/${p.name}`).join(', ') ?? 'a refused topology'}`,
      );
    return found;
  };
  const endpoint = (ref: string): FlowEndpoint =>
    ref.startsWith('ip:')
      ? { kind: 'ip', ip: ref.slice(3) }
      : ref.startsWith('fqdn:')
        ? { kind: 'fqdn', name: ref.slice(5) }
        : { kind: 'pod', pod: pod(ref) };
  return {
    compiled,
    codes,
    pod,
    judge: (from, to, port, request, addressing) => {
      if (!cluster || !verifier) throw new Error(`synth refused the topology: ${codes.join(', ')}`);
      const [n, protocol] = port.split('/');
      const flow: Flow = {
        source: endpoint(from),
        destination: endpoint(to),
        port: Number(n),
        protocol: (protocol ?? 'TCP') as FlowProtocol,
        ...(request ? { request } : {}),
        ...(addressing ? { addressing } : {}),
      };
      const intent = explainIntent(compiled.ir as IrTopology, flow, cluster, intentOptionsFor(layersOf(compiled)));
      const verdict = verifier.evaluate(flow);
      return {
        intent: intent.allowed,
        output: verdict.allowed,
        why: `intent: ${intent.reasons.join('; ')}\noutput: ${formatVerdict(verdict)}`,
      };
    },
  };
}

/** A pod outside the model, for flows from pods no peer names exactly. */
export function extraPod(
  namespace: string,
  name: string,
  labels: { [key: string]: string },
  serviceAccount: string,
  dataplane: PodInfo['dataplane'] = 'none',
): PodInfo {
  return { namespace, name, labels, serviceAccount, containerPorts: [], dataplane };
}
