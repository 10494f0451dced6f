import { defaultSchemaValidator } from '../../../src/validation/schema';
import { fixture, type Manifest } from './fixtures';

const validator = defaultSchemaValidator();

interface NegativeCase {
  /** Reads as "cannot accept <what>". */
  readonly what: string;
  /** The valid fixture to start from (kind, name). */
  readonly base: readonly [string, string];
  /** Breaks the document. */
  readonly breakIt: (doc: Manifest) => void;
  /** The path of the expected violation. */
  readonly path: string;
  /** A fragment of its message. */
  readonly message: string;
}

const NP = ['NetworkPolicy', 'api-ingress'] as const;
const NP_EGRESS = ['NetworkPolicy', 'api-egress'] as const;
const CNP_IN = ['CiliumNetworkPolicy', 'api-ingress'] as const;
const CNP_OUT = ['CiliumNetworkPolicy', 'api-egress'] as const;

const CASES: readonly NegativeCase[] = [
  // unknown fields, types, enums
  {
    what: 'an unknown top-level field',
    base: NP,
    breakIt: (d) => (d.extra = 1),
    path: 'extra',
    message: 'unknown field "extra"',
  },
  {
    what: 'an unknown field in spec',
    base: NP,
    breakIt: (d) => (d.spec.podSelectors = {}),
    path: 'spec.podSelectors',
    message: 'unknown field "podSelectors"',
  },
  {
    what: 'an unknown nested field',
    base: NP,
    breakIt: (d) => (d.spec.ingress[0].ports[0].portName = 'x'),
    path: 'spec.ingress[0].ports[0].portName',
    message: 'unknown field "portName"',
  },
  {
    what: 'an unknown metadata field',
    base: NP,
    breakIt: (d) => (d.metadata.label = { a: 'b' }),
    path: 'metadata.label',
    message: 'unknown field "label"',
  },
  {
    what: 'a wrong type',
    base: NP,
    breakIt: (d) => (d.spec.policyTypes = 'Ingress'),
    path: 'spec.policyTypes',
    message: 'must be of type array, got string',
  },
  {
    what: 'a number where a CRD wants a string',
    base: CNP_OUT,
    breakIt: (d) => (d.spec.egress[1].toPorts[0].ports[0].port = 443),
    path: 'spec.egress[1].toPorts[0].ports[0].port',
    message: 'must be of type string, got integer',
  },
  {
    what: 'a value outside an enum',
    base: ['PeerAuthentication', 'default'],
    breakIt: (d) => (d.spec.mtls.mode = 'ON'),
    path: 'spec.mtls.mode',
    message: 'unsupported value "ON"',
  },
  {
    what: 'an unknown AuthorizationPolicy action',
    base: ['AuthorizationPolicy', 'api-allow'],
    breakIt: (d) => (d.spec.action = 'REJECT'),
    path: 'spec.action',
    message: 'unsupported value "REJECT"',
  },
  {
    what: 'a negative route weight',
    base: ['HTTPRoute', 'shop-web'],
    breakIt: (d) => (d.spec.rules[0].backendRefs[0].weight = -1),
    path: 'spec.rules[0].backendRefs[0].weight',
    message: 'must be greater than or equal to 0',
  },
  {
    what: 'a ReferenceGrant without from',
    base: ['ReferenceGrant', 'from-shop-routes'],
    breakIt: (d) => delete d.spec.from,
    path: 'spec.from',
    message: 'required field is missing',
  },
  // NetworkPolicy built-in validation
  {
    what: 'port 0',
    base: NP,
    breakIt: (d) => (d.spec.ingress[0].ports[0].port = 0),
    path: 'spec.ingress[0].ports[0].port',
    message: '0 is out of range 1-65535',
  },
  {
    what: 'port 70000',
    base: NP,
    breakIt: (d) => (d.spec.ingress[0].ports[0].port = 70000),
    path: 'spec.ingress[0].ports[0].port',
    message: '70000 is out of range 1-65535',
  },
  {
    what: 'endPort without port',
    base: NP,
    breakIt: (d) => (d.spec.ingress[0].ports[0] = { endPort: 9000 }),
    path: 'spec.ingress[0].ports[0].endPort',
    message: 'may not be specified when port is not specified',
  },
  {
    what: 'a named port with endPort',
    base: NP,
    breakIt: (d) => (d.spec.ingress[0].ports[1].endPort = 9000),
    path: 'spec.ingress[0].ports[1].endPort',
    message: 'may not be specified when port is a named port',
  },
  {
    what: 'endPort below port',
    base: NP_EGRESS,
    breakIt: (d) => (d.spec.egress[1].ports[0].endPort = 6000),
    path: 'spec.egress[1].ports[0].endPort',
    message: '6000 must be greater than or equal to port (7000)',
  },
  {
    what: 'a numeric string as port name',
    base: NP,
    breakIt: (d) => (d.spec.ingress[0].ports[0].port = '8080'),
    path: 'spec.ingress[0].ports[0].port',
    message: 'is not a valid named port',
  },
  {
    what: 'protocol ICMP',
    base: NP,
    breakIt: (d) => (d.spec.ingress[0].ports[0].protocol = 'ICMP'),
    path: 'spec.ingress[0].ports[0].protocol',
    message: 'unsupported value "ICMP"',
  },
  {
    what: 'an except outside its cidr',
    base: NP_EGRESS,
    breakIt: (d) => (d.spec.egress[1].to[0].ipBlock.except = ['192.168.0.0/16']),
    path: 'spec.egress[1].to[0].ipBlock.except[0]',
    message: 'must be a strict subset of cidr "10.0.0.0/8"',
  },
  {
    what: 'an except equal to its cidr',
    base: NP_EGRESS,
    breakIt: (d) => (d.spec.egress[1].to[0].ipBlock.except = ['10.0.0.0/8']),
    path: 'spec.egress[1].to[0].ipBlock.except[0]',
    message: 'must be a strict subset',
  },
  {
    what: 'an IPv4 except in an IPv6 cidr',
    base: NP_EGRESS,
    breakIt: (d) => (d.spec.egress[1].to[1].ipBlock.except = ['10.0.0.0/16']),
    path: 'spec.egress[1].to[1].ipBlock.except[0]',
    message: 'must be a strict subset',
  },
  {
    what: 'host bits beyond the prefix',
    base: NP_EGRESS,
    breakIt: (d) => (d.spec.egress[1].to[0].ipBlock.cidr = '10.0.0.1/8'),
    path: 'spec.egress[1].to[0].ipBlock.cidr',
    message: 'must not have bits set beyond the prefix length (did you mean 10.0.0.0/8?)',
  },
  {
    what: 'an invalid cidr',
    base: NP_EGRESS,
    breakIt: (d) => (d.spec.egress[1].to[0].ipBlock.cidr = '10.0.0.0/33'),
    path: 'spec.egress[1].to[0].ipBlock.cidr',
    message: 'is not a valid CIDR',
  },
  {
    what: 'an empty peer',
    base: NP,
    breakIt: (d) => (d.spec.ingress[0].from = [{}]),
    path: 'spec.ingress[0].from[0]',
    message: 'must specify a peer',
  },
  {
    what: 'ipBlock together with a selector',
    base: NP_EGRESS,
    breakIt: (d) => (d.spec.egress[1].to[0].podSelector = {}),
    path: 'spec.egress[1].to[0]',
    message: 'may not specify both ipBlock and another peer',
  },
  {
    what: 'In without values',
    base: NP_EGRESS,
    breakIt: (d) => (d.spec.podSelector.matchExpressions[0].values = []),
    path: 'spec.podSelector.matchExpressions[0].values',
    message: 'must be specified when operator is In',
  },
  {
    what: 'Exists with values',
    base: NP_EGRESS,
    breakIt: (d) => (d.spec.podSelector.matchExpressions[1].values = ['x']),
    path: 'spec.podSelector.matchExpressions[1].values',
    message: 'may not be specified when operator is DoesNotExist',
  },
  {
    what: 'an unknown selector operator',
    base: NP_EGRESS,
    breakIt: (d) => (d.spec.podSelector.matchExpressions[1].operator = 'Missing'),
    path: 'spec.podSelector.matchExpressions[1].operator',
    message: 'unsupported value "Missing"',
  },
  {
    what: 'a bad selector label value',
    base: NP,
    breakIt: (d) => (d.spec.podSelector.matchLabels.app = 'web app'),
    path: 'spec.podSelector.matchLabels[app]',
    message: 'invalid label value "web app"',
  },
  {
    what: 'a duplicate policyType',
    base: NP,
    breakIt: (d) => (d.spec.policyTypes = ['Ingress', 'Ingress']),
    path: 'spec.policyTypes[1]',
    message: 'duplicate value "Ingress"',
  },
  {
    what: 'an unknown policyType',
    base: NP,
    breakIt: (d) => (d.spec.policyTypes = ['Both']),
    path: 'spec.policyTypes[0]',
    message: 'unsupported value "Both"',
  },
  // metadata
  {
    what: 'a bad label key',
    base: NP,
    breakIt: (d) => (d.metadata.labels['-bad/key'] = 'x'),
    path: 'metadata.labels[-bad/key]',
    message: 'invalid label key "-bad/key"',
  },
  {
    what: 'a bad label value',
    base: NP,
    breakIt: (d) => (d.metadata.labels.tier = 'not ok!'),
    path: 'metadata.labels[tier]',
    message: 'invalid label value "not ok!"',
  },
  {
    what: 'a too long label value',
    base: NP,
    breakIt: (d) => (d.metadata.labels.tier = 'a'.repeat(64)),
    path: 'metadata.labels[tier]',
    message: 'must be no more than 63 characters',
  },
  {
    what: 'a bad annotation key',
    base: NP,
    breakIt: (d) => (d.metadata.annotations['a b'] = 'x'),
    path: 'metadata.annotations[a b]',
    message: 'invalid annotation key "a b"',
  },
  {
    what: 'a bad name',
    base: NP,
    breakIt: (d) => (d.metadata.name = 'API_Ingress'),
    path: 'metadata.name',
    message: 'must be an RFC 1123 subdomain',
  },
  {
    what: 'a missing name',
    base: NP,
    breakIt: (d) => delete d.metadata.name,
    path: 'metadata.name',
    message: 'required field is missing',
  },
  {
    what: 'a bad namespace',
    base: NP,
    breakIt: (d) => (d.metadata.namespace = 'shop.prod'),
    path: 'metadata.namespace',
    message: 'must be an RFC 1123 label',
  },
  {
    what: 'a Namespace name that is not an RFC 1123 label',
    base: ['Namespace', 'shop'],
    breakIt: (d) => (d.metadata.name = 'shop.prod'),
    path: 'metadata.name',
    message: 'must be an RFC 1123 label',
  },
  {
    what: 'a Namespace status field other than phase and conditions',
    base: ['Namespace', 'shop'],
    breakIt: (d) => (d.status = { phase: 'Active', colour: 'blue' }),
    path: 'status.colour',
    message: 'unknown field "colour"',
  },
  {
    what: 'a Namespace spec field other than finalizers',
    base: ['Namespace', 'shop'],
    breakIt: (d) => (d.spec.quota = 1),
    path: 'spec.quota',
    message: 'unknown field "quota"',
  },
  {
    what: 'a namespace on a cluster-scoped kind',
    base: ['CiliumClusterwideNetworkPolicy', 'dns-visibility'],
    breakIt: (d) => (d.metadata.namespace = 'shop'),
    path: 'metadata.namespace',
    message: 'must not be set on a cluster-scoped kind',
  },
  // CEL rules
  {
    what: 'an AuthorizationPolicy with both selector and targetRefs',
    base: ['AuthorizationPolicy', 'api-l7'],
    breakIt: (d) => (d.spec.selector = { matchLabels: { app: 'api' } }),
    path: 'spec',
    message: 'CEL rule failed: only one of targetRefs or selector can be set',
  },
  {
    what: 'a targetRef with a namespace',
    base: ['AuthorizationPolicy', 'api-l7'],
    breakIt: (d) => (d.spec.targetRefs[0].namespace = 'other'),
    path: 'spec.targetRefs[0].namespace',
    message: 'CEL rule failed: cross namespace referencing is not currently supported',
  },
  {
    what: 'a path match not starting with /',
    base: ['HTTPRoute', 'shop-web'],
    breakIt: (d) => (d.spec.rules[0].matches[0].path.value = 'api'),
    path: 'spec.rules[0].matches[0].path',
    message: "CEL rule failed: value must be an absolute path and start with '/'",
  },
  {
    what: 'a path match containing //',
    base: ['HTTPRoute', 'shop-web'],
    breakIt: (d) => (d.spec.rules[0].matches[1].path.value = '/api//v1'),
    path: 'spec.rules[0].matches[1].path',
    message: "CEL rule failed: must not contain '//'",
  },
  {
    what: 'duplicate listener names',
    base: ['Gateway', 'edge'],
    breakIt: (d) => (d.spec.listeners[1].name = 'http'),
    path: 'spec.listeners',
    message: 'CEL rule failed: Listener name must be unique within the Gateway',
  },
  {
    what: 'TLS settings on an HTTP listener',
    base: ['Gateway', 'edge'],
    breakIt: (d) => (d.spec.listeners[0].tls = { certificateRefs: [{ name: 'x' }] }),
    path: 'spec.listeners',
    message: 'CEL rule failed: tls must not be specified for protocols',
  },
  {
    what: 'a Service backend without port',
    base: ['HTTPRoute', 'api-mesh'],
    breakIt: (d) => delete d.spec.rules[0].backendRefs[0].port,
    path: 'spec.rules[0].backendRefs[0]',
    message: 'CEL rule failed: Must have port for Service reference',
  },
  {
    what: 'a backendRequest timeout longer than the request timeout',
    base: ['HTTPRoute', 'api-mesh'],
    breakIt: (d) => (d.spec.rules[0].timeouts.backendRequest = '1m'),
    path: 'spec.rules[0].timeouts',
    message: 'CEL rule failed: backendRequest timeout cannot be longer than request timeout',
  },
  {
    what: 'an invalid gRPC service name',
    base: ['GRPCRoute', 'orders-grpc'],
    breakIt: (d) => (d.spec.rules[0].matches[0].method.service = 'shop orders'),
    path: 'spec.rules[0].matches[0].method',
    message: 'CEL rule failed: service must only contain valid characters',
  },
  {
    what: 'portLevelMtls without selector',
    base: ['PeerAuthentication', 'api-ports'],
    breakIt: (d) => delete d.spec.selector,
    path: 'spec',
    message: 'CEL rule failed: portLevelMtls requires selector',
  },
  {
    what: 'portLevelMtls on port 0',
    base: ['PeerAuthentication', 'api-ports'],
    breakIt: (d) => (d.spec.portLevelMtls['0'] = { mode: 'STRICT' }),
    path: 'spec.portLevelMtls',
    message: 'CEL rule failed: port must be between 1-65535',
  },
  {
    what: 'a selector label key with a wildcard',
    base: ['AuthorizationPolicy', 'api-allow'],
    breakIt: (d) => (d.spec.selector.matchLabels['app*'] = 'x'),
    path: 'spec.selector.matchLabels',
    message: 'CEL rule failed: wildcard not allowed in label key match',
  },
  // Cilium agent checks and Cilium schema
  {
    what: 'toFQDNs together with toEndpoints',
    base: CNP_OUT,
    breakIt: (d) => (d.spec.egress[1].toEndpoints = [{ matchLabels: { app: 'x' } }]),
    path: 'spec.egress[1]',
    message: 'combines toEndpoints and toFQDNs in one rule',
  },
  {
    what: 'toFQDNs together with toCIDR',
    base: CNP_OUT,
    breakIt: (d) => (d.spec.egress[1].toCIDR = ['192.0.2.0/24']),
    path: 'spec.egress[1]',
    message: 'combines toCIDR and toFQDNs in one rule',
  },
  {
    what: 'a CNP with only ingress: []',
    base: CNP_IN,
    breakIt: (d) => (d.spec.ingress = []),
    path: 'spec',
    message: 'must have at least one non-empty ingress, ingressDeny, egress or egressDeny',
  },
  {
    what: 'an L7 http rule with an action field',
    base: CNP_IN,
    breakIt: (d) => (d.spec.ingress[0].toPorts[0].rules.http[0].action = 'deny'),
    path: 'spec.ingress[0].toPorts[0].rules.http[0].action',
    message: 'unknown field "action"',
  },
  {
    what: 'policyAuditMode in a CNP',
    base: CNP_IN,
    breakIt: (d) => (d.spec.policyAuditMode = true),
    path: 'spec.policyAuditMode',
    message: 'unknown field "policyAuditMode"',
  },
  {
    what: 'a port beyond 65535 that the CRD pattern lets through',
    base: CNP_IN,
    breakIt: (d) => (d.spec.ingress[0].toPorts[0].ports[0].port = '70000'),
    path: 'spec.ingress[0].toPorts[0].ports[0].port',
    message: '"70000" is out of range 0-65535',
  },
  {
    what: 'a Cilium endPort below port',
    base: CNP_OUT,
    breakIt: (d) => (d.spec.egress[3].toPorts[0].ports[0].endPort = 6999),
    path: 'spec.egress[3].toPorts[0].ports[0].endPort',
    message: '6999 must be greater than or equal to port (7000)',
  },
  {
    what: 'two L7 protocols on one port rule',
    base: CNP_OUT,
    breakIt: (d) => (d.spec.egress[0].toPorts[0].rules.http = [{ path: '/' }]),
    path: 'spec.egress[0].toPorts[0].rules',
    message: 'Cilium accepts only one L7 protocol per port rule',
  },
  {
    what: 'DNS rules on ingress',
    base: CNP_IN,
    breakIt: (d) => (d.spec.ingress[1].toPorts[0].rules = { dns: [{ matchPattern: '*' }] }),
    path: 'spec.ingress[1].toPorts[0].rules.dns',
    message: 'DNS rules are not allowed on ingress',
  },
  {
    what: 'HTTP rules on a non-TCP port',
    base: CNP_IN,
    breakIt: (d) => (d.spec.ingress[0].toPorts[0].ports[0].protocol = 'UDP'),
    path: 'spec.ingress[0].toPorts[0].ports[0].protocol',
    message: 'L7 rules apply only to TCP',
  },
  {
    what: 'a namespace label in a CNP endpointSelector',
    base: CNP_IN,
    breakIt: (d) => (d.spec.endpointSelector.matchLabels['k8s:io.kubernetes.pod.namespace'] = 'other'),
    path: 'spec.endpointSelector.matchLabels[k8s:io.kubernetes.pod.namespace]',
    message: 'must not select a namespace',
  },
  {
    what: 'a CIDR exception outside its CIDR',
    base: CNP_OUT,
    breakIt: (d) => (d.spec.egress[3].toCIDRSet[0].except = ['192.168.0.0/16']),
    path: 'spec.egress[3].toCIDRSet[0].except[0]',
    message: 'is not inside cidr "10.0.0.0/8"',
  },
  {
    what: 'an invalid toCIDR',
    base: CNP_OUT,
    breakIt: (d) => (d.spec.egress[2].toCIDR = ['192.0.2.300/32']),
    path: 'spec.egress[2].toCIDR[0]',
    message: 'is not a valid cidr',
  },
  {
    what: 'an unknown entity',
    base: CNP_OUT,
    breakIt: (d) => (d.spec.egress[4].toEntities = ['everything']),
    path: 'spec.egress[4].toEntities[0]',
    message: 'unsupported value "everything"',
  },
  {
    what: 'http and dns rules together (CRD oneOf)',
    base: CNP_OUT,
    breakIt: (d) => (d.spec.egress[0].toPorts[0].rules.http = [{ path: '/' }]),
    path: 'spec.egress[0].toPorts[0].rules',
    message: 'must satisfy exactly one of (oneOf), but satisfies 2',
  },
  {
    what: 'a CNP without endpointSelector and nodeSelector',
    base: CNP_IN,
    breakIt: (d) => delete d.spec.endpointSelector,
    path: 'spec',
    message: 'must satisfy exactly one of (oneOf)',
  },
];

describe('negative cases', () => {
  it('can reject at least 25 kinds of broken documents', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES.map((c) => [c.what, c] as const))('cannot accept %s', (_what, c) => {
    // GIVEN a valid document, broken in one place
    const doc = fixture(c.base[0], c.base[1]);
    expect(validator.validate(doc)).toEqual([]);
    c.breakIt(doc);
    // WHEN validated
    const violations = validator.validate(doc);
    // THEN a violation names the broken path and says what is wrong
    expect(violations).toContainEqual(
      expect.objectContaining({ path: c.path, kind: c.base[0], message: expect.stringContaining(`${c.path}: `) }),
    );
    expect(
      violations
        .filter((v) => v.path === c.path)
        .map((v) => v.message)
        .join('\n'),
    ).toContain(c.message);
  });
});
