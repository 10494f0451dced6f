import { App } from 'cdk8s';
import {
  Guardrail,
  GuardrailAction,
  GuardrailDirection,
  GuardrailPeer,
  GuardrailProps,
  GuardrailSubject,
  GuardrailTier,
  NetworkPolicyApiVersion,
  MeshMode,
  Port,
  Profile,
  Tier,
  Topology,
  WarningMode,
  Widening,
  Zone,
} from '../../src';
import { find, synthDocs, synthError } from '../util/synth';

const DENY_METADATA: GuardrailProps = {
  action: GuardrailAction.DENY,
  priority: 10,
  direction: GuardrailDirection.EGRESS,
  subject: GuardrailSubject.allNamespaces(),
  peers: [GuardrailPeer.cidr('169.254.169.254/32')],
};

function platform(app: App, profiles: Profile[], extra: object = {}): Topology {
  return new Topology(app, 'platform', { profiles, warnings: WarningMode.SILENT, ...extra });
}

describe('guardrail literals are checked where they are written', () => {
  const t = () => platform(new App(), [Profile.kubernetesGuardrails()]);
  test.each([
    [
      'a priority above 1000',
      () => new Guardrail(t(), 'g', { ...DENY_METADATA, priority: 1001 }),
      /ZT170: priority 1001 is out of range/,
    ],
    ['a fractional priority', () => new Guardrail(t(), 'g', { ...DENY_METADATA, priority: 1.5 }), /ZT170/],
    [
      'no peers',
      () => new Guardrail(t(), 'g', { ...DENY_METADATA, peers: [] }),
      /ZT170: a guardrail needs at least one peer/,
    ],
    [
      'a network as a source',
      () => new Guardrail(t(), 'g', { ...DENY_METADATA, direction: GuardrailDirection.INGRESS }),
      /ZT170: network 169.254.169.254\/32 as a source/,
    ],
    [
      'a named port',
      () => new Guardrail(t(), 'g', { ...DENY_METADATA, ports: [Port.named('metrics')] }),
      /ZT170: named port 'metrics'/,
    ],
    [
      'an unknown action (plain JavaScript)',
      () => new Guardrail(t(), 'g', { ...DENY_METADATA, action: 'ALLOW_ALL' as GuardrailAction }),
      /ZT170: action 'ALLOW_ALL'/,
    ],
    ['an invalid name', () => new Guardrail(t(), 'g', { ...DENY_METADATA, name: 'No_Metadata' }), /ZT102/],
    ['a CIDR with host bits', () => GuardrailPeer.cidr('169.254.169.254/16'), /ZT103/],
    ['empty namespace labels', () => GuardrailSubject.namespaces({}), /ZT170: .*allNamespaces/],
    ['empty pod labels', () => GuardrailPeer.pods({ podLabels: {} }), /ZT170/],
    ['a bad label', () => GuardrailPeer.namespaces({ 'zone!': 'pci' }), /ZT101/],
    [
      'an unknown networkPolicyApi version',
      () => Profile.kubernetesGuardrails({ networkPolicyApi: 'v2' as NetworkPolicyApiVersion }),
      /ZT126/,
    ],
  ])('throws for %s', (_name, fn, re) => {
    expect(fn).toThrow(re);
  });
});

