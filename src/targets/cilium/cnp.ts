import { IrEntity, IrLabels, IrProtocol } from '../../ir/types';
import { sortedLabels } from '../../validation/sorted-keys';
import { Manifest } from '../target';

/** One `matchExpressions` requirement of an endpoint selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/**
 * A Cilium endpoint selector (a Kubernetes label selector over Cilium labels). `{}` selects every
 * endpoint in scope: the policy's namespace, unless the selector names
 * `k8s:io.kubernetes.pod.namespace` itself.
 */
export interface EndpointSelector {
  readonly matchLabels?: IrLabels;
  readonly matchExpressions?: readonly LabelRequirement[];
}

/** A CIDR prefix minus the `except` prefixes inside it. */
export interface CidrRule {
  readonly cidr: string;
  readonly except?: readonly string[];
}

/** A DNS name (`matchName`) or wildcard pattern (`matchPattern`), for `toFQDNs` and `rules.dns`. */
export type FqdnSelector = { readonly matchName: string } | { readonly matchPattern: string };

/** An L4 port: a number (`"8080"`), a name, or `"0"` for every port of the protocol; `endPort` makes a range. */
export interface PortProtocol {
  readonly port: string;
  readonly endPort?: number;
  readonly protocol: IrProtocol;
}

/** An exact header value condition. */
export interface HeaderMatch {
  readonly name: string;
  readonly value: string;
}

/**
 * One allowed HTTP request shape. `method` and `path` are RE2 regular expressions matched against
 * the whole method and path; `headers` lists names that must be present; `headerMatches` exact values.
 * There is no `action` field: HTTP rules only allow.
 */
export interface PortRuleHttp {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: readonly string[];
  readonly headerMatches?: readonly HeaderMatch[];
  readonly host?: string;
}

/** One Kafka ACL (removed from the CRD in Cilium 1.20). */
export interface PortRuleKafka {
  readonly role: 'produce' | 'consume';
  readonly topic: string;
  readonly clientID?: string;
}

/** L7 rules of one port rule: exactly one protocol. */
export type L7Rules =
  | { readonly http: readonly PortRuleHttp[] }
  | { readonly kafka: readonly PortRuleKafka[] }
  | { readonly dns: readonly FqdnSelector[] };

/** Ports plus the L7 rules every request on them must satisfy. */
export interface PortRule {
  readonly ports: readonly PortProtocol[];
  readonly rules?: L7Rules;
}

/** An ingress allow: one source kind (at most one `from*` field) and optional ports. */
export interface IngressRule {
  readonly fromEndpoints?: readonly EndpointSelector[];
  readonly fromCIDRSet?: readonly CidrRule[];
  readonly fromEntities?: readonly IrEntity[];
  readonly toPorts?: readonly PortRule[];
}

/** An egress allow: one destination kind (at most one `to*` field) and optional ports. */
export interface EgressRule {
  readonly toEndpoints?: readonly EndpointSelector[];
  readonly toCIDR?: readonly string[];
  readonly toCIDRSet?: readonly CidrRule[];
  readonly toEntities?: readonly IrEntity[];
  readonly toFQDNs?: readonly FqdnSelector[];
  readonly toPorts?: readonly PortRule[];
}

/**
 * The spec of a CiliumNetworkPolicy. A present direction puts the selected endpoints into default
 * deny for it; `[{}]` is the deny-all form (an empty list fails the agent's validation).
 */
export interface CiliumNetworkPolicySpec {
  readonly endpointSelector: EndpointSelector;
  readonly ingress?: readonly IngressRule[];
  readonly egress?: readonly EgressRule[];
}

/** A `cilium.io/v2` CiliumNetworkPolicy manifest. */
export interface CiliumNetworkPolicyManifest extends Manifest {
  readonly apiVersion: 'cilium.io/v2';
  readonly kind: 'CiliumNetworkPolicy';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: IrLabels;
  };
  readonly spec: CiliumNetworkPolicySpec;
}

/** Builds a CiliumNetworkPolicy manifest with the given name, namespace, labels and spec. */
export function ciliumNetworkPolicy(
  name: string,
  namespace: string,
  labels: IrLabels,
  spec: CiliumNetworkPolicySpec,
): CiliumNetworkPolicyManifest {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name, namespace, labels: sortedLabels(labels) },
    spec,
  };
}