describe('guardrails across constructs are checked at synth', () => {
  test('refuses two guardrails of one tier with one priority', () => {
    const msg = synthError((app) => {
      const p = platform(app, [Profile.kubernetesGuardrails()]);
      new Guardrail(p, 'a', DENY_METADATA);
      new Guardrail(p, 'b', { ...DENY_METADATA, peers: [GuardrailPeer.cidr('10.0.0.0/8')] });
    });
    expect(msg).toMatch(/\[platform\/b\] ZT171: guardrail has priority 10, as 'platform\/a'|platform\/b.*ZT171/);
  });

  test('accepts one priority in the admin and the baseline tier', () => {
    const docs = synthDocs((app) => {
      const p = platform(app, [Profile.kubernetesGuardrails()]);
      new Guardrail(p, 'a', DENY_METADATA);
      new Guardrail(p, 'b', { ...DENY_METADATA, tier: GuardrailTier.BASELINE });
    })['platform-kubernetes-network-policy-api.k8s.yaml'];
    expect(find(docs, 'ClusterNetworkPolicy', 'b').spec.tier).toBe('Baseline');
  });

  test('refuses guardrails on plain NetworkPolicy, with the reason and the fix', () => {
    const msg = synthError((app) => new Guardrail(platform(app, [Profile.kubernetes()]), 'a', DENY_METADATA));
    expect(msg).toMatch(
      /ZT172: profile 'kubernetes' has no target that enforces guardrails .*NetworkPolicy has no deny, no priorities.*Profile.kubernetesGuardrails/,
    );
  });

  test('refuses the network-policy-api beside Cilium, which does not implement it', () => {
    const msg = synthError(
      (app) => new Guardrail(platform(app, [Profile.of(['cilium', 'network-policy-api'])]), 'a', DENY_METADATA),
    );
    expect(msg).toMatch(/ZT391: .*cilium\/cilium #23380/);
  });

  test('refuses a baseline deny on Cilium', () => {
    const msg = synthError(
      (app) =>
        new Guardrail(platform(app, [Profile.cilium()]), 'a', { ...DENY_METADATA, tier: GuardrailTier.BASELINE }),
    );
    expect(msg).toMatch(/ZT307: a baseline deny/);
  });

  test('refuses what BaselineAdminNetworkPolicy v1alpha1 cannot hold: a pass, two subjects', () => {
    const msg = synthError((app) => {
      const p = platform(app, [Profile.kubernetesGuardrails({ networkPolicyApi: NetworkPolicyApiVersion.V1ALPHA1 })]);
      new Guardrail(p, 'a', { ...DENY_METADATA, tier: GuardrailTier.BASELINE, action: GuardrailAction.PASS });
      new Guardrail(p, 'b', {
        ...DENY_METADATA,
        tier: GuardrailTier.BASELINE,
        priority: 11,
        subject: GuardrailSubject.namespaces({ zone: 'pci' }),
      });
    });
    expect(msg).toMatch(/ZT392: a baseline pass/);
    expect(msg).toMatch(/ZT392: baseline guardrail selects other pods than 'platform\/a'/);
  });

  test('refuses two guardrails with one object name', () => {
    const msg = synthError((app) => {
      const p = platform(app, [Profile.kubernetesGuardrails()]);
      new Guardrail(p, 'a', { ...DENY_METADATA, name: 'same' });
      new Guardrail(p, 'b', { ...DENY_METADATA, priority: 11, name: 'same' });
    });
    expect(msg).toMatch(/ZT170: guardrail name 'same' is taken by 'platform\/a'/);
  });

  test('refuses a network-policy-api-only profile for a topology with zones', () => {
    const msg = synthError((app) => {
      const p = platform(app, [Profile.of(['network-policy-api'])]);
      new Tier(new Zone(p, 'prod'), 'web', { selector: { app: 'web' } });
      new Guardrail(p, 'a', DENY_METADATA);
    });
    expect(msg).toMatch(/ZT126: profile 'network-policy-api' has no enforcing target/);
  });
});

describe('guardrails in a topology of their own', () => {
  test('emits only the cluster-wide objects, for the network-policy-api alone', () => {
    const files = synthDocs(
      (app) =>
        new Guardrail(
          platform(app, [Profile.of(['network-policy-api'], { name: 'cluster' })]),
          'no-metadata',
          DENY_METADATA,
        ),
    );
    const docs = files['platform-cluster.k8s.yaml'];
    expect(docs.map((d) => d.kind)).toEqual(['ClusterNetworkPolicy']);
    expect(docs[0].spec).toEqual({
      tier: 'Admin',
      priority: 10,
      subject: { namespaces: {} },
      egress: [{ name: 'no-metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }],
    });
  });

  test('emits a CiliumClusterwideNetworkPolicy that never isolates a pod', () => {
    const docs = synthDocs((app) => new Guardrail(platform(app, [Profile.cilium()]), 'no-metadata', DENY_METADATA))[
      'platform-cilium.k8s.yaml'
    ];
    expect(find(docs, 'CiliumClusterwideNetworkPolicy', 'no-metadata').spec).toEqual({
      endpointSelector: {},
      egressDeny: [{ toCIDRSet: [{ cidr: '169.254.169.254/32' }] }],
      enableDefaultDeny: { ingress: false, egress: false },
    });
  });
});

test('a guardrail outside a topology is reported', () => {
  const msg = synthError(
    (app) =>
      new Guardrail(new Topology(app, 'apps', { profiles: [Profile.kubernetes()] }).node.scope!, 'g', DENY_METADATA),
  );
  expect(msg).toMatch(/ZT120: Guardrail is not inside a Topology/);
});

describe('guardrails in the mesh', () => {
  const mesh = (app: any, profiles: Profile[]) => {
    const t = new Topology(app, 'shop', { profiles, mesh: MeshMode.SIDECAR, warnings: WarningMode.SILENT });
    new Tier(new Zone(t, 'prod', { manageNamespace: true }), 'web', {
      selector: { app: 'web' },
      serviceAccount: 'web',
      ports: [Port.tcp(8080)],
    });
    return t;
  };
  const NO_SANDBOX: GuardrailProps = {
    action: GuardrailAction.DENY,
    priority: 5,
    direction: GuardrailDirection.INGRESS,
    subject: GuardrailSubject.allNamespaces(),
    peers: [GuardrailPeer.namespaces({ 'kubernetes.io/metadata.name': 'sandbox' })],
    ports: [Port.tcp(8080)],
  };

  test('writes an ingress deny by namespace as a DENY policy in the mesh root namespace', () => {
    const docs = synthDocs(
      (app) =>
        new Guardrail(
          mesh(app, [Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] })]),
          'no-sandbox',
          NO_SANDBOX,
        ),
    )['shop-istio.k8s.yaml'];
    expect(find(docs, 'AuthorizationPolicy', 'no-sandbox', 'istio-system').spec).toEqual({
      action: 'DENY',
      rules: [{ from: [{ source: { namespaces: ['sandbox'] } }], to: [{ operation: { ports: ['8080'] } }] }],
    });
  });

  test('leaves denies to the CNI when the profile has one that enforces guardrails', () => {
    const docs = synthDocs((app) => new Guardrail(mesh(app, [Profile.ciliumIstio()]), 'no-sandbox', NO_SANDBOX))[
      'shop-cilium-istio.k8s.yaml'
    ];
    expect(docs.filter((d) => d.metadata.name === 'no-sandbox').map((d) => d.kind)).toEqual([
      'CiliumClusterwideNetworkPolicy',
    ]);
  });

  test('refuses an allow guardrail: no ALLOW in the root namespace as a side effect', () => {
    const msg = synthError(
      (app) =>
        new Guardrail(mesh(app, [Profile.ciliumIstio()]), 'sre', { ...NO_SANDBOX, action: GuardrailAction.ALLOW }),
    );
    expect(msg).toMatch(
      /ZT322: an allow guardrail: .*ALLOW in the mesh root namespace would put every workload into default deny/,
    );
  });

  test('refuses, in a mesh-only profile, what the mesh cannot express', () => {
    const msg = synthError((app) => {
      const t = mesh(app, [Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] })]);
      new Guardrail(t, 'metadata', DENY_METADATA);
      new Guardrail(t, 'pci', { ...NO_SANDBOX, priority: 6, peers: [GuardrailPeer.namespaces({ zone: 'pci' })] });
    });
    expect(msg).toMatch(/ZT323: an egress guardrail/);
    expect(msg).toMatch(/ZT323: a peer the mesh cannot name/);
  });
});

describe('node and DNS-name peers', () => {
  const NODES = GuardrailPeer.nodes({ 'node-role.kubernetes.io/control-plane': '' });
  const NAMES = GuardrailPeer.domains(['*.example.com', 'api.example.com', 'API.example.com']);

  test('the factories check their input at once', () => {
    expect(() => GuardrailPeer.nodes({ 'bad key!': 'x' })).toThrow(/ZT101/);
    expect(() => GuardrailPeer.nodes(null as unknown as { [key: string]: string })).toThrow(
      /ZT173: GuardrailPeer.nodes\(\) takes a map of node labels/,
    );
    expect(() => GuardrailPeer.domains([])).toThrow(/ZT173: GuardrailPeer.domains\(\) needs at least one DNS name/);
    expect(() => GuardrailPeer.domains([42 as unknown as string])).toThrow(/ZT173: .*42 is not a DNS name/);
    expect(() => GuardrailPeer.domains(['*'])).toThrow(/ZT109: FQDN pattern '\*' matches every name/);
    expect(() => GuardrailPeer.domains(['*.com'])).toThrow(/wildcard in its last two labels/);
    expect(() => GuardrailPeer.domains(['**.example.com'])).toThrow(/ZT173: .*'\*\.example\.com'/);
  });

  test('names are normalized, deduplicated and sorted; nodes by labels', () => {
    expect(NAMES._peer).toEqual({
      kind: 'domains',
      names: [
        { kind: 'wildcard', value: '*.example.com' },
        { kind: 'exact', value: 'api.example.com' },
      ],
    });
    expect(NAMES.description).toBe('DNS names *.example.com, api.example.com');
    expect(NODES._peer).toEqual({ kind: 'nodes', nodeLabels: { 'node-role.kubernetes.io/control-plane': '' } });
    expect(GuardrailPeer.nodes({}).description).toBe('every node');
  });

  test.each([
    ['nodes', NODES, /ZT173: nodes .* as a source: node and DNS-name peers are destinations only/],
    ['DNS names', NAMES, /ZT173: DNS names .* as a source/],
  ])('refuses %s as a source', (_name, peer, re) => {
    const t = platform(new App(), [Profile.kubernetesGuardrails()]);
    expect(
      () =>
        new Guardrail(t, 'g', {
          ...DENY_METADATA,
          direction: GuardrailDirection.INGRESS,
          peers: [peer],
        }),
    ).toThrow(re);
  });

  test.each([
    ['v1alpha2', NetworkPolicyApiVersion.V1ALPHA2, /ClusterNetworkPolicy \(v0.2.0\) CRD has no 'domainNames' peer/],
    ['v1alpha1', NetworkPolicyApiVersion.V1ALPHA1, /AdminNetworkPolicy has none in any channel/],
  ])('the network-policy-api %s refuses both, with the reason', (_v, version, domainsRe) => {
    const msg = synthError((app) => {
      const p = platform(app, [Profile.kubernetesGuardrails({ networkPolicyApi: version })]);
      new Guardrail(p, 'kubelet', { ...DENY_METADATA, peers: [NODES] });
      new Guardrail(p, 'names', { ...DENY_METADATA, priority: 11, peers: [NAMES] });
    });
    expect(msg).toMatch(/\[platform\/kubelet\] ZT393: a node peer: the standard-channel .* no 'nodes' peer/);
    expect(msg).toMatch(/\[platform\/names\] ZT394: a DNS-name peer/);
    expect(msg).toMatch(domainsRe);
  });

  test('Calico refuses both rather than guess', () => {
    const msg = synthError((app) => {
      const p = platform(app, [Profile.calico()]);
      new Guardrail(p, 'kubelet', { ...DENY_METADATA, peers: [NODES] });
      new Guardrail(p, 'names', { ...DENY_METADATA, priority: 11, peers: [NAMES] });
    });
    expect(msg).toMatch(/\[platform\/kubelet\] ZT360: /);
    expect(msg).toMatch(/\[platform\/names\] ZT360: /);
  });

  test('Cilium refuses both; a deny of names for want of toFQDNs in egressDeny', () => {
    const msg = synthError((app) => {
      const p = platform(app, [Profile.cilium()]);
      new Guardrail(p, 'kubelet', { ...DENY_METADATA, peers: [NODES] });
      new Guardrail(p, 'names', { ...DENY_METADATA, priority: 11, peers: [NAMES] });
      new Guardrail(p, 'allow-names', {
        ...DENY_METADATA,
        action: GuardrailAction.ALLOW,
        priority: 12,
        peers: [NAMES, GuardrailPeer.cidr('10.0.0.0/8')],
      });
    });
    expect(msg).toMatch(/\[platform\/kubelet\] ZT308: a node peer/);
    expect(msg).toMatch(/\[platform\/names\] ZT309: a deny of DNS names: Cilium does not allow toFQDNs in egressDeny/);
    expect(msg).toMatch(/\[platform\/allow-names\] ZT309: a DNS-name peer: Cilium has no priorities/);
  });

  test('the mesh refuses them as it refuses every egress guardrail', () => {
    const msg = synthError((app) => {
      const t = new Topology(app, 'shop', {
        profiles: [Profile.istio({ accept: [Widening.EGRESS_UNENFORCED, Widening.NON_TCP_UNENFORCED] })],
        mesh: MeshMode.SIDECAR,
        warnings: WarningMode.SILENT,
      });
      new Guardrail(t, 'names', { ...DENY_METADATA, peers: [NAMES, NODES] });
    });
    expect(msg).toMatch(/ZT323: an egress guardrail/);
  });
});
